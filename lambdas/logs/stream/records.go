package stream

import (
	"bufio"
	"errors"
	"io"
)

// ErrNoRecords is a stream that is not an object with the requested array member.
var ErrNoRecords = errors.New("the object has no array of records")

// Records calls fn with each element of the array held by the top-level member key of the
// JSON object r holds, one at a time: memory is bounded by the largest element, not the file.
// Elements are numbered from 1.
func (f *Framer) Records(r io.Reader, key string, fn func(n int, elem []byte) error) error {
	s := &scanner{r: bufio.NewReaderSize(r, 256<<10), limit: f.limit()}
	if err := s.seekArray(key); err != nil {
		return err
	}
	for n := 1; ; n++ {
		elem, done, err := s.element()
		if err != nil {
			return err
		}
		if done {
			return nil
		}
		if elem == nil {
			f.TooLong++
			continue
		}
		if err := fn(n, elem); err != nil {
			return err
		}
	}
}

// scanner walks the JSON structure byte by byte, tracking strings and depth only: each
// element is handed whole to the parser, which checks it.
type scanner struct {
	r     *bufio.Reader
	limit int
	buf   []byte
}

func (s *scanner) next() (byte, error) { return s.r.ReadByte() }

func (s *scanner) nonSpace() (byte, error) {
	for {
		c, err := s.next()
		if err != nil {
			return 0, err
		}
		if c != ' ' && c != '\t' && c != '\n' && c != '\r' {
			return c, nil
		}
	}
}

// seekArray reads up to the '[' of the member key at depth 1, skipping other members.
func (s *scanner) seekArray(key string) error {
	if c, err := s.nonSpace(); err != nil || c != '{' {
		return ErrNoRecords
	}
	for {
		c, err := s.nonSpace()
		if err != nil || c != '"' {
			return ErrNoRecords
		}
		s.buf = s.buf[:0]
		if err := s.copyString(false); err != nil {
			return err
		}
		name := string(s.buf)
		if c, err := s.nonSpace(); err != nil || c != ':' {
			return ErrNoRecords
		}
		c, err = s.nonSpace()
		if err != nil {
			return ErrNoRecords
		}
		if name == key && c == '[' {
			return nil
		}
		if err := s.skipValue(c); err != nil {
			return err
		}
		if c, err := s.nonSpace(); err != nil || c != ',' {
			return ErrNoRecords
		}
	}
}

// copyString reads a string's content after its opening quote; keep appends it to buf.
func (s *scanner) copyString(keep bool) error {
	for {
		c, err := s.next()
		if err != nil {
			return ErrNoRecords
		}
		if c == '"' {
			if keep {
				s.buf = append(s.buf, c)
			}
			return nil
		}
		s.buf = append(s.buf, c)
		if c == '\\' {
			esc, err := s.next()
			if err != nil {
				return ErrNoRecords
			}
			s.buf = append(s.buf, esc)
		}
		if len(s.buf) > s.limit {
			return ErrNoRecords
		}
	}
}

// skipValue passes over a value that starts with c (not kept).
func (s *scanner) skipValue(c byte) error {
	saved := s.limit
	s.limit = int(^uint(0) >> 1)
	defer func() { s.limit = saved }()
	s.buf = s.buf[:0]
	_, err := s.value(c, false)
	s.buf = s.buf[:0]
	return err
}

// element reads the next element of the array: done at ']'; a nil element was too long.
func (s *scanner) element() (elem []byte, done bool, err error) {
	c, err := s.nonSpace()
	if err != nil {
		return nil, false, ErrNoRecords
	}
	if c == ',' {
		if c, err = s.nonSpace(); err != nil {
			return nil, false, ErrNoRecords
		}
	}
	if c == ']' {
		return nil, true, nil
	}
	s.buf = s.buf[:0]
	tooLong, err := s.value(c, true)
	if err != nil {
		return nil, false, err
	}
	if tooLong {
		return nil, false, nil
	}
	return s.buf, false, nil
}

// value reads one value starting with c into buf (when keep), tracking nesting; it keeps
// reading but stops keeping once buf passes the limit.
func (s *scanner) value(c byte, keep bool) (tooLong bool, err error) {
	depth := 0
	for {
		if keep && len(s.buf) > s.limit {
			keep, tooLong = false, true
			s.buf = s.buf[:0]
		}
		if keep {
			s.buf = append(s.buf, c)
		}
		switch c {
		case '"':
			mark := len(s.buf)
			if err := s.copyString(true); err != nil {
				return false, err
			}
			if !keep {
				s.buf = s.buf[:mark]
			}
		case '{', '[':
			depth++
		case '}', ']':
			depth--
		}
		if depth <= 0 && (c == '"' || c == '}' || c == ']' || s.scalarEnds()) {
			return tooLong, nil
		}
		if c, err = s.next(); err != nil {
			return false, ErrNoRecords
		}
	}
}

// scalarEnds reports whether the next byte ends a number or literal at depth 0.
func (s *scanner) scalarEnds() bool {
	next, err := s.r.Peek(1)
	if err != nil {
		return true
	}
	switch next[0] {
	case ',', ']', '}', ' ', '\t', '\n', '\r':
		return true
	}
	return false
}
