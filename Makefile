# The Panther operator's build. `make help` lists the targets; `make test` is what CI runs.

SHELL := /usr/bin/env bash -o pipefail
.SHELLFLAGS := -ec
.DEFAULT_GOAL := help

# Tool versions, installed from the Go module proxy into ./bin by `make setup`.
CONTROLLER_TOOLS_VERSION ?= v0.23.0
KUSTOMIZE_VERSION ?= v5.8.2
GOLANGCI_LINT_VERSION ?= v2.15.0
CRD_REF_DOCS_VERSION ?= v0.3.0

LOCALBIN ?= $(CURDIR)/bin
CONTROLLER_GEN ?= $(LOCALBIN)/controller-gen-$(CONTROLLER_TOOLS_VERSION)
KUSTOMIZE ?= $(LOCALBIN)/kustomize-$(KUSTOMIZE_VERSION)
GOLANGCI_LINT ?= $(LOCALBIN)/golangci-lint-$(GOLANGCI_LINT_VERSION)
CRD_REF_DOCS ?= $(LOCALBIN)/crd-ref-docs-$(CRD_REF_DOCS_VERSION)

# The control plane the tests run against (kube-apiserver, etcd, kubectl), built from source
# by hack/envtest-assets.sh and cached outside the clone.
ENVTEST_ASSETS = $(shell hack/envtest-assets.sh)

GO_TEST_FLAGS ?= -race -count=1 -timeout 40m
# Flags of the fleet benchmark (hack/bench), e.g. BENCH_FLAGS="-n 10 -json".
BENCH_FLAGS ?=
# The Panther version a release built here gets, and where the local demo's localaws listens.
PANTHER_VERSION ?= 1.16.0
LOCALAWS_URL ?= http://127.0.0.1:4566
IMG ?= panther-operator:dev
# The browser the web app's end-to-end tests drive (playwright-core; no browser download).
CHROMIUM ?= /usr/bin/chromium

##@ General

.PHONY: help
help: ## Show the targets and what they do.
	@awk 'BEGIN {FS = ":.*##"; printf "Usage: make <target>\n"} \
		/^[a-zA-Z_0-9-]+:.*?##/ { printf "  \033[36m%-16s\033[0m %s\n", $$1, $$2 } \
		/^##@/ { printf "\n\033[1m%s\033[0m\n", substr($$0, 5) }' $(MAKEFILE_LIST)

.PHONY: setup
setup: $(CONTROLLER_GEN) $(KUSTOMIZE) $(GOLANGCI_LINT) $(CRD_REF_DOCS) web/node_modules/.package-lock.json ## Install the development tools into ./bin and the web app's packages into web/node_modules.

.PHONY: setup-browser
setup-browser: ## Install Debian's Chromium for the browser tests (needs root; .ci/run does it).
	@command -v $(CHROMIUM) >/dev/null || { apt-get update && apt-get install -y --no-install-recommends chromium; }

##@ Demo

.PHONY: demo
demo: web ## Run the local demo: API server, localaws, the operator, the sample deployment and the web app, until Ctrl-C.
	go build -o $(LOCALBIN)/pantherctl ./cmd/pantherctl
	go run ./hack/demo

##@ Development

.PHONY: generate
generate: $(CONTROLLER_GEN) ## Generate the DeepCopy methods of the API types, and the AppSync stack (schema, data sources, resolvers) from api/graphql.
	$(CONTROLLER_GEN) object:headerFile="hack/boilerplate.go.txt" paths="./api/..."
	go run ./hack/appsync

.PHONY: manifests
manifests: $(CONTROLLER_GEN) ## Generate the CRD and RBAC manifests from the code markers.
	$(CONTROLLER_GEN) rbac:roleName=manager-role crd paths="./api/...;./controllers/..." \
		output:crd:artifacts:config=config/crd/bases output:rbac:artifacts:config=config/rbac

.PHONY: docs
docs: $(CRD_REF_DOCS) ## Generate the API reference (docs/api-reference.md) from the API types.
	$(CRD_REF_DOCS) --source-path=./api --config=hack/crd-ref-docs.yaml --renderer=markdown \
		--output-path=docs/api-reference.md --log-level=WARN

.PHONY: fmt
fmt: ## Format the Go code.
	go fmt ./...

.PHONY: vet
vet: ## Run go vet.
	go vet ./...

.PHONY: lint
lint: $(GOLANGCI_LINT) ## Run golangci-lint.
	$(GOLANGCI_LINT) run ./...

.PHONY: verify
verify: $(CONTROLLER_GEN) $(CRD_REF_DOCS) ## Regenerate everything; fail if that changed a file or the tree is dirty.
	hack/verify.sh

.PHONY: envtest
envtest: ## Build (or reuse) the kube-apiserver, etcd and kubectl; print their folder.
	@echo $(ENVTEST_ASSETS)

.PHONY: test-templates
test-templates: ## Check every template against the CloudFormation specification and the catalog (test:cfn).
	go test -count=1 ./deployments/... ./internal/panther/...

.PHONY: test
test: $(if $(CI),verify) vet lint test-python test-web ## Run everything CI requires: vet, lint, unit, envtest and e2e suites (the browser suite among them), the rules engine's Python tests and the web app's component tests.
	KUBEBUILDER_ASSETS="$(ENVTEST_ASSETS)" CHROMIUM="$(CHROMIUM)" WEB_DIST_DIR="$(CURDIR)/web/dist" go test $(GO_TEST_FLAGS) ./...
	$(MAKE) -s test-examples

.PHONY: test-examples
test-examples: ## Run the example module that uses pkg/testkit as a user's module would (a module of its own, outside ./...).
	cd examples/testkit && go mod tidy -diff && KUBEBUILDER_ASSETS="$(ENVTEST_ASSETS)" go test -count=1 ./...

.PHONY: test-web
test-web: web ## Type-check and build the web app, then run its component tests (Vitest).
	cd web && npx vitest run

.PHONY: test-python
test-python: ## Run the rules engine's Python unit tests (standard library only).
	cd lambdas/rules-engine && PYTHONDONTWRITEBYTECODE=1 python3 -m unittest discover -s tests -t .

.PHONY: bench
bench: ## Run the benchmarks (localaws throughput and memory, the log pipeline and the rules engine on one core, upload to alert delivery in localaws, then the fleet of hack/bench); never part of make test.
	go test -run '^$$' -bench . -benchmem -count=1 ./internal/localaws/
	go test -run '^$$' -bench . -benchmem -count=1 -cpu 1 ./lambdas/logs/classify/
	go test -run '^$$' -bench RulesEngine -benchtime 1x -count=1 ./lambdas/rules-engine/
	go test -run '^$$' -bench UploadToDelivery -benchtime 1x -count=1 -timeout 20m ./cmd/pantherctl/
	go run ./hack/bench $(BENCH_FLAGS)

##@ Build

.PHONY: build
build: ## Build the manager, pantherctl and localaws binaries into ./bin.
	go build -o $(LOCALBIN)/manager ./cmd/manager
	go build -o $(LOCALBIN)/pantherctl ./cmd/pantherctl
	go build -o $(LOCALBIN)/localaws ./cmd/localaws

.PHONY: image
image: ## Build the manager's image, without Docker, as a tarball (out/image.tar) tagged IMG.
	go run ./hack/image --out out/image.tar --tag $(IMG)

.PHONY: web-image
web-image: WEB_IMG ?= panther-web:dev
web-image: web ## Build the web app's image (cmd/web and the app built in web/dist), without Docker, as out/web-image.tar tagged WEB_IMG.
	go run ./hack/image --app web --dist web/dist --out out/web-image.tar --tag $(WEB_IMG)

.PHONY: web
web: web/node_modules/.package-lock.json ## Type-check and build the web app into web/dist.
	cd web && npm run build

# npm ci runs again only when the lock changes.
web/node_modules/.package-lock.json: web/package-lock.json
	cd web && npm ci --no-audit --no-fund

.PHONY: release
release: ## Build the Panther release (templates, functions, manifest) into ./out/release.
	go run ./cmd/pantherctl release build --version $(PANTHER_VERSION) --out out/release

.PHONY: lambdas
lambdas: ## Build every Lambda function for linux/amd64 and linux/arm64 into ./out/lambdas/<arch>/<function>.zip, reproducibly.
	go run ./cmd/pantherctl release functions --out out/lambdas

.PHONY: publish-local
publish-local: release ## Publish ./out/release into the localaws at LOCALAWS_URL (bucket panther-releases).
	AWS_ENDPOINT_URL=$(LOCALAWS_URL) AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_REGION=us-east-1 \
		go run ./cmd/pantherctl release publish --version $(PANTHER_VERSION) --bucket panther-releases \
		--dir out/release --force

.PHONY: run
run: manifests ## Run the manager against the cluster of the current kubeconfig.
	go run ./cmd/manager

.PHONY: clean
clean: ## Remove build outputs (./bin, ./out).
	rm -rf $(LOCALBIN) out

##@ Deployment

.PHONY: install
install: manifests $(KUSTOMIZE) ## Install the CRDs into the cluster of the current kubeconfig.
	$(KUSTOMIZE) build config/crd | kubectl apply --server-side -f -

.PHONY: uninstall
uninstall: manifests $(KUSTOMIZE) ## Remove the CRDs from the cluster of the current kubeconfig.
	$(KUSTOMIZE) build config/crd | kubectl delete --ignore-not-found -f -

.PHONY: deploy
deploy: manifests $(KUSTOMIZE) ## Install the operator (config/default) into the current cluster.
	cd config/manager && $(KUSTOMIZE) edit set image controller=$(IMG)
	$(KUSTOMIZE) build config/default | kubectl apply --server-side -f -

.PHONY: undeploy
undeploy: $(KUSTOMIZE) ## Remove the operator (config/default) from the current cluster.
	$(KUSTOMIZE) build config/default | kubectl delete --ignore-not-found -f -

##@ Tools

$(LOCALBIN):
	mkdir -p $(LOCALBIN)

$(CONTROLLER_GEN): | $(LOCALBIN)
	$(call go-install-tool,$(CONTROLLER_GEN),sigs.k8s.io/controller-tools/cmd/controller-gen,$(CONTROLLER_TOOLS_VERSION))

$(KUSTOMIZE): | $(LOCALBIN)
	$(call go-install-tool,$(KUSTOMIZE),sigs.k8s.io/kustomize/kustomize/v5,$(KUSTOMIZE_VERSION))

$(GOLANGCI_LINT): | $(LOCALBIN)
	$(call go-install-tool,$(GOLANGCI_LINT),github.com/golangci/golangci-lint/v2/cmd/golangci-lint,$(GOLANGCI_LINT_VERSION))

$(CRD_REF_DOCS): | $(LOCALBIN)
	$(call go-install-tool,$(CRD_REF_DOCS),github.com/elastic/crd-ref-docs,$(CRD_REF_DOCS_VERSION))

# go-install-tool installs package $(2) at version $(3) as $(1), a versioned file name, so that
# a version bump in this Makefile installs the new version.
define go-install-tool
@set -e; \
	echo "Installing $(2)@$(3)"; \
	tmp=$$(mktemp -d); \
	GOBIN=$$tmp go install $(2)@$(3); \
	mv $$tmp/$$(basename $$(echo $(2) | sed 's:/v[0-9]*$$::')) $(1); \
	rm -rf $$tmp
endef
