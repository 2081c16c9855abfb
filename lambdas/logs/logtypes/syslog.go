package logtypes

import (
	"bytes"
	"errors"
	"strconv"

	"github.com/panther-operator/panther-operator/lambdas/logs/pantherlog"
	"github.com/panther-operator/panther-operator/lambdas/logs/parsers"
)

var _ = registerNative("Syslog.RFC5424", syslog5424)

var errNotSyslog5424 = errors.New("syslog: not an RFC 5424 message")

// syslog5424 reads RFC 5424 messages:
// <PRI>VERSION TIMESTAMP HOSTNAME APP-NAME PROCID MSGID STRUCTURED-DATA [MSG], "-" for nil.
func syslog5424(fields *parsers.Fields) (func() parsers.Parser, error) {
	return func() parsers.Parser { return &syslog5424Parser{dec: fields.Decoder()} }, nil
}

type syslog5424Parser struct {
	dec *parsers.Decoder
	sd  []byte
}

// readPriority reads "<PRI>" and returns the rest of the line.
func readPriority(line []byte) (pri int, rest []byte, ok bool) {
	end := bytes.IndexByte(line, '>')
	if len(line) < 3 || line[0] != '<' || end < 2 || end > 4 {
		return 0, nil, false
	}
	pri, err := strconv.Atoi(string(line[1:end]))
	if err != nil || pri < 0 || pri > 191 {
		return 0, nil, false
	}
	return pri, line[end+1:], true
}

func (p *syslog5424Parser) Parse(line []byte, e *pantherlog.Event, emit func(*pantherlog.Event)) error {
	pri, rest, ok := readPriority(line)
	if !ok {
		return errNotSyslog5424
	}
	var head [6][]byte
	for i := range head {
		sp := bytes.IndexByte(rest, ' ')
		if sp <= 0 {
			return errNotSyslog5424
		}
		head[i], rest = rest[:sp], rest[sp+1:]
	}
	if string(head[0]) != "1" {
		return errNotSyslog5424
	}
	sd, msg, err := p.structuredData(rest)
	if err != nil {
		return err
	}
	e.Reset()
	values := []struct {
		name  string
		value []byte
	}{
		{"priority", strconv.AppendInt(nil, int64(pri), 10)},
		{"facility", strconv.AppendInt(nil, int64(pri/8), 10)},
		{"severity", strconv.AppendInt(nil, int64(pri%8), 10)},
		{"version", head[0]}, {"timestamp", nilValue(head[1])}, {"hostname", nilValue(head[2])},
		{"appname", nilValue(head[3])}, {"procid", nilValue(head[4])}, {"msgid", nilValue(head[5])},
		{"structured_data", sd}, {"message", msg},
	}
	for _, v := range values {
		if err := p.dec.SetText(e, v.name, v.value); err != nil {
			return err
		}
	}
	emit(e)
	return nil
}

func nilValue(v []byte) []byte {
	if string(v) == "-" {
		return nil
	}
	return v
}

// structuredData reads "-" or [id param="value" ...]... into a JSON object of objects, and
// returns the message after it (without a leading BOM).
func (p *syslog5424Parser) structuredData(rest []byte) (sd, msg []byte, err error) {
	if bytes.HasPrefix(rest, []byte("-")) {
		return nil, message(rest[1:]), nil
	}
	p.sd = append(p.sd[:0], '{')
	for len(rest) > 0 && rest[0] == '[' {
		end, err := p.element(rest)
		if err != nil {
			return nil, nil, err
		}
		rest = rest[end:]
	}
	if len(p.sd) == 1 {
		return nil, nil, errNotSyslog5424
	}
	p.sd[len(p.sd)-1] = '}'
	return p.sd, message(rest), nil
}

// element reads one [id param="value"...] and returns where it ends.
func (p *syslog5424Parser) element(in []byte) (int, error) {
	i := 1
	idEnd := bytes.IndexAny(in[i:], " ]")
	if idEnd <= 0 {
		return 0, errNotSyslog5424
	}
	p.sd = append(pantherlog.AppendString(p.sd, string(in[i:i+idEnd])), ":{"...)
	i += idEnd
	params := 0
	for i < len(in) && in[i] == ' ' {
		i++
		eq := bytes.IndexByte(in[i:], '=')
		if eq <= 0 || i+eq+1 >= len(in) || in[i+eq+1] != '"' {
			return 0, errNotSyslog5424
		}
		name := in[i : i+eq]
		i += eq + 2
		var value []byte
		for ; i < len(in) && in[i] != '"'; i++ {
			if in[i] == '\\' && i+1 < len(in) && (in[i+1] == '"' || in[i+1] == '\\' || in[i+1] == ']') {
				i++
			}
			value = append(value, in[i])
		}
		if i >= len(in) {
			return 0, errNotSyslog5424
		}
		i++
		if params > 0 {
			p.sd = append(p.sd, ',')
		}
		p.sd = pantherlog.AppendString(append(pantherlog.AppendString(p.sd, string(name)), ':'), string(value))
		params++
	}
	if i >= len(in) || in[i] != ']' {
		return 0, errNotSyslog5424
	}
	p.sd = append(p.sd, "},"...)
	return i + 1, nil
}

func message(rest []byte) []byte {
	rest = bytes.TrimPrefix(rest, []byte(" "))
	return bytes.TrimPrefix(rest, []byte("\xef\xbb\xbf"))
}
