package wire

// Service is one emulated AWS service.
type Service interface {
	// Resolve names the operation a request calls and the resource it acts
	// on, before any state is touched, so fault rules and the request log
	// can use them. An empty operation means the request is not understood.
	Resolve(req *Request) (operation, resource string)
	// Serve performs the operation with the emulator lock held and buffers
	// the reply in req.
	//
	// A handler that waits for something another request does (SQS long
	// polling) may release the lock while it waits, through the
	// state.Store it keeps (Unlock, then Lock), and must hold it again
	// before it returns, panics included: the emulator unlocks after
	// Serve. Nothing read from the state before the release may be used
	// after it: other requests ran meanwhile and an admin reset may have
	// replaced the whole state.
	Serve(req *Request) error
}

// ResolveQuery resolves a query-protocol request by its Action parameter
// against a service's table of handlers; the first non-empty parameter of
// resourceParams names the resource.
func ResolveQuery[H any](req *Request, handlers map[string]H, resourceParams ...string) (string, string) {
	action := req.Param("Action")
	if _, ok := handlers[action]; !ok {
		return "", ""
	}
	for _, p := range resourceParams {
		if v := req.Param(p); v != "" {
			return action, v
		}
	}
	return action, ""
}
