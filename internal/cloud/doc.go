// Package cloud is the only part of the operator that imports the AWS SDK. It turns a
// deployment's region and credentials into clients (built with config.LoadDefaultConfig, so
// AWS_ENDPOINT_URL, profiles, web identity, IRSA and instance roles all work), and offers the
// CloudFormation, S3 and STS operations the controllers need behind narrow interfaces that
// speak the operator's own types, never the SDK's.
package cloud
