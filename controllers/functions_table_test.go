package controllers

import (
	"reflect"
	"testing"

	deployv1alpha1 "github.com/panther-operator/panther-operator/api/v1alpha1"
	"github.com/panther-operator/panther-operator/internal/panther"
)

const (
	releaseCode = "RRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRR="
	pushedCode  = "PPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPP="
	otherCode   = "OOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOO="
)

func TestCompareFunctions(t *testing.T) {
	fn := func(pin string) []releasedFunction {
		return []releasedFunction{{name: "panther-log-processor", stack: panther.LogAnalysis, releaseSHA256: releaseCode, pin: pin}}
	}
	status := func(code string, state deployv1alpha1.FunctionState) []deployv1alpha1.FunctionStatus {
		return []deployv1alpha1.FunctionStatus{{Name: "panther-log-processor", Stack: "logAnalysis",
			CodeSHA256: code, ReleaseSHA256: releaseCode, State: state}}
	}
	tests := []struct {
		name     string
		released []releasedFunction
		deployed map[string]string
		want     []deployv1alpha1.FunctionStatus
	}{
		{"the release's code is not listed", fn(""), map[string]string{"panther-log-processor": releaseCode}, nil},
		{"a pin is moot while the release's code runs", fn(pushedCode), map[string]string{"panther-log-processor": releaseCode}, nil},
		{"pushed code is drifted", fn(""), map[string]string{"panther-log-processor": pushedCode}, status(pushedCode, deployv1alpha1.FunctionDrifted)},
		{"pinned code is pinned", fn(pushedCode), map[string]string{"panther-log-processor": pushedCode}, status(pushedCode, deployv1alpha1.FunctionPinned)},
		{"a stale pin pins nothing", fn(pushedCode), map[string]string{"panther-log-processor": otherCode}, status(otherCode, deployv1alpha1.FunctionDrifted)},
		{"a function that does not exist is not listed", fn(""), map[string]string{"panther-other": pushedCode}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := compareFunctions(tt.released, tt.deployed); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("compareFunctions = %+v, want %+v", got, tt.want)
			}
		})
	}
}
