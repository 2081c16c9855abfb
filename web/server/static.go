package server

import (
	"errors"
	"io/fs"
	"log/slog"
	"net/http"
	"os"
	"path"
	"strconv"
	"strings"
	"syscall"
)

// distFiles answers requests with the files of the dist folder. It reads them through an
// os.Root, so no request path, and no symbolic link inside the folder, can reach a file
// outside it.
type distFiles struct {
	root *os.Root
	log  *slog.Logger
}

// serve answers with the regular file at name (slash-separated, relative to the dist folder),
// or its precompressed sibling when the client accepts that encoding, and reports whether
// there was such a file. It writes nothing when there was not.
func (d *distFiles) serve(w http.ResponseWriter, r *http.Request, name string) bool {
	if !d.isFile(name) {
		return false
	}
	h := w.Header()
	// The type is set from the name the client asked for, so that ServeContent does not sniff
	// it from compressed bytes, and so that the answer does not depend on the machine's
	// mime.types (the image has none).
	h.Set("Content-Type", contentType(name))
	h.Set("Cache-Control", cacheControl(name))

	served, coding := name, ""
	best := 0.0
	for _, enc := range precompressed {
		if !d.isFile(name + enc.suffix) {
			continue
		}
		// The answer now depends on Accept-Encoding whichever variant this client gets.
		h.Set("Vary", "Accept-Encoding")
		if q := acceptedQuality(r.Header.Get("Accept-Encoding"), enc.coding); q > best {
			served, coding, best = name+enc.suffix, enc.coding, q
		}
	}

	f, err := d.root.Open(served)
	if err != nil {
		d.log.Error("Opening a dist file failed", "path", served, "error", err)
		http.Error(w, "internal server error", http.StatusInternalServerError)
		return true
	}
	defer func() { _ = f.Close() }()
	info, err := f.Stat()
	if err != nil {
		d.log.Error("Reading a dist file failed", "path", served, "error", err)
		http.Error(w, "internal server error", http.StatusInternalServerError)
		return true
	}
	if coding != "" {
		h.Set("Content-Encoding", coding)
		// ServeContent leaves the length out once an encoding is set, as it would be wrong for
		// a body compressed on the fly; this body is the file, so its size is the length,
		// unless a range asks for part of it (ServeContent then sends it chunked).
		if r.Header.Get("Range") == "" {
			h.Set("Content-Length", strconv.FormatInt(info.Size(), 10))
		}
	}
	http.ServeContent(w, r, name, info.ModTime(), f)
	return true
}

// isFile reports whether name is a regular file of the dist folder (following links that
// stay inside it). Paths that cannot name a file there are not files; anything unexpected
// is logged, since it means the folder itself is damaged or unreadable.
func (d *distFiles) isFile(name string) bool {
	if name == "" || strings.ContainsRune(name, 0) {
		return false
	}
	info, err := d.root.Stat(name)
	if err != nil {
		if !errors.Is(err, fs.ErrNotExist) && !errors.Is(err, syscall.ENOTDIR) && !errors.Is(err, syscall.ENAMETOOLONG) {
			d.log.Warn("Looking up a dist file failed", "path", name, "error", err)
		}
		return false
	}
	return info.Mode().IsRegular()
}

// distName is the dist-relative name a URL path asks for: cleaned, so that it has no dot
// segments, and without the leading slash; "" for the root.
func distName(urlPath string) string {
	return strings.TrimPrefix(path.Clean("/"+urlPath), "/")
}

// contentTypes are the types of the files a Vite build emits. The table is fixed rather than
// read from the system, so that the container and a developer's machine answer alike.
var contentTypes = map[string]string{
	".html":        "text/html; charset=utf-8",
	".js":          "text/javascript; charset=utf-8",
	".mjs":         "text/javascript; charset=utf-8",
	".css":         "text/css; charset=utf-8",
	".json":        "application/json",
	".map":         "application/json",
	".webmanifest": "application/manifest+json",
	".txt":         "text/plain; charset=utf-8",
	".svg":         "image/svg+xml",
	".png":         "image/png",
	".jpg":         "image/jpeg",
	".jpeg":        "image/jpeg",
	".gif":         "image/gif",
	".webp":        "image/webp",
	".avif":        "image/avif",
	".ico":         "image/x-icon",
	".woff2":       "font/woff2",
	".woff":        "font/woff",
	".ttf":         "font/ttf",
	".otf":         "font/otf",
	".wasm":        "application/wasm",
}

// contentType is the type of the file at name; unknown kinds are plain bytes, which, with
// nosniff, browsers download rather than guess at.
func contentType(name string) string {
	if t, ok := contentTypes[strings.ToLower(path.Ext(name))]; ok {
		return t
	}
	return "application/octet-stream"
}
