package firehose

import (
	"encoding/json"
	"net/http"
	"slices"
	"sort"

	"github.com/panther-operator/panther-operator/internal/localaws/internal/wire"
)

// createInput is a CreateDeliveryStream request.
type createInput struct {
	DeliveryStreamName                 string
	DeliveryStreamType                 string
	ExtendedS3DestinationConfiguration *Destination
	S3DestinationConfiguration         *Destination
	Tags                               []tag
}

// destination validates the S3 destination of a request and fills in
// Firehose's defaults.
func (in *createInput) destination() (Destination, error) {
	d := in.ExtendedS3DestinationConfiguration
	if d == nil {
		d = in.S3DestinationConfiguration
	}
	if d == nil {
		return Destination{}, invalidArgument("localaws supports only S3 destinations (ExtendedS3DestinationConfiguration or S3DestinationConfiguration)")
	}
	out := *d
	if _, ok := bucketOf(out.BucketARN); !ok {
		return Destination{}, invalidArgument("BucketARN %q is not a valid S3 bucket ARN", out.BucketARN)
	}
	hints := &out.BufferingHints
	if hints.SizeInMBs == 0 {
		hints.SizeInMBs = 5
	}
	if hints.IntervalInSeconds == nil {
		interval := wire.FlexInt(300)
		hints.IntervalInSeconds = &interval
	}
	if !slices.Contains([]string{"", "UNCOMPRESSED", "GZIP"}, out.CompressionFormat) {
		return Destination{}, invalidArgument("localaws supports the compression formats UNCOMPRESSED and GZIP, not %s", out.CompressionFormat)
	}
	if out.CompressionFormat == "" {
		out.CompressionFormat = "UNCOMPRESSED"
	}
	if hints.SizeInMBs < 1 || hints.SizeInMBs > 128 {
		return Destination{}, validation("1 validation error detected: Value '%d' at 'bufferingHints.sizeInMBs' failed to satisfy constraint: Member must have value between 1 and 128", hints.SizeInMBs)
	}
	if *hints.IntervalInSeconds < 0 || *hints.IntervalInSeconds > 900 {
		return Destination{}, validation("1 validation error detected: Value '%d' at 'bufferingHints.intervalInSeconds' failed to satisfy constraint: Member must have value between 0 and 900", *hints.IntervalInSeconds)
	}
	return out, nil
}

// createStream is shared by the API and CloudFormation.
func (s *Service) createStream(account, region string, in createInput) (*Stream, error) {
	if !namePattern.MatchString(in.DeliveryStreamName) {
		return nil, validation("1 validation error detected: Value '%s' at 'deliveryStreamName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+", in.DeliveryStreamName)
	}
	if in.DeliveryStreamType != "" && in.DeliveryStreamType != "DirectPut" {
		return nil, invalidArgument("localaws supports only DirectPut delivery streams, not %s", in.DeliveryStreamType)
	}
	dest, err := in.destination()
	if err != nil {
		return nil, err
	}
	streams := s.streams(account, region)
	if _, exists := streams[in.DeliveryStreamName]; exists {
		return nil, wire.NewError(http.StatusBadRequest, "ResourceInUseException",
			"Firehose %s under accountId %s already exists", in.DeliveryStreamName, account)
	}
	now := s.now().UTC()
	st := &Stream{Name: in.DeliveryStreamName, Account: account, Region: region, Created: now, Updated: now, Version: 1,
		Tags: in.Tags, Destination: dest}
	streams[st.Name] = st
	return st, nil
}

// updateDestination replaces a stream's destination; its version grows.
func (s *Service) updateDestination(account, region string, in createInput) error {
	st, ok := s.streams(account, region)[in.DeliveryStreamName]
	if !ok {
		return wire.NewError(http.StatusBadRequest, "ResourceNotFoundException", "Firehose %s under account %s not found.", in.DeliveryStreamName, account)
	}
	dest, err := in.destination()
	if err != nil {
		return err
	}
	st.Destination, st.Tags, st.Updated = dest, in.Tags, s.now().UTC()
	st.Version++
	return nil
}

func createDeliveryStream(req *request) error {
	var in createInput
	if err := req.DecodeJSON(&in); err != nil {
		return err
	}
	st, err := req.svc.createStream(req.Account, req.Region, in)
	if err != nil {
		return err
	}
	return req.ReplyJSON(map[string]string{"DeliveryStreamARN": st.Arn()})
}

// description is a stream's DeliveryStreamDescription.
func (st *Stream) description() map[string]any {
	d := st.Destination
	s3 := map[string]any{"RoleARN": d.RoleARN, "BucketARN": d.BucketARN, "Prefix": d.Prefix,
		"ErrorOutputPrefix": d.ErrorOutputPrefix, "BufferingHints": d.BufferingHints, "CompressionFormat": d.CompressionFormat,
		"EncryptionConfiguration":  map[string]string{"NoEncryptionConfig": "NoEncryption"},
		"CloudWatchLoggingOptions": map[string]bool{"Enabled": false}}
	extended := map[string]any{"S3BackupMode": "Disabled"}
	for k, v := range s3 {
		extended[k] = v
	}
	return map[string]any{
		"DeliveryStreamName": st.Name, "DeliveryStreamARN": st.Arn(), "DeliveryStreamStatus": "ACTIVE",
		"DeliveryStreamType": "DirectPut", "VersionId": jsonInt(st.Version), "CreateTimestamp": wire.Epoch(st.Created),
		"LastUpdateTimestamp": wire.Epoch(st.Updated), "HasMoreDestinations": false,
		"DeliveryStreamEncryptionConfiguration": map[string]string{"Status": "DISABLED"},
		"Destinations": []map[string]any{{"DestinationId": "destinationId-000000000001",
			"S3DestinationDescription": s3, "ExtendedS3DestinationDescription": extended}},
	}
}

func jsonInt(n int) string {
	data, _ := json.Marshal(n)
	return string(data)
}

type nameInput struct{ DeliveryStreamName string }

func describeDeliveryStream(req *request) error {
	var in nameInput
	if err := req.DecodeJSON(&in); err != nil {
		return err
	}
	st, err := req.stream(in.DeliveryStreamName)
	if err != nil {
		return err
	}
	return req.ReplyJSON(map[string]any{"DeliveryStreamDescription": st.description()})
}

func listDeliveryStreams(req *request) error {
	var in struct {
		Limit                            int
		ExclusiveStartDeliveryStreamName string
		DeliveryStreamType               string
	}
	if err := req.DecodeJSON(&in); err != nil {
		return err
	}
	if in.Limit <= 0 || in.Limit > 10000 {
		in.Limit = 10
	}
	names := []string{}
	for name := range req.svc.streams(req.Account, req.Region) {
		if name > in.ExclusiveStartDeliveryStreamName && (in.DeliveryStreamType == "" || in.DeliveryStreamType == "DirectPut") {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	more := len(names) > in.Limit
	if more {
		names = names[:in.Limit]
	}
	return req.ReplyJSON(map[string]any{"DeliveryStreamNames": names, "HasMoreDeliveryStreams": more})
}

// deleteDeliveryStream deletes at once; buffered records are dropped.
func deleteDeliveryStream(req *request) error {
	var in nameInput
	if err := req.DecodeJSON(&in); err != nil {
		return err
	}
	if _, err := req.stream(in.DeliveryStreamName); err != nil {
		return err
	}
	delete(req.svc.streams(req.Account, req.Region), in.DeliveryStreamName)
	return req.ReplyJSON(nil)
}
