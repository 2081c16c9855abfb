package parsers

// EachElement calls fn with the raw bytes of each element of the array that the top-level
// member key of the JSON object in holds. found is false when in is not an object or has no
// such member holding an array, so callers can fall back to reading in as one record.
func EachElement(in []byte, key string, fn func(elem []byte) error) (found bool, err error) {
	l := lexer{in: in}
	if l.peek() != '{' {
		return false, nil
	}
	l.pos++
	for l.peek() == '"' {
		k, escaped, err := l.str()
		if err != nil {
			return false, err
		}
		if err := l.expect(':'); err != nil {
			return false, err
		}
		if !escaped && string(k) == key && l.peek() == '[' {
			return true, eachElement(&l, fn)
		}
		if _, err := l.skip(1); err != nil {
			return false, err
		}
		if l.peek() != ',' {
			return false, nil
		}
		l.pos++
	}
	return false, nil
}

func eachElement(l *lexer, fn func([]byte) error) error {
	l.pos++
	if l.peek() == ']' {
		l.pos++
		return nil
	}
	for {
		elem, err := l.skip(1)
		if err != nil {
			return err
		}
		if err := fn(elem); err != nil {
			return err
		}
		switch l.peek() {
		case ',':
			l.pos++
		case ']':
			l.pos++
			return nil
		default:
			return l.fail()
		}
	}
}
