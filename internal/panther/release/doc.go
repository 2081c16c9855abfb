// Package release builds a Panther release: the stack templates, the root template rewritten
// to reference them by content hash, the Lambda packages, and the manifest, written into a
// directory laid out exactly as the release appears under s3://BUCKET/v<version>/. Builds are
// deterministic: the same sources give byte-identical output.
package release
