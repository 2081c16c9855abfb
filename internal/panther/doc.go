// Package panther models a Panther deployment without talking to AWS: the catalog of the nine
// CloudFormation stacks (names, templates, the order they deploy and tear down in, and where
// every template parameter gets its value), the pure builder of each stack's parameter map,
// and the manifest that describes a published release.
package panther
