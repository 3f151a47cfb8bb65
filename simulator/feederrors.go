package simulator

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"strings"
)

// The feeds' documented error bodies, which their descriptors (feeds.go)
// name. The bodies every endpoint shares are in errors.go.

// workbenchBadRequest is the one 400 body documented for workbench (§1.7).
func workbenchBadRequest(badRequest) *apiError {
	return newAPIError(http.StatusBadRequest, errorDetail{
		Code:    "BadRequest",
		Message: "Unable to process the request. Verify that the request is properly formatted and try again. (Error code: 3090003)",
		Number:  3090003,
	})
}

func workbenchInternalError() *apiError {
	return newAPIError(http.StatusInternalServerError, errorDetail{
		Code:    "InternalServerError",
		Message: "An internal error has occurred. Please try again later. If the issue persists, contact your support provider. (Error code: 3090999)",
		Number:  3090999,
	})
}

// oatErrorMessages are the messages of the OAT 400 error numbers, as Trend's
// OpenAPI document for v3.0 lists them (GET /v3.0/oat/detections, 400).
var oatErrorMessages = map[int]string{
	1010400: "Validation error occurred. Check your request payload and try again. (Error code: 1010400)",
	1010406: "Time range parameters invalid. Ensure that you have configured the start time to begin before the end time and try again. (Error code: 1010406)",
	1010407: "nextBatchToken invalid. Ensure that you have completely copied the nextBatchToken from the previous response and try again. (Error code: 1010407)",
	1010420: "No products connected. Connect some products and try again. (Error code: 1010420)",
	1000520: "Request to data lake timed out. Adjust the request time range or criteria for a more precise query. (Error code: 1000520)",
	1010550: "Request token expired. Submit new query to get a new token. (Error code: 1010550)",
	1010999: "Invalid parameter detected. Check that all parameters are valid and try again. (Error code: 1010999)",
}

// oatError is the OAT 400 body of an error number.
func oatError(number int) errorDetail {
	return errorDetail{Code: "BadRequest", Number: number, Message: oatErrorMessages[number]}
}

// oatNumberedError answers an injected OAT error number.
func oatNumberedError(number int) *apiError {
	return newAPIError(http.StatusBadRequest, oatError(number))
}

// oatBadRequest maps a rejection to the OAT error numbers of §1.7.
func oatBadRequest(b badRequest) *apiError {
	var d errorDetail
	switch b.kind {
	case badTime:
		d = oatError(1010406)
		d.Target = "startTime" // the sample's name for the start parameters
		if strings.Contains(b.param, "End") {
			d.Target = "endTime"
		}
		d.InnerError = &innerError{Code: "InvalidDateValue"}
	case badTokenExpired:
		d = oatError(1010550)
	case badTokenInvalid:
		d = oatError(1010407)
	case badFilter:
		d = oatError(1010400)
		d.Target = b.param
	default:
		d = oatError(1010999)
		d.Target = b.param
	}
	return newAPIError(http.StatusBadRequest, d)
}

func oatInternalError() *apiError {
	return newAPIError(http.StatusInternalServerError, errorDetail{
		Code:    "InternalServerError",
		Message: "Internal server error occurred. Please try again. If the issue persists, contact your support provider. (Error code: 1000999)",
		Number:  1009999, // sic: Trend's OpenAPI document's number differs from its message
	})
}

// auditBadRequest follows the one documented audit 400 (the `top` message,
// §5.1) for every parameter (assumed: the others are undocumented).
func auditBadRequest(b badRequest) *apiError {
	var msg string
	switch {
	case b.param == "top":
		msg = `params error: "top" must be one of [50, 100, 200]`
	case b.param == "labels":
		msg = `params error: "labels" must be one of [none, matched, all]`
	case b.param == "dateTimeTarget":
		msg = `params error: "dateTimeTarget" must be one of [loggedDateTime, ingestedDateTime]`
	case b.kind == badTokenExpired:
		msg = fmt.Sprintf("params error: %q has expired", b.param)
	default:
		msg = fmt.Sprintf("params error: %q is invalid", b.param)
	}
	return newAPIError(http.StatusBadRequest, errorDetail{
		Code: "BadRequest", Message: msg,
		InnerError: &innerError{Code: "ParameterNotAccepted", InnerError: &innerError{Service: "uic"}},
	})
}

func auditInternalError() *apiError {
	return newAPIError(http.StatusInternalServerError, errorDetail{
		Code: "InternalServerError", Message: "InternalServerError",
		InnerError: &innerError{Code: "InternalServerError", InnerError: &innerError{Service: "uic"}},
	})
}

// The search sources share one error model (§4.1).
func searchBadRequest(badRequest) *apiError {
	return newAPIError(http.StatusBadRequest, errorDetail{Code: "BadRequest", Message: "Invalid HTTP Request"})
}

func searchInternalError() *apiError {
	return newAPIError(http.StatusInternalServerError, errorDetail{Code: "InternalServerError", Message: "content returned by service"})
}

// containerBadRequest is the Container Security 400 (§6.1): the document's
// message for every rejection, with its innererror for a filter; for the
// other rejections the innererror names the parameter (assumed: only the
// filter's is documented).
func containerBadRequest(b badRequest) *apiError {
	inner := &innerError{Code: "InvalidFilter", Message: "Invalid header. Check the filter and try again."}
	if b.kind != badFilter {
		inner = &innerError{Code: "InvalidParameter", Message: fmt.Sprintf("Invalid %s. Check the parameter and try again.", b.param)}
	}
	return newAPIError(http.StatusBadRequest, errorDetail{
		Code:       "BadRequest",
		Message:    "Unable to perform the request. Parameters invalid. Verify the request parameters and try again.",
		InnerError: inner,
	})
}

func containerInternalError() *apiError {
	return newAPIError(http.StatusInternalServerError, errorDetail{
		Code:    "InternalServerError",
		Message: "An internal error has occurred. Please try again later. If the issue persists, contact your support provider.",
	})
}

// accountCompromiseBadRequest is the risk insights 400 (§6.6), with the
// document's message and innererror code for every rejection; the
// innererror's trace id is derived from the rejection, so bodies repeat.
func accountCompromiseBadRequest(b badRequest) *apiError {
	return newAPIError(http.StatusBadRequest, errorDetail{
		Code:       "BadRequest",
		Message:    "Unable to retrieve user information. Verify that the request is properly formatted and try again.",
		InnerError: &innerError{Code: "RiskFactor_000400", Message: "TraceId: " + traceID(fmt.Sprint(b.kind, b.param))},
	})
}

func accountCompromiseInternalError() *apiError {
	return newAPIError(http.StatusInternalServerError, errorDetail{
		Code:       "InternalServerError",
		Message:    "Unable to retrieve acount compromise data. An internal error has occurred. Please try again later. If the issue persists, contact your support provider.", // sic
		InnerError: &innerError{Code: "RiskFactor_000500", Message: "TraceId: " + traceID("500")},
	})
}

// traceID formats a stable, UUID-shaped trace id for what.
func traceID(what string) string {
	sum := sha256.Sum256([]byte(what))
	h := hex.EncodeToString(sum[:16])
	return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
}
