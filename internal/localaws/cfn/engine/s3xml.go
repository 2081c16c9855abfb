package engine

import (
	"encoding/xml"
	"maps"
	"slices"
	"strings"

	"github.com/panther-operator/panther-operator/internal/localaws/cfn/template"
	"github.com/panther-operator/panther-operator/internal/localaws/internal/wire"
)

// These turn AWS::S3::Bucket properties into the XML documents the S3 API
// stores and answers, so a bucket made by a stack reads back through S3
// like one configured directly.

// xmlElement renders a property tree as XML elements named by its keys,
// repeating list members under the singular element name S3 uses.
func xmlElement(b *strings.Builder, name string, v any) {
	switch x := v.(type) {
	case map[string]any:
		b.WriteString("<" + name + ">")
		for _, k := range slices.Sorted(maps.Keys(x)) {
			xmlElement(b, k, x[k])
		}
		b.WriteString("</" + name + ">")
	case []any:
		for _, item := range x {
			xmlElement(b, strings.TrimSuffix(name, "s"), item)
		}
	default:
		b.WriteString("<" + name + ">")
		_ = xml.EscapeText(writerFunc(func(p []byte) (int, error) { return b.Write(p) }), []byte(template.ScalarString(x)))
		b.WriteString("</" + name + ">")
	}
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }

func xmlDocument(root string, children map[string]any) string {
	if len(children) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString("<" + root + ` xmlns="` + wire.S3Namespace + `">`)
	for _, k := range slices.Sorted(maps.Keys(children)) {
		xmlElement(&b, k, children[k])
	}
	b.WriteString("</" + root + ">")
	return b.String()
}

func lifecycleXML(cfg map[string]any) string {
	var rules []any
	for _, raw := range template.AsSlice(cfg["Rules"]) {
		r := template.AsMap(raw)
		rule := map[string]any{"Status": r["Status"]}
		if id, ok := r["Id"]; ok {
			rule["ID"] = id
		}
		rule["Filter"] = map[string]any{"Prefix": template.ScalarString(r["Prefix"])}
		if days, ok := r["ExpirationInDays"]; ok {
			rule["Expiration"] = map[string]any{"Days": days}
		}
		if days, ok := r["NoncurrentVersionExpirationInDays"]; ok {
			rule["NoncurrentVersionExpiration"] = map[string]any{"NoncurrentDays": days}
		}
		if nve := template.AsMap(r["NoncurrentVersionExpiration"]); len(nve) > 0 {
			rule["NoncurrentVersionExpiration"] = map[string]any{"NoncurrentDays": nve["NoncurrentDays"]}
		}
		if abort := template.AsMap(r["AbortIncompleteMultipartUpload"]); len(abort) > 0 {
			rule["AbortIncompleteMultipartUpload"] = map[string]any{"DaysAfterInitiation": abort["DaysAfterInitiation"]}
		}
		rules = append(rules, rule)
	}
	if len(rules) == 0 {
		return ""
	}
	return xmlDocument("LifecycleConfiguration", map[string]any{"Rules": rules})
}

func notificationXML(cfg map[string]any) string {
	out := map[string]any{}
	for _, kind := range []struct{ prop, elem, target, targetElem string }{
		{"TopicConfigurations", "TopicConfigurations", "Topic", "Topic"},
		{"QueueConfigurations", "QueueConfigurations", "Queue", "Queue"},
		{"LambdaConfigurations", "CloudFunctionConfigurations", "Function", "CloudFunction"},
	} {
		var list []any
		for _, raw := range template.AsSlice(cfg[kind.prop]) {
			c := template.AsMap(raw)
			entry := map[string]any{kind.targetElem: c[kind.target], "Event": c["Event"]}
			if rules := template.AsSlice(template.AsMap(template.AsMap(c["Filter"])["S3Key"])["Rules"]); len(rules) > 0 {
				entry["Filter"] = map[string]any{"S3Key": map[string]any{"FilterRules": rules}}
			}
			list = append(list, entry)
		}
		if len(list) > 0 {
			out[kind.elem] = list
		}
	}
	if len(out) == 0 {
		return ""
	}
	return xmlDocument("NotificationConfiguration", out)
}

func encryptionXML(cfg map[string]any) string {
	var rules []any
	for _, raw := range template.AsSlice(cfg["ServerSideEncryptionConfiguration"]) {
		r := template.AsMap(raw)
		rules = append(rules, map[string]any{"ApplyServerSideEncryptionByDefault": r["ServerSideEncryptionByDefault"]})
	}
	if len(rules) == 0 {
		return ""
	}
	return xmlDocument("ServerSideEncryptionConfiguration", map[string]any{"Rules": rules})
}

func publicAccessBlockXML(cfg map[string]any) string {
	return xmlDocument("PublicAccessBlockConfiguration", cfg)
}
