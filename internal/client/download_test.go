package client

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"io"
	"net/http"
	"testing"

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
