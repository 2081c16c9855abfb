package lambda

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/panther-operator/panther-operator/internal/localaws/internal/wire"
)

// Layer is a layer's versions.
type Layer struct {
	Name     string          `json:"name"`
	ARN      string          `json:"arn"`
	Versions []*LayerVersion `json:"versions"`
	// Next is the number of the next version: numbers are never reused.
	Next int64 `json:"next"`
}

// LayerVersion is one published version of a layer.
type LayerVersion struct {
	Version            int64     `json:"version"`
	ARN                string    `json:"arn"`
	Description        string    `json:"description,omitempty"`
	CompatibleRuntimes []string  `json:"compatibleRuntimes,omitempty"`
	CodeDigest         string    `json:"codeDigest"`
	CodeSHA256         string    `json:"codeSha256"`
	CodeSize           int64     `json:"codeSize"`
	Created            time.Time `json:"created"`
}

func layerARN(region, account, name string) string {
	return fmt.Sprintf("arn:%s:lambda:%s:%s:layer:%s", wire.Partition(region), region, account, name)
}

func publishLayerVersion(req *request) error {
	var in struct {
		Content            codeInput `json:"Content"`
		Description        string    `json:"Description"`
		CompatibleRuntimes []string  `json:"CompatibleRuntimes"`
	}
	if err := req.DecodeJSON(&in); err != nil {
		return err
	}
	layer, v, err := req.svc.publishLayer(req.Account, req.Region, req.name, in.Description, in.CompatibleRuntimes, in.Content)
	if err != nil {
		return err
	}
	return req.ReplyRESTJSON(http.StatusCreated, layerVersionJSON(layer, v))
}

func layerVersionJSON(layer *Layer, v *LayerVersion) map[string]any {
	return map[string]any{
		"LayerArn": layer.ARN, "LayerVersionArn": v.ARN, "Version": v.Version, "Description": v.Description,
		"CompatibleRuntimes": v.CompatibleRuntimes, "CreatedDate": v.Created.Format("2006-01-02T15:04:05.000+0000"),
		"Content": map[string]any{"CodeSha256": v.CodeSHA256, "CodeSize": v.CodeSize},
	}
}

func listLayerVersions(req *request) error {
	versions := []map[string]any{}
	if layer, ok := req.svc.layers(req.Account, req.Region)[req.name]; ok {
		for i := len(layer.Versions) - 1; i >= 0; i-- {
			versions = append(versions, layerVersionJSON(layer, layer.Versions[i]))
		}
	}
	return req.ReplyRESTJSON(http.StatusOK, map[string]any{"LayerVersions": versions})
}

func (req *request) layerVersionInPath() (*Layer, *LayerVersion, int, error) {
	layer, ok := req.svc.layers(req.Account, req.Region)[req.name]
	n, err := strconv.ParseInt(req.rest, 10, 64)
	if ok && err == nil {
		for i, v := range layer.Versions {
			if v.Version == n {
				return layer, v, i, nil
			}
		}
	}
	return nil, nil, 0, wire.NewError(http.StatusNotFound, "ResourceNotFoundException",
		"The resource you requested does not exist.")
}

func getLayerVersion(req *request) error {
	layer, v, _, err := req.layerVersionInPath()
	if err != nil {
		return err
	}
	return req.ReplyRESTJSON(http.StatusOK, layerVersionJSON(layer, v))
}

func deleteLayerVersion(req *request) error {
	layer, _, i, err := req.layerVersionInPath()
	if err != nil {
		return req.ReplyRESTJSON(http.StatusNoContent, nil) // deleting a missing version succeeds, as on Lambda
	}
	layer.Versions = append(layer.Versions[:i], layer.Versions[i+1:]...)
	return req.ReplyRESTJSON(http.StatusNoContent, nil)
}

// layerVersion finds a layer version by its ARN (arn:...:layer:<name>:<version>).
func (s *Service) layerVersion(arn string) (*LayerVersion, error) {
	parts := strings.Split(arn, ":")
	if len(parts) != 8 || parts[5] != "layer" {
		return nil, invalid("Layer version %s is not a layer version ARN", arn)
	}
	n, err := strconv.ParseInt(parts[7], 10, 64)
	if err != nil {
		return nil, invalid("Layer version %s is not a layer version ARN", arn)
	}
	if layer, ok := s.layers(parts[4], parts[3])[parts[6]]; ok {
		for _, v := range layer.Versions {
			if v.Version == n {
				return v, nil
			}
		}
	}
	return nil, invalid("Layer version %s does not exist.", arn)
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
