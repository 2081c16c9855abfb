package localaws

import (
	"math"
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

func newState() *State {
	return &State{
		Accounts: map[string]*Account{},
		Buckets:  map[string]*Bucket{},
		Sessions: map[string]*Session{},
	}
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

// scaled multiplies a base delay by a latency scale, capping absurd values.
func scaled(base time.Duration, scale float64) time.Duration {
	if scale <= 0 {
		return 0
	}
	return time.Duration(math.Min(float64(base)*scale, float64(time.Hour)))
}

// Tag is a key/value tag.
type Tag struct {
	Key   string `json:"key" xml:"Key"`
	Value string `json:"value" xml:"Value"`
}
