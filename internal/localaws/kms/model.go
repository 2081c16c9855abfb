// Package kms emulates the AWS KMS JSON 1.1 API for symmetric keys: keys
// with their lifecycle (enabled, disabled, pending deletion), aliases, tags
// and key policies, and real authenticated encryption. Each key has a
// 256-bit secret generated at CreateKey; Encrypt, GenerateDataKey and
// ReEncrypt seal with AES-256-GCM under it, binding the encryption context
// as additional data, and the ciphertext blob names its key, so Decrypt
// needs no KeyId, as on AWS.
package kms

import (
	"net/http"
	"strings"
	"time"

	"github.com/panther-operator/panther-operator/internal/localaws/internal/state"
	"github.com/panther-operator/panther-operator/internal/localaws/internal/wire"
)

// Key states, as KeyMetadata reports them.
const (
	stateEnabled         = "Enabled"
	stateDisabled        = "Disabled"
	statePendingDeletion = "PendingDeletion"
)

// Key is a symmetric KMS key.
type Key struct {
	ID           string            `json:"id"`
	Account      string            `json:"account"`
	Region       string            `json:"region"`
	Description  string            `json:"description,omitempty"`
	Policy       string            `json:"policy"`
	Tags         map[string]string `json:"tags,omitempty"`
	State        string            `json:"state"`
	Created      time.Time         `json:"created"`
	DeletionDate time.Time         `json:"deletionDate,omitzero"`
	// PendingWindow is the days of a scheduled deletion.
	PendingWindow int `json:"pendingWindow,omitempty"`
	// Secret is the key material, 32 bytes.
	Secret []byte `json:"secret"`
}

// Alias names a key.
type Alias struct {
	Name    string    `json:"name"`
	KeyID   string    `json:"keyId"`
	Created time.Time `json:"created"`
	Updated time.Time `json:"updated"`
}

// Arn is the key's ARN.
func (k *Key) Arn() string { return arn(k.Region, k.Account, "key/"+k.ID) }

func arn(region, account, resource string) string {
	return "arn:" + wire.Partition(region) + ":kms:" + region + ":" + account + ":" + resource
}

// The state tables of KMS, per region: keys by ID, aliases by name
// (alias/…).
var (
	keyTable   = state.NewTable[*Key]("kmsKeys", state.PerRegion)
	aliasTable = state.NewTable[*Alias]("kmsAliases", state.PerRegion)
)

// Tables are the state tables of KMS.
func Tables() []state.Declared { return []state.Declared{keyTable, aliasTable} }

// Service implements the KMS JSON 1.1 API and the backend methods
// CloudFormation uses.
type Service struct {
	store *state.Store
	now   func() time.Time
}

// New returns the KMS service keeping its keys in store.
func New(store *state.Store) *Service { return &Service{store: store, now: time.Now} }

func (s *Service) keys(account, region string) map[string]*Key {
	return keyTable.Region(s.store.State(), account, region)
}

func (s *Service) aliases(account, region string) map[string]*Alias {
	return aliasTable.Region(s.store.State(), account, region)
}

// request is a call to KMS.
type request struct {
	*wire.Request
	svc *Service
}

type handlerFunc func(req *request) error

var handlers = map[string]handlerFunc{
	"CreateKey":                       createKey,
	"DescribeKey":                     describeKey,
	"ListKeys":                        listKeys,
	"EnableKey":                       enableKey,
	"DisableKey":                      disableKey,
	"ScheduleKeyDeletion":             scheduleKeyDeletion,
	"CancelKeyDeletion":               cancelKeyDeletion,
	"GetKeyPolicy":                    getKeyPolicy,
	"PutKeyPolicy":                    putKeyPolicy,
	"TagResource":                     tagResource,
	"UntagResource":                   untagResource,
	"ListResourceTags":                listResourceTags,
	"CreateAlias":                     createAlias,
	"DeleteAlias":                     deleteAlias,
	"UpdateAlias":                     updateAlias,
	"ListAliases":                     listAliases,
	"Encrypt":                         encrypt,
	"Decrypt":                         decrypt,
	"ReEncrypt":                       reEncrypt,
	"GenerateDataKey":                 generateDataKey,
	"GenerateDataKeyWithoutPlaintext": generateDataKeyWithoutPlaintext,
	"GenerateRandom":                  generateRandom,
}

// Resolve implements wire.Service: the resource is the key or alias a
// request names.
func (s *Service) Resolve(req *wire.Request) (string, string) {
	return wire.ResolveTarget(req, handlers, "KeyId", "AliasName", "DestinationKeyId", "SourceKeyId")
}

// Serve implements wire.Service.
func (s *Service) Serve(req *wire.Request) error {
	return handlers[req.Operation](&request{Request: req, svc: s})
}

func (req *request) decode(v any) error { return req.DecodeJSON(v) }

func kmsError(code, format string, args ...any) *wire.Error {
	return wire.NewError(http.StatusBadRequest, code, format, args...)
}

func notFound(format string, args ...any) *wire.Error {
	return kmsError("NotFoundException", format, args...)
}

func validation(format string, args ...any) *wire.Error {
	return kmsError("ValidationException", format, args...)
}

func invalidState(k *Key) *wire.Error {
	if k.State == statePendingDeletion {
		return kmsError("KMSInvalidStateException", "%s is pending deletion.", k.Arn())
	}
	return kmsError("KMSInvalidStateException", "%s is %s.", k.Arn(), strings.ToLower(k.State))
}

// lookup finds a key by ID, key ARN, alias name or alias ARN, in the
// caller's account and region or in the ones an ARN names.
func (s *Service) lookup(account, region, ref string) (*Key, error) {
	if ref == "" {
		return nil, validation("1 validation error detected: Value null at 'keyId' failed to satisfy constraint: Member must not be null")
	}
	id := ref
	if strings.HasPrefix(ref, "arn:") {
		parts := strings.SplitN(ref, ":", 6)
		if len(parts) != 6 || parts[2] != "kms" {
			return nil, notFound("Invalid arn %s", ref)
		}
		region, account, id = parts[3], parts[4], parts[5]
		id = strings.TrimPrefix(id, "key/")
	}
	if strings.HasPrefix(id, "alias/") {
		a, ok := aliasTable.Region(s.store.State(), account, region)[id]
		if !ok {
			return nil, notFound("Alias %s is not found.", arn(region, account, id))
		}
		id = a.KeyID
	}
	k, ok := keyTable.Region(s.store.State(), account, region)[id]
	if !ok {
		return nil, notFound("Key '%s' does not exist", arn(region, account, "key/"+id))
	}
	return k, nil
}

// key finds the key a request names.
func (req *request) key(ref string) (*Key, error) {
	return req.svc.lookup(req.Account, req.Region, ref)
}

// usableKey finds a key for a cryptographic operation: it must be enabled.
func (req *request) usableKey(ref string) (*Key, error) {
	k, err := req.key(ref)
	if err != nil {
		return nil, err
	}
	switch k.State {
	case stateEnabled:
		return k, nil
	case stateDisabled:
		return nil, kmsError("DisabledException", "%s is disabled.", k.Arn())
	}
	return nil, invalidState(k)
}
