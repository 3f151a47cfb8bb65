package simulator

import (
	"fmt"
	"net/http"
)

// The task endpoints' documented error bodies (§6.3–6.5).

// taskBadRequest is the response and playbook task 400 (arp-badRequest,
// wae-400): the document's example, one message for every rejection.
func taskBadRequest(badRequest) *apiError {
	return newAPIError(http.StatusBadRequest, errorDetail{Code: "BadRequest", Message: "Invalid request format."})
}

func taskInternalError() *apiError {
	return newAPIError(http.StatusInternalServerError, errorDetail{Code: "InternalServerError", Message: "Internal server error."})
}

// endpointSecurityBadRequest is the endpoint security 400: the document's
// message and innererror code, the trace id derived from the rejection so
// bodies repeat.
func endpointSecurityBadRequest(b badRequest) *apiError {
	return newAPIError(http.StatusBadRequest, errorDetail{
		Code:       "BadRequest",
		Message:    "Unable to retrieve endpoint information. Verify that the request is properly formatted and try again.",
		InnerError: &innerError{Code: "endpoint_000400", Message: "TraceId: " + traceID(fmt.Sprint("endpoint", b.kind, b.param))},
	})
}

func endpointSecurityInternalError() *apiError {
	return newAPIError(http.StatusInternalServerError, errorDetail{
		Code:       "InternalServerError",
		Message:    "Unable to retrieve task information. An internal error has occurred. Please try again later. If the issue persists, contact your support provider.",
		InnerError: &innerError{Code: "task_000500", Message: "TraceId: " + traceID("task 500")},
	})
}
