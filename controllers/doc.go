// Package controllers holds the PantherDeployment reconciler: a thin Reconcile that runs
// ordered steps, each with the same signature, and one deferred status patch. It talks to AWS
// only through the interfaces of internal/cloud and never imports the AWS SDK. See
// docs/reconcile.md for the flow.
package controllers
