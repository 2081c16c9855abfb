package templatelint

import (
	"testing"

	"github.com/panther-operator/panther-operator/deployments"
)

func TestDeploymentsTemplatesPassTheLint(t *testing.T) {
	problems, err := Lint(deployments.FS())
	if err != nil {
		t.Fatal(err)
	}
	if err := Error(problems); err != nil {
		t.Fatal(err)
	}
}
