package logtypes

import (
	"bytes"
	"errors"
	"slices"
	"strconv"
	"time"

	"github.com/panther-operator/panther-operator/lambdas/logs/pantherlog"
	"github.com/panther-operator/panther-operator/lambdas/logs/parsers"
)

var _ = registerNative("Juniper.Firewall", juniperFirewall)

var errNotJuniperFlow = errors.New("juniper: not an SRX session log (RT_FLOW_SESSION_CREATE, _CLOSE or _DENY)")

// juniperFlowKinds are the session messages of the RT_FLOW process.
var juniperFlowKinds = map[string]string{
	"RT_FLOW_SESSION_CREATE": "create", "RT_FLOW_SESSION_CLOSE": "close", "RT_FLOW_SESSION_DENY": "deny",
}

// juniperFirewall reads the session logs of SRX firewalls (RT_FLOW_SESSION_CREATE, _CLOSE and
// _DENY) as syslog sends them: a BSD syslog header ([<PRI>]Mmm dd hh:mm:ss HOST RT_FLOW: TAG:
// text, the year inferred as for Syslog.RFC3164) with the positional text of the message, or
// an RFC 5424 header (the structured-data format, <PRI>1 TIMESTAMP HOST RT_FLOW - TAG
// [junos@2636... name="value" ...]) whose parameters are named as the fields are. Junos's
// "N/A" is no value.
func juniperFirewall(fields *parsers.Fields) (func() parsers.Parser, error) {
	required := fields.Required()
	return func() parsers.Parser { return &juniperParser{dec: fields.Decoder(), required: required} }, nil
}

type juniperParser struct {
	dec               *parsers.Decoder
	required          []string
	fields            []textField
	ts, pri, fac, sev []byte
	at                [][2]int
}

func (p *juniperParser) add(name string, value []byte) {
	if len(value) > 0 && string(value) != "N/A" {
		p.fields = append(p.fields, textField{name, value})
	}
}

func (p *juniperParser) Parse(line []byte, e *pantherlog.Event, emit func(*pantherlog.Event)) error {
	p.fields = p.fields[:0]
	rest := line
	if len(rest) > 0 && rest[0] == '<' {
		pri, after, ok := readPriority(rest)
		if !ok {
			return errNotJuniperFlow
		}
		p.pri = strconv.AppendInt(p.pri[:0], int64(pri), 10)
		p.fac = strconv.AppendInt(p.fac[:0], int64(pri/8), 10)
		p.sev = strconv.AppendInt(p.sev[:0], int64(pri%8), 10)
		p.add("priority", p.pri)
		p.add("facility", p.fac)
		p.add("severity", p.sev)
		rest = after
	}
	var err error
	if bytes.HasPrefix(rest, []byte("1 ")) {
		err = p.header5424(rest[2:])
	} else {
		err = p.header3164(rest)
	}
	if err != nil {
		return err
	}
	if err := p.checkRequired(); err != nil {
		return err
	}
	e.Reset()
	for _, f := range p.fields {
		if err := p.dec.SetText(e, f.name, f.value); err != nil {
			return err
		}
	}
	emit(e)
	return nil
}

func (p *juniperParser) checkRequired() error {
	for _, name := range p.required {
		if !slices.ContainsFunc(p.fields, func(f textField) bool { return f.name == name }) {
			return errors.New("required field " + name + " is missing")
		}
	}
	return nil
}

// header3164 reads "Mmm dd hh:mm:ss HOST PROCESS: TAG: text".
func (p *juniperParser) header3164(rest []byte) error {
	t, ok := stamp3164(rest, syslog3164Now())
	if !ok {
		return errNotJuniperFlow
	}
	p.ts = t.AppendFormat(p.ts[:0], time.RFC3339)
	p.add("timestamp", p.ts)
	host, rest, _ := bytes.Cut(rest[16:], []byte(" "))
	process, _, msg := splitTag(rest)
	if len(host) == 0 || len(process) == 0 {
		return errNotJuniperFlow
	}
	p.add("hostname", host)
	p.add("process", process)
	end := bytes.IndexAny(msg, ": ")
	if end <= 0 {
		return errNotJuniperFlow
	}
	kind, tag, rest := juniperFlowKinds[string(msg[:end])], msg[:end], msg[end:]
	if kind == "" {
		return errNotJuniperFlow
	}
	p.add("tag", tag)
	text, ok := bytes.CutPrefix(rest, []byte(": "))
	if !ok {
		return errNotJuniperFlow
	}
	p.add("message", text)
	return p.text(kind, text)
}

// header5424 reads "TIMESTAMP HOST APP-NAME PROCID MSGID SD [MSG]", MSGID the message's tag:
// the parameters of SD, or with no SD ("-") the positional text of MSG.
func (p *juniperParser) header5424(rest []byte) error {
	var head [5][]byte
	for i := range head {
		sp := bytes.IndexByte(rest, ' ')
		if sp <= 0 {
			return errNotJuniperFlow
		}
		head[i], rest = rest[:sp], rest[sp+1:]
	}
	kind := juniperFlowKinds[string(head[4])]
	if kind == "" {
		return errNotJuniperFlow
	}
	p.add("timestamp", nilValue(head[0]))
	p.add("hostname", nilValue(head[1]))
	p.add("process", nilValue(head[2]))
	p.add("tag", head[4])
	if text, ok := bytes.CutPrefix(rest, []byte("- ")); ok {
		p.add("message", text)
		return p.text(kind, text)
	}
	if len(rest) == 0 || rest[0] != '[' {
		return errNotJuniperFlow
	}
	return p.structured(rest)
}

// structured reads [id name="value" ...] elements; a quote, backslash or ] in a value is
// escaped with a backslash. What follows the elements is the message.
func (p *juniperParser) structured(in []byte) error {
	for len(in) > 0 && in[0] == '[' {
		end := bytes.IndexAny(in, " ]")
		if end <= 1 {
			return errNotJuniperFlow
		}
		in = in[end:]
		for len(in) > 0 && in[0] == ' ' {
			eq := bytes.IndexByte(in, '=')
			if eq <= 1 || eq+1 >= len(in) || in[eq+1] != '"' {
				return errNotJuniperFlow
			}
			name := string(in[1:eq])
			value, n, ok := sdValue(in[eq+2:])
			if !ok {
				return errNotJuniperFlow
			}
			p.add(name, value)
			in = in[eq+2+n:]
		}
		if len(in) == 0 || in[0] != ']' {
			return errNotJuniperFlow
		}
		in = in[1:]
	}
	p.add("message", bytes.TrimPrefix(in, []byte(" ")))
	return nil
}

// sdValue reads a parameter value up to its closing quote, and returns its length with the
// quote.
func sdValue(in []byte) (value []byte, n int, ok bool) {
	end := bytes.IndexByte(in, '"')
	if end >= 0 && bytes.IndexByte(in[:end], '\\') < 0 {
		return in[:end], end + 1, true
	}
	for i := 0; i < len(in); i++ {
		switch in[i] {
		case '\\':
			if i+1 < len(in) && (in[i+1] == '"' || in[i+1] == '\\' || in[i+1] == ']') {
				i++
			}
			value = append(value, in[i])
		case '"':
			return value, i + 1, true
		default:
			value = append(value, in[i])
		}
	}
	return nil, 0, false
}

// flowTokens are the space-separated words of a message's text, as offsets into it.
type flowTokens struct {
	text []byte
	at   [][2]int
	i    int
}

func (s *flowTokens) next() []byte {
	if s.i >= len(s.at) {
		return nil
	}
	s.i++
	return s.text[s.at[s.i-1][0]:s.at[s.i-1][1]]
}

func (s *flowTokens) peek() []byte {
	if s.i >= len(s.at) {
		return nil
	}
	return s.text[s.at[s.i][0]:s.at[s.i][1]]
}

// join is the text of words from to to, with the spaces between them.
func (s *flowTokens) join(from, to int) []byte { return s.text[s.at[from][0]:s.at[to][1]] }

func (p *juniperParser) tokens(text []byte) *flowTokens {
	p.at = p.at[:0]
	for i := 0; i < len(text); {
		for i < len(text) && text[i] == ' ' {
			i++
		}
		start := i
		for i < len(text) && text[i] != ' ' {
			i++
		}
		if i > start {
			p.at = append(p.at, [2]int{start, i})
		}
	}
	return &flowTokens{text: text, at: p.at}
}

// text reads the positional text of a session message. The layout grew over Junos releases
// (connection tags, NAT rule types, application fields at the end); the fields up to
// encrypted are read, what follows them stays in the message.
//
//	session created SRC/PORT->DST/PORT [TAG] SERVICE NSRC/PORT->NDST/PORT [TAG] NAT-RULES
//	  PROTOCOL POLICY SRC-ZONE DST-ZONE SESSION-ID USER(ROLES) INTERFACE APP NESTED-APP ENCRYPTED ...
//	session closed REASON: ... SESSION-ID PKTS(BYTES) PKTS(BYTES) ELAPSED APP NESTED-APP
//	  USER(ROLES) INTERFACE ENCRYPTED ...
//	session denied SRC/PORT->DST/PORT [TAG] SERVICE PROTOCOL(ICMP-TYPE) POLICY SRC-ZONE DST-ZONE
//	  APP NESTED-APP USER(ROLES) INTERFACE ENCRYPTED ...
func (p *juniperParser) text(kind string, text []byte) error {
	prefix := map[string]string{"create": "session created ", "close": "session closed ", "deny": "session denied "}[kind]
	rest, ok := bytes.CutPrefix(text, []byte(prefix))
	if !ok {
		return errNotJuniperFlow
	}
	if kind == "close" {
		reason, after, found := bytes.Cut(rest, []byte(": "))
		if !found {
			return errNotJuniperFlow
		}
		p.add("reason", reason)
		rest = after
	}
	s := p.tokens(rest)
	if !p.addressPair(s.next(), "source-address", "source-port", "destination-address", "destination-port") {
		return errNotJuniperFlow
	}
	p.connectionTag(s, "connection-tag")
	p.add("service-name", s.next())
	if kind == "deny" {
		return p.denied(s)
	}
	if !p.addressPair(s.next(), "nat-source-address", "nat-source-port", "nat-destination-address", "nat-destination-port") {
		return errNotJuniperFlow
	}
	p.connectionTag(s, "nat-connection-tag")
	p.natRules(s)
	for _, name := range []string{"protocol-id", "policy-name", "source-zone-name", "destination-zone-name", "session-id-32"} {
		p.add(name, s.next())
	}
	if kind == "close" {
		p.counts(s.next(), "packets-from-client", "bytes-from-client")
		p.counts(s.next(), "packets-from-server", "bytes-from-server")
		p.add("elapsed-time", s.next())
		p.add("application", s.next())
		p.add("nested-application", s.next())
		p.userRoles(s)
		p.add("packet-incoming-interface", s.next())
	} else {
		p.userRoles(s)
		p.add("packet-incoming-interface", s.next())
		p.add("application", s.next())
		p.add("nested-application", s.next())
	}
	p.add("encrypted", s.next())
	return nil
}

func (p *juniperParser) denied(s *flowTokens) error {
	protocol, icmp, _ := bytes.Cut(s.next(), []byte("("))
	if len(protocol) == 0 {
		return errNotJuniperFlow
	}
	p.add("protocol-id", protocol)
	p.add("icmp-type", bytes.TrimSuffix(icmp, []byte(")")))
	for _, name := range []string{"policy-name", "source-zone-name", "destination-zone-name", "application", "nested-application"} {
		p.add(name, s.next())
	}
	p.userRoles(s)
	p.add("packet-incoming-interface", s.next())
	p.add("encrypted", s.next())
	return nil
}

// addressPair reads ADDRESS/PORT->ADDRESS/PORT.
func (p *juniperParser) addressPair(v []byte, names ...string) bool {
	from, to, ok := bytes.Cut(v, []byte("->"))
	srcAddr, srcPort, ok1 := cutLast(from, '/')
	dstAddr, dstPort, ok2 := cutLast(to, '/')
	if !ok || !ok1 || !ok2 {
		return false
	}
	for i, value := range [][]byte{srcAddr, srcPort, dstAddr, dstPort} {
		p.add(names[i], value)
	}
	return true
}

func cutLast(v []byte, sep byte) (before, after []byte, ok bool) {
	i := bytes.LastIndexByte(v, sep)
	if i <= 0 || i == len(v)-1 {
		return nil, nil, false
	}
	return v[:i], v[i+1:], true
}

// connectionTag reads the 0x... connection tag that releases since 15.1X49 write after an
// address pair.
func (p *juniperParser) connectionTag(s *flowTokens, name string) {
	if bytes.HasPrefix(s.peek(), []byte("0x")) {
		p.add(name, s.next())
	}
}

// natRules reads the NAT rules before the protocol number: the source and destination rule
// names, or (newer releases) each rule's type ("N/A", or two words such as "source rule")
// and name.
func (p *juniperParser) natRules(s *flowTokens) {
	start := s.i
	for s.i < len(s.at) && !isDigits(s.peek()) {
		s.i++
	}
	words := s.i - start
	if words == 2 {
		p.add("src-nat-rule-name", s.join(start, start))
		p.add("dst-nat-rule-name", s.join(start+1, start+1))
		return
	}
	for i, side := start, 0; side < 2 && i < s.i; side++ {
		typeEnd := i
		if i+1 < s.i && string(s.join(i+1, i+1)) == "rule" {
			typeEnd = i + 1
		}
		names := [2][2]string{{"src-nat-rule-type", "src-nat-rule-name"}, {"dst-nat-rule-type", "dst-nat-rule-name"}}[side]
		p.add(names[0], s.join(i, typeEnd))
		if typeEnd+1 < s.i {
			p.add(names[1], s.join(typeEnd+1, typeEnd+1))
		}
		i = typeEnd + 2
	}
}

func isDigits(v []byte) bool {
	_, ok := atoiDigits(v)
	return ok
}

// counts reads PACKETS(BYTES).
func (p *juniperParser) counts(v []byte, packets, bytesName string) {
	n, b, _ := bytes.Cut(v, []byte("("))
	p.add(packets, n)
	p.add(bytesName, bytes.TrimSuffix(b, []byte(")")))
}

// userRoles reads USER(ROLES); roles may hold spaces.
func (p *juniperParser) userRoles(s *flowTokens) {
	start := s.i
	for s.i < len(s.at) && !bytes.HasSuffix(s.peek(), []byte(")")) {
		s.i++
	}
	if s.i >= len(s.at) {
		s.i = start
		return
	}
	s.i++
	user, roles, _ := bytes.Cut(s.join(start, s.i-1), []byte("("))
	p.add("username", user)
	p.add("roles", bytes.TrimSuffix(roles, []byte(")")))
}
