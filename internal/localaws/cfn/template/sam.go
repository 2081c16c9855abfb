package template

import (
	"strings"
)

// SamTransform is the Transform value of SAM templates.
const SamTransform = "AWS::Serverless-2016-10-31"

// applySAM expands the AWS::Serverless resource types our templates use
// into plain CloudFormation, the way the SAM transform does for simple
// functions, tables, layers and applications. Event sources are dropped:
// localaws does not invoke functions.
func applySAM(root map[string]any) {
	resources := AsMap(root["Resources"])
	globals := AsMap(AsMap(root["Globals"])["Function"])
	for id, raw := range resources {
		r := AsMap(raw)
		props := AsMap(r["Properties"])
		switch ScalarString(r["Type"]) {
		case "AWS::Serverless::Function":
			expandFunction(resources, id, r, mergeGlobals(globals, props))
		case "AWS::Serverless::SimpleTable":
			expandSimpleTable(r, props)
		case "AWS::Serverless::LayerVersion":
			r["Type"] = "AWS::Lambda::LayerVersion"
			content := s3Location(props["ContentUri"], "S3Bucket", "S3Key")
			delete(props, "ContentUri")
			delete(props, "RetentionPolicy")
			props["Content"] = content
			if name, ok := props["LayerName"]; ok {
				props["LayerName"] = name
			}
		case "AWS::Serverless::Application":
			// A SAR application becomes a nested stack; localaws cannot
			// fetch SAR templates, so it is provisioned as a plain resource.
			r["Type"] = "AWS::Serverless::Application"
		}
	}
	delete(root, "Transform")
	delete(root, "Globals")
}

func mergeGlobals(globals, props map[string]any) map[string]any {
	out := map[string]any{}
	for k, v := range globals {
		out[k] = v
	}
	for k, v := range props {
		out[k] = v
	}
	return out
}

// s3Location turns "s3://bucket/key" or {Bucket, Key} into the property
// names a plain resource uses.
func s3Location(v any, bucketKey, keyKey string) map[string]any {
	switch x := v.(type) {
	case string:
		rest := strings.TrimPrefix(x, "s3://")
		bucket, key, _ := strings.Cut(rest, "/")
		return map[string]any{bucketKey: bucket, keyKey: key}
	case map[string]any:
		if sub, ok := x["Fn::Sub"].(string); ok && len(x) == 1 {
			// s3://${Bucket}/key with substitutions: split, keep the Sub.
			loc := s3Location(sub, bucketKey, keyKey)
			return map[string]any{
				bucketKey: map[string]any{"Fn::Sub": loc[bucketKey]},
				keyKey:    map[string]any{"Fn::Sub": loc[keyKey]},
			}
		}
		out := map[string]any{bucketKey: x["Bucket"], keyKey: x["Key"]}
		if ver, ok := x["Version"]; ok {
			out["S3ObjectVersion"] = ver
		}
		return out
	}
	return map[string]any{}
}

func expandFunction(resources map[string]any, id string, r, props map[string]any) {
	fn := map[string]any{}
	for _, k := range []string{"FunctionName", "Handler", "Runtime", "MemorySize", "Timeout", "Description",
		"Environment", "Layers", "KmsKeyArn", "ReservedConcurrentExecutions", "VpcConfig", "Architectures", "PackageType"} {
		if v, ok := props[k]; ok {
			fn[k] = v
		}
	}
	if code, ok := props["CodeUri"]; ok {
		fn["Code"] = s3Location(code, "S3Bucket", "S3Key")
	} else if inline, ok := props["InlineCode"]; ok {
		fn["Code"] = map[string]any{"ZipFile": inline}
	}
	if mode, ok := props["Tracing"]; ok {
		fn["TracingConfig"] = map[string]any{"Mode": mode}
	}
	tags := []any{map[string]any{"Key": "lambda:createdBy", "Value": "SAM"}}
	for k, v := range AsMap(props["Tags"]) {
		tags = append(tags, map[string]any{"Key": k, "Value": v})
	}
	fn["Tags"] = tags
	if role, ok := props["Role"]; ok {
		fn["Role"] = role
	} else {
		roleID := id + "Role"
		managed := []any{"arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"}
		resources[roleID] = map[string]any{
			"Type": "AWS::IAM::Role",
			"Properties": map[string]any{
				"AssumeRolePolicyDocument": map[string]any{
					"Version": "2012-10-17",
					"Statement": []any{map[string]any{
						"Effect": "Allow", "Action": []any{"sts:AssumeRole"},
						"Principal": map[string]any{"Service": []any{"lambda.amazonaws.com"}},
					}},
				},
				"ManagedPolicyArns": managed,
				"Tags":              []any{map[string]any{"Key": "lambda:createdBy", "Value": "SAM"}},
			},
		}
		fn["Role"] = map[string]any{"Fn::GetAtt": []any{roleID, "Arn"}}
	}
	r["Type"] = "AWS::Lambda::Function"
	r["Properties"] = fn
}

func expandSimpleTable(r, props map[string]any) {
	key := AsMap(props["PrimaryKey"])
	name := key["Name"]
	if name == nil {
		name = "id"
	}
	typ := key["Type"]
	if typ == nil {
		typ = "String"
	}
	attrType := "S"
	switch ScalarString(typ) {
	case "Number":
		attrType = "N"
	case "Binary":
		attrType = "B"
	}
	table := map[string]any{
		"AttributeDefinitions": []any{map[string]any{"AttributeName": name, "AttributeType": attrType}},
		"KeySchema":            []any{map[string]any{"AttributeName": name, "KeyType": "HASH"}},
	}
	if tp, ok := props["ProvisionedThroughput"]; ok {
		table["ProvisionedThroughput"] = tp
	} else {
		table["BillingMode"] = "PAY_PER_REQUEST"
	}
	for _, k := range []string{"TableName", "SSESpecification"} {
		if v, ok := props[k]; ok {
			table[k] = v
		}
	}
	if tags := AsMap(props["Tags"]); len(tags) > 0 {
		var list []any
		for k, v := range tags {
			list = append(list, map[string]any{"Key": k, "Value": v})
		}
		table["Tags"] = list
	}
	r["Type"] = "AWS::DynamoDB::Table"
	r["Properties"] = table
}
