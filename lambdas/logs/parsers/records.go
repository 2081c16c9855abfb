package parsers

import "github.com/panther-operator/panther-operator/lambdas/logs/pantherlog"

// DecodeEach reads a JSON object whose first member, key, is an array of records (as
// CloudTrail writes {"Records":[...]}), decoding each element into e (after e.Reset) and
// handing it to emit. found is false, with nothing read, when in does not start that way, so
// the caller can read in as one record instead.
func (dec *Decoder) DecodeEach(in []byte, key string, e *pantherlog.Event, emit func(*pantherlog.Event)) (found bool, err error) {
	d := &dec.d
	d.e, d.lexer = e, lexer{in: in}
	if d.peek() != '{' {
		return false, nil
	}
	d.pos++
	k, escaped, err := d.str()
	if err != nil || escaped || string(k) != key || d.expect(':') != nil || d.peek() != '[' {
		return false, nil
	}
	d.pos++
	if d.peek() == ']' {
		d.pos++
		return true, d.endObject()
	}
	for {
		e.Reset()
		if err := d.members(dec.root, 1); err != nil {
			return true, err
		}
		emit(e)
		switch d.peek() {
		case ',':
			d.pos++
		case ']':
			d.pos++
			return true, d.endObject()
		default:
			return true, d.fail()
		}
	}
}

// endObject reads the rest of the object after the array: other members are skipped.
func (d *decoder) endObject() error {
	for d.peek() == ',' {
		d.pos++
		if _, _, err := d.str(); err != nil {
			return err
		}
		if err := d.expect(':'); err != nil {
			return err
		}
		if _, err := d.skip(1); err != nil {
			return err
		}
	}
	if err := d.expect('}'); err != nil {
		return err
	}
	if d.peek() != 0 {
		return d.fail()
	}
	return nil
}
