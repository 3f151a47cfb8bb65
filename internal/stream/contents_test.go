package stream

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/pdata/pcommon"

	"github.com/otel-visionone/trendmicrovisiononereceiver/internal/client"
	"github.com/otel-visionone/trendmicrovisiononereceiver/internal/translate"
)

// packageLines is how many OAT lines each test package holds: more than
// two batches, so a package reaches the pipeline in three.
const packageLines = 2*contentsBatch + 500

// packages is a list of four packages, five minutes apart.
var packages = func() []rec {
	var out []rec
	for i := range 4 {
		out = append(out, rec{fmt.Sprintf("pkg-%d", i), t0.Add(-50*time.Minute + time.Duration(i)*5*time.Minute)})
	}
	return out
}()

// packageBody is the gzip of a package's lines: OAT detections keyed
// <package>/<n>.
func packageBody(t *testing.T, id string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	for n := range packageLines {
		fmt.Fprintf(zw, `{"uuid":"%s/%d","detectedDateTime":"2026-11-22T11:00:00Z","ingestedDateTime":"2026-11-22T11:00:05Z",`+
			`"source":"detections","entityType":"endpoint","entityName":"h","filters":[],"detail":{}}`+"\n", id, n)
	}
	require.NoError(t, zw.Close())
	return buf.Bytes()
}

// packageStore serves the packages' bodies; download may break one.
type packageStore struct {
	t      *testing.T
	bodies map[string][]byte
	calls  map[string]int
	// fault, if set, changes what a download of id returns on its n-th call.
	fault func(id string, n int, body []byte) ([]byte, error)
}

func newPackageStore(t *testing.T) *packageStore {
	ps := &packageStore{t: t, bodies: map[string][]byte{}, calls: map[string]int{}}
	for _, p := range packages {
		ps.bodies[p.name] = packageBody(t, p.name)
	}
	return ps
}

func (ps *packageStore) open(_ context.Context, _ []byte, meta translate.Meta) (io.ReadCloser, error) {
	ps.calls[meta.Key]++
	body := ps.bodies[meta.Key]
	if ps.fault != nil {
		var err error
		if body, err = ps.fault(meta.Key, ps.calls[meta.Key], body); err != nil {
			return nil, err
		}
	}
	return io.NopCloser(bytes.NewReader(body)), nil
}

type packageTelemetry struct {
	countingTelemetry
	packages map[string]int
	bytes    int64
}

func (p *packageTelemetry) Package(_, outcome string)    { p.packages[outcome]++ }
func (p *packageTelemetry) Downloaded(_ string, n int64) { p.bytes += n }

// TestPackagesCommitWhole: a data pipeline stream delivers each package's
// lines, and only a package whose every line was accepted moves the
// checkpoint. After each failure a restarted stream (a new process on the
// same storage) resumes: every line is delivered, and only the lines of the
// one package that failed may come twice.
func TestPackagesCommitWhole(t *testing.T) {
	errRefused := errors.New("pipeline full")
	tests := []struct {
		name   string
		fault  func(id string, n int, body []byte) ([]byte, error)
		refuse func(batch int) error
		// wantFailed: the first cycle fails, at this package.
		wantFailed string
		missing    string // a package gone (404): skipped, never delivered
	}{
		{name: "all delivered"},
		{name: "truncated gzip", wantFailed: "pkg-2", fault: func(id string, n int, body []byte) ([]byte, error) {
			if id == "pkg-2" && n == 1 {
				return body[:len(body)*2/3], nil
			}
			return body, nil
		}},
		{name: "corrupt gzip", wantFailed: "pkg-1", fault: func(id string, n int, body []byte) ([]byte, error) {
			if id == "pkg-1" && n == 1 {
				b := bytes.Clone(body)
				b[len(b)-6] ^= 0xff // the CRC-32 of the trailer
				return b, nil
			}
			return body, nil
		}},
		{name: "not gzip at all", wantFailed: "pkg-0", fault: func(id string, n int, body []byte) ([]byte, error) {
			if id == "pkg-0" && n == 1 {
				return []byte(`{"error":{"code":"InternalServerError"}}`), nil
			}
			return body, nil
		}},
		{name: "download fails", wantFailed: "pkg-3", fault: func(id string, n int, body []byte) ([]byte, error) {
			if id == "pkg-3" && n == 1 {
				return nil, &client.APIError{Status: http.StatusServiceUnavailable}
			}
			return body, nil
		}},
		{name: "pipeline refuses the second batch of a package", wantFailed: "pkg-1", refuse: func(batch int) error {
			if batch == 5 { // pkg-0 took batches 1-3
				return errRefused
			}
			return nil
		}},
		{name: "package gone", missing: "pkg-2", fault: func(id string, _ int, body []byte) ([]byte, error) {
			if id == "pkg-2" {
				return nil, &client.APIError{Status: http.StatusNotFound, Code: "NotFound"}
			}
			return body, nil
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			store, sk := newStore(), &sink{refuse: tt.refuse}
			pkgs := newPackageStore(t)
			pkgs.fault = tt.fault
			tel := &packageTelemetry{packages: map[string]int{}}
			lines, err := translate.New(translate.Options{Kind: translate.OATDetection, EventName: "test"})
			require.NoError(t, err)
			withContents := func(spec *Spec, set *Settings) {
				spec.Contents = &Contents{Open: pkgs.open, Lines: lines, Annotate: func(pkg translate.Meta, attrs pcommon.Map) {
					attrs.PutStr("package", pkg.Key)
				}}
				set.Telemetry = tel
			}
			// Listed newest first: the API documents no order, and the
			// stream must deliver oldest first all the same.
			api := &fakeAPI{kind: translate.PipelinePackage, order: NewestFirst, pageSize: 2, records: packages}

			first := newTestStream(t, api, store, sk, withContents)
			first.Cycle(ctx)
			wm, _ := first.Watermark()
			if tt.wantFailed != "" {
				failedAt := packages[0].cursor
				for _, p := range packages {
					if p.name == tt.wantFailed {
						failedAt = p.cursor
					}
				}
				assert.True(t, wm.Before(failedAt), "the checkpoint %v passed the failed package (created %v)", wm, failedAt)
				assert.Equal(t, 1, tel.packages[PackageFailed])
			}
			// A restart on the same storage (and a sink that takes everything).
			sk.refuse = nil
			second := newTestStream(t, api, store, sk, withContents)
			second.Cycle(ctx)
			wm, _ = second.Watermark()
			assert.False(t, wm.Before(packages[len(packages)-1].cursor), "the checkpoint did not pass the last package")

			count := map[string]int{}
			for _, k := range sk.keys() {
				count[k]++
			}
			doubled := 0
			for _, p := range packages {
				for n := range packageLines {
					key := fmt.Sprintf("%s/%d", p.name, n)
					switch c := count[key]; {
					case p.name == tt.missing:
						assert.Zero(t, c, "a line of the missing package")
					case c == 0:
						t.Fatalf("%s was never delivered", key)
					case c > 1:
						require.Equal(t, tt.wantFailed, p.name, "%s delivered %d times: only the failed package may repeat", key, c)
						doubled++
					}
				}
			}
			assert.LessOrEqual(t, doubled, packageLines, "more than one package's lines again")
			assert.LessOrEqual(t, sk.maxBatch(), contentsBatch, "a package went to the pipeline in one piece")
			if tt.missing != "" {
				assert.Equal(t, 1, tel.packages[PackageMissing])
			}
			assert.Equal(t, len(packages)-btoi(tt.missing != ""), tel.packages[PackageDelivered])
			assert.Positive(t, tel.bytes)

			// A third run finds nothing new: every package is committed.
			before := len(sk.keys())
			third := newTestStream(t, api, store, sk, withContents)
			third.Cycle(ctx)
			assert.Equal(t, before, len(sk.keys()), "a committed package was delivered again")
		})
	}
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// A stream whose Prepare fails (a pipeline that cannot be registered: 403)
// reads nothing and fails its cycle; once Prepare succeeds it lists the
// path Prepare returned.
func TestPrepareRunsUntilItSucceeds(t *testing.T) {
	ctx := context.Background()
	lines, err := translate.New(translate.Options{Kind: translate.OATDetection, EventName: "test"})
	require.NoError(t, err)
	pkgs := newPackageStore(t)
	calls := 0
	var paths []string
	api := &fakeAPI{kind: translate.PipelinePackage, order: Ascending, pageSize: 10, records: packages,
		fail: func(int, int, time.Time, time.Time) error { return nil }}
	s := newTestStream(t, api, newStore(), &sink{}, func(spec *Spec, _ *Settings) {
		spec.Contents = &Contents{Open: pkgs.open, Lines: lines}
		spec.Prepare = func(context.Context) (string, error) {
			if calls++; calls == 1 {
				return "", &client.APIError{Status: http.StatusForbidden, Code: "AccessDenied"}
			}
			return "/v3.0/oat/dataPipelines/p1/packages", nil
		}
		spec.Query = func(w Window) url.Values {
			paths = append(paths, "listed")
			return url.Values{"start": {w.Start.Format(time.RFC3339)}, "end": {w.End.Format(time.RFC3339)}}
		}
	})
	assert.Equal(t, authRetryDelay, s.Cycle(ctx), "a refused registration is retried slowly")
	assert.Empty(t, paths, "a window was read before the pipeline was ready")
	assert.Empty(t, s.sink.keys())
	s.Cycle(ctx)
	assert.Equal(t, "/v3.0/oat/dataPipelines/p1/packages", s.path)
	assert.Len(t, s.sink.keys(), len(packages)*packageLines)
	s.Cycle(ctx)
	assert.Equal(t, 2, calls, "Prepare ran again after it succeeded")
}
