package panther

import (
	"errors"
	"reflect"
	"testing"
)

func TestBuildRootParameters(t *testing.T) {
	in := fullInputs()
	for _, k := range RootStack().ConfigKeys() {
		in.Config[k] = "cfg-" + k
	}
	got, err := BuildRootParameters(in)
	if err != nil {
		t.Fatal(err)
	}
	// The original's 38, and WebImage: the original wrote the image into the packaged
	// template instead.
	if len(got) != 39 {
		t.Fatalf("root has %d parameters, want 39", len(got))
	}
	for name, want := range map[string]string{
		"AccessLogsBucketName":      "cfg-AccessLogsBucket",
		"DataReplicationBucketName": "cfg-DataReplicationBucket",
		"OnboardSelf":               "cfg-OnboardSelf",
		"FirstUserEmail":            "cfg-FirstUserEmail",
		"WebImage":                  "cfg-WebImage",
	} {
		if got[name] != want {
			t.Errorf("%s = %q, want %q", name, got[name], want)
		}
	}
}

func TestBuildRootParametersReportsMissingConfig(t *testing.T) {
	_, err := BuildRootParameters(fullInputs()) // lacks the two root-only keys
	var perr *ParameterError
	if !errors.As(err, &perr) {
		t.Fatalf("error %v, want a *ParameterError", err)
	}
	want := ParameterError{Stack: "panther", Missing: []string{
		"BootstrapStackOnly (config BootstrapStackOnly)",
		"OnboardSelf (config OnboardSelf)",
	}}
	if !reflect.DeepEqual(*perr, want) {
		t.Fatalf("error %#v, want %#v", *perr, want)
	}
}

func TestRootStackIsACopy(t *testing.T) {
	s := RootStack()
	s.Parameters[0].Name = "Changed"
	if RootStack().Parameters[0].Name == "Changed" {
		t.Fatal("changing the returned root stack changed the catalog")
	}
}
