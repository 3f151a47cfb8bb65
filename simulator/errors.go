package simulator

import (
	"fmt"
	"net/http"
)

// apiError is an HTTP error answered with the Vision One error envelope (§1.7).
type apiError struct {
	status int
	body   errorBody
	header http.Header // extra response headers (Retry-After)
}

func (e *apiError) Error() string { return fmt.Sprintf("%d %s", e.status, e.body.Error.Message) }

type errorBody struct {
	Error errorDetail `json:"error"`
}

// errorDetail keeps the field order of the documented bodies.
type errorDetail struct {
	Code       string      `json:"code"`
	Message    string      `json:"message"`
	Number     int         `json:"number,omitempty"`
	Target     string      `json:"target,omitempty"`
	InnerError *innerError `json:"innererror,omitempty"`
}

type innerError struct {
	Code       string      `json:"code,omitempty"`
	Message    string      `json:"message,omitempty"` // Container Security, risk insights
	Service    string      `json:"service,omitempty"`
	InnerError *innerError `json:"innererror,omitempty"`
}

func newAPIError(status int, d errorDetail) *apiError {
	return &apiError{status: status, body: errorBody{Error: d}}
}

// Bodies shared by every endpoint (§1.7, the error_*.json samples of §10).
func errUnauthorized() *apiError {
	return newAPIError(http.StatusUnauthorized, errorDetail{
		Code:       "InvalidCredentials",
		Message:    "Invalid token, Authorization token invaild for header", // sic, Trend's typo
		InnerError: &innerError{Code: "InvalidToken", Service: "svp"},
	})
}

func errForbidden() *apiError {
	return newAPIError(http.StatusForbidden, errorDetail{Code: "AccessDenied", Message: "Insufficient permissions."})
}

func errNotFound() *apiError {
	return newAPIError(http.StatusNotFound, errorDetail{
		Code: "NotFound", Message: "Not found",
		InnerError: &innerError{Code: "NotFound", Service: "svp"},
	})
}

func errTooManyRequests() *apiError {
	return newAPIError(http.StatusTooManyRequests, errorDetail{
		Code: "TooManyRequests", Message: "Too many requests", Number: 4290102,
	})
}

func errServiceUnavailable() *apiError {
	return newAPIError(http.StatusServiceUnavailable, errorDetail{
		Code: "ServiceUnavailable", Message: "The service is temporarily unavailable, likely due to maintenance.",
	})
}

// errRequestTimeout is documented for the search endpoints only (§1.7).
func errRequestTimeout() *apiError {
	return newAPIError(http.StatusRequestTimeout, errorDetail{Code: "RequestTimeout", Message: "Request Timeout"})
}

// Undocumented bodies: 502 and 504 come from Trend's gateway, whose bodies
// nobody published; these follow the documented envelope (assumed).
func errBadGateway() *apiError {
	return newAPIError(http.StatusBadGateway, errorDetail{Code: "BadGateway", Message: "Bad Gateway"})
}

func errGatewayTimeout() *apiError {
	return newAPIError(http.StatusGatewayTimeout, errorDetail{Code: "GatewayTimeout", Message: "Gateway Timeout"})
}

func errMethodNotAllowed() *apiError {
	return newAPIError(http.StatusMethodNotAllowed, errorDetail{Code: "MethodNotAllowed", Message: "Method not allowed"})
}

// errNotAcceptable answers audit `Accept: text/csv`, which the simulator does
// not render (a documented choice, see README).
func errNotAcceptable() *apiError {
	return newAPIError(http.StatusNotAcceptable, errorDetail{
		Code: "NotAcceptable", Message: "The simulator serves audit logs as application/json only",
	})
}

// badRequestKind says why a request was rejected, so each feed can answer
// with its own documented 400 body.
type badRequestKind int

const (
	badParam        badRequestKind = iota // a parameter outside its enum or syntax
	badTime                               // a malformed time, an inverted range, or a retention violation
	badFilter                             // the filter/query header: syntax, length, or differs from the first page's
	badTokenInvalid                       // a garbled page token
	badTokenExpired                       // an expired page token
)

// badRequest is one rejected request: its kind and the parameter at fault.
type badRequest struct {
	kind  badRequestKind
	param string
}

func (b badRequest) Error() string { return fmt.Sprintf("bad request: %s", b.param) }

func badReq(kind badRequestKind, param string) error { return badRequest{kind, param} }
