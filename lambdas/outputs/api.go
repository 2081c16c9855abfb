// Package outputs is panther-outputs-api: the destinations alerts are delivered to. Each
// output's config is validated for its type, encrypted as a whole (the table holds only the
// ciphertext) and redacted in every answer the web app sees; only getOutputsWithSecrets, which
// the delivery function calls, returns the secrets. It runs behind the one-key request format
// of lambdas/api/outputsapi.
package outputs

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"time"

	"github.com/panther-operator/panther-operator/lambdas/api/outputsapi"
)

// Item is an output as the store keeps it: the metadata in the clear, the config encrypted.
type Item struct {
	OutputID           string    `dynamodbav:"outputId"`
	DisplayName        string    `dynamodbav:"displayName"`
	OutputType         string    `dynamodbav:"outputType"`
	DefaultForSeverity []string  `dynamodbav:"defaultForSeverity"`
	AlertTypes         []string  `dynamodbav:"alertTypes"`
	CreatedBy          string    `dynamodbav:"createdBy"`
	CreationTime       time.Time `dynamodbav:"creationTime"`
	LastModifiedBy     string    `dynamodbav:"lastModifiedBy"`
	LastModifiedTime   time.Time `dynamodbav:"lastModifiedTime"`
	EncryptedConfig    []byte    `dynamodbav:"encryptedConfig"`
}

// Store keeps the items (the panther-outputs table, keyed by outputId).
type Store interface {
	// CreateOutput writes a new item; ErrExists when its ID is taken.
	CreateOutput(ctx context.Context, item *Item) error
	// ReplaceOutput rewrites an existing item; ErrNotFound when there is none.
	ReplaceOutput(ctx context.Context, item *Item) error
	// GetOutput reads one; ErrNotFound when there is none.
	GetOutput(ctx context.Context, id string) (*Item, error)
	ListOutputs(ctx context.Context) ([]Item, error)
	// DeleteOutput removes one; ErrNotFound when there is none.
	DeleteOutput(ctx context.Context, id string) error
}

// Encrypter seals configs with the outputs' KMS key.
type Encrypter interface {
	Encrypt(ctx context.Context, plaintext []byte) ([]byte, error)
	Decrypt(ctx context.Context, ciphertext []byte) ([]byte, error)
}

// maxConfigBytes is the most KMS encrypts directly.
const maxConfigBytes = 4096

// Store answers.
var (
	ErrNotFound = errors.New("output not found")
	ErrExists   = errors.New("output already exists")
)

// API handles outputs-api requests.
type API struct {
	Store     Store
	Encrypter Encrypter
	Now       func() time.Time
	// NewID gives a new output's ID, a UUIDv4.
	NewID func() string
}

func invalid(format string, args ...any) error {
	return &outputsapi.Error{Type: "InvalidInputError", Message: fmt.Sprintf(format, args...)}
}

func doesNotExist(id string) error {
	return &outputsapi.Error{Type: "DoesNotExistError", Message: "output " + id + " does not exist"}
}

// Handle runs the one operation the request names.
func (a *API) Handle(ctx context.Context, req *outputsapi.Request) (any, error) {
	switch {
	case req.AddOutput != nil:
		return a.add(ctx, req.AddOutput)
	case req.UpdateOutput != nil:
		return a.update(ctx, req.UpdateOutput)
	case req.GetOutput != nil:
		return a.get(ctx, req.GetOutput.OutputID)
	case req.DeleteOutput != nil:
		return nil, a.delete(ctx, req.DeleteOutput.OutputID)
	case req.GetOutputs != nil:
		return a.list(ctx, true)
	case req.GetOutputsWithSecrets != nil:
		return a.list(ctx, false)
	}
	return nil, invalid("the request names no operation: send one of addOutput, updateOutput, getOutput, deleteOutput, getOutputs, getOutputsWithSecrets")
}

func (a *API) add(ctx context.Context, in *outputsapi.AddOutputInput) (*outputsapi.Output, error) {
	typ, err := configType(in.OutputConfig)
	if err != nil {
		return nil, err
	}
	if in.OutputType != "" && in.OutputType != typ {
		return nil, invalid("outputType: %q does not match the config given, which is %s", in.OutputType, typ)
	}
	now := a.Now().UTC()
	out := &outputsapi.Output{OutputID: a.NewID(), DisplayName: strings.TrimSpace(in.DisplayName), OutputType: typ,
		DefaultForSeverity: in.DefaultForSeverity, AlertTypes: in.AlertTypes, CreatedBy: in.UserID, CreationTime: now,
		LastModifiedBy: in.UserID, LastModifiedTime: now, OutputConfig: in.OutputConfig}
	if err := a.check(ctx, out); err != nil {
		return nil, err
	}
	item, err := a.seal(ctx, out)
	if err != nil {
		return nil, err
	}
	if err := a.Store.CreateOutput(ctx, item); err != nil {
		return nil, err
	}
	return redacted(out), nil
}

func (a *API) update(ctx context.Context, in *outputsapi.UpdateOutputInput) (*outputsapi.Output, error) {
	if in.OutputID == "" {
		return nil, invalid("outputId is required")
	}
	typ, err := configType(in.OutputConfig)
	if err != nil {
		return nil, err
	}
	stored, err := a.read(ctx, in.OutputID)
	if err != nil {
		return nil, err
	}
	if typ != stored.OutputType {
		return nil, invalid("outputConfig: an output's type cannot change (this one is %s, the config given is %s)", stored.OutputType, typ)
	}
	keepStoredSecrets(in.OutputConfig, stored.OutputConfig)
	out := *stored
	out.DisplayName, out.OutputConfig = strings.TrimSpace(in.DisplayName), in.OutputConfig
	out.DefaultForSeverity, out.AlertTypes = in.DefaultForSeverity, in.AlertTypes
	out.LastModifiedBy, out.LastModifiedTime = in.UserID, a.Now().UTC()
	if err := a.check(ctx, &out); err != nil {
		return nil, err
	}
	item, err := a.seal(ctx, &out)
	if err != nil {
		return nil, err
	}
	if err := a.Store.ReplaceOutput(ctx, item); err != nil {
		if errors.Is(err, ErrNotFound) {
			return nil, doesNotExist(in.OutputID)
		}
		return nil, err
	}
	return redacted(&out), nil
}

func (a *API) get(ctx context.Context, id string) (*outputsapi.Output, error) {
	if id == "" {
		return nil, invalid("outputId is required")
	}
	out, err := a.read(ctx, id)
	if err != nil {
		return nil, err
	}
	return redacted(out), nil
}

func (a *API) delete(ctx context.Context, id string) error {
	if id == "" {
		return invalid("outputId is required")
	}
	err := a.Store.DeleteOutput(ctx, id)
	if errors.Is(err, ErrNotFound) {
		return doesNotExist(id)
	}
	return err
}

// list answers every output by display name, redacted or with its secrets.
func (a *API) list(ctx context.Context, redact bool) ([]outputsapi.Output, error) {
	items, err := a.Store.ListOutputs(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]outputsapi.Output, 0, len(items))
	for i := range items {
		o, err := a.open(ctx, &items[i])
		if err != nil {
			// One output that cannot be opened must not stop delivery to all the others.
			slog.Error("Skipping an output whose configuration cannot be opened", "outputId", items[i].OutputID, "error", err)
			continue
		}
		if redact {
			o = redacted(o)
		}
		out = append(out, *o)
	}
	slices.SortFunc(out, func(x, y outputsapi.Output) int {
		return strings.Compare(strings.ToLower(x.DisplayName), strings.ToLower(y.DisplayName))
	})
	return out, nil
}

// read is one stored output with its secrets.
func (a *API) read(ctx context.Context, id string) (*outputsapi.Output, error) {
	item, err := a.Store.GetOutput(ctx, id)
	if errors.Is(err, ErrNotFound) {
		return nil, doesNotExist(id)
	}
	if err != nil {
		return nil, err
	}
	return a.open(ctx, item)
}

// check validates an output and defaults its alert types; display names are unique, whatever
// their case.
func (a *API) check(ctx context.Context, out *outputsapi.Output) error {
	if len(out.AlertTypes) == 0 {
		out.AlertTypes = slices.Clone(alertTypes)
	}
	if out.DefaultForSeverity == nil {
		out.DefaultForSeverity = []string{}
	}
	if err := validate(out); err != nil {
		return err
	}
	items, err := a.Store.ListOutputs(ctx)
	if err != nil {
		return err
	}
	for _, other := range items {
		if other.OutputID != out.OutputID && strings.EqualFold(other.DisplayName, out.DisplayName) {
			return &outputsapi.Error{Type: "AlreadyExistsError", Message: fmt.Sprintf("displayName: %q is already the name of another output", out.DisplayName)}
		}
	}
	return nil
}

// seal is the item of an output: its config encrypted as one JSON document.
func (a *API) seal(ctx context.Context, out *outputsapi.Output) (*Item, error) {
	plain, err := json.Marshal(out.OutputConfig)
	if err != nil {
		return nil, err
	}
	if len(plain) > maxConfigBytes {
		return nil, invalid("outputConfig: at most %d bytes as JSON", maxConfigBytes)
	}
	sealed, err := a.Encrypter.Encrypt(ctx, plain)
	if err != nil {
		return nil, fmt.Errorf("encrypting the config of output %s: %w", out.OutputID, err)
	}
	return &Item{OutputID: out.OutputID, DisplayName: out.DisplayName, OutputType: out.OutputType,
		DefaultForSeverity: out.DefaultForSeverity, AlertTypes: out.AlertTypes, CreatedBy: out.CreatedBy,
		CreationTime: out.CreationTime, LastModifiedBy: out.LastModifiedBy, LastModifiedTime: out.LastModifiedTime,
		EncryptedConfig: sealed}, nil
}

// open is the output an item holds, with its config decrypted.
func (a *API) open(ctx context.Context, item *Item) (*outputsapi.Output, error) {
	plain, err := a.Encrypter.Decrypt(ctx, item.EncryptedConfig)
	if err != nil {
		return nil, fmt.Errorf("decrypting the config of output %s: %w", item.OutputID, err)
	}
	var cfg outputsapi.OutputConfig
	if err := json.Unmarshal(plain, &cfg); err != nil {
		return nil, fmt.Errorf("the config of output %s is not an output config: %w", item.OutputID, err)
	}
	return &outputsapi.Output{OutputID: item.OutputID, DisplayName: item.DisplayName, OutputType: item.OutputType,
		DefaultForSeverity: nonNil(item.DefaultForSeverity), AlertTypes: nonNil(item.AlertTypes), CreatedBy: item.CreatedBy,
		CreationTime: item.CreationTime, LastModifiedBy: item.LastModifiedBy, LastModifiedTime: item.LastModifiedTime,
		OutputConfig: &cfg}, nil
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// NewOutputID is a random UUIDv4, the form of output IDs.
func NewOutputID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6], b[8] = b[6]&0x0f|0x40, b[8]&0x3f|0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:])
}
