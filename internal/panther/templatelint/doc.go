// Package templatelint checks Panther's CloudFormation templates before they are published: it
// parses them strictly, validates every resource against the CloudFormation resource
// specification (the JSON schema shipped with goformation), checks intrinsic function
// references and Panther's rules for S3 buckets, and checks the templates against the stack
// catalog: no parameter defaults in nested templates, every parameter produced by the catalog,
// every consumed output declared, the capabilities each stack needs, and the root template's
// wiring of the nested stacks.
package templatelint
