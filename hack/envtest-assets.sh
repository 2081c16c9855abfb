#!/usr/bin/env bash
# Builds the envtest control plane (kube-apiserver, kubectl, etcd) from sources served by the
# Go module proxy, because setup-envtest's prebuilt downloads are not reachable everywhere we
# build. The binaries are cached outside the clone, keyed by version, so fresh clones and later
# runs reuse them. Safe to run concurrently: builders serialise on a lock and the folder is
# published with a rename.
#
# Prints only the absolute path of the folder that holds the three binaries (for
# KUBEBUILDER_ASSETS); progress goes to stderr.
set -euo pipefail

K8S_VERSION="${K8S_VERSION:-1.37.2}"
ETCD_VERSION="${ETCD_VERSION:-3.6.16}"
CACHE_ROOT="${PANTHER_OPERATOR_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/panther-operator}"
DEST="$CACHE_ROOT/k8s/${K8S_VERSION}-etcd-${ETCD_VERSION}"

complete() {
  [ -x "$DEST/kube-apiserver" ] && [ -x "$DEST/kubectl" ] && [ -x "$DEST/etcd" ]
}

if complete; then
  echo "$DEST"
  exit 0
fi

mkdir -p "$CACHE_ROOT/k8s"
exec 9>"$CACHE_ROOT/k8s/.build.lock"
flock 9
if complete; then # another builder finished while we waited for the lock
  echo "$DEST"
  exit 0
fi

log() { echo "envtest-assets: $*" >&2; }
work="$(mktemp -d "$CACHE_ROOT/k8s/.work.XXXXXX")"
trap 'rm -rf "$work"' EXIT
out="$work/bin"
mkdir -p "$out"

export GOFLAGS=-mod=mod GOWORK=off CGO_ENABLED=0
minor="${K8S_VERSION#*.}"; minor="${minor%%.*}"
staging_version="v0.${K8S_VERSION#*.}"

# kube-apiserver and kubectl: k8s.io/kubernetes points its staging modules at local folders that
# a module zip lacks, so this throwaway module replaces each with its published v0.X.Y twin.
log "building kube-apiserver and kubectl v${K8S_VERSION} (a cold build takes several minutes)"
mkdir -p "$work/k8s"
(
  cd "$work/k8s"
  go mod init envtest.local/k8s >/dev/null 2>&1
  gomod="$(go mod download -json "k8s.io/kubernetes@v${K8S_VERSION}" | sed -n 's/^[[:space:]]*"GoMod": "\(.*\)",$/\1/p')"
  [ -f "$gomod" ] || { log "cannot read the go.mod of k8s.io/kubernetes v${K8S_VERSION}"; exit 1; }
  go mod edit -require "k8s.io/kubernetes@v${K8S_VERSION}"
  grep -oE '^[[:space:]]*k8s\.io/[A-Za-z0-9._-]+ => \./staging/' "$gomod" |
    awk '{print $1}' | sort -u | while read -r mod; do
      go mod edit -replace "${mod}=${mod}@${staging_version}"
    done
  cat > tools.go <<'GO'
package tools

import (
	_ "k8s.io/kubectl/pkg/cmd"
	_ "k8s.io/kubernetes/cmd/kube-apiserver/app"
)
GO
  go mod tidy >&2
  ldflags="-s -w -X k8s.io/component-base/version.gitVersion=v${K8S_VERSION} -X k8s.io/component-base/version.gitMajor=1 -X k8s.io/component-base/version.gitMinor=${minor} -X k8s.io/component-base/version.gitTreeState=clean"
  go build -trimpath -ldflags "$ldflags" -o "$out/kube-apiserver" k8s.io/kubernetes/cmd/kube-apiserver >&2
  go build -trimpath -ldflags "$ldflags" -o "$out/kubectl" k8s.io/kubernetes/cmd/kubectl >&2
)

# etcd: its server module's root package is the etcd main package.
log "building etcd v${ETCD_VERSION}"
mkdir -p "$work/etcd"
(
  cd "$work/etcd"
  go mod init envtest.local/etcd >/dev/null 2>&1
  go get "go.etcd.io/etcd/server/v3@v${ETCD_VERSION}" >&2
  go build -trimpath -ldflags "-s -w" -o "$out/etcd" go.etcd.io/etcd/server/v3 >&2
)

rm -rf "$DEST"
mv "$out" "$DEST"
log "ready: $DEST"
echo "$DEST"
