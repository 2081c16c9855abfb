package server

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

// validEnv is an environment every check accepts.
func validEnv() map[string]string {
	return map[string]string{
		EnvRegion:           "eu-west-2",
		EnvAccountID:        "123456789012",
		EnvGraphQLEndpoint:  "https://abcdefghij.appsync-api.eu-west-2.amazonaws.com/graphql",
		EnvUserPoolID:       "eu-west-2_AbC123dEf",
		EnvUserPoolClientID: "4u1qv0example0client0id0abc",
		EnvVersion:          "1.16.0",
		EnvCommit:           "e74a52eb",
	}
}

func getenv(env map[string]string) func(string) string {
	return func(name string) string { return env[name] }
}

func TestLoadSettingsDefaults(t *testing.T) {
	s, err := LoadSettings(getenv(validEnv()))
	if err != nil {
		t.Fatal(err)
	}
	want := Settings{
		Region: "eu-west-2", AccountID: "123456789012",
		GraphQLEndpoint: "https://abcdefghij.appsync-api.eu-west-2.amazonaws.com/graphql",
		UserPoolID:      "eu-west-2_AbC123dEf", UserPoolClientID: "4u1qv0example0client0id0abc",
		Version: "1.16.0", Commit: "e74a52eb", Port: 8080, DistDir: "/app/dist",
	}
	if s != want {
		t.Errorf("settings = %+v, want %+v", s, want)
	}
}

func TestLoadSettingsAccepts(t *testing.T) {
	cases := []struct {
		reason string
		set    map[string]string
		check  func(Settings) bool
	}{
		{"the port and the dist folder can be changed",
			map[string]string{EnvPort: "80", EnvDistDir: "web/dist"},
			func(s Settings) bool { return s.Port == 80 && s.DistDir == "web/dist" }},
		{"local runs reach localaws over plain http on 127.0.0.1",
			map[string]string{EnvGraphQLEndpoint: "http://127.0.0.1:4566/graphql"},
			func(s Settings) bool { return s.GraphQLEndpoint == "http://127.0.0.1:4566/graphql" }},
		{"localhost is loopback too",
			map[string]string{EnvGraphQLEndpoint: "http://localhost:4566/graphql"},
			func(s Settings) bool { return s.GraphQLEndpoint == "http://localhost:4566/graphql" }},
		{"and so is ::1",
			map[string]string{EnvGraphQLEndpoint: "http://[::1]:4566/graphql"},
			func(s Settings) bool { return s.GraphQLEndpoint == "http://[::1]:4566/graphql" }},
		{"GovCloud regions have three parts",
			map[string]string{EnvRegion: "us-gov-west-1", EnvUserPoolID: "us-gov-west-1_Abc123"},
			func(s Settings) bool { return s.Region == "us-gov-west-1" }},
		{"surrounding blanks, as from a hand-edited env file, are dropped",
			map[string]string{EnvAccountID: " 123456789012\n"},
			func(s Settings) bool { return s.AccountID == "123456789012" }},
	}
	for _, tc := range cases {
		t.Run(tc.reason, func(t *testing.T) {
			env := validEnv()
			for k, v := range tc.set {
				env[k] = v
			}
			s, err := LoadSettings(getenv(env))
			if err != nil {
				t.Fatal(err)
			}
			if !tc.check(s) {
				t.Errorf("settings = %+v", s)
			}
		})
	}
}

// problemNames are the variables a *SettingsError names, in order.
func problemNames(t *testing.T, err error) []string {
	t.Helper()
	var se *SettingsError
	if !errors.As(err, &se) {
		t.Fatalf("error %v is not a *SettingsError", err)
	}
	var names []string
	for _, p := range se.Problems {
		names = append(names, p.Name)
	}
	return names
}

func TestLoadSettingsNamesEachMissingVariable(t *testing.T) {
	for _, name := range []string{EnvRegion, EnvAccountID, EnvGraphQLEndpoint, EnvUserPoolID,
		EnvUserPoolClientID, EnvVersion, EnvCommit} {
		t.Run(name, func(t *testing.T) {
			env := validEnv()
			delete(env, name)
			_, err := LoadSettings(getenv(env))
			if got := problemNames(t, err); !slices.Equal(got, []string{name}) {
				t.Errorf("problems name %v, want only %s", got, name)
			}
			if !strings.Contains(err.Error(), name+" is not set: ") {
				t.Errorf("message %q does not say that %s is not set and what it is for", err, name)
			}
		})
	}
}

func TestLoadSettingsListsEveryMissingVariableAtOnce(t *testing.T) {
	_, err := LoadSettings(getenv(map[string]string{EnvPort: "8081"}))
	want := []string{EnvRegion, EnvAccountID, EnvGraphQLEndpoint, EnvUserPoolID, EnvUserPoolClientID, EnvVersion, EnvCommit}
	if got := problemNames(t, err); !slices.Equal(got, want) {
		t.Errorf("problems name %v, want %v", got, want)
	}
	// Each name comes with what it is for, so the message alone says how to fix the deployment.
	for _, r := range required {
		if !strings.Contains(err.Error(), r.name+" is not set: "+r.purpose) {
			t.Errorf("message %q lacks %s and its purpose", err, r.name)
		}
	}
	blank := validEnv()
	blank[EnvCommit] = "   "
	if got := problemNames(t, func() error { _, err := LoadSettings(getenv(blank)); return err }()); !slices.Equal(got, []string{EnvCommit}) {
		t.Errorf("a blank value is not reported as missing: %v", got)
	}
}

func TestLoadSettingsRefusesMalformedValues(t *testing.T) {
	cases := []struct {
		name, value string
		reason      string
	}{
		{EnvRegion, "US-EAST-1", "regions are lower case"},
		{EnvRegion, "useast1", "a region has a dash and a number"},
		{EnvAccountID, "12345678901", "11 digits"},
		{EnvAccountID, "12345678901a", "not all digits"},
		{EnvGraphQLEndpoint, "http://api.example.com/graphql", "plain http off loopback would send tokens in the clear"},
		{EnvGraphQLEndpoint, "http://127.0.0.1.example.com/graphql", "a name that starts like a loopback address is not one"},
		{EnvGraphQLEndpoint, "ftp://api.example.com/graphql", "not http(s)"},
		{EnvGraphQLEndpoint, "api.example.com/graphql", "no scheme, so no host"},
		{EnvGraphQLEndpoint, "https://user:secret@api.example.com/graphql", "credentials in the URL would reach every browser"},
		{EnvGraphQLEndpoint, "https://api.example.com/graphql#x", "a fragment is never sent"},
		{EnvGraphQLEndpoint, "https://api.example.com:bad/graphql", "not a URL"},
		{EnvUserPoolID, "eu-west-2AbC123dEf", "no underscore"},
		{EnvUserPoolID, "eu-west-2_", "no ID after the region"},
		{EnvUserPoolID, "us-east-1_AbC123dEf", "a pool of another region than AWS_REGION"},
		{EnvUserPoolClientID, "client id", "a blank inside"},
		{EnvUserPoolClientID, strings.Repeat("a", 129), "longer than Cognito allows"},
		{EnvPort, "0", "not a port"},
		{EnvPort, "65536", "above the range"},
		{EnvPort, "http", "not a number"},
	}
	for _, tc := range cases {
		t.Run(tc.name+"/"+tc.reason, func(t *testing.T) {
			env := validEnv()
			env[tc.name] = tc.value
			_, err := LoadSettings(getenv(env))
			if got := problemNames(t, err); !slices.Equal(got, []string{tc.name}) {
				t.Fatalf("problems name %v, want only %s", got, tc.name)
			}
			if !strings.Contains(err.Error(), tc.name+" is ") {
				t.Errorf("message %q does not name %s", err, tc.name)
			}
		})
	}
}

func TestLoadSettingsReportsMissingAndMalformedTogether(t *testing.T) {
	env := validEnv()
	delete(env, EnvVersion)
	env[EnvAccountID] = "42"
	env[EnvPort] = "-1"
	_, err := LoadSettings(getenv(env))
	want := []string{EnvVersion, EnvAccountID, EnvPort}
	if got := problemNames(t, err); !slices.Equal(got, want) {
		t.Errorf("problems name %v, want %v", got, want)
	}
}
