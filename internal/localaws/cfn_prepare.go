package localaws

import (
	"crypto/sha256"
	"encoding/json"
	"slices"
	"sort"
	"strings"
	"sync"
)

// preparedTemplate is a template as submitted and after transforms.
type preparedTemplate struct {
	original  string
	processed string
	tmpl      *template
}

// templateCache keeps parsed templates by content: stack operations look
// at their template on every step, and parsing a large YAML template is
// far costlier than the step itself. Parsed templates are never modified.
var templateCache = struct {
	sync.Mutex
	byHash map[[sha256.Size]byte]*preparedTemplate
}{byHash: map[[sha256.Size]byte]*preparedTemplate{}}

// maxCachedTemplates bounds the cache; it is simply emptied when full.
const maxCachedTemplates = 512

// prepareTemplate parses a template and applies the SAM transform.
func prepareTemplate(source string) (*preparedTemplate, error) {
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

func parsePrepared(source string) (*preparedTemplate, error) {
	root, err := decodeTemplate(source)
	if err != nil {
		return nil, err
	}
	processed := source
	transforms := stringList(root["Transform"])
	if len(transforms) > 0 {
		for _, tr := range transforms {
			if tr != samTransform {
				return nil, validationError("Template format error: Unsupported transform %s", tr)
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
	return &preparedTemplate{original: source, processed: processed, tmpl: t}, nil
}

// iamTypes need CAPABILITY_IAM; with a custom name, CAPABILITY_NAMED_IAM.
var iamTypes = map[string]string{
	"AWS::IAM::Role": "RoleName", "AWS::IAM::User": "UserName", "AWS::IAM::Group": "GroupName",
	"AWS::IAM::ManagedPolicy": "ManagedPolicyName", "AWS::IAM::InstanceProfile": "InstanceProfileName",
	"AWS::IAM::Policy": "", "AWS::IAM::AccessKey": "", "AWS::IAM::UserToGroupAddition": "",
}

// requiredCapabilities lists what a template needs acknowledged.
func requiredCapabilities(p *preparedTemplate) []string {
	var caps []string
	if len(p.tmpl.Transforms) > 0 {
		caps = append(caps, "CAPABILITY_AUTO_EXPAND")
	}
	iam, named := false, false
	for _, r := range p.tmpl.Resources {
		nameProp, ok := iamTypes[r.Type]
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

// checkCapabilities answers InsufficientCapabilitiesException like AWS.
func checkCapabilities(p *preparedTemplate, given []string) error {
	var missing []string
	for _, c := range requiredCapabilities(p) {
		ok := slices.Contains(given, c)
		if c == "CAPABILITY_IAM" && slices.Contains(given, "CAPABILITY_NAMED_IAM") {
			ok = true
		}
		if !ok {
			missing = append(missing, c)
		}
	}
	if len(missing) > 0 {
		return newError(400, "InsufficientCapabilitiesException", "Requires capabilities : [%s]", strings.Join(missing, ", "))
	}
	return nil
}
