package simproc

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestAdmin(t *testing.T) {
	type answer struct {
		Name string `json:"name"`
	}
	tests := []struct {
		name    string
		status  int
		body    string
		in      any
		out     bool // decode into an answer
		want    answer
		wantErr *StatusError // nil: want no StatusError
		decode  bool         // want another error
	}{
		{name: "JSON answer", status: 200, body: `{"name":"x"}`, out: true, want: answer{"x"}},
		{name: "no content", status: 204},
		{name: "answer ignored", status: 200, body: `not JSON`},
		{name: "with a body", status: 200, body: `{"name":"y"}`, in: map[string]int{"n": 1}, out: true, want: answer{"y"}},
		{name: "bad request", status: 400, body: `{"error":"start: bad time"}` + "\n",
			wantErr: &StatusError{StatusCode: 400, Status: "400 Bad Request", Body: `{"error":"start: bad time"}`}},
		{name: "not found, empty body", status: 404, out: true,
			wantErr: &StatusError{StatusCode: 404, Status: "404 Not Found"}},
		{name: "long error body kept short", status: 500, body: strings.Repeat("e", 2*maxErrorBody),
			wantErr: &StatusError{StatusCode: 500, Status: "500 Internal Server Error", Body: strings.Repeat("e", maxErrorBody)}},
		{name: "undecodable answer", status: 200, body: `{"name":`, out: true, decode: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				got, _ := io.ReadAll(r.Body)
				if tt.in != nil && (string(got) != `{"n":1}` || r.Header.Get("Content-Type") != "application/json") {
					t.Errorf("request body %q, Content-Type %q", got, r.Header.Get("Content-Type"))
				}
				if tt.in == nil && len(got) > 0 {
					t.Errorf("request body %q, want none", got)
				}
				w.WriteHeader(tt.status)
				_, _ = io.WriteString(w, tt.body)
			}))
			defer srv.Close()
			s := &Sim{base: srv.URL}
			var got answer
			var out any
			if tt.out {
				out = &got
			}
			err := s.Admin(context.Background(), http.MethodPost, "/admin/thing", tt.in, out)
			var se *StatusError
			switch {
			case tt.wantErr != nil:
				if !errors.As(err, &se) {
					t.Fatalf("err %v, want a StatusError", err)
				}
				tt.wantErr.Method, tt.wantErr.Path = http.MethodPost, "/admin/thing"
				if !reflect.DeepEqual(se, tt.wantErr) {
					t.Errorf("err %#v, want %#v", se, tt.wantErr)
				}
				if msg := err.Error(); !strings.Contains(msg, "POST /admin/thing") || !strings.Contains(msg, tt.wantErr.Status) {
					t.Errorf("message %q does not name the call and its status", msg)
				}
			case tt.decode:
				if err == nil || errors.As(err, &se) {
					t.Errorf("err %v, want a decoding error", err)
				}
			case err != nil:
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("decoded %+v, want %+v", got, tt.want)
			}
		})
	}
}

// With no simulator, or a cancelled context, a call fails.
func TestAdminUnreachable(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	base := srv.URL
	srv.Close()
	s := &Sim{base: base}
	if err := s.Admin(context.Background(), http.MethodGet, "/admin/clock", nil, nil); err == nil {
		t.Error("no error from a closed server")
	}
	live := httptest.NewServer(http.NotFoundHandler())
	defer live.Close()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	s = &Sim{base: live.URL}
	if err := s.Admin(ctx, http.MethodGet, "/admin/clock", nil, nil); !errors.Is(err, context.Canceled) {
		t.Errorf("err %v, want context.Canceled", err)
	}
}

// The typed calls send what the simulator's admin API expects and read its
// answers (simulator/admin.go).
func TestAdminCalls(t *testing.T) {
	at := time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)
	type call struct{ method, path, query, body string }
	tests := []struct {
		name   string
		answer string
		run    func(ctx context.Context, s *Sim) (any, error)
		want   any
		call   call
	}{
		{
			name: "clock", answer: `{"now":"2025-01-02T03:04:05Z","mode":"real"}`,
			run:  func(ctx context.Context, s *Sim) (any, error) { return s.Now(ctx) },
			want: at, call: call{method: "GET", path: "/admin/clock"},
		},
		{
			name: "stop arrivals", answer: `{"stopTime":"2025-01-02T03:04:05Z"}`,
			run:  func(ctx context.Context, s *Sim) (any, error) { return nil, s.StopArrivals(ctx, at) },
			call: call{method: "PUT", path: "/admin/arrivals", body: `{"stopTime":"2025-01-02T03:04:05Z"}`},
		},
		{
			name: "ground truth", answer: `{"feed":"workbench/alerts","count":2,"keys":["a@1","b@2"]}`,
			run: func(ctx context.Context, s *Sim) (any, error) {
				// Times go as UTC, to the second.
				return s.GroundTruth(ctx, Query{Feed: "workbench/alerts", Target: "createdDateTime",
					Start: at.In(time.FixedZone("x", 3600)), End: at.Add(time.Hour + 500*time.Millisecond), Versions: true})
			},
			want: Truth{Count: 2, Keys: []string{"a@1", "b@2"}},
			call: call{method: "GET", path: "/admin/groundtruth",
				query: "end=2025-01-02T04%3A04%3A05Z&feed=workbench%2Falerts&start=2025-01-02T03%3A04%3A05Z&target=createdDateTime&versions=true"},
		},
		{
			name: "ground truth without versions", answer: `{"count":0,"keys":[]}`,
			run: func(ctx context.Context, s *Sim) (any, error) {
				return s.GroundTruth(ctx, Query{Feed: "oat/detections", Target: "detectedDateTime", Start: at, End: at})
			},
			want: Truth{Keys: []string{}},
			call: call{method: "GET", path: "/admin/groundtruth",
				query: "end=2025-01-02T03%3A04%3A05Z&feed=oat%2Fdetections&start=2025-01-02T03%3A04%3A05Z&target=detectedDateTime&versions=false"},
		},
		{
			name: "pipeline truth", answer: `{"id":"p","packages":["2025010203-x"],"count":2,"keys":["a","b"]}`,
			run: func(ctx context.Context, s *Sim) (any, error) {
				return s.PipelineTruth(ctx, PipelineQuery{ID: "p", Start: at.In(time.FixedZone("x", 3600)), End: at.Add(time.Hour + 500*time.Millisecond)})
			},
			want: PipelineTruth{Packages: []string{"2025010203-x"}, Count: 2, Keys: []string{"a", "b"}},
			call: call{method: "GET", path: "/admin/pipelinetruth",
				query: "end=2025-01-02T04%3A04%3A05Z&id=p&start=2025-01-02T03%3A04%3A05Z"},
		},
		{
			name:   "stats",
			answer: `{"requests":{"k":{"oat/detections":{"200":3,"429":1}}},"throttled":1,"peakPerMinute":{"k":4}}`,
			run:    func(ctx context.Context, s *Sim) (any, error) { return s.Stats(ctx) },
			want: Stats{Requests: map[string]map[string]map[int]int{"k": {"oat/detections": {200: 3, 429: 1}}},
				Throttled: 1, PeakPerMinute: map[string]int{"k": 4}},
			call: call{method: "GET", path: "/admin/stats"},
		},
		{
			name: "reset stats",
			run:  func(ctx context.Context, s *Sim) (any, error) { return nil, s.ResetStats(ctx) },
			call: call{method: "DELETE", path: "/admin/stats"},
		},
		{
			name: "set faults", answer: `[{"kind":"status"}]`,
			run: func(ctx context.Context, s *Sim) (any, error) {
				return nil, s.SetFaults(ctx, []map[string]any{{"kind": "status", "status": 503}})
			},
			call: call{method: "PUT", path: "/admin/faults", body: `[{"kind":"status","status":503}]`},
		},
		{
			name: "faults", answer: `[{"kind":"status","count":2}]`,
			run: func(ctx context.Context, s *Sim) (any, error) {
				var left []map[string]any
				err := s.Faults(ctx, &left)
				return left, err
			},
			want: []map[string]any{{"kind": "status", "count": 2.0}},
			call: call{method: "GET", path: "/admin/faults"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got call
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				b, _ := io.ReadAll(r.Body)
				got = call{r.Method, r.URL.Path, r.URL.RawQuery, string(b)}
				if tt.answer == "" {
					w.WriteHeader(http.StatusNoContent)
					return
				}
				w.Header().Set("Content-Type", "application/json")
				_, _ = io.WriteString(w, tt.answer+"\n")
			}))
			defer srv.Close()
			res, err := tt.run(context.Background(), &Sim{base: srv.URL})
			if err != nil {
				t.Fatal(err)
			}
			if q, _ := url.ParseQuery(got.query); got.query != "" {
				got.query = q.Encode() // sorted
			}
			if got != tt.call {
				t.Errorf("call %+v, want %+v", got, tt.call)
			}
			if tt.want != nil && !reflect.DeepEqual(res, tt.want) {
				t.Errorf("answer %#v, want %#v", res, tt.want)
			}
		})
	}
}
