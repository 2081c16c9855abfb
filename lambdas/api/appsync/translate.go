package appsync

// Decode is the Request of a field whose input argument is the operation's input: it decodes
// the input into a new I (see Event.Input) and wraps it into the one-key request.
func Decode[R, I any](wrap func(in *I) *R) func(*Event) (*R, error) {
	return func(e *Event) (*R, error) {
		in := new(I)
		if err := e.Input(in); err != nil {
			return nil, err
		}
		return wrap(in), nil
	}
}

// DecodeAsUser is Decode for operations that record who acted: wrap also gets the caller's
// Cognito sub, to set as the input's user.
func DecodeAsUser[R, I any](wrap func(in *I, userID string) *R) func(*Event) (*R, error) {
	return func(e *Event) (*R, error) {
		user, err := e.UserID()
		if err != nil {
			return nil, err
		}
		in := new(I)
		if err := e.Input(in); err != nil {
			return nil, err
		}
		return wrap(in, user), nil
	}
}

// Always is the Request of a field without arguments: always the same request.
func Always[R any](request func() *R) func(*Event) (*R, error) {
	return func(*Event) (*R, error) { return request(), nil }
}
