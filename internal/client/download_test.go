package client

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/config/configretry"
)

func gzipped(t *testing.T, s string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	_, err := zw.Write([]byte(s))
	require.NoError(t, err)
	require.NoError(t, zw.Close())
	return buf.Bytes()
}

// A package download returns the body as sent, still gzip (the stream
// decodes it as it reads and counts the bytes that crossed the wire), and
// is retried like a page until the body begins.
func TestDownload(t *testing.T) {
	pkg := gzipped(t, "{\"uuid\":\"a\"}\n{\"uuid\":\"b\"}\n")
	gz := http.Header{"Content-Encoding": {"gzip"}}
	tests := []struct {
		name       string
		replies    []reply
		wantStatus int // an *APIError of this status; 0: the package
		wantCalls  int
	}{
		{"package", []reply{{status: 200, body: string(pkg), header: gz}}, 0, 1},
		{"retried after 503", []reply{{status: 503, body: `{"error":{"code":"ServiceUnavailable"}}`}, {status: 200, body: string(pkg), header: gz}}, 0, 2},
		{"gone", []reply{{status: 404, body: `{"error":{"code":"NotFound","message":"Verify that the specified resource exists and try again."}}`}}, 404, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newScriptedServer(t, tt.replies...)
			retry := configretry.NewDefaultBackOffConfig()
			c := newTestClient(t, srv.URL, withRetry(retry))
			body, err := c.Download(context.Background(), Request{Stream: "oat_pipeline", Path: "/v3.0/oat/dataPipelines/p1/packages/k1"})
			reqs := srv.requests()
			assert.Len(t, reqs, tt.wantCalls)
			for _, r := range reqs {
				assert.Equal(t, "gzip", r.Header.Get("Accept-Encoding"))
				assert.Equal(t, "Bearer "+string(testToken), r.Header.Get("Authorization"))
			}
			if tt.wantStatus != 0 {
				var apiErr *APIError
				require.True(t, errors.As(err, &apiErr), "err = %v", err)
				assert.Equal(t, tt.wantStatus, apiErr.Status)
				return
			}
			require.NoError(t, err)
			defer body.Close()
			got, err := io.ReadAll(body)
			require.NoError(t, err)
			assert.Equal(t, pkg, got, "the body was decompressed on the way")
		})
	}
}

// A registration is one POST with its JSON body: the new resource's
// Location comes back, and a failure is not retried (it may have been
// registered).
func TestPost(t *testing.T) {
	srv := newScriptedServer(t,
		reply{status: 201, header: http.Header{"Location": {"https://api.example/v3.0/oat/dataPipelines/p1"}}},
		reply{status: 500, body: `{"error":{"code":"InternalServerError","message":"An internal error has occurred."}}`})
	c := newTestClient(t, srv.URL, withRetry(configretry.NewDefaultBackOffConfig()))
	h, err := c.Post(context.Background(), "oat_pipeline", "/v3.0/oat/dataPipelines", []byte(`{"riskLevels":["high"],"hasDetail":true}`))
	require.NoError(t, err)
	assert.Equal(t, "https://api.example/v3.0/oat/dataPipelines/p1", h.Get("Location"))
	_, err = c.Post(context.Background(), "oat_pipeline", "/v3.0/oat/dataPipelines", []byte(`{}`))
	var apiErr *APIError
	require.True(t, errors.As(err, &apiErr), "err = %v", err)
	assert.Equal(t, "POST", apiErr.Method)
	reqs := srv.requests()
	require.Len(t, reqs, 2, "a failed registration was retried")
	assert.Equal(t, http.MethodPost, reqs[0].Method)
	assert.Equal(t, "application/json", reqs[0].Header.Get("Content-Type"))
}

// A download is bounded by its silences, not its length: a package that
// streams for longer than the HTTP timeout arrives whole, one that stalls
// for longer fails as a timeout.
func TestDownloadTimeoutIsPerSilence(t *testing.T) {
	const timeout = time.Second
	tests := []struct {
		name    string
		pause   time.Duration // between the body's chunks
		stalled bool
	}{
		{"streams longer than the timeout", 300 * time.Millisecond, false},
		{"stalls longer than the timeout", 3 * timeout, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.WriteHeader(http.StatusOK)
				for range 6 {
					_, _ = w.Write(bytes.Repeat([]byte("x"), 1024))
					w.(http.Flusher).Flush()
					select {
					case <-time.After(tt.pause):
					case <-r.Context().Done(): // the client gave up
						return
					}
				}
			}))
			t.Cleanup(srv.Close)
			c := newTestClient(t, srv.URL, func(s *Settings) { s.HTTPClient = &http.Client{Timeout: timeout} })
			body, err := c.Download(context.Background(), Request{Stream: "oat_pipeline", Path: "/v3.0/oat/dataPipelines/p1/packages/k1"})
			require.NoError(t, err, "the answer began at once")
			defer body.Close()
			got, err := io.ReadAll(body)
			if !tt.stalled {
				require.NoError(t, err)
				assert.Len(t, got, 6*1024)
				return
			}
			require.Error(t, err, "a stalled download read to its end")
			assert.Less(t, len(got), 6*1024)
		})
	}
}
