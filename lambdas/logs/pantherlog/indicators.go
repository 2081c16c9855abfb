package pantherlog

import (
	"net/netip"
	"net/url"
	"strings"

	"golang.org/x/net/idna"
)

// Kind is one p_any_* field.
type Kind int

// The indicator fields, in the order an event writes them.
const (
	KindIPAddress Kind = iota
	KindDomainName
	KindAWSAccountID
	KindAWSInstanceID
	KindAWSARN
	KindAWSTag
	KindMD5
	KindSHA1
	KindSHA256
	KindTraceID
	KindEmail
	KindUsername
	numKinds
)

// KindFields are the p_any_* field names, by Kind.
var KindFields = [numKinds]string{
	"p_any_ip_addresses", "p_any_domain_names", "p_any_aws_account_ids", "p_any_aws_instance_ids",
	"p_any_aws_arns", "p_any_aws_tags", "p_any_md5_hashes", "p_any_sha1_hashes", "p_any_sha256_hashes",
	"p_any_trace_ids", "p_any_emails", "p_any_usernames",
}

// Scanner finds indicators in one string value and adds them to an event. Strict scanners
// only accept values that look like their kind: they run over every string inside a json
// value, where most strings are not indicators at all.
type Scanner func(e *Event, value string, strict bool)

// Scanners are the scanners by the schema language's indicator names.
var Scanners = map[string]Scanner{
	"ip":              scanIP,
	"domain":          scanDomain,
	"hostname":        scanHost,
	"url":             scanURL,
	"net_addr":        scanNetAddr,
	"md5":             hexOfLength(KindMD5, 32),
	"sha1":            hexOfLength(KindSHA1, 40),
	"sha256":          hexOfLength(KindSHA256, 64),
	"aws_arn":         scanARN,
	"aws_account_id":  scanAccountID,
	"aws_instance_id": scanInstanceID,
	"aws_tag":         plain(KindAWSTag),
	"trace_id":        plain(KindTraceID),
	"username":        plain(KindUsername),
	"email":           scanEmail,
}

func scanIP(e *Event, v string, _ bool) {
	if _, err := netip.ParseAddr(v); err == nil {
		e.AddIndicator(KindIPAddress, v)
	}
}

// scanHost files a host as an IP address or, when it is not one, a domain name. A value
// with white space in it is neither (a field of hosts may also hold text, such as a DNS
// answer's TXT data).
func scanHost(e *Event, v string, strict bool) {
	if _, err := netip.ParseAddr(v); err == nil {
		e.AddIndicator(KindIPAddress, v)
		return
	}
	if strings.ContainsAny(v, " \t\r\n") {
		return
	}
	scanDomain(e, v, strict)
}

func scanDomain(e *Event, v string, strict bool) {
	v = strings.TrimSuffix(v, ".")
	if !hasAlnum(v) || strict && !looksLikeDomain(v) {
		return
	}
	if strings.Contains(v, "xn--") {
		if u, err := idna.ToUnicode(v); err == nil {
			v = u
		}
	}
	e.AddIndicator(KindDomainName, v)
}

// hasAlnum: a name has at least one letter or digit; "-" (a log's nil value) is no host.
func hasAlnum(v string) bool {
	return strings.IndexFunc(v, func(r rune) bool { return r > 0x7f || isASCIIAlnum(r) }) >= 0
}

// looksLikeDomain: dotted labels of letters, digits and hyphens, the last one alphabetic.
func looksLikeDomain(v string) bool {
	dot := strings.LastIndexByte(v, '.')
	if dot <= 0 || dot == len(v)-1 || len(v) > 253 {
		return false
	}
	for i := 0; i < len(v); i++ {
		c := v[i]
		if !isASCIIAlnum(rune(c)) && c != '-' && c != '.' {
			return false
		}
	}
	for i := dot + 1; i < len(v); i++ {
		if c := v[i]; c >= '0' && c <= '9' {
			return false
		}
	}
	return true
}

func scanURL(e *Event, v string, strict bool) {
	u, err := url.Parse(v)
	if err != nil || u.Host == "" {
		return
	}
	scanHost(e, u.Hostname(), strict)
}

// scanNetAddr reads host, host:port or [v6]:port.
func scanNetAddr(e *Event, v string, strict bool) {
	if ap, err := netip.ParseAddrPort(v); err == nil {
		e.AddIndicator(KindIPAddress, ap.Addr().String())
		return
	}
	if i := strings.LastIndexByte(v, ':'); i > 0 && strings.Count(v, ":") == 1 {
		v = v[:i]
	}
	scanHost(e, v, strict)
}

// hexOfLength scans hashes of n hex digits; all zeros is a placeholder some logs write for
// a hash they did not compute, not a hash.
func hexOfLength(kind Kind, n int) Scanner {
	return func(e *Event, v string, strict bool) {
		if strings.Trim(v, "0") == "" || strict && (len(v) != n || !isHex(v)) {
			return
		}
		e.AddIndicator(kind, v)
	}
}

func isHex(v string) bool {
	for i := 0; i < len(v); i++ {
		c := v[i]
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') && (c < 'A' || c > 'F') {
			return false
		}
	}
	return true
}

func plain(kind Kind) Scanner {
	return func(e *Event, v string, strict bool) {
		if v != "" && !strict {
			e.AddIndicator(kind, v)
		}
	}
}

func scanEmail(e *Event, v string, strict bool) {
	at := strings.IndexByte(v, '@')
	if at <= 0 || at == len(v)-1 || strict && !looksLikeDomain(v[at+1:]) {
		return
	}
	e.AddIndicator(KindEmail, v)
}

// scanARN files an ARN and the account and EC2 instance it names.
func scanARN(e *Event, v string, _ bool) {
	if !strings.HasPrefix(v, "arn:") {
		return
	}
	parts := strings.SplitN(v, ":", 6)
	if len(parts) < 6 {
		return
	}
	e.AddIndicator(KindAWSARN, v)
	if isAccountID(parts[4]) {
		e.AddIndicator(KindAWSAccountID, parts[4])
	}
	if parts[2] == "ec2" {
		if id, ok := strings.CutPrefix(parts[5], "instance/"); ok && isInstanceID(id) {
			e.AddIndicator(KindAWSInstanceID, id)
		}
	}
}

func scanAccountID(e *Event, v string, _ bool) {
	if isAccountID(v) {
		e.AddIndicator(KindAWSAccountID, v)
	}
}

func isAccountID(v string) bool {
	if len(v) != 12 {
		return false
	}
	for i := 0; i < len(v); i++ {
		if v[i] < '0' || v[i] > '9' {
			return false
		}
	}
	return true
}

func scanInstanceID(e *Event, v string, _ bool) {
	if isInstanceID(v) {
		e.AddIndicator(KindAWSInstanceID, v)
	}
}

// isInstanceID: i- and 8 or 17 lower-case hex digits.
func isInstanceID(v string) bool {
	id, ok := strings.CutPrefix(v, "i-")
	return ok && (len(id) == 8 || len(id) == 17) && isHex(id) && strings.ToLower(id) == id
}
