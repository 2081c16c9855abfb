package release

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"

	"github.com/panther-operator/panther-operator/internal/cloud"
	"github.com/panther-operator/panther-operator/internal/panther"
)

// ErrAlreadyPublished says that the version's manifest is in the bucket already.
var ErrAlreadyPublished = errors.New("already published")

// PublishReport says what one publish did.
type PublishReport struct {
	Bucket   string
	Uploaded []string
	Skipped  []string
}

// Publish uploads the release built in dir to s3://bucket/v<version>/. Objects whose content
// is there already are skipped; the manifest goes last, so that a reader never finds a
// manifest whose files are missing. A published version is only overwritten with force.
func Publish(ctx context.Context, store cloud.ReleaseStore, dir, version, bucket string, force bool) (PublishReport, error) {
	report := PublishReport{Bucket: bucket}
	manifestData, err := os.ReadFile(filepath.Join(dir, "manifest.json"))
	if err != nil {
		return report, fmt.Errorf("reading the release manifest (build the release first): %w", err)
	}
	m, err := panther.ParseManifest(manifestData)
	if err != nil {
		return report, err
	}
	if m.Version != version {
		return report, fmt.Errorf("%s holds release %s, not %s", dir, m.Version, version)
	}
	if err := store.EnsureBucket(ctx, bucket); err != nil {
		return report, err
	}
	manifestKey := panther.ManifestKey(version)
	switch _, err := store.ContentHash(ctx, bucket, manifestKey); {
	case err == nil && !force:
		return report, fmt.Errorf("release %s in s3://%s: %w; pass --force to overwrite it", version, bucket, ErrAlreadyPublished)
	case err != nil && !errors.Is(err, cloud.ErrNotFound):
		return report, err
	}

	files, err := releaseFiles(dir)
	if err != nil {
		return report, err
	}
	for _, rel := range files {
		data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(rel)))
		if err != nil {
			return report, err
		}
		key := panther.VersionPrefix(version) + rel
		sum := hexSHA256(data)
		if rel != "manifest.json" {
			if existing, err := store.ContentHash(ctx, bucket, key); err == nil && existing == sum {
				report.Skipped = append(report.Skipped, key)
				continue
			} else if err != nil && !errors.Is(err, cloud.ErrNotFound) {
				return report, err
			}
		}
		if err := store.Put(ctx, bucket, key, data, sum); err != nil {
			return report, err
		}
		report.Uploaded = append(report.Uploaded, key)
	}
	return report, nil
}

// releaseFiles lists the release's files relative to dir, slash-separated, sorted, with the
// manifest last.
func releaseFiles(dir string) ([]string, error) {
	var files []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(dir, path)
		if err != nil {
			return err
		}
		if rel = filepath.ToSlash(rel); rel != "manifest.json" {
			files = append(files, rel)
		}
		return nil
	})
	sort.Strings(files)
	return append(files, "manifest.json"), err
}
