package kms

import (
	"crypto/rand"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/panther-operator/panther-operator/internal/localaws/internal/wire"
)

// tag is a KMS tag as the API carries it.
type tag struct {
	TagKey   string
	TagValue string
}

func tagMap(tags []tag) map[string]string {
	out := map[string]string{}
	for _, t := range tags {
		out[t.TagKey] = t.TagValue
	}
	return out
}

// defaultPolicy is the key policy AWS gives a key created without one:
// the account's root may do everything.
func defaultPolicy(region, account string) string {
	return fmt.Sprintf(`{"Version":"2012-10-17","Id":"key-default-1","Statement":[{"Sid":"Enable IAM User Permissions",`+
		`"Effect":"Allow","Principal":{"AWS":"arn:%s:iam::%s:root"},"Action":"kms:*","Resource":"*"}]}`, wire.Partition(region), account)
}

// newKey creates an enabled symmetric key with fresh key material.
func (s *Service) newKey(account, region, description, policy string, tags map[string]string) *Key {
	if policy == "" {
		policy = defaultPolicy(region, account)
	}
	secret := make([]byte, 32)
	_, _ = rand.Read(secret)
	k := &Key{ID: wire.NewUUID(), Account: account, Region: region, Description: description, Policy: policy,
		Tags: tags, State: stateEnabled, Created: s.now().UTC(), Secret: secret}
	s.keys(account, region)[k.ID] = k
	return k
}

// metadata is a key's KeyMetadata.
func (k *Key) metadata() map[string]any {
	m := map[string]any{
		"AWSAccountId": k.Account, "KeyId": k.ID, "Arn": k.Arn(), "CreationDate": wire.Epoch(k.Created),
		"Enabled": k.State == stateEnabled, "Description": k.Description, "KeyUsage": "ENCRYPT_DECRYPT",
		"KeyState": k.State, "Origin": "AWS_KMS", "KeyManager": "CUSTOMER",
		"CustomerMasterKeySpec": "SYMMETRIC_DEFAULT", "KeySpec": "SYMMETRIC_DEFAULT",
		"EncryptionAlgorithms": []string{"SYMMETRIC_DEFAULT"}, "MultiRegion": false,
	}
	if k.State == statePendingDeletion {
		m["DeletionDate"] = wire.Epoch(k.DeletionDate)
		m["PendingDeletionWindowInDays"] = k.PendingWindow
	}
	return m
}

func createKey(req *request) error {
	var in struct {
		Description, Policy, KeyUsage, KeySpec, CustomerMasterKeySpec, Origin string
		Tags                                                                  []tag
	}
	if err := req.decode(&in); err != nil {
		return err
	}
	if in.KeyUsage != "" && in.KeyUsage != "ENCRYPT_DECRYPT" {
		return validation("localaws supports only ENCRYPT_DECRYPT keys, not %s", in.KeyUsage)
	}
	for _, spec := range []string{in.KeySpec, in.CustomerMasterKeySpec} {
		if spec != "" && spec != "SYMMETRIC_DEFAULT" {
			return validation("localaws supports only SYMMETRIC_DEFAULT keys, not %s", spec)
		}
	}
	if in.Origin != "" && in.Origin != "AWS_KMS" {
		return kmsError("UnsupportedOperationException", "localaws supports only the AWS_KMS origin")
	}
	k := req.svc.newKey(req.Account, req.Region, in.Description, in.Policy, tagMap(in.Tags))
	return req.ReplyJSON(map[string]any{"KeyMetadata": k.metadata()})
}

// keyIDInput is the input of the operations that name only a key.
type keyIDInput struct{ KeyId string }

// namedKey decodes a request naming a key and returns it.
func (req *request) namedKey() (*Key, error) {
	var in keyIDInput
	if err := req.decode(&in); err != nil {
		return nil, err
	}
	return req.key(in.KeyId)
}

func describeKey(req *request) error {
	k, err := req.namedKey()
	if err != nil {
		return err
	}
	return req.ReplyJSON(map[string]any{"KeyMetadata": k.metadata()})
}

// page cuts a sorted list at an index-valued marker.
func page[T any](items []T, limit int, marker string) ([]T, string, error) {
	if limit == 0 {
		limit = 100
	}
	if limit < 1 || limit > 1000 {
		return nil, "", validation("1 validation error detected: Value '%d' at 'limit' failed to satisfy constraint: Member must have value between 1 and 1000", limit)
	}
	page, next, ok := wire.IndexPage(items, limit, marker)
	if !ok {
		return nil, "", kmsError("InvalidMarkerException", "Invalid marker %s", marker)
	}
	return page, next, nil
}

func pageReply(req *request, member string, items any, next string) error {
	out := map[string]any{member: items, "Truncated": next != ""}
	if next != "" {
		out["NextMarker"] = next
	}
	return req.ReplyJSON(out)
}

func listKeys(req *request) error {
	var in struct {
		Limit  int
		Marker string
	}
	if err := req.decode(&in); err != nil {
		return err
	}
	keys := req.svc.keys(req.Account, req.Region)
	ids := slices.Sorted(maps.Keys(keys))
	ids, next, err := page(ids, in.Limit, in.Marker)
	if err != nil {
		return err
	}
	list := make([]map[string]string, len(ids))
	for i, id := range ids {
		list[i] = map[string]string{"KeyId": id, "KeyArn": keys[id].Arn()}
	}
	return pageReply(req, "Keys", list, next)
}

// setEnabled enables or disables a key; a key pending deletion refuses.
func setEnabled(k *Key, enabled bool) error {
	if k.State == statePendingDeletion {
		return invalidState(k)
	}
	k.State = stateDisabled
	if enabled {
		k.State = stateEnabled
	}
	return nil
}

func enableKey(req *request) error  { return toggleKey(req, true) }
func disableKey(req *request) error { return toggleKey(req, false) }

func toggleKey(req *request, enabled bool) error {
	k, err := req.namedKey()
	if err != nil {
		return err
	}
	if err := setEnabled(k, enabled); err != nil {
		return err
	}
	return req.ReplyJSON(nil)
}

// scheduleDeletion puts a key in PendingDeletion for days (7–30; 0 is 30).
func (s *Service) scheduleDeletion(k *Key, days int) error {
	if days == 0 {
		days = 30
	}
	if days < 7 || days > 30 {
		return validation("1 validation error detected: Value '%d' at 'pendingWindowInDays' failed to satisfy constraint: Member must have value between 7 and 30", days)
	}
	if k.State == statePendingDeletion {
		return invalidState(k)
	}
	k.State, k.PendingWindow = statePendingDeletion, days
	k.DeletionDate = s.now().UTC().Add(time.Duration(days) * 24 * time.Hour)
	return nil
}

func scheduleKeyDeletion(req *request) error {
	var in struct {
		KeyId               string
		PendingWindowInDays int
	}
	if err := req.decode(&in); err != nil {
		return err
	}
	k, err := req.key(in.KeyId)
	if err != nil {
		return err
	}
	if err := req.svc.scheduleDeletion(k, in.PendingWindowInDays); err != nil {
		return err
	}
	return req.ReplyJSON(map[string]any{"KeyId": k.Arn(), "DeletionDate": wire.Epoch(k.DeletionDate),
		"KeyState": k.State, "PendingWindowInDays": k.PendingWindow})
}

// cancelKeyDeletion leaves the key disabled, as on AWS.
func cancelKeyDeletion(req *request) error {
	k, err := req.namedKey()
	if err != nil {
		return err
	}
	if k.State != statePendingDeletion {
		return invalidState(k)
	}
	k.State, k.PendingWindow, k.DeletionDate = stateDisabled, 0, time.Time{}
	return req.ReplyJSON(map[string]string{"KeyId": k.Arn()})
}

func getKeyPolicy(req *request) error {
	k, err := req.namedKey()
	if err != nil {
		return err
	}
	return req.ReplyJSON(map[string]string{"Policy": k.Policy, "PolicyName": "default"})
}

func putKeyPolicy(req *request) error {
	var in struct {
		KeyId, Policy, PolicyName string
	}
	if err := req.decode(&in); err != nil {
		return err
	}
	k, err := req.key(in.KeyId)
	if err != nil {
		return err
	}
	if in.Policy == "" {
		return validation("1 validation error detected: Value null at 'policy' failed to satisfy constraint: Member must not be null")
	}
	k.Policy = in.Policy
	return req.ReplyJSON(nil)
}

func tagResource(req *request) error {
	var in struct {
		KeyId string
		Tags  []tag
	}
	if err := req.decode(&in); err != nil {
		return err
	}
	k, err := req.key(in.KeyId)
	if err != nil {
		return err
	}
	if k.Tags == nil {
		k.Tags = map[string]string{}
	}
	maps.Copy(k.Tags, tagMap(in.Tags))
	return req.ReplyJSON(nil)
}

func untagResource(req *request) error {
	var in struct {
		KeyId   string
		TagKeys []string
	}
	if err := req.decode(&in); err != nil {
		return err
	}
	k, err := req.key(in.KeyId)
	if err != nil {
		return err
	}
	for _, key := range in.TagKeys {
		delete(k.Tags, key)
	}
	return req.ReplyJSON(nil)
}

func listResourceTags(req *request) error {
	k, err := req.namedKey()
	if err != nil {
		return err
	}
	tags := []tag{}
	for _, key := range slices.Sorted(maps.Keys(k.Tags)) {
		tags = append(tags, tag{TagKey: key, TagValue: k.Tags[key]})
	}
	return req.ReplyJSON(map[string]any{"Tags": tags, "Truncated": false})
}
