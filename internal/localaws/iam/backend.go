package iam

import (
	"net/http"

	"github.com/panther-operator/panther-operator/internal/localaws/internal/wire"
)

// These are what other services use of IAM: STS assumes roles, and
// CloudFormation provisions AWS::IAM::Role resources and checks service
// roles. Callers hold the state lock.

// Role returns a copy of a role.
func (s *Service) Role(account, name string) (Role, bool) {
	r, ok := s.roles(account)[name]
	if !ok {
		return Role{}, false
	}
	return *r, true
}

// HasRole reports whether an account has a role of that name.
func (s *Service) HasRole(account, name string) bool {
	_, ok := s.roles(account)[name]
	return ok
}

// HasRoleArn reports whether a role ARN names a role localaws knows.
func (s *Service) HasRoleArn(arn string) bool {
	account, name, ok := ParseRoleArn(arn)
	return ok && s.HasRole(account, name)
}

// CreateRole creates a role with a trust policy, failing with
// EntityAlreadyExists as IAM does.
func (s *Service) CreateRole(account, name, path, trustPolicy string) (arn, roleID string, err error) {
	role, err := s.createRole(account, name, path, trustPolicy)
	if err != nil {
		return "", "", err
	}
	return role.Arn, role.RoleID, nil
}

// createRole is CreateRole for the API, which answers the whole role.
func (s *Service) createRole(account, name, path, trustPolicy string) (*Role, error) {
	if s.HasRole(account, name) {
		return nil, wire.NewError(http.StatusConflict, "EntityAlreadyExists", "Role with name %s already exists.", name)
	}
	return s.putRole(account, name, path, trustPolicy), nil
}

// UpdateAssumeRolePolicy replaces a role's trust policy, and with it the
// ExternalId AssumeRole requires.
func (s *Service) UpdateAssumeRolePolicy(account, name, trustPolicy string) error {
	role, ok := s.roles(account)[name]
	if !ok {
		return noSuchRole(name)
	}
	role.TrustDoc = trustPolicy
	role.ExternalID = externalIDFromTrust(trustPolicy)
	return nil
}

// DeleteRole deletes a role if it exists.
func (s *Service) DeleteRole(account, name string) {
	delete(s.roles(account), name)
}

func noSuchRole(name string) *wire.Error {
	return wire.NewError(http.StatusNotFound, "NoSuchEntity", "The role with name %s cannot be found.", name)
}
