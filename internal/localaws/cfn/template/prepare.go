package template

import (
	"crypto/sha256"
	"encoding/json"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/panther-operator/panther-operator/internal/localaws/internal/wire"
)

// Prepared is a template as submitted and after transforms.
type Prepared struct {
	Original  string
	Processed string
	Template  *Template
}

// templateCache keeps parsed templates by content: stack operations look
// at their template on every step, and parsing a large YAML template is
// far costlier than the step itself. Parsed templates are never modified.
var templateCache = struct {
	sync.Mutex
	byHash map[[sha256.Size]byte]*Prepared
}{byHash: map[[sha256.Size]byte]*Prepared{}}

// maxCachedTemplates bounds the cache; it is simply emptied when full.
const maxCachedTemplates = 512

// Prepare parses a template and applies the SAM transform.
func Prepare(source string) (*Prepared, error) {
	key := sha256.Sum256([]byte(source))
	templateCache.Lock()
	cached, ok := templateCache.byHash[key]
	templateCache.Unlock()
	if ok {
		return cached, nil
	}
	p, err := parsePrepared(source)
	if err != nil {
		return nil, err
	}
	templateCache.Lock()
	if len(templateCache.byHash) >= maxCachedTemplates {
		clear(templateCache.byHash)
	}
	templateCache.byHash[key] = p
	templateCache.Unlock()
	return p, nil
}

func parsePrepared(source string) (*Prepared, error) {
	root, err := decodeTemplate(source)
	if err != nil {
		return nil, err
	}
	processed := source
	transforms := StringList(root["Transform"])
	if len(transforms) > 0 {
		for _, tr := range transforms {
			if tr != SamTransform {
				return nil, wire.ValidationError("Template format error: Unsupported transform %s", tr)
			}
		}
		applySAM(root)
		data, err := json.Marshal(root)
		if err != nil {
			return nil, err
		}
		processed = string(data)
	}
	t, err := parseTemplate(processed)
	if err != nil {
		return nil, err
	}
	t.Transforms = transforms
	return &Prepared{Original: source, Processed: processed, Template: t}, nil
}

// IamTypes need CAPABILITY_IAM; with a custom name, CAPABILITY_NAMED_IAM.
var IamTypes = map[string]string{
	"AWS::IAM::Role": "RoleName", "AWS::IAM::User": "UserName", "AWS::IAM::Group": "GroupName",
	"AWS::IAM::ManagedPolicy": "ManagedPolicyName", "AWS::IAM::InstanceProfile": "InstanceProfileName",
	"AWS::IAM::Policy": "", "AWS::IAM::AccessKey": "", "AWS::IAM::UserToGroupAddition": "",
}

// RequiredCapabilities lists what a template needs acknowledged.
func RequiredCapabilities(p *Prepared) []string {
	var caps []string
	if len(p.Template.Transforms) > 0 {
		caps = append(caps, "CAPABILITY_AUTO_EXPAND")
	}
	iam, named := false, false
	for _, r := range p.Template.Resources {
		nameProp, ok := IamTypes[r.Type]
		if !ok {
			continue
		}
		iam = true
		if nameProp != "" {
			if _, has := r.Properties[nameProp]; has {
				named = true
			}
		}
	}
	switch {
	case named:
		caps = append(caps, "CAPABILITY_NAMED_IAM")
	case iam:
		caps = append(caps, "CAPABILITY_IAM")
	}
	sort.Strings(caps)
	return caps
}

// CheckCapabilities answers InsufficientCapabilitiesException like AWS.
func CheckCapabilities(p *Prepared, given []string) error {
	var missing []string
	for _, c := range RequiredCapabilities(p) {
		ok := slices.Contains(given, c)
		if c == "CAPABILITY_IAM" && slices.Contains(given, "CAPABILITY_NAMED_IAM") {
			ok = true
		}
		if !ok {
			missing = append(missing, c)
		}
	}
	if len(missing) > 0 {
		return wire.NewError(400, "InsufficientCapabilitiesException", "Requires capabilities : [%s]", strings.Join(missing, ", "))
	}
	return nil
}
