package server

import (
	"path"
	"regexp"
	"strings"
)

// The Cache-Control values, one per kind of answer.
const (
	// cacheImmutable is for files whose name changes whenever their content does: a new
	// release of the app asks for new names, so a year-old copy is never stale.
	cacheImmutable = "public, max-age=31536000, immutable"
	// cacheWeek is for favicons, whose names are fixed but which rarely change; a week of a
	// stale icon is harmless and saves a request on every page load.
	cacheWeek = "public, max-age=604800"
	// cacheRevalidate makes browsers ask again every time (answered with 304 when unchanged),
	// so that the index, and the hashed names it points at, are always those of the release
	// being served.
	cacheRevalidate = "no-cache"
	// cacheNever is for answers that say something about this moment, such as health.
	cacheNever = "no-store"
)

// hashedAsset matches the names Vite gives what it emits into assets/:
// [name]-[hash][extname], the hash being 8 characters of the URL-safe base64 alphabet.
var hashedAsset = regexp.MustCompile(`^.+-[A-Za-z0-9_-]{8}\.(js|mjs|css|svg|jpg|jpeg|png|webp|gif|avif|woff2|woff)$`)

// cacheControl is the Cache-Control of the dist file at name (slash-separated, relative to
// the dist folder), decided by the name the client asked for, not by the precompressed
// sibling that answers it.
func cacheControl(name string) string {
	base := path.Base(name)
	switch {
	case strings.HasPrefix(name, "assets/") && hashedAsset.MatchString(base):
		return cacheImmutable
	case strings.HasPrefix(base, "favicon"):
		return cacheWeek
	default:
		return cacheRevalidate
	}
}
