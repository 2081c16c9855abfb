package localaws_test

import (
	"errors"

	"github.com/aws/smithy-go"
)

func asAPIError(err error, target *interface{ ErrorCode() string }) bool {
	var api smithy.APIError
	if errors.As(err, &api) {
		*target = api
		return true
	}
	return false
}
