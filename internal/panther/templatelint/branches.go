package templatelint

// noValue marks a value that Ref AWS::NoValue removes.
type noValue struct{}

// chooseBranch returns a copy of v with every Fn::If replaced by one of its branches (1 for
// the true branch, 2 for the false one) and every Ref AWS::NoValue removed. Validating both
// choices checks the properties written inside conditional branches, which the schema would
// otherwise accept as an opaque intrinsic function call.
func chooseBranch(v any, branch int) any {
	switch val := v.(type) {
	case map[string]any:
		if len(val) == 1 {
			if args, ok := val["Fn::If"].([]any); ok && len(args) == 3 {
				return chooseBranch(args[branch], branch)
			}
			if ref, ok := val["Ref"].(string); ok && ref == "AWS::NoValue" {
				return noValue{}
			}
		}
		out := make(map[string]any, len(val))
		for k, item := range val {
			if c := chooseBranch(item, branch); c != (noValue{}) {
				out[k] = c
			}
		}
		return out
	case []any:
		out := make([]any, 0, len(val))
		for _, item := range val {
			if c := chooseBranch(item, branch); c != (noValue{}) {
				out = append(out, c)
			}
		}
		return out
	default:
		return v
	}
}
