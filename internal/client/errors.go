package client

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Sentinels for errors.Is. An *APIError matches at most one of the first
// seven, chosen by its status and error number, so a caller can switch on them.
var (
	// ErrUnauthorized is a 401: the key is invalid, revoked or expired (§1.2).
	ErrUnauthorized = errors.New("unauthorized")
	// ErrForbidden is a 403: the key's role lacks a permission the endpoint needs (§1.2).
	ErrForbidden = errors.New("forbidden")
	// ErrTokenExpired is a 400 whose page token expired (1010550) or is invalid
	// (1010407): the window must be queried again from its start (§1.5).
	ErrTokenExpired = errors.New("page token expired")
	// ErrTimeout is a request the API or the HTTP client gave up on (504, 408,
	// 400 with number 1000520, client-side timeout): query a smaller window (§1.7, §1.8).
	ErrTimeout = errors.New("request timed out")
	// ErrRateLimited is a 429 still returned when the retry budget ran out.
	ErrRateLimited = errors.New("rate limited")
	// ErrServerError is a 5xx other than 504, after retries where they apply.
	ErrServerError = errors.New("server error")
	// ErrBadRequest is any other 400: the request itself is wrong (§1.7).
	ErrBadRequest = errors.New("bad request")

	// ErrTransport is a request that got no HTTP response (connection
	// refused or reset, DNS, TLS), after retries.
	ErrTransport = errors.New("no response")
	// ErrForeignNextLink is a nextLink whose scheme or host differs from the
	// endpoint's; it is not requested, so the key is never sent elsewhere.
	ErrForeignNextLink = errors.New("nextLink points outside the endpoint")
	// ErrBodyTooLarge is a response body larger than Settings.MaxBodyBytes.
	ErrBodyTooLarge = errors.New("response body too large")
	// ErrMalformedResponse is a 2xx body that is not a complete page envelope.
	ErrMalformedResponse = errors.New("malformed response")
)

// Error numbers that change what the caller should do (§1.5, §1.7).
const (
	numberTokenExpired    = 1010550
	numberTokenInvalid    = 1010407
	numberDataLakeTimeout = 1000520
)

// APIError is an error response of the API: a non-2xx status, or a 2xx body
// carrying the error envelope {"error":{code,message,number,target,innererror}} (§1.7).
type APIError struct {
	Stream string
	Method string
	Path   string // request path, without the query string
	Status int
	// Code, Message, Number, Target and InnerCode come from the error
	// envelope; for a body that is not one, Message is the status text plus
	// a short sanitised snippet of the body.
	Code      string
	Message   string
	Number    int
	Target    string
	InnerCode string
	// RetryAfter is the wait the server asked for on a 429 (capped), 0 if none.
	RetryAfter time.Duration
	// followUp: the answer to a nextLink, whose parameters and headers the
	// API already accepted on the chain's first page.
	followUp bool
}

func (e *APIError) Error() string {
	var b strings.Builder
	b.WriteString(requestName(e.Stream, e.Path))
	b.WriteString(": HTTP ")
	b.WriteString(strconv.Itoa(e.Status))
	if e.Code != "" {
		b.WriteString(" " + e.Code)
	}
	if e.Number != 0 {
		b.WriteString(" (number " + strconv.Itoa(e.Number) + ")")
	}
	if e.Target != "" {
		b.WriteString(" target " + e.Target)
	}
	if e.Message != "" {
		b.WriteString(": " + e.Message)
	}
	if e.RetryAfter > 0 {
		b.WriteString(" (retry after " + e.RetryAfter.String() + ")")
	}
	return b.String()
}

// Is reports whether target is the sentinel that classifies e.
func (e *APIError) Is(target error) bool {
	kind := e.kind()
	return kind != nil && target == kind
}

func (e *APIError) kind() error {
	switch e.Status {
	case http.StatusUnauthorized:
		return ErrUnauthorized
	case http.StatusForbidden:
		return ErrForbidden
	case http.StatusTooManyRequests:
		return ErrRateLimited
	case http.StatusGatewayTimeout, http.StatusRequestTimeout:
		return ErrTimeout
	}
	if e.Status >= 500 {
		return ErrServerError
	}
	// A 2xx can carry the envelope too: its number decides as for a 400.
	if e.Status != http.StatusBadRequest && (e.Status < 200 || e.Status > 299) {
		return nil
	}
	switch e.Number {
	case numberTokenExpired, numberTokenInvalid:
		return ErrTokenExpired
	case numberDataLakeTimeout:
		return ErrTimeout
	}
	if e.Status == http.StatusBadRequest {
		// Only OAT numbers its expired and invalid tokens (§1.5); workbench,
		// audit and search answer their generic 400. On a nextLink the
		// token is all that changed, so the chain is restarted as for an
		// expired token rather than failed.
		if e.followUp {
			return ErrTokenExpired
		}
		return ErrBadRequest
	}
	return nil
}

// requestError is a failure without an API response: a transport error, a
// client-side timeout, or a bad body. Error names the request like APIError.
type requestError struct {
	stream, path string
	kind         error // the sentinel: ErrTransport, ErrTimeout, ErrForeignNextLink, ErrBodyTooLarge, ErrMalformedResponse
	detail       string
	cause        error // unwrapped too; nil for timeouts (see Client.failure)
}

func (e *requestError) Error() string {
	msg := requestName(e.stream, e.path) + ": " + e.kind.Error()
	if e.detail != "" {
		msg += ": " + e.detail
	}
	return msg
}

func (e *requestError) Unwrap() []error {
	if e.cause == nil {
		return []error{e.kind}
	}
	return []error{e.kind, e.cause}
}

// requestName starts every error message: all requests are GETs.
func requestName(stream, path string) string {
	return "visionone " + stream + ": GET " + path
}
