package localaws

import (
	"crypto/rand"
	"encoding/hex"
	"strings"
	"time"
)

// State is everything the emulator knows. It is serialised as a whole to the
// state file and to the admin state dump, so every field is exported JSON.
type State struct {
	Accounts map[string]*Account `json:"accounts"`
	// Buckets is global because S3 bucket names are unique across accounts.
	Buckets map[string]*Bucket `json:"buckets"`
	// Sessions are temporary credentials issued by AssumeRole.
	Sessions map[string]*Session `json:"sessions"`
}

// Account holds an account's global (IAM) and regional state.
type Account struct {
	Roles   map[string]*Role   `json:"roles"`
	Regions map[string]*Region `json:"regions"`
}

// Region holds the regional state of one account.
type Region struct {
	LogGroups map[string]*LogGroup `json:"logGroups"`
	// Stacks are keyed by stack ID; deleted stacks stay for DescribeStacks
	// by ID, as on AWS.
	Stacks  map[string]*Stack  `json:"stacks"`
	Exports map[string]*Export `json:"exports"`
	// Resources are objects of modeled types that have no API in localaws
	// (SQS queues, SNS topics, DynamoDB tables, KMS keys, Lambda functions),
	// keyed by physical ID.
	Resources map[string]*GenericResource `json:"resources"`
}

// Session is a set of temporary credentials.
type Session struct {
	AccessKeyID string    `json:"accessKeyId"`
	Account     string    `json:"account"`
	RoleArn     string    `json:"roleArn"`
	SessionName string    `json:"sessionName"`
	Expiration  time.Time `json:"expiration"`
}

// GenericResource is a provisioned object of a type without its own API.
type GenericResource struct {
	Type       string            `json:"type"`
	PhysicalID string            `json:"physicalId"`
	Arn        string            `json:"arn"`
	Properties map[string]any    `json:"properties,omitempty"`
	Tags       map[string]string `json:"tags,omitempty"`
}

func newState() *State {
	return &State{
		Accounts: map[string]*Account{},
		Buckets:  map[string]*Bucket{},
		Sessions: map[string]*Session{},
	}
}

// accountForKey maps an access key ID to its account.
func (s *State) accountForKey(key string) string {
	if isAccountID(key) {
		return key
	}
	if sess, ok := s.Sessions[key]; ok {
		return sess.Account
	}
	return DefaultAccount
}

// account returns (creating) an account.
func (s *State) account(id string) *Account {
	a, ok := s.Accounts[id]
	if !ok {
		a = &Account{Roles: map[string]*Role{}, Regions: map[string]*Region{}}
		s.Accounts[id] = a
	}
	return a
}

// region returns (creating) the state of one account and region.
func (s *State) region(account, region string) *Region {
	a := s.account(account)
	r, ok := a.Regions[region]
	if !ok {
		r = &Region{
			LogGroups: map[string]*LogGroup{},
			Stacks:    map[string]*Stack{},
			Exports:   map[string]*Export{},
			Resources: map[string]*GenericResource{},
		}
		a.Regions[region] = r
	}
	return r
}

// regionOf is the state of the request's account and region.
func (req *request) regionState() *Region {
	return req.emu.state.region(req.account, req.region)
}

const (
	upperDigits = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	alnum       = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	digits      = "0123456789"
)

// randomFrom returns n random characters of alphabet.
func randomFrom(alphabet string, n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b)
}

// randomID returns n characters from the alphabet AWS uses in generated
// names (upper-case letters and digits).
func randomID(n int) string { return randomFrom(upperDigits, n) }

// randomHex returns n random lower-case hex characters.
func randomHex(n int) string {
	b := make([]byte, (n+1)/2)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)[:n]
}

// newUUID returns a random RFC 4122 style identifier.
func newUUID() string {
	s := randomHex(32)
	return s[0:8] + "-" + s[8:12] + "-4" + s[13:16] + "-a" + s[17:20] + "-" + s[20:32]
}

// partitionFor returns the ARN partition of a region.
func partitionFor(region string) string {
	switch {
	case strings.HasPrefix(region, "cn-"):
		return "aws-cn"
	case strings.HasPrefix(region, "us-gov-"):
		return "aws-us-gov"
	}
	return "aws"
}

// isoTime formats a timestamp the way AWS XML and query APIs do.
func isoTime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z") }
