package engine

import (
	"encoding/json"

	"github.com/panther-operator/panther-operator/internal/localaws/cfn/template"
	"github.com/panther-operator/panther-operator/internal/localaws/internal/wire"
)

// deliveryStreamProvisioner creates real Firehose delivery streams; Ref
// is the name, GetAtt Arn the ARN.
type deliveryStreamProvisioner struct{}

// streamDefinition turns template properties into a CreateDeliveryStream
// request, whose shapes CloudFormation shares.
func streamDefinition(pc *provisionCtx, name string, props map[string]any) []byte {
	d := map[string]any{"DeliveryStreamName": name}
	for _, k := range []string{"DeliveryStreamType", "ExtendedS3DestinationConfiguration", "S3DestinationConfiguration"} {
		if v, ok := props[k]; ok {
			d[k] = v
		}
	}
	var tags []map[string]string
	for k, v := range pc.resourceTags(props) {
		tags = append(tags, map[string]string{"Key": k, "Value": v})
	}
	d["Tags"] = tags
	data, _ := json.Marshal(d)
	return data
}

func firehoseFailure(err error) error {
	ae := wire.AsError(err)
	return wire.Failuref("%s (Service: Firehose, Status Code: %d, Error Code: %s)", ae.Message, ae.Status, ae.Code)
}

func (deliveryStreamProvisioner) create(pc *provisionCtx, r *StackResource, props map[string]any) error {
	name := template.ScalarString(props["DeliveryStreamName"])
	if name == "" {
		name = pc.generatedName(r, 64, false)
	}
	s := pc.stack
	arn, err := pc.eng.hose.CreateDeliveryStream(s.Account, s.Region, streamDefinition(pc, name, props))
	if err != nil {
		if wire.AsError(err).Code == "ResourceInUseException" {
			return wire.Failuref("Resource of type 'AWS::KinesisFirehose::DeliveryStream' with identifier '%s' already exists.", name)
		}
		return firehoseFailure(err)
	}
	r.PhysicalID, r.Attributes = name, map[string]any{"Arn": arn}
	return nil
}

func (deliveryStreamProvisioner) update(pc *provisionCtx, r *StackResource, props map[string]any) error {
	s := pc.stack
	if err := pc.eng.hose.UpdateDestination(s.Account, s.Region, streamDefinition(pc, r.PhysicalID, props)); err != nil {
		return firehoseFailure(err)
	}
	return nil
}

func (deliveryStreamProvisioner) delete(pc *provisionCtx, r *StackResource) error {
	pc.eng.hose.DeleteDeliveryStream(pc.stack.Account, pc.stack.Region, r.PhysicalID)
	return nil
}
