// Package cognito emulates Cognito user pools (JSON 1.1, AWSCognitoIdentityProviderService):
// pools, app clients, users, groups, password and refresh-token sign-in with the
// NEW_PASSWORD_REQUIRED challenge, forgotten passwords, and RS256 ID and access tokens signed
// with a key per pool whose public JWK is served at <endpoint>/<pool id>/.well-known/jwks.json.
// Invitations and codes Cognito would email are recorded instead, for the admin API.
package cognito

import (
	"net/http"
	"strings"
	"sync"

	"github.com/panther-operator/panther-operator/internal/localaws/internal/state"
	"github.com/panther-operator/panther-operator/internal/localaws/internal/wire"
)

// Pools and clients are global tables: pool and client IDs are unique, and the calls that
// sign users in are unsigned, so they name no account or region.
var (
	poolTable   = state.NewTable[*Pool]("cognitoUserPools", state.Global)
	clientTable = state.NewTable[*Client]("cognitoUserPoolClients", state.Global)
)

// Tables are the state tables of Cognito.
func Tables() []state.Declared { return []state.Declared{poolTable, clientTable} }

// Service is the Cognito user pools service.
type Service struct {
	store *state.Store

	mu       sync.Mutex
	endpoint string
}

// New returns the Cognito service keeping its pools in store.
func New(store *state.Store) *Service { return &Service{store: store} }

// SetEndpoint tells the service the URL clients reach localaws at: the tokens' issuer is
// <endpoint>/<pool id>.
func (s *Service) SetEndpoint(url string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.endpoint = strings.TrimSuffix(url, "/")
}

// Issuer is the iss claim of a pool's tokens.
func (s *Service) Issuer(poolID string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.endpoint + "/" + poolID
}

func (s *Service) pools() map[string]*Pool { return poolTable.Global(s.store.State()) }

func (s *Service) clients() map[string]*Client { return clientTable.Global(s.store.State()) }

// request is a call to Cognito.
type request struct {
	*wire.Request
	svc *Service
}

type handlerFunc func(req *request) error

var handlers = map[string]handlerFunc{
	"CreateUserPool":              createUserPool,
	"DescribeUserPool":            describeUserPool,
	"ListUserPools":               listUserPools,
	"DeleteUserPool":              deleteUserPool,
	"CreateUserPoolClient":        createUserPoolClient,
	"DescribeUserPoolClient":      describeUserPoolClient,
	"ListUserPoolClients":         listUserPoolClients,
	"DeleteUserPoolClient":        deleteUserPoolClient,
	"AdminCreateUser":             adminCreateUser,
	"AdminGetUser":                adminGetUser,
	"ListUsers":                   listUsers,
	"AdminDeleteUser":             adminDeleteUser,
	"AdminResetUserPassword":      adminResetUserPassword,
	"AdminSetUserPassword":        adminSetUserPassword,
	"AdminDisableUser":            adminDisableUser,
	"AdminEnableUser":             adminEnableUser,
	"AdminUpdateUserAttributes":   adminUpdateUserAttributes,
	"CreateGroup":                 createGroup,
	"GetGroup":                    getGroup,
	"ListGroups":                  listGroups,
	"DeleteGroup":                 deleteGroup,
	"AdminAddUserToGroup":         adminAddUserToGroup,
	"AdminRemoveUserFromGroup":    adminRemoveUserFromGroup,
	"AdminListGroupsForUser":      adminListGroupsForUser,
	"ListUsersInGroup":            listUsersInGroup,
	"InitiateAuth":                initiateAuth,
	"AdminInitiateAuth":           adminInitiateAuth,
	"RespondToAuthChallenge":      respondToAuthChallenge,
	"AdminRespondToAuthChallenge": respondToAuthChallenge,
	"GetUser":                     getUser,
	"ChangePassword":              changePassword,
	"ForgotPassword":              forgotPassword,
	"ConfirmForgotPassword":       confirmForgotPassword,
	"GlobalSignOut":               globalSignOut,
	"AdminUserGlobalSignOut":      adminUserGlobalSignOut,
}

// Resolve implements wire.Service.
func (s *Service) Resolve(req *wire.Request) (string, string) {
	op := req.Target()
	if _, ok := handlers[op]; !ok {
		return "", ""
	}
	var probe struct {
		UserPoolID string `json:"UserPoolId"`
		ClientID   string `json:"ClientId"`
	}
	_ = req.DecodeJSON(&probe)
	if probe.UserPoolID != "" {
		return op, probe.UserPoolID
	}
	return op, probe.ClientID
}

// Serve implements wire.Service.
func (s *Service) Serve(req *wire.Request) error {
	return handlers[req.Operation](&request{Request: req, svc: s})
}

// decode reads the request body into v.
func (req *request) decode(v any) error { return req.DecodeJSON(v) }

func cognitoError(code, format string, args ...any) *wire.Error {
	return wire.NewError(http.StatusBadRequest, code, format, args...)
}

func invalidParameter(format string, args ...any) *wire.Error {
	return cognitoError("InvalidParameterException", format, args...)
}

func notAuthorized(message string) *wire.Error {
	return cognitoError("NotAuthorizedException", "%s", message)
}

func userNotFound() *wire.Error { return cognitoError("UserNotFoundException", "User does not exist.") }

func poolNotFound(id string) *wire.Error {
	return cognitoError("ResourceNotFoundException", "User pool %s does not exist.", id)
}

// pool finds a pool by ID.
func (s *Service) pool(id string) (*Pool, error) {
	p, ok := s.pools()[id]
	if !ok {
		return nil, poolNotFound(id)
	}
	return p, nil
}

// ownPool finds a pool of the caller's account and region, as the admin operations do.
func (req *request) ownPool(id string) (*Pool, error) {
	p, ok := req.svc.pools()[id]
	if !ok || p.Account != req.Account || p.Region != req.Region {
		return nil, poolNotFound(id)
	}
	return p, nil
}

// client finds an app client by ID.
func (s *Service) client(id string) (*Client, *Pool, error) {
	c, ok := s.clients()[id]
	if !ok {
		return nil, nil, cognitoError("ResourceNotFoundException", "User pool client %s does not exist.", id)
	}
	p, err := s.pool(c.PoolID)
	if err != nil {
		return nil, nil, err
	}
	return c, p, nil
}
