package stream

import (
	"path"
	"regexp"
)

// cloudTrailFile is the name CloudTrail gives the files it delivers to S3.
var cloudTrailFile = regexp.MustCompile(`^\d{12}_CloudTrail_[^_]+_\d{8}T\d{4}Z_\w+\.json\.gz$`)

// IsCloudTrailFile reports whether an object key is a file CloudTrail delivered, which holds
// one JSON object of Records rather than lines.
func IsCloudTrailFile(key string) bool { return cloudTrailFile.MatchString(path.Base(key)) }
