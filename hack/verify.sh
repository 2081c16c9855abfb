#!/usr/bin/env bash
# Regenerates every generated file (and tidies go.mod) and fails if that changed anything, or if the tree is not
# clean. A snapshot taken before the run catches hand edits of generated files even when they
# are not committed (regeneration would otherwise silently undo them).
set -euo pipefail
cd "$(dirname "$0")/.."

snapshot() {
  git ls-files -z --cached --others --exclude-standard | sort -z |
    xargs -0 -r sha256sum 2>/dev/null || true
}

before="$(snapshot)"
make -s generate manifests docs fmt >/dev/null
# go.mod and go.sum must be what `go mod tidy` makes of the imports.
go mod tidy
after="$(snapshot)"

status=0
if [ "$before" != "$after" ]; then
  echo "Regenerating changed these files: they were edited by hand or not regenerated:"
  diff <(echo "$before") <(echo "$after") | awk '/^[<>]/ {print "  " $3}' | sort -u
  status=1
fi
if [ -n "$(git status --porcelain)" ]; then
  echo "The tree is not clean:"
  git status --porcelain | sed 's/^/  /'
  status=1
fi
if [ "$status" != 0 ]; then
  echo "Run 'make generate manifests docs fmt' and 'go mod tidy', never edit generated files by hand, and commit the result."
fi
exit "$status"
