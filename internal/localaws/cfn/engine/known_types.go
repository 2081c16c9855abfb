package engine

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/panther-operator/panther-operator/internal/localaws/cfn/template"
	"github.com/panther-operator/panther-operator/internal/localaws/internal/wire"
)

// These specs give common resource types without an API in localaws the
// identifiers and attributes AWS gives them (vpc-…, sg-…, load balancer
// ARNs and DNS names …), so templates whose
// parameters check those shapes deploy, and outputs look like AWS's.

// prefixedID returns AWS's "prefix-<17 hex>" EC2 identifiers.
func prefixedID(prefix string) func(*provisionCtx, string, map[string]any) string {
	return func(*provisionCtx, string, map[string]any) string { return prefix + "-" + wire.RandomHex(17) }
}

// ec2Spec is an EC2 resource whose Ref is its ID; idAttr repeats it, and
// properties that are also attributes (CidrBlock, VpcId, …) are echoed.
func ec2Spec(prefix, idAttr string) resourceSpec {
	return resourceSpec{
		ref: prefixedID(prefix),
		attrs: func(pc *provisionCtx, _, ref string, props map[string]any) map[string]any {
			attrs := map[string]any{}
			if idAttr != "" {
				attrs[idAttr] = ref
			}
			for _, p := range []string{"CidrBlock", "VpcId", "AvailabilityZone"} {
				if v, ok := props[p]; ok {
					attrs[p] = v
				}
			}
			if prefix == "vpc" {
				attrs["DefaultSecurityGroup"] = "sg-" + wire.RandomHex(17)
				attrs["CidrBlockAssociations"] = []any{"vpc-cidr-assoc-" + wire.RandomHex(17)}
			}
			if prefix == "subnet" && attrs["AvailabilityZone"] == nil {
				attrs["AvailabilityZone"] = pc.stack.Region + "a"
			}
			return attrs
		},
	}
}

// namedArnSpec is a type whose Ref is its name and whose Arn is built from
// it.
func namedArnSpec(nameProperty string, limit int, service, arnResource string) resourceSpec {
	return resourceSpec{
		nameProperty: nameProperty, nameLimit: limit,
		ref: func(_ *provisionCtx, name string, _ map[string]any) string { return name },
		attrs: func(pc *provisionCtx, name, _ string, _ map[string]any) map[string]any {
			return map[string]any{"Arn": pc.arn(service, fmt.Sprintf(arnResource, name))}
		},
	}
}

// elbSpec is an Elastic Load Balancing v2 resource, whose Ref is its ARN.
func elbSpec(kind string, attrs func(pc *provisionCtx, name, arn, suffix string) map[string]any) resourceSpec {
	return resourceSpec{
		nameProperty: "Name", nameLimit: 32,
		ref: func(pc *provisionCtx, name string, _ map[string]any) string {
			return pc.arn("elasticloadbalancing", kind+"/"+name+"/"+wire.RandomHex(16))
		},
		attrs: func(pc *provisionCtx, name, ref string, _ map[string]any) map[string]any {
			suffix := ref[strings.Index(ref, kind+"/"):]
			return attrs(pc, name, ref, suffix)
		},
	}
}

// taskDefinitionSpec registers a task definition revision: Ref is its ARN,
// family:revision. Every change but of the tags replaces the resource (see
// replacementProperties), which registers the next revision before the old
// one goes. AWS never reuses a revision; localaws counts only the live ones,
// so a family registered again after its stack was deleted starts over at 1.
func taskDefinitionSpec() resourceSpec {
	return resourceSpec{
		nameProperty: "Family", nameLimit: 255,
		ref: func(pc *provisionCtx, family string, _ map[string]any) string {
			prefix := pc.arn("ecs", "task-definition/"+family+":")
			revision := 0
			for id, res := range pc.region.Resources {
				rest, ok := strings.CutPrefix(id, prefix)
				if n, err := strconv.Atoi(rest); ok && err == nil && res.Type == "AWS::ECS::TaskDefinition" {
					revision = max(revision, n)
				}
			}
			return prefix + strconv.Itoa(revision+1)
		},
		attrs: func(_ *provisionCtx, _, ref string, _ map[string]any) map[string]any {
			return map[string]any{"TaskDefinitionArn": ref}
		},
	}
}

// serviceSpec is an ECS service: Ref is its ARN in the long format, which
// names the cluster, and Name its name.
func serviceSpec() resourceSpec {
	return resourceSpec{
		nameProperty: "ServiceName", nameLimit: 255,
		ref: func(pc *provisionCtx, name string, props map[string]any) string {
			// Cluster is a name or an ARN; without one, ECS uses the default cluster.
			cluster := template.ScalarString(props["Cluster"])
			if i := strings.LastIndex(cluster, ":cluster/"); i >= 0 {
				cluster = cluster[i+len(":cluster/"):]
			}
			if cluster == "" {
				cluster = "default"
			}
			return pc.arn("ecs", "service/"+cluster+"/"+name)
		},
		attrs: func(_ *provisionCtx, name, ref string, _ map[string]any) map[string]any {
			return map[string]any{"Name": name, "ServiceArn": ref}
		},
	}
}

// listenerSpec is a load balancer's listener, or with rule set one of a
// listener's rules: Ref is its ARN, the parent's ARN with the kind renamed
// (loadbalancer/ to listener/, listener/ to listener-rule/) and an ID of its
// own appended.
func listenerSpec(parentProperty, parentKind, kind, attr string, rule bool) resourceSpec {
	return resourceSpec{
		ref: func(pc *provisionCtx, _ string, props map[string]any) string {
			parent := template.ScalarString(props[parentProperty])
			i := strings.Index(parent, ":"+parentKind+"/")
			if i < 0 { // not an ARN of its parent's kind: still an ARN of this kind
				return pc.arn("elasticloadbalancing", kind+"/app/"+wire.RandomHex(16)+"/"+wire.RandomHex(16))
			}
			return parent[:i+1] + kind + "/" + parent[i+len(parentKind)+2:] + "/" + wire.RandomHex(16)
		},
		attrs: func(_ *provisionCtx, _, ref string, _ map[string]any) map[string]any {
			attrs := map[string]any{attr: ref}
			if rule {
				attrs["IsDefault"] = "false"
			}
			return attrs
		},
	}
}

var knownSpecs = map[string]resourceSpec{
	"AWS::EC2::VPC":                         ec2Spec("vpc", "VpcId"),
	"AWS::EC2::Subnet":                      ec2Spec("subnet", "SubnetId"),
	"AWS::EC2::SecurityGroup":               ec2Spec("sg", "GroupId"),
	"AWS::EC2::SecurityGroupIngress":        ec2Spec("sgr", ""),
	"AWS::EC2::InternetGateway":             ec2Spec("igw", "InternetGatewayId"),
	"AWS::EC2::RouteTable":                  ec2Spec("rtb", "RouteTableId"),
	"AWS::EC2::NatGateway":                  ec2Spec("nat", ""),
	"AWS::EC2::FlowLog":                     ec2Spec("fl", "Id"),
	"AWS::EC2::VPCEndpoint":                 ec2Spec("vpce", "Id"),
	"AWS::EC2::SubnetRouteTableAssociation": ec2Spec("rtbassoc", "Id"),
	"AWS::ECR::Repository": {
		nameProperty: "RepositoryName", nameLimit: 256,
		ref: func(_ *provisionCtx, name string, _ map[string]any) string { return strings.ToLower(name) },
		attrs: func(pc *provisionCtx, _, ref string, _ map[string]any) map[string]any {
			s := pc.stack
			return map[string]any{"Arn": pc.arn("ecr", "repository/"+ref),
				"RepositoryUri": fmt.Sprintf("%s.dkr.ecr.%s.amazonaws.com/%s", s.Account, s.Region, ref)}
		},
	},
	"AWS::ECS::Cluster":          namedArnSpec("ClusterName", 255, "ecs", "cluster/%s"),
	"AWS::ECS::TaskDefinition":   taskDefinitionSpec(),
	"AWS::ECS::Service":          serviceSpec(),
	"AWS::Athena::WorkGroup":     namedArnSpec("Name", 128, "athena", "workgroup/%s"),
	"AWS::Athena::DataCatalog":   namedArnSpec("Name", 128, "athena", "datacatalog/%s"),
	"AWS::Events::Rule":          namedArnSpec("Name", 64, "events", "rule/%s"),
	"AWS::CloudWatch::Alarm":     namedArnSpec("AlarmName", 255, "cloudwatch", "alarm:%s"),
	"AWS::CloudWatch::Dashboard": namedArnSpec("DashboardName", 255, "cloudwatch", "dashboard/%s"),
	"AWS::CloudTrail::Trail":     namedArnSpec("TrailName", 128, "cloudtrail", "trail/%s"),
	"AWS::IAM::InstanceProfile":  namedArnSpec("InstanceProfileName", 128, "iam", "instance-profile/%s"),
	"AWS::IAM::ManagedPolicy": {
		nameProperty: "ManagedPolicyName", nameLimit: 128,
		ref: func(pc *provisionCtx, name string, _ map[string]any) string {
			return fmt.Sprintf("arn:%s:iam::%s:policy/%s", wire.Partition(pc.stack.Region), pc.stack.Account, name)
		},
		attrs: func(_ *provisionCtx, _, ref string, _ map[string]any) map[string]any {
			return map[string]any{"PolicyArn": ref}
		},
	},
	"AWS::ElasticLoadBalancingV2::LoadBalancer": elbSpec("loadbalancer/app", func(pc *provisionCtx, name, arn, suffix string) map[string]any {
		return map[string]any{
			"DNSName":               fmt.Sprintf("%s-%s.%s.elb.amazonaws.com", name, wire.RandomFrom(wire.Digits, 10), pc.stack.Region),
			"LoadBalancerFullName":  strings.TrimPrefix(suffix, "loadbalancer/"),
			"LoadBalancerName":      name,
			"LoadBalancerArn":       arn,
			"CanonicalHostedZoneID": "Z35SXDOTRQ7X7K",
		}
	}),
	"AWS::ElasticLoadBalancingV2::TargetGroup": elbSpec("targetgroup", func(_ *provisionCtx, name, arn, suffix string) map[string]any {
		return map[string]any{"TargetGroupFullName": suffix, "TargetGroupName": name, "TargetGroupArn": arn}
	}),
	"AWS::ElasticLoadBalancingV2::Listener":     listenerSpec("LoadBalancerArn", "loadbalancer", "listener", "ListenerArn", false),
	"AWS::ElasticLoadBalancingV2::ListenerRule": listenerSpec("ListenerArn", "listener", "listener-rule", "RuleArn", true),
	"AWS::CertificateManager::Certificate": {
		ref: func(pc *provisionCtx, _ string, _ map[string]any) string {
			return pc.arn("acm", "certificate/"+wire.NewUUID())
		},
		attrs: func(*provisionCtx, string, string, map[string]any) map[string]any { return map[string]any{} },
	},
	"AWS::GuardDuty::Detector": {
		ref:   func(*provisionCtx, string, map[string]any) string { return wire.RandomHex(32) },
		attrs: func(*provisionCtx, string, string, map[string]any) map[string]any { return map[string]any{} },
	},
}
