package kms

import (
	"maps"
	"regexp"
	"slices"
	"strings"

	"github.com/panther-operator/panther-operator/internal/localaws/internal/wire"
)

var aliasPattern = regexp.MustCompile(`^alias/[a-zA-Z0-9/_-]{1,250}$`)

func checkAliasName(name string) error {
	if !aliasPattern.MatchString(name) {
		return kmsError("ValidationException", "1 validation error detected: Value '%s' at 'aliasName' failed to satisfy constraint: Member must satisfy regular expression pattern: ^alias/[a-zA-Z0-9/_-]+$", name)
	}
	if strings.HasPrefix(name, "alias/aws/") {
		return kmsError("NotAuthorizedException", "Cannot create alias with prefix 'alias/aws/'")
	}
	return nil
}

// putAlias points a new alias at a key; a key pending deletion refuses.
func (s *Service) putAlias(account, region, name, target string) error {
	if err := checkAliasName(name); err != nil {
		return err
	}
	aliases := s.aliases(account, region)
	if _, exists := aliases[name]; exists {
		return kmsError("AlreadyExistsException", "An alias with the name %s already exists", arn(region, account, name))
	}
	k, err := s.targetKey(account, region, target)
	if err != nil {
		return err
	}
	now := s.now().UTC()
	aliases[name] = &Alias{Name: name, KeyID: k.ID, Created: now, Updated: now}
	return nil
}

// targetKey is the key an alias may point at: by ID or key ARN, not
// pending deletion.
func (s *Service) targetKey(account, region, target string) (*Key, error) {
	if strings.Contains(target, "alias/") {
		return nil, validation("Aliases must refer to keys. Not aliases")
	}
	k, err := s.lookup(account, region, target)
	if err != nil {
		return nil, err
	}
	if k.State == statePendingDeletion {
		return nil, invalidState(k)
	}
	return k, nil
}

// retarget points an existing alias at another key.
func (s *Service) retarget(account, region, name, target string) error {
	a, ok := s.aliases(account, region)[name]
	if !ok {
		return notFound("Alias %s is not found.", arn(region, account, name))
	}
	k, err := s.targetKey(account, region, target)
	if err != nil {
		return err
	}
	a.KeyID, a.Updated = k.ID, s.now().UTC()
	return nil
}

type aliasInput struct {
	AliasName   string
	TargetKeyId string
}

func createAlias(req *request) error {
	var in aliasInput
	if err := req.decode(&in); err != nil {
		return err
	}
	if err := req.svc.putAlias(req.Account, req.Region, in.AliasName, in.TargetKeyId); err != nil {
		return err
	}
	return req.ReplyJSON(nil)
}

func updateAlias(req *request) error {
	var in aliasInput
	if err := req.decode(&in); err != nil {
		return err
	}
	if err := req.svc.retarget(req.Account, req.Region, in.AliasName, in.TargetKeyId); err != nil {
		return err
	}
	return req.ReplyJSON(nil)
}

func deleteAlias(req *request) error {
	var in aliasInput
	if err := req.decode(&in); err != nil {
		return err
	}
	aliases := req.svc.aliases(req.Account, req.Region)
	if _, ok := aliases[in.AliasName]; !ok {
		return notFound("Alias %s is not found.", arn(req.Region, req.Account, in.AliasName))
	}
	delete(aliases, in.AliasName)
	return req.ReplyJSON(nil)
}

func listAliases(req *request) error {
	var in struct {
		KeyId  string
		Limit  int
		Marker string
	}
	if err := req.decode(&in); err != nil {
		return err
	}
	keyID := ""
	if in.KeyId != "" {
		k, err := req.key(in.KeyId)
		if err != nil {
			return err
		}
		keyID = k.ID
	}
	aliases := req.svc.aliases(req.Account, req.Region)
	var list []map[string]any
	for _, name := range slices.Sorted(maps.Keys(aliases)) {
		a := aliases[name]
		if keyID != "" && a.KeyID != keyID {
			continue
		}
		list = append(list, map[string]any{"AliasName": a.Name, "AliasArn": arn(req.Region, req.Account, a.Name),
			"TargetKeyId": a.KeyID, "CreationDate": wire.Epoch(a.Created), "LastUpdatedDate": wire.Epoch(a.Updated)})
	}
	list, next, err := page(list, in.Limit, in.Marker)
	if err != nil {
		return err
	}
	if list == nil {
		list = []map[string]any{}
	}
	return pageReply(req, "Aliases", list, next)
}
