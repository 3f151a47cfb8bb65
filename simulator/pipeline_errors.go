package simulator

import (
	"errors"
	"net/http"
)

// The error bodies of the data pipeline endpoints, as Trend's OpenAPI
// document for v3.0 gives them (paths /v3.0/oat/dataPipelines* and
// /v3.0/datalake/dataPipelines*): its codes and example messages.

const (
	msgParamsCheck  = "Parameters invalid. Check your request payload and try again."
	msgParamsVerify = "Parameters invalid. Verify your request payload and try again."
	msgInternal     = "An internal error has occurred. Please try again later. If the issue persists, contact your support provider."
)

// bodyError renders a rejected request body or parameter: BadRequest with
// the member at fault as target and the innererror code. The Data Lake
// registration's documented body has no target and one innererror code,
// InvalidParameters.
func (a *pipelineAPI) bodyError(err error) *apiError {
	var be bodyError
	if !errors.As(err, &be) {
		be = bodyError{code: innerInvalid}
	}
	if !a.oat && be.code != innerInvalidOptional {
		return newAPIError(http.StatusBadRequest, errorDetail{
			Code: "BadRequest", Message: msgParamsVerify, InnerError: &innerError{Code: innerInvalid},
		})
	}
	return errPipelineBadRequest(be.target, be.code)
}

// errPipelineBadRequest is the OAT pipeline bodies' and the package lists'
// 400: code BadRequest, target and innererror.
func errPipelineBadRequest(target, inner string) *apiError {
	return newAPIError(http.StatusBadRequest, errorDetail{
		Code: "BadRequest", Message: msgParamsCheck, Target: target, InnerError: &innerError{Code: inner},
	})
}

// errCustomerExists: a second OAT pipeline (one per tenant).
func errCustomerExists() *apiError {
	return newAPIError(http.StatusBadRequest, errorDetail{
		Code: "NotSupported", Message: "Unable to register customer. Customer already exists.",
	})
}

// deleteBadRequest: a POST <base>/delete body that is no list of {"id"}.
// The Data Lake body is its document's (message without a full stop); OAT
// documents no 400 for it and gets its registration's.
func (a *pipelineAPI) deleteBadRequest() *apiError {
	if a.oat {
		return errPipelineBadRequest("", innerInvalid)
	}
	return newAPIError(http.StatusBadRequest, errorDetail{
		Code: "BadRequest", Message: "Parameters invalid. Verify your request payload and try again",
	})
}

func errPipelineNotFound(message string) *apiError {
	return newAPIError(http.StatusNotFound, errorDetail{Code: "NotFound", Message: message})
}

// errConditionNotMet: an If-Match that is not the pipeline's ETag.
func errConditionNotMet() *apiError {
	return newAPIError(http.StatusPreconditionFailed, errorDetail{
		Code: "ConditionNotMet", Message: "ETag invalid. Check your request payload and try again.",
	})
}

// errPipelineDataForbidden is the package endpoints' 403 (the document's
// ath-custom403Error message; code AccessDenied as the shared 403 and the
// Data Lake registration's 403 enum have it).
func errPipelineDataForbidden() *apiError {
	return newAPIError(http.StatusForbidden, errorDetail{
		Code: "AccessDenied", Message: "You do not have the permission to access the data of this pipeline.",
	})
}

// errPipelineInternal is every pipeline endpoint's 500.
func errPipelineInternal() *apiError {
	return newAPIError(http.StatusInternalServerError, errorDetail{Code: "InternalServerError", Message: msgInternal})
}
