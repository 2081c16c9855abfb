// Package testkit runs the Panther operator inside a user's `go test`, so that a platform team
// can test its own PantherDeployment manifests and GitOps repositories without a cluster or an
// AWS account.
//
// Start brings up, in the test process:
//
//   - a real kube-apiserver and etcd (controller-runtime's envtest) with the PantherDeployment
//     CRD installed; the binaries come from KUBEBUILDER_ASSETS (or Options.AssetsDir), for
//     example as installed by setup-envtest;
//   - localaws, the project's AWS emulator, on a free local port, with a Panther release of
//     each requested version published into s3://panther-releases;
//   - the operator's manager, with the same reconciler as the manager binary, pointed at
//     localaws (no environment variable of the test process is changed).
//
// The helpers apply manifests (server-side apply), wait for a deployment to become Ready or to
// stall, and read the stacks localaws holds:
//
//	env, err := testkit.Start(ctx, testkit.Options{})
//	if err != nil {
//		t.Fatal(err)
//	}
//	defer env.Stop()
//	if err := env.ApplyFile(ctx, "deploy/panther.yaml"); err != nil {
//		t.Fatal(err)
//	}
//	if _, err := env.WaitForReady(ctx, client.ObjectKey{Namespace: "security", Name: "prod"}, 3*time.Minute); err != nil {
//		t.Fatal(err)
//	}
//
// Building a release compiles every Lambda function of Panther, which takes minutes; the built
// release is kept under the user cache directory (see Options.CacheDir), keyed by the version
// and a hash of the sources it is built from, so that later runs start in seconds.
package testkit
