package engine

import (
	"errors"
	"maps"
	"slices"
	"strings"

	"github.com/panther-operator/panther-operator/internal/localaws/cfn/template"
	"github.com/panther-operator/panther-operator/internal/localaws/internal/state"
	"github.com/panther-operator/panther-operator/internal/localaws/internal/wire"
)

// bucketProvisioner creates real S3 buckets with the configuration the
// template describes.
type bucketProvisioner struct{}

// noSuchBucket is how a stack reports a bucket that has gone.
const noSuchBucket = "The specified bucket does not exist (Service: Amazon S3; Status Code: 404; Error Code: NoSuchBucket)"

func (bucketProvisioner) create(pc *provisionCtx, r *StackResource, props map[string]any) error {
	name := template.ScalarString(props["BucketName"])
	if name == "" {
		name = pc.generatedName(r, 63, true)
	}
	if err := pc.eng.s3.CreateBucket(pc.stack.Account, pc.stack.Region, name); err != nil {
		ae := wire.AsError(err)
		if ae.Code == "BucketAlreadyOwnedByYou" || ae.Code == "BucketAlreadyExists" {
			return wire.Failuref("%s already exists", name)
		}
		return wire.Failuref("%s (Service: Amazon S3; Status Code: %d; Error Code: %s)", ae.Message, ae.Status, ae.Code)
	}
	r.PhysicalID = name
	r.Attributes = bucketAttributes(pc, name)
	return configureBucket(pc, r, name, props)
}

func bucketAttributes(pc *provisionCtx, name string) map[string]any {
	region := pc.stack.Region
	return map[string]any{
		"Arn":                 "arn:" + wire.Partition(region) + ":s3:::" + name,
		"DomainName":          name + ".s3.amazonaws.com",
		"RegionalDomainName":  name + ".s3." + region + ".amazonaws.com",
		"DualStackDomainName": name + ".s3.dualstack." + region + ".amazonaws.com",
		"WebsiteURL":          "http://" + name + ".s3-website-" + region + ".amazonaws.com",
	}
}

// configureBucket applies tags, versioning, lifecycle, notifications,
// encryption, public access block and ACL from template properties.
func configureBucket(pc *provisionCtx, r *StackResource, name string, props map[string]any) error {
	s3 := pc.eng.s3
	versioning, err := s3.BucketVersioning(name)
	if err != nil {
		return err
	}
	if status := template.ScalarString(template.AsMap(props["VersioningConfiguration"])["Status"]); status != "" {
		versioning = status
	} else if versioning == "Enabled" {
		versioning = "Suspended"
	}
	tags := pc.resourceTags(props)
	var tagList []state.Tag
	for _, k := range slices.Sorted(maps.Keys(tags)) {
		tagList = append(tagList, state.Tag{Key: k, Value: tags[k]})
	}
	tagList = append(tagList,
		state.Tag{Key: "aws:cloudformation:logical-id", Value: r.LogicalID},
		state.Tag{Key: "aws:cloudformation:stack-id", Value: pc.stack.ID},
		state.Tag{Key: "aws:cloudformation:stack-name", Value: pc.stack.Name})
	acl := template.ScalarString(props["AccessControl"])
	if acl != "" {
		acl = kebab(acl)
	}
	// Notification destinations must exist; the bucket exists (its
	// versioning was read), so the others cannot fail.
	if err := s3.PutBucketNotification(name, notificationXML(template.AsMap(props["NotificationConfiguration"]))); err != nil {
		ae := wire.AsError(err)
		return wire.Failuref("%s (Service: Amazon S3; Status Code: %d; Error Code: %s)", ae.Message, ae.Status, ae.Code)
	}
	return errors.Join(
		s3.PutBucketTagging(name, tagList),
		s3.PutBucketVersioning(name, versioning),
		s3.PutBucketLifecycle(name, lifecycleXML(template.AsMap(props["LifecycleConfiguration"]))),
		s3.PutBucketEncryption(name, encryptionXML(template.AsMap(props["BucketEncryption"]))),
		s3.PutPublicAccessBlock(name, publicAccessBlockXML(template.AsMap(props["PublicAccessBlockConfiguration"]))),
		s3.PutBucketAcl(name, acl))
}

// kebab turns CloudFormation's AccessControl values (PublicRead) into
// canned ACL names (public-read).
func kebab(s string) string {
	var out strings.Builder
	for i, c := range s {
		if c >= 'A' && c <= 'Z' {
			if i > 0 {
				out.WriteByte('-')
			}
			c += 'a' - 'A'
		}
		out.WriteRune(c)
	}
	return out.String()
}

func (bucketProvisioner) update(pc *provisionCtx, r *StackResource, props map[string]any) error {
	err := configureBucket(pc, r, r.PhysicalID, props)
	if codeOf(err) == "NoSuchBucket" {
		return wire.Failuref(noSuchBucket)
	}
	return err
}

func (bucketProvisioner) delete(pc *provisionCtx, r *StackResource) error {
	err := pc.eng.s3.DeleteBucket(r.PhysicalID)
	switch codeOf(err) {
	case "NoSuchBucket":
		return nil
	case "BucketNotEmpty":
		return wire.Failuref("The bucket you tried to delete is not empty (Service: Amazon S3; Status Code: 409; Error Code: BucketNotEmpty; Request ID: %s)", wire.RandomID(16))
	}
	return err
}

// bucketPolicyProvisioner sets a bucket's policy.
type bucketPolicyProvisioner struct{}

func (bucketPolicyProvisioner) create(pc *provisionCtx, r *StackResource, props map[string]any) error {
	if err := (bucketPolicyProvisioner{}).update(pc, r, props); err != nil {
		return err
	}
	r.PhysicalID = pc.generatedName(r, 128, false)
	r.Attributes = map[string]any{}
	return nil
}

func (bucketPolicyProvisioner) update(pc *provisionCtx, r *StackResource, props map[string]any) error {
	err := pc.eng.s3.PutBucketPolicy(template.ScalarString(props["Bucket"]), jsonString(props["PolicyDocument"]))
	if codeOf(err) == "NoSuchBucket" {
		return wire.Failuref(noSuchBucket)
	}
	return err
}

func (bucketPolicyProvisioner) delete(pc *provisionCtx, r *StackResource) error {
	// A bucket deleted by hand took its policy with it.
	if err := pc.eng.s3.PutBucketPolicy(template.ScalarString(r.Properties["Bucket"]), ""); codeOf(err) != "NoSuchBucket" {
		return err
	}
	return nil
}
