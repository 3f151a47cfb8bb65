package client

import (
	"context"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

var classes = []error{ErrUnauthorized, ErrForbidden, ErrTokenExpired, ErrTimeout, ErrRateLimited, ErrServerError, ErrBadRequest}

func readTestdata(t testing.TB, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(samples, name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestErrorClassification sends each error body with its status and checks
// the one sentinel it matches and the fields parsed from the envelope (§1.7).
func TestErrorClassification(t *testing.T) {
	tests := []struct {
		name       string
		status     int
		sample     string // file in testdata/samples, or
		body       string // a literal body
		want       error  // nil: no sentinel
		wantCode   string
		wantNumber int
		wantInner  string
		wantTarget string
		wantInMsg  string
	}{
		{name: "400 audit top", status: 400, sample: "error_400_audit_top.json", want: ErrBadRequest, wantCode: "BadRequest", wantInner: "ParameterNotAccepted", wantInMsg: `"top" must be one of`},
		{name: "400 oat time range", status: 400, sample: "error_400_oat_time_range.json", want: ErrBadRequest, wantCode: "BadRequest", wantNumber: 1010406, wantTarget: "startTime", wantInner: "InvalidDateValue", wantInMsg: "Time range parameters invalid"},
		{name: "400 oat token expired", status: 400, sample: "error_400_oat_token_expired.json", want: ErrTokenExpired, wantCode: "BadRequest", wantNumber: 1010550, wantInMsg: "Request token expired"},
		{name: "400 search", status: 400, sample: "error_400_search.json", want: ErrBadRequest, wantCode: "BadRequest", wantInMsg: "Invalid HTTP Request"},
		{name: "400 workbench", status: 400, sample: "error_400_workbench.json", want: ErrBadRequest, wantCode: "BadRequest", wantNumber: 3090003},
		{name: "401", status: 401, sample: "error_401.json", want: ErrUnauthorized, wantCode: "InvalidCredentials", wantInner: "InvalidToken", wantInMsg: "Invalid token"},
		{name: "403", status: 403, sample: "error_403.json", want: ErrForbidden, wantCode: "AccessDenied", wantInMsg: "Insufficient permissions."},
		{name: "404", status: 404, sample: "error_404.json", want: nil, wantCode: "NotFound", wantInner: "NotFound"},
		{name: "408 search", status: 408, sample: "error_408_search.json", want: ErrTimeout, wantCode: "RequestTimeout"},
		{name: "429", status: 429, sample: "error_429.json", want: ErrRateLimited, wantCode: "TooManyRequests", wantNumber: 4290102},
		{name: "500 audit", status: 500, sample: "error_500_audit.json", want: ErrServerError, wantCode: "InternalServerError", wantInner: "InternalServerError"},
		{name: "500 oat", status: 500, sample: "error_500_oat.json", want: ErrServerError, wantCode: "InternalServerError", wantNumber: 1009999},
		{name: "500 search", status: 500, sample: "error_500_search.json", want: ErrServerError, wantCode: "InternalServerError", wantInMsg: "content returned by service"},
		{name: "500 workbench", status: 500, sample: "error_500_workbench.json", want: ErrServerError, wantNumber: 3090999},
		{name: "503", status: 503, sample: "error_503.json", want: ErrServerError, wantCode: "ServiceUnavailable"},

		{name: "400 token invalid", status: 400, body: `{"error":{"code":"BadRequest","message":"nextBatchToken invalid","number":1010407}}`, want: ErrTokenExpired, wantNumber: 1010407},
		{name: "400 data lake timeout", status: 400, body: `{"error":{"code":"BadRequest","message":"timeout","number":1000520}}`, want: ErrTimeout, wantNumber: 1000520},
		{name: "400 number as string", status: 400, body: `{"error":{"code":"BadRequest","message":"m","number":"1010550"}}`, want: ErrTokenExpired, wantNumber: 1010550},
		{name: "200 with error envelope", status: 200, body: `{"error":{"code":"BadRequest","message":"Request token expired.","number":1010550}}`, want: ErrTokenExpired, wantNumber: 1010550},
		{name: "200 with unnumbered error", status: 200, body: `{"error":{"code":"Oops","message":"failed"}}`, want: nil, wantCode: "Oops", wantInMsg: "failed"},
		{name: "504 empty body", status: 504, body: "", want: ErrTimeout, wantInMsg: "Gateway Timeout"},
		{name: "502 html", status: 502, body: "<html>\n<body><h1>502 Bad\tGateway</h1></body></html>", want: ErrServerError, wantInMsg: "Bad Gateway: <html> <body><h1>502 Bad Gateway</h1></body></html>"},
		{name: "599 text", status: 599, body: "OtherModuleError", want: ErrServerError, wantInMsg: "OtherModuleError"},
		{name: "400 non-envelope json", status: 400, body: `{"message":"x"}`, want: ErrBadRequest, wantInMsg: `Bad Request: {"message":"x"}`},
		{name: "409 no sentinel", status: 409, body: "conflict", want: nil, wantInMsg: "Conflict: conflict"},
		{name: "long body cut", status: 500, body: strings.Repeat("a", 10000), want: ErrServerError, wantInMsg: "aaaa…"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body := tt.body
			if tt.sample != "" {
				body = readTestdata(t, tt.sample)
			}
			srv := newScriptedServer(t, reply{status: tt.status, body: body})
			c := newTestClient(t, srv.URL)

			_, err := c.FirstPage(context.Background(), testRequest())

			var apiErr *APIError
			if !errors.As(err, &apiErr) {
				t.Fatalf("error %v (%T) is not an *APIError", err, err)
			}
			for _, class := range classes {
				if got, want := errors.Is(err, class), class == tt.want; got != want {
					t.Errorf("errors.Is(err, %v) = %v, want %v", class, got, want)
				}
			}
			if apiErr.Status != tt.status || apiErr.Stream != "oat_detections" || apiErr.Method != http.MethodGet || apiErr.Path != "/v3.0/oat/detections" {
				t.Errorf("request fields = %d %q %q %q", apiErr.Status, apiErr.Stream, apiErr.Method, apiErr.Path)
			}
			if tt.wantCode != "" && apiErr.Code != tt.wantCode {
				t.Errorf("Code = %q, want %q", apiErr.Code, tt.wantCode)
			}
			if apiErr.Number != tt.wantNumber {
				t.Errorf("Number = %d, want %d", apiErr.Number, tt.wantNumber)
			}
			if apiErr.InnerCode != tt.wantInner || apiErr.Target != tt.wantTarget {
				t.Errorf("InnerCode, Target = %q, %q, want %q, %q", apiErr.InnerCode, apiErr.Target, tt.wantInner, tt.wantTarget)
			}
			if !strings.Contains(apiErr.Message, tt.wantInMsg) {
				t.Errorf("Message = %q, want it to contain %q", apiErr.Message, tt.wantInMsg)
			}
			if n := len([]rune(apiErr.Message)); n > maxMessageRunes+1 {
				t.Errorf("Message has %d runes, want at most %d", n, maxMessageRunes+1)
			}
			msg := err.Error()
			for _, part := range []string{"oat_detections", "GET /v3.0/oat/detections", "HTTP " + strconv.Itoa(tt.status), apiErr.Code} {
				if !strings.Contains(msg, part) {
					t.Errorf("Error() = %q, want it to contain %q", msg, part)
				}
			}
			if tt.wantNumber != 0 && !strings.Contains(msg, strconv.Itoa(tt.wantNumber)) {
				t.Errorf("Error() = %q, want the number %d", msg, tt.wantNumber)
			}
			if strings.Contains(msg, "detectedStartDateTime") {
				t.Errorf("Error() = %q contains the query string", msg)
			}
		})
	}

	// Every sample error body has a case above.
	covered := map[string]bool{}
	for _, tt := range tests {
		covered[tt.sample] = true
	}
	samples, _ := filepath.Glob(filepath.Join(samples, "error_*.json"))
	if len(samples) == 0 {
		t.Fatal("no error samples in testdata")
	}
	for _, path := range samples {
		if !covered[filepath.Base(path)] {
			t.Errorf("sample %s has no classification case", filepath.Base(path))
		}
	}
}

func TestRetryAfterInError(t *testing.T) {
	srv := newScriptedServer(t, reply{status: 429, body: readTestdata(t, "error_429.json"), header: http.Header{"Retry-After": {"17"}}})
	c := newTestClient(t, srv.URL)

	_, err := c.FirstPage(context.Background(), testRequest())

	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.RetryAfter.Seconds() != 17 {
		t.Fatalf("err = %v, want an *APIError with RetryAfter 17s", err)
	}
	if !strings.Contains(err.Error(), "retry after 17s") {
		t.Errorf("Error() = %q, want the retry-after", err)
	}
}

// TestRefusedFollowUpPageIsAnExpiredToken: a plain 400 answering a nextLink
// restarts the chain like OAT's numbered token errors (§1.5), since only the
// token changed since the first page; the same 400 on a first page is the
// request's fault.
func TestRefusedFollowUpPageIsAnExpiredToken(t *testing.T) {
	tests := []struct {
		sample    string
		wantFirst error // on a first page
	}{
		{"error_400_search.json", ErrBadRequest},
		{"error_400_workbench.json", ErrBadRequest},
		{"error_400_audit_top.json", ErrBadRequest},
		{"error_400_oat_token_expired.json", ErrTokenExpired},
	}
	for _, tt := range tests {
		t.Run(tt.sample, func(t *testing.T) {
			srv := newScriptedServer(t, reply{status: http.StatusBadRequest, body: readTestdata(t, tt.sample)})
			c := newTestClient(t, srv.URL)
			ctx := context.Background()
			_, next := c.NextPage(ctx, testRequest(), srv.URL+"/v3.0/oat/detections?nextBatchToken=abc")
			_, first := c.FirstPage(ctx, testRequest())
			for _, class := range classes {
				if got, want := errors.Is(next, class), class == ErrTokenExpired; got != want {
					t.Errorf("follow-up page: errors.Is(%v, %v) = %v, want %v", next, class, got, want)
				}
				if got, want := errors.Is(first, class), class == tt.wantFirst; got != want {
					t.Errorf("first page: errors.Is(%v, %v) = %v, want %v", first, class, got, want)
				}
			}
		})
	}
}
