package wire

// Service is one emulated AWS service.
type Service interface {
	// Resolve names the operation a request calls and the resource it acts
	// on, before any state is touched, so fault rules and the request log
	// can use them. An empty operation means the request is not understood.
	Resolve(req *Request) (operation, resource string)
	// Serve performs the operation with the emulator lock held and buffers
	// the reply in req.
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
