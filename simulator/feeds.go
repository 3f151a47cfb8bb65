package simulator

import (
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/otel-visionone/trendmicrovisiononereceiver/simulator/internal/gen"
)

// Feed names a feed by its API path under /v3.0, e.g. "oat/detections". It
// is the internal gen.Kind, re-exported so that packages outside the
// simulator (the receiver's tests, the command) can name feeds.
type Feed = gen.Kind

// The feeds.
const (
	Workbench           = gen.Workbench
	OAT                 = gen.OAT
	Audit               = gen.Audit
	SearchDetections    = gen.SearchDetections
	EndpointActivities  = gen.EndpointActivities
	NetworkActivities   = gen.NetworkActivities
	EmailActivities     = gen.EmailActivities
	CloudActivities     = gen.CloudActivities
	MobileActivities    = gen.MobileActivities
	IdentityActivities  = gen.IdentityActivities
	ContainerActivities = gen.ContainerActivities
)

// Feeds lists every feed in a stable order.
func Feeds() []Feed { return gen.Kinds() }

const healthcheckEndpoint = "healthcheck/connectivity"

// feed describes one list endpoint: its permission, paging token, filter
// header and documented error bodies.
type feed struct {
	kind         gen.Kind
	role         Role
	tokenParam   string // skipToken, or nextBatchToken for OAT (§1.5)
	filterHeader string // TMV1-Filter, or TMV1-Query for search (§1.3)
	maxFilterLen int    // §1.3 / §4.1
	// linkParams, when set, are the parameters the page token carries
	// instead of the nextLink (audit: its nextLink is capped, linkparams.go).
	linkParams []linkParam
	// badRequest renders the feed's documented 400 body for a rejection.
	badRequest    func(badRequest) *apiError
	internalError func() *apiError
}

var (
	workbenchFeed = &feed{
		kind: gen.Workbench, role: RoleWorkbench,
		tokenParam: "skipToken", filterHeader: "TMV1-Filter", maxFilterLen: 5000,
		badRequest: func(badRequest) *apiError { return workbenchBadRequest() },
		internalError: func() *apiError {
			return newAPIError(http.StatusInternalServerError, errorDetail{
				Code:    "InternalServerError",
				Message: "An internal error has occurred. Please try again later. If the issue persists, contact your support provider. (Error code: 3090999)",
				Number:  3090999,
			})
		},
	}
	oatFeed = &feed{
		kind: gen.OAT, role: RoleOAT,
		tokenParam: "nextBatchToken", filterHeader: "TMV1-Filter", maxFilterLen: 4000,
		badRequest: oatBadRequest,
		internalError: func() *apiError {
			return newAPIError(http.StatusInternalServerError, errorDetail{
				Code:    "InternalServerError",
				Message: "Internal server error occurred. Please try again. If the issue persists, contact your support provider. (Error code: 1000999)",
				Number:  1009999, // sic: the SPEC's number differs from its message
			})
		},
	}
	auditFeed = &feed{
		kind: gen.Audit, role: RoleAudit,
		tokenParam: "skipToken", filterHeader: "TMV1-Filter", maxFilterLen: 1024,
		linkParams: auditLinkParams,
		badRequest: auditBadRequest,
		internalError: func() *apiError {
			return newAPIError(http.StatusInternalServerError, errorDetail{
				Code: "InternalServerError", Message: "InternalServerError",
				InnerError: &innerError{Code: "InternalServerError", InnerError: &innerError{Service: "uic"}},
			})
		},
	}
)

// searchFeed describes one /v3.0/search source; all share one error model.
func searchFeed(kind gen.Kind) *feed {
	return &feed{
		kind: kind, role: RoleSearch,
		tokenParam: "skipToken", filterHeader: "TMV1-Query", maxFilterLen: 2048,
		badRequest: func(badRequest) *apiError {
			return newAPIError(http.StatusBadRequest, errorDetail{Code: "BadRequest", Message: "Invalid HTTP Request"})
		},
		internalError: func() *apiError {
			return newAPIError(http.StatusInternalServerError, errorDetail{Code: "InternalServerError", Message: "content returned by service"})
		},
	}
}

var feeds = func() map[gen.Kind]*feed {
	m := map[gen.Kind]*feed{}
	for _, k := range gen.Kinds() {
		switch {
		case k == gen.Workbench:
			m[k] = workbenchFeed
		case k == gen.OAT:
			m[k] = oatFeed
		case k == gen.Audit:
			m[k] = auditFeed
		case k.IsSearch():
			m[k] = searchFeed(k)
		}
	}
	return m
}()

func feedByKind(k gen.Kind) *feed { return feeds[k] }

// workbenchBadRequest is the one 400 body documented for workbench (§1.7).
func workbenchBadRequest() *apiError {
	return newAPIError(http.StatusBadRequest, errorDetail{
		Code:    "BadRequest",
		Message: "Unable to process the request. Verify that the request is properly formatted and try again. (Error code: 3090003)",
		Number:  3090003,
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

// errorNumbers are the documented error numbers the error fault can
// inject, by endpoint: those that describe the service's state rather than
// the request (no products connected, a data lake timeout).
var errorNumbers = map[gen.Kind][]int{gen.OAT: {1010420, 1000520}}

// numberedError is the body of an injected error number on an endpoint,
// or nil when the endpoint does not document the number.
func numberedError(endpoint string, number int) *apiError {
	if !slices.Contains(errorNumbers[gen.Kind(endpoint)], number) {
		return nil
	}
	return newAPIError(http.StatusBadRequest, oatError(number))
}

// auditBadRequest follows the one documented audit 400 (the `top` message,
// §5.1) for every parameter [I].
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
