package cognito

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"math/big"
	"slices"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/panther-operator/panther-operator/internal/localaws/internal/wire"
)

// signingKey parses the pool's RSA key, and makes it at its first use: a 2048-bit key takes
// tens of milliseconds under the emulator's one lock, and most pools (those of a benchmark's
// fleet, of most test stacks) never sign a token. Callers hold the state lock.
func (p *Pool) signingKey() (*rsa.PrivateKey, error) {
	if p.Key == "" {
		key, err := rsa.GenerateKey(rand.Reader, 2048)
		if err != nil {
			return nil, err
		}
		p.Key = string(pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(key)}))
		return key, nil
	}
	block, _ := pem.Decode([]byte(p.Key))
	if block == nil {
		return nil, errors.New("cognito: pool " + p.ID + " has no signing key")
	}
	return x509.ParsePKCS1PrivateKey(block.Bytes)
}

// sign signs claims with the pool's key.
func (p *Pool) sign(claims jwt.MapClaims) (string, error) {
	key, err := p.signingKey()
	if err != nil {
		return "", err
	}
	tok := jwt.NewWithClaims(jwt.SigningMethodRS256, claims)
	tok.Header["kid"] = p.KeyID
	return tok.SignedString(key)
}

// grant is one sign-in: who, through which client, and the refresh token it belongs to.
type grant struct {
	pool     *Pool
	client   *Client
	user     *User
	refresh  *RefreshToken
	newToken string // the refresh token value to hand out, empty on refresh
}

// signIn starts a grant with a new refresh token.
func (s *Service) signIn(p *Pool, c *Client, u *User) grant {
	now := time.Now().UTC()
	rt := &RefreshToken{Username: u.Username, ClientID: c.ID, OriginJTI: wire.NewUUID(), AuthTime: now,
		Expires: now.Add(duration(c.RefreshTokenValidity, c.Units["RefreshToken"]))}
	value := "eyJjdHkiOiJKV1QiLCJlbmMiOiJBMjU2R0NNIiwiYWxnIjoiUlNBLU9BRVAifQ." + wire.RandomFrom(wire.Alnum, 200)
	if p.Refresh == nil {
		p.Refresh = map[string]*RefreshToken{}
	}
	p.Refresh[value] = rt
	return grant{pool: p, client: c, user: u, refresh: rt, newToken: value}
}

// result is the AuthenticationResult of a grant: new ID and access tokens.
func (s *Service) result(g grant) (map[string]any, error) {
	now := time.Now().UTC()
	c, u := g.client, g.user
	common := jwt.MapClaims{"sub": u.Sub, "iss": s.Issuer(g.pool.ID), "origin_jti": g.refresh.OriginJTI,
		"event_id": wire.NewUUID(), "auth_time": g.refresh.AuthTime.Unix(), "iat": now.Unix()}
	if len(u.Groups) > 0 {
		common["cognito:groups"] = slices.Clone(u.Groups)
	}
	id := jwt.MapClaims{"aud": c.ID, "token_use": "id", "cognito:username": u.Username, "jti": wire.NewUUID(),
		"exp": now.Add(duration(c.IDTokenValidity, c.Units["IdToken"])).Unix()}
	for name, v := range u.Attributes {
		if name == "email_verified" || name == "phone_number_verified" {
			id[name] = v == "true"
		} else {
			id[name] = v
		}
	}
	accessTTL := duration(c.AccessTokenValidity, c.Units["AccessToken"])
	access := jwt.MapClaims{"client_id": c.ID, "token_use": "access", "scope": "aws.cognito.signin.user.admin",
		"username": u.Username, "jti": wire.NewUUID(), "exp": now.Add(accessTTL).Unix()}
	for k, v := range common {
		id[k], access[k] = v, v
	}
	idToken, err := g.pool.sign(id)
	if err != nil {
		return nil, err
	}
	accessToken, err := g.pool.sign(access)
	if err != nil {
		return nil, err
	}
	out := map[string]any{"IdToken": idToken, "AccessToken": accessToken, "ExpiresIn": int(accessTTL.Seconds()),
		"TokenType": "Bearer"}
	if g.newToken != "" {
		out["RefreshToken"] = g.newToken
	}
	return out, nil
}

// revoke drops a user's refresh tokens, and so the ID and access tokens issued with them.
func (p *Pool) revoke(username string) {
	for value, rt := range p.Refresh {
		if rt.Username == username {
			delete(p.Refresh, value)
		}
	}
}

// live reports whether tokens of an origin JTI are still valid (not signed out).
func (p *Pool) live(originJTI string) bool {
	for _, rt := range p.Refresh {
		if rt.OriginJTI == originJTI {
			return true
		}
	}
	return false
}

// errTokenRevoked is a token whose sign-in was revoked.
var errTokenRevoked = errors.New("token has been revoked")

// Verify checks a token of one of the service's pools: signature, issuer, expiry and
// revocation; tokenUse, when set, is the token_use it must have. It returns the pool ID and
// the claims. Callers hold the state lock.
func (s *Service) Verify(token, tokenUse string) (string, map[string]any, error) {
	var pool *Pool
	claims := jwt.MapClaims{}
	_, err := jwt.ParseWithClaims(token, claims, func(t *jwt.Token) (any, error) {
		iss, _ := t.Claims.GetIssuer()
		p, ok := s.pools()[iss[strings.LastIndexByte(iss, '/')+1:]]
		if !ok || iss != s.Issuer(p.ID) || t.Header["kid"] != p.KeyID {
			return nil, errors.New("unknown issuer or key")
		}
		pool = p
		key, err := p.signingKey()
		if err != nil {
			return nil, err
		}
		return &key.PublicKey, nil
	}, jwt.WithValidMethods([]string{"RS256"}), jwt.WithExpirationRequired())
	if err != nil {
		return "", nil, err
	}
	if tokenUse != "" && claims["token_use"] != tokenUse {
		return "", nil, errors.New("token_use is not " + tokenUse)
	}
	if origin, _ := claims["origin_jti"].(string); !pool.live(origin) {
		return "", nil, errTokenRevoked
	}
	return pool.ID, claims, nil
}

// JWKS is the public key set of a pool, served at <issuer>/.well-known/jwks.json. Callers hold
// the state lock.
func (s *Service) JWKS(poolID string) ([]byte, bool) {
	p, ok := s.pools()[poolID]
	if !ok {
		return nil, false
	}
	key, err := p.signingKey()
	if err != nil {
		return nil, false
	}
	enc := base64.RawURLEncoding
	jwk := map[string]string{"alg": "RS256", "kty": "RSA", "use": "sig", "kid": p.KeyID,
		"n": enc.EncodeToString(key.N.Bytes()), "e": enc.EncodeToString(big.NewInt(int64(key.E)).Bytes())}
	data, err := json.Marshal(map[string]any{"keys": []any{jwk}})
	return data, err == nil
}

// OpenIDConfiguration is the pool's discovery document, served at
// <issuer>/.well-known/openid-configuration. Callers hold the state lock.
func (s *Service) OpenIDConfiguration(poolID string) ([]byte, bool) {
	if _, ok := s.pools()[poolID]; !ok {
		return nil, false
	}
	iss := s.Issuer(poolID)
	data, err := json.Marshal(map[string]any{"issuer": iss, "jwks_uri": iss + "/.well-known/jwks.json",
		"id_token_signing_alg_values_supported": []string{"RS256"}, "subject_types_supported": []string{"public"},
		"response_types_supported": []string{"code", "token"}})
	return data, err == nil
}
