package templatelint

import "fmt"

// checkBucketRules enforces Panther's rules for S3 buckets, which hold audit and security data:
// retained on delete and on replacement, versioned, encrypted, closed to the public, and
// reachable only over TLS.
func checkBucketRules(t template) []Problem {
	var problems []Problem
	tlsOnly := tlsOnlyBuckets(t)
	for _, name := range t.names("Resources") {
		if t.resourceType(name) != "AWS::S3::Bucket" {
			continue
		}
		resource := t.entry("Resources", name)
		props, _ := resource["Properties"].(map[string]any)
		report := func(property, format string, args ...any) {
			problems = append(problems, Problem{File: t.file, Section: "resource", Name: name, Type: "AWS::S3::Bucket",
				Property: property, Message: fmt.Sprintf(format, args...)})
		}
		for _, policy := range []string{"DeletionPolicy", "UpdateReplacePolicy"} {
			if resource[policy] != "Retain" {
				report(policy, "must be Retain: the bucket holds data that outlives the stack")
			}
		}
		if status, _ := lookup(props, "VersioningConfiguration", "Status").(string); status != "Enabled" {
			report("VersioningConfiguration", "versioning must be enabled")
		}
		if lookup(props, "BucketEncryption", "ServerSideEncryptionConfiguration") == nil {
			report("BucketEncryption", "default encryption must be configured")
		}
		for _, setting := range []string{"BlockPublicAcls", "BlockPublicPolicy", "IgnorePublicAcls", "RestrictPublicBuckets"} {
			if lookup(props, "PublicAccessBlockConfiguration", setting) != true {
				report("PublicAccessBlockConfiguration."+setting, "must be true: public access is blocked")
			}
		}
		if !tlsOnly[name] {
			report("", "no bucket policy of this template denies requests without TLS (aws:SecureTransport false)")
		}
	}
	return problems
}

// tlsOnlyBuckets returns the buckets that a bucket policy of the template protects with a
// statement denying every request made without TLS.
func tlsOnlyBuckets(t template) map[string]bool {
	out := map[string]bool{}
	for _, name := range t.names("Resources") {
		if t.resourceType(name) != "AWS::S3::BucketPolicy" {
			continue
		}
		props, _ := t.entry("Resources", name)["Properties"].(map[string]any)
		bucket, _ := lookup(props, "Bucket", "Ref").(string)
		statements, _ := lookup(props, "PolicyDocument", "Statement").([]any)
		for _, s := range statements {
			statement, _ := s.(map[string]any)
			if statement["Effect"] != "Deny" {
				continue
			}
			if v := lookup(statement, "Condition", "Bool", "aws:SecureTransport"); v == "false" || v == false {
				out[bucket] = true
			}
		}
	}
	return out
}

// lookup follows a path of map keys and returns the value there, or nil.
func lookup(v any, path ...string) any {
	for _, key := range path {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[key]
	}
	return v
}
