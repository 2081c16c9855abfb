package localaws

import (
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"
)

// bucketProvisioner creates real S3 buckets with the configuration the
// template describes.
type bucketProvisioner struct{}

func (bucketProvisioner) create(pc *provisionCtx, r *StackResource, props map[string]any) error {
	name := scalarString(props["BucketName"])
	if name == "" {
		name = pc.generatedName(r, 63, true)
	}
	b, err := pc.emu.state.createBucket(name, pc.stack.Account, pc.stack.Region)
	if err != nil {
		ae := asAWSError(err)
		if ae.Code == "BucketAlreadyOwnedByYou" || ae.Code == "BucketAlreadyExists" {
			return failuref("%s already exists", name)
		}
		return failuref("%s (Service: Amazon S3; Status Code: %d; Error Code: %s)", ae.Message, ae.Status, ae.Code)
	}
	r.PhysicalID = name
	r.Attributes = bucketAttributes(pc, name)
	configureBucket(pc, r, b, props)
	return nil
}

func bucketAttributes(pc *provisionCtx, name string) map[string]any {
	region := pc.stack.Region
	return map[string]any{
		"Arn":                 "arn:" + partitionFor(region) + ":s3:::" + name,
		"DomainName":          name + ".s3.amazonaws.com",
		"RegionalDomainName":  name + ".s3." + region + ".amazonaws.com",
		"DualStackDomainName": name + ".s3.dualstack." + region + ".amazonaws.com",
		"WebsiteURL":          "http://" + name + ".s3-website-" + region + ".amazonaws.com",
	}
}

// configureBucket applies tags, versioning, lifecycle, notifications,
// encryption, public access block and ACL from template properties.
func configureBucket(pc *provisionCtx, r *StackResource, b *Bucket, props map[string]any) {
	tags := pc.resourceTags(props)
	b.Tags = nil
	for _, k := range slices.Sorted(maps.Keys(tags)) {
		b.Tags = append(b.Tags, Tag{k, tags[k]})
	}
	b.Tags = append(b.Tags,
		Tag{"aws:cloudformation:logical-id", r.LogicalID},
		Tag{"aws:cloudformation:stack-id", pc.stack.ID},
		Tag{"aws:cloudformation:stack-name", pc.stack.Name})
	if status := scalarString(asMap(props["VersioningConfiguration"])["Status"]); status != "" {
		b.Versioning = status
	} else if b.Versioning == "Enabled" {
		b.Versioning = "Suspended"
	}
	b.Lifecycle = lifecycleXML(asMap(props["LifecycleConfiguration"]))
	b.Notification = notificationXML(asMap(props["NotificationConfiguration"]))
	b.Encryption = encryptionXML(asMap(props["BucketEncryption"]))
	b.PublicAccessBlock = publicAccessBlockXML(asMap(props["PublicAccessBlockConfiguration"]))
	b.ACL = scalarString(props["AccessControl"])
	if b.ACL != "" {
		b.ACL = kebab(b.ACL)
	}
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
	b, ok := pc.emu.state.Buckets[r.PhysicalID]
	if !ok {
		return failuref("The specified bucket does not exist (Service: Amazon S3; Status Code: 404; Error Code: NoSuchBucket)")
	}
	configureBucket(pc, r, b, props)
	return nil
}

func (bucketProvisioner) delete(pc *provisionCtx, r *StackResource) error {
	b, ok := pc.emu.state.Buckets[r.PhysicalID]
	if !ok {
		return nil
	}
	if !b.empty() {
		return failuref("The bucket you tried to delete is not empty (Service: Amazon S3; Status Code: 409; Error Code: BucketNotEmpty; Request ID: %s)", randomID(16))
	}
	delete(pc.emu.state.Buckets, b.Name)
	return nil
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
	b, ok := pc.emu.state.Buckets[scalarString(props["Bucket"])]
	if !ok {
		return failuref("The specified bucket does not exist (Service: Amazon S3; Status Code: 404; Error Code: NoSuchBucket)")
	}
	b.Policy = jsonString(props["PolicyDocument"])
	return nil
}

func (bucketPolicyProvisioner) delete(pc *provisionCtx, r *StackResource) error {
	if b, ok := pc.emu.state.Buckets[scalarString(r.Properties["Bucket"])]; ok {
		b.Policy = ""
	}
	return nil
}

// logGroupProvisioner creates CloudWatch Logs groups.
type logGroupProvisioner struct{}

func (logGroupProvisioner) create(pc *provisionCtx, r *StackResource, props map[string]any) error {
	name := scalarString(props["LogGroupName"])
	if name == "" {
		name = pc.generatedName(r, 512, false)
	}
	retention, _ := strconv.Atoi(scalarString(props["RetentionInDays"]))
	if _, err := pc.region.createLogGroup(name, retention, pc.resourceTags(props)); err != nil {
		ae := asAWSError(err)
		if ae.Code == "ResourceAlreadyExistsException" {
			return failuref("Resource of type 'AWS::Logs::LogGroup' with identifier '%s' already exists.", name)
		}
		return failuref("%s (Service: CloudWatchLogs; Status Code: 400; Error Code: %s)", ae.Message, ae.Code)
	}
	r.PhysicalID = name
	r.Attributes = map[string]any{"Arn": logGroupArn(pc.stack.Region, pc.stack.Account, name) + ":*"}
	return nil
}

func (logGroupProvisioner) update(pc *provisionCtx, r *StackResource, props map[string]any) error {
	g, ok := pc.region.LogGroups[r.PhysicalID]
	if !ok {
		return failuref("Resource of type 'AWS::Logs::LogGroup' with identifier '%s' was not found.", r.PhysicalID)
	}
	retention, _ := strconv.Atoi(scalarString(props["RetentionInDays"]))
	if retention != 0 && !validRetentionDays[retention] {
		return failuref("Invalid retention value %d", retention)
	}
	g.RetentionDays = retention
	g.Tags = pc.resourceTags(props)
	return nil
}

func (logGroupProvisioner) delete(pc *provisionCtx, r *StackResource) error {
	delete(pc.region.LogGroups, r.PhysicalID)
	return nil
}

// roleProvisioner creates IAM roles that AssumeRole can then assume.
type roleProvisioner struct{}

func (roleProvisioner) create(pc *provisionCtx, r *StackResource, props map[string]any) error {
	name := scalarString(props["RoleName"])
	if name == "" {
		name = pc.generatedName(r, 64, false)
	}
	roles := pc.emu.state.account(pc.stack.Account).Roles
	if _, exists := roles[name]; exists {
		return failuref("%s already exists", name)
	}
	role := pc.emu.state.putRole(pc.stack.Account, name, scalarString(props["Path"]), jsonString(props["AssumeRolePolicyDocument"]))
	r.PhysicalID = name
	r.Attributes = map[string]any{"Arn": role.Arn, "RoleId": role.RoleID}
	return nil
}

func (roleProvisioner) update(pc *provisionCtx, r *StackResource, props map[string]any) error {
	role, ok := pc.emu.state.account(pc.stack.Account).Roles[r.PhysicalID]
	if !ok {
		return newError(http.StatusNotFound, "NoSuchEntity", "The role with name %s cannot be found.", r.PhysicalID)
	}
	role.TrustDoc = jsonString(props["AssumeRolePolicyDocument"])
	role.ExternalID = externalIDFromTrust(role.TrustDoc)
	return nil
}

func (roleProvisioner) delete(pc *provisionCtx, r *StackResource) error {
	delete(pc.emu.state.account(pc.stack.Account).Roles, r.PhysicalID)
	return nil
}

// lambdaProvisioner records functions after checking that their code
// object exists in S3, as Lambda does.
type lambdaProvisioner struct{}

func (lambdaProvisioner) checkCode(pc *provisionCtx, props map[string]any) error {
	code := asMap(props["Code"])
	if _, inline := code["ZipFile"]; inline {
		return nil
	}
	if _, image := code["ImageUri"]; image {
		return nil
	}
	bucket, key := scalarString(code["S3Bucket"]), scalarString(code["S3Key"])
	b, ok := pc.emu.state.Buckets[bucket]
	if !ok {
		return failuref("Error occurred while GetObject. S3 Error Code: NoSuchBucket. S3 Error Message: The specified bucket does not exist (Service: Lambda; Status Code: 400; Error Code: InvalidParameterValueException)")
	}
	v := b.latest(key)
	if version := scalarString(code["S3ObjectVersion"]); version != "" {
		v = b.version(key, version)
	}
	if v == nil || v.DeleteMarker {
		return failuref("Error occurred while GetObject. S3 Error Code: NoSuchKey. S3 Error Message: The specified key does not exist. (Service: Lambda; Status Code: 400; Error Code: InvalidParameterValueException)")
	}
	return nil
}

func (p lambdaProvisioner) create(pc *provisionCtx, r *StackResource, props map[string]any) error {
	if err := p.checkCode(pc, props); err != nil {
		return err
	}
	name := scalarString(props["FunctionName"])
	if name == "" {
		name = pc.generatedName(r, 64, false)
	}
	if existing, ok := pc.region.Resources[name]; ok && existing.Type == r.Type {
		return failuref("%s already exists", name)
	}
	arn := pc.arn("lambda", "function:"+name)
	pc.region.Resources[name] = &GenericResource{Type: r.Type, PhysicalID: name, Arn: arn, Properties: props, Tags: pc.resourceTags(props)}
	r.PhysicalID = name
	r.Attributes = map[string]any{"Arn": arn}
	return nil
}

func (p lambdaProvisioner) update(pc *provisionCtx, r *StackResource, props map[string]any) error {
	if err := p.checkCode(pc, props); err != nil {
		return err
	}
	if g, ok := pc.region.Resources[r.PhysicalID]; ok {
		g.Properties = props
		g.Tags = pc.resourceTags(props)
	}
	return nil
}

func (lambdaProvisioner) delete(pc *provisionCtx, r *StackResource) error {
	delete(pc.region.Resources, r.PhysicalID)
	return nil
}
