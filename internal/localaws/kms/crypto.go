package kms

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/json"
	"maps"
	"slices"

	"github.com/panther-operator/panther-operator/internal/localaws/internal/wire"
)

// A ciphertext blob is: blobVersion, the length of the key ID, the key ID,
// the GCM nonce and the sealed plaintext with its tag. The additional data
// is the encryption context, canonically encoded.
const (
	blobVersion  = 1
	nonceSize    = 12
	maxPlaintext = 4096
	algorithm    = "SYMMETRIC_DEFAULT"
)

// contextAAD encodes an encryption context canonically (sorted keys).
func contextAAD(ec map[string]string) []byte {
	if len(ec) == 0 {
		return nil
	}
	pairs := make([][2]string, 0, len(ec))
	for _, k := range slices.Sorted(maps.Keys(ec)) {
		pairs = append(pairs, [2]string{k, ec[k]})
	}
	data, _ := json.Marshal(pairs)
	return data
}

func (k *Key) aead() cipher.AEAD {
	block, err := aes.NewCipher(k.Secret)
	if err != nil {
		panic(err) // the secret is always 32 bytes
	}
	g, err := cipher.NewGCM(block)
	if err != nil {
		panic(err)
	}
	return g
}

// seal encrypts plaintext under the key, bound to the context.
func (k *Key) seal(plaintext []byte, ec map[string]string) []byte {
	blob := append([]byte{blobVersion, byte(len(k.ID))}, k.ID...)
	nonce := make([]byte, nonceSize)
	_, _ = rand.Read(nonce)
	blob = append(blob, nonce...)
	return k.aead().Seal(blob, nonce, plaintext, contextAAD(ec))
}

func invalidCiphertext() *wire.Error {
	return kmsError("InvalidCiphertextException", "")
}

// blobKeyID reads the key ID a ciphertext blob names.
func blobKeyID(blob []byte) (string, error) {
	if len(blob) < 2 || blob[0] != blobVersion || len(blob) < 2+int(blob[1])+nonceSize {
		return "", invalidCiphertext()
	}
	return string(blob[2 : 2+int(blob[1])]), nil
}

// open decrypts a blob sealed under k with the context.
func (k *Key) open(blob []byte, ec map[string]string) ([]byte, error) {
	rest := blob[2+int(blob[1]):]
	plain, err := k.aead().Open(nil, rest[:nonceSize], rest[nonceSize:], contextAAD(ec))
	if err != nil {
		return nil, invalidCiphertext()
	}
	return plain, nil
}

// unseal finds a blob's key and decrypts it. want, when not empty, is the
// key the caller expects (IncorrectKeyException otherwise).
func (req *request) unseal(blob []byte, ec map[string]string, want string) (*Key, []byte, error) {
	id, err := blobKeyID(blob)
	if err != nil {
		return nil, nil, err
	}
	if want != "" {
		w, err := req.key(want)
		if err != nil {
			return nil, nil, err
		}
		if w.ID != id {
			return nil, nil, kmsError("IncorrectKeyException",
				"The key ID in the request does not identify a CMK that can perform this operation.")
		}
	}
	k, err := req.key(id)
	if err != nil {
		return nil, nil, invalidCiphertext()
	}
	if k, err = req.usableKey(k.ID); err != nil {
		return nil, nil, err
	}
	plain, err := k.open(blob, ec)
	return k, plain, err
}

func checkAlgorithm(alg string) error {
	if alg != "" && alg != algorithm {
		return kmsError("InvalidKeyUsageException", "Encryption algorithm %s is not supported by symmetric keys", alg)
	}
	return nil
}

func encrypt(req *request) error {
	var in struct {
		KeyId               string
		Plaintext           []byte
		EncryptionContext   map[string]string
		EncryptionAlgorithm string
	}
	if err := req.decode(&in); err != nil {
		return err
	}
	if err := checkAlgorithm(in.EncryptionAlgorithm); err != nil {
		return err
	}
	if len(in.Plaintext) == 0 || len(in.Plaintext) > maxPlaintext {
		return validation("1 validation error detected: Value at 'plaintext' failed to satisfy constraint: Member must have length between 1 and 4096")
	}
	k, err := req.usableKey(in.KeyId)
	if err != nil {
		return err
	}
	return req.ReplyJSON(map[string]any{"CiphertextBlob": k.seal(in.Plaintext, in.EncryptionContext), "KeyId": k.Arn(),
		"EncryptionAlgorithm": algorithm})
}

func decrypt(req *request) error {
	var in struct {
		KeyId               string
		CiphertextBlob      []byte
		EncryptionContext   map[string]string
		EncryptionAlgorithm string
	}
	if err := req.decode(&in); err != nil {
		return err
	}
	if err := checkAlgorithm(in.EncryptionAlgorithm); err != nil {
		return err
	}
	k, plain, err := req.unseal(in.CiphertextBlob, in.EncryptionContext, in.KeyId)
	if err != nil {
		return err
	}
	return req.ReplyJSON(map[string]any{"KeyId": k.Arn(), "Plaintext": plain, "EncryptionAlgorithm": algorithm})
}

func reEncrypt(req *request) error {
	var in struct {
		CiphertextBlob               []byte
		SourceEncryptionContext      map[string]string
		SourceKeyId                  string
		DestinationKeyId             string
		DestinationEncryptionContext map[string]string
	}
	if err := req.decode(&in); err != nil {
		return err
	}
	src, plain, err := req.unseal(in.CiphertextBlob, in.SourceEncryptionContext, in.SourceKeyId)
	if err != nil {
		return err
	}
	dst, err := req.usableKey(in.DestinationKeyId)
	if err != nil {
		return err
	}
	return req.ReplyJSON(map[string]any{"CiphertextBlob": dst.seal(plain, in.DestinationEncryptionContext),
		"SourceKeyId": src.Arn(), "KeyId": dst.Arn(),
		"SourceEncryptionAlgorithm": algorithm, "DestinationEncryptionAlgorithm": algorithm})
}

// dataKey makes a data key for GenerateDataKey(WithoutPlaintext).
func (req *request) dataKey() (*Key, []byte, []byte, error) {
	var in struct {
		KeyId             string
		NumberOfBytes     int
		KeySpec           string
		EncryptionContext map[string]string
	}
	if err := req.decode(&in); err != nil {
		return nil, nil, nil, err
	}
	n, err := dataKeySize(in.NumberOfBytes, in.KeySpec)
	if err != nil {
		return nil, nil, nil, err
	}
	k, err := req.usableKey(in.KeyId)
	if err != nil {
		return nil, nil, nil, err
	}
	plain := make([]byte, n)
	_, _ = rand.Read(plain)
	return k, plain, k.seal(plain, in.EncryptionContext), nil
}

// dataKeySize is the length of a data key: NumberOfBytes (1–1024) or
// KeySpec's, exactly one of them.
func dataKeySize(n int, spec string) (int, error) {
	switch {
	case n != 0 && spec != "":
		return 0, validation("Please specify either number of bytes or key spec.")
	case spec == "AES_256":
		return 32, nil
	case spec == "AES_128":
		return 16, nil
	case spec != "":
		return 0, validation("1 validation error detected: Value '%s' at 'keySpec' failed to satisfy constraint: Member must satisfy enum value set: [AES_256, AES_128]", spec)
	case n < 1 || n > 1024:
		return 0, validation("Please specify either number of bytes or key spec.")
	}
	return n, nil
}

func generateDataKey(req *request) error {
	k, plain, blob, err := req.dataKey()
	if err != nil {
		return err
	}
	return req.ReplyJSON(map[string]any{"CiphertextBlob": blob, "Plaintext": plain, "KeyId": k.Arn()})
}

func generateDataKeyWithoutPlaintext(req *request) error {
	k, _, blob, err := req.dataKey()
	if err != nil {
		return err
	}
	return req.ReplyJSON(map[string]any{"CiphertextBlob": blob, "KeyId": k.Arn()})
}

func generateRandom(req *request) error {
	var in struct{ NumberOfBytes int }
	if err := req.decode(&in); err != nil {
		return err
	}
	if in.NumberOfBytes < 1 || in.NumberOfBytes > 1024 {
		return validation("1 validation error detected: Value '%d' at 'numberOfBytes' failed to satisfy constraint: Member must have value between 1 and 1024", in.NumberOfBytes)
	}
	b := make([]byte, in.NumberOfBytes)
	_, _ = rand.Read(b)
	return req.ReplyJSON(map[string]any{"Plaintext": b})
}
