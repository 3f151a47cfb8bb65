package simulator

import (
	"fmt"
	"net/http"
)

// caseInnerCodes name what a rejected case request got wrong (assumed:
// Trend's OpenAPI document shows the inner error's shape and one example
// code, ItemIdMissing, of another operation).
var caseInnerCodes = map[badRequestKind]string{
	badParam: "InvalidParameter", badTime: "InvalidDateTime", badFilter: "InvalidFilter",
	badTokenInvalid: "InvalidSkipToken", badTokenExpired: "SkipTokenExpired",
}

// caseBadRequest is the case management 400 (acl-v3-e.BadRequestResponseError):
// the document's message, and an inner error naming the parameter.
func caseBadRequest(b badRequest) *apiError {
	return newAPIError(http.StatusBadRequest, errorDetail{
		Code:       "BadRequest",
		Message:    "Unable to process the request. Verify that the request is properly formatted and try again.",
		InnerError: &innerError{Code: caseInnerCodes[b.kind], Message: fmt.Sprintf("Invalid %s.", b.param)},
	})
}

func caseInternalError() *apiError {
	return newAPIError(http.StatusInternalServerError, errorDetail{
		Code:    "InternalServerError",
		Message: "An internal error has occurred. Please try again later. If the issue persists, contact your support provider.",
	})
}
