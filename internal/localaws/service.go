package localaws

// service is one emulated AWS service.
type service interface {
	// resolve names the operation a request calls and the resource it acts
	// on, before any state is touched, so fault rules and the request log
	// can use them. An empty operation means the request is not understood.
	resolve(req *request) (operation, resource string)
	// serve performs the operation with the emulator lock held and buffers
	// the reply in req.
	serve(req *request) error
}

// handlerFunc performs one operation.
type handlerFunc func(req *request) error

// resolveQuery resolves a query-protocol request by its Action parameter
// against a table of handlers.
func resolveQuery(req *request, handlers map[string]handlerFunc, resourceParams ...string) (string, string) {
	action := req.param("Action")
	if _, ok := handlers[action]; !ok {
		return "", ""
	}
	for _, p := range resourceParams {
		if v := req.param(p); v != "" {
			return action, v
		}
	}
	return action, ""
}
