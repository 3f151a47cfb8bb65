package trendmicrovisiononereceiver

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/config/configopaque"
	"go.opentelemetry.io/collector/pdata/plog"
	"go.opentelemetry.io/otel/attribute"
	"go.uber.org/zap/zapcore"

	"github.com/otel-visionone/trendmicrovisiononereceiver/internal/feeds"
	"github.com/otel-visionone/trendmicrovisiononereceiver/internal/stream"
	"github.com/otel-visionone/trendmicrovisiononereceiver/simulator"
)

// pipelineFeeds are the registry's data pipeline streams, with their
// section.
func pipelineFeeds() (out []struct {
	sec  *feeds.Section
	feed *feeds.Feed
}) {
	for i := range feeds.Registry {
		sec := &feeds.Registry[i]
		if sec.Pipeline == nil {
			continue
		}
		for j := range sec.Feeds {
			out = append(out, struct {
				sec  *feeds.Section
				feed *feeds.Feed
			}{sec, &sec.Feeds[j]})
		}
	}
	return out
}

// onlyPipeline turns every section off but the one of f, and of a group
// every member but f.
func onlyPipeline(cfg *Config, sec *feeds.Section, f *feeds.Feed) {
	for _, other := range feeds.Registry {
		cfg.feed(other.Key).Enabled = false
	}
	fc := cfg.feed(sec.Key)
	fc.Enabled = true
	if sec.Members != "" {
		fc.Members = map[string]MemberConfig{f.Name: {}}
	}
}

// listPipelines lists the simulator's pipelines of one API.
func (h *harness) listPipelines(path string) []listedPipeline {
	h.t.Helper()
	req, err := http.NewRequest(http.MethodGet, h.srv.URL+path, nil)
	require.NoError(h.t, err)
	req.Header.Set("Authorization", "Bearer "+simulator.DemoKey)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(h.t, err)
	defer resp.Body.Close()
	require.Equal(h.t, http.StatusOK, resp.StatusCode)
	var page struct{ Items []listedPipeline }
	require.NoError(h.t, json.NewDecoder(resp.Body).Decode(&page))
	return page.Items
}

// TestPipelinesMatchGroundTruth reads every data pipeline of the registry
// from a fresh tenant: the receiver registers the pipeline, reads its
// packages through a backfill and an hour of live packages, and is
// killed in the middle of a package (a batch refused, then a restart on
// the same storage with nothing committed of it). Every line of every
// package the simulator holds is delivered, and only the lines of the
// package in flight may come twice.
func TestPipelinesMatchGroundTruth(t *testing.T) {
	for _, pf := range pipelineFeeds() {
		t.Run(pf.feed.Stream, func(t *testing.T) {
			lines := pf.feed.LinesFeed()
			require.NotNil(t, lines)
			source := simulator.Feed(lines.SimulatorFeed())
			// OAT busy enough for packages of several batches (a crash
			// then lands inside one); the Data Lake sources lighter.
			rate := 1200.0
			if pf.sec.Pipeline.Single {
				rate = 15000
			}
			h := newHarness(t, simulator.Options{History: time.Hour, Rates: map[simulator.Feed]float64{source: rate}})
			onlyPipeline(h.cfg, pf.sec, pf.feed)
			h.cfg.IngestionDelay = time.Minute
			h.cfg.feed(pf.sec.Key).InitialLookback = 45 * time.Minute
			start := h.sim.Now().Add(-45 * time.Minute).Truncate(time.Second)

			refused := false
			h.sink.refuse = func(batch int, ld plog.Logs) error {
				if batch == 4 && !refused { // OAT: the second batch of the second package
					refused = true
					return errors.New("collector killed")
				}
				return nil
			}
			ctx := context.Background()
			streams, closeStorage := h.openStreams(h.sink)
			s := streams[pf.feed.Stream]
			require.NotNil(t, s, "no stream %s", pf.feed.Stream)
			s.Cycle(ctx)
			require.True(t, refused, "the crash did not happen")
			// The crash: a new process on the same storage.
			closeStorage()
			streams, _ = h.openStreams(h.sink)
			s = streams[pf.feed.Stream]
			for range 60 {
				s.Cycle(ctx)
				h.sim.Advance(time.Minute)
			}
			s.Cycle(ctx)
			end, ok := s.Watermark()
			require.True(t, ok)
			assert.True(t, h.caughtUp([]*stream.Stream{s}), "the stream did not catch up: watermark %v", end)

			listed := h.listPipelines(pf.sec.Pipeline.Path)
			require.Len(t, listed, 1, "one pipeline registered, once")
			packages, truth, err := h.sim.PipelineTruth(listed[0].ID, start, end)
			require.NoError(t, err)
			require.Greater(t, len(packages), 15, "too few packages to prove anything")

			got := map[string]int{}
			for _, k := range h.sink.keys(pf.feed.Event) {
				got[k]++
			}
			want := map[string]int{}
			for _, k := range truth {
				want[k]++
			}
			extra, missing, strangers := 0, 0, 0
			for k, n := range want {
				missing += max(0, n-got[k])
				extra += max(0, got[k]-n)
			}
			for k := range got {
				if want[k] == 0 {
					strangers++
				}
			}
			assert.Zero(t, missing, "lines of the ground truth not delivered")
			assert.Zero(t, strangers, "records no package of [%v, %v) holds", start, end)
			// The package in flight: at most the largest package's lines.
			largest := 0
			for from := start; from.Before(end); from = from.Add(simulator.DefaultPackageInterval) {
				_, inPackage, err := h.sim.PipelineTruth(listed[0].ID, from, from.Add(simulator.DefaultPackageInterval))
				require.NoError(t, err)
				largest = max(largest, len(inPackage))
			}
			if pf.sec.Pipeline.Single { // packages of several batches: the crash lands inside one
				assert.Positive(t, extra, "the crash delivered nothing twice: it did not land inside a package")
			}
			assert.LessOrEqual(t, extra, largest, "more than the package in flight came twice")
			bytes := h.counter("trendmicro_visionone_receiver_downloaded_bytes")
			t.Logf("%d lines in %d packages, %d delivered twice; %d gzip bytes downloaded, %.0f per line",
				len(truth), len(packages), extra, bytes, float64(bytes)/float64(len(truth)+extra))
		})
	}
}

// packageFaults: what the API does wrong to a package, and what the stream
// must do about it. Each run reads the OAT pipeline until caught up and
// checks it against the ground truth.
func TestPipelinePackageFaults(t *testing.T) {
	sec := feeds.Lookup("oat_pipeline")
	tests := []struct {
		name  string
		fault simulator.Fault
		// missing: packages the fault removes (404): counted, skipped.
		missing bool
	}{
		{name: "truncated gzip, twice", fault: simulator.Fault{Kind: simulator.FaultTruncate, Endpoint: "oat/dataPipelines/packages/{packageId}", Count: 2, Percent: 60}},
		{name: "429 on downloads", fault: simulator.Fault{Kind: simulator.FaultStatus, Status: 429, Endpoint: "oat/dataPipelines/packages/{packageId}", Count: 3}},
		{name: "503 on the package list", fault: simulator.Fault{Kind: simulator.FaultStatus, Status: 503, Endpoint: "oat/dataPipelines/packages", Count: 2}},
		{name: "a package gone", fault: simulator.Fault{Kind: simulator.FaultGone, Endpoint: "oat/dataPipelines/packages/{packageId}", Count: 1}, missing: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, simulator.Options{History: time.Hour, Rates: map[simulator.Feed]float64{simulator.OAT: 3000}})
			onlyPipeline(h.cfg, sec, &sec.Feeds[0])
			h.cfg.IngestionDelay = time.Minute
			h.cfg.feed(sec.Key).InitialLookback = time.Hour
			start := h.sim.Now().Add(-time.Hour).Truncate(time.Second)
			require.NoError(t, h.sim.SetFaults(tt.fault))
			streams, _ := h.openStreams(h.sink)
			s := streams["oat_pipeline"]
			for range 10 {
				s.Cycle(context.Background())
			}
			end, _ := s.Watermark()
			require.True(t, h.caughtUp([]*stream.Stream{s}), "not caught up: %v", end)
			listed := h.listPipelines(sec.Pipeline.Path)
			require.Len(t, listed, 1)
			packages, truth, err := h.sim.PipelineTruth(listed[0].ID, start, end)
			require.NoError(t, err)
			got := map[string]int{}
			for _, k := range h.sink.keys("trendmicro.visionone.oat_detection") {
				got[k]++
			}
			missing := 0
			for _, k := range truth {
				if got[k] == 0 {
					missing++
				}
			}
			outcome := func(o string) int64 {
				return h.counter("trendmicro_visionone_receiver_packages", attribute.String("outcome", o))
			}
			if tt.missing {
				assert.Positive(t, missing, "the gone package's lines")
				assert.Less(t, missing, len(truth)/len(packages)*3, "more than the gone package is missing")
				assert.EqualValues(t, 1, outcome("missing"))
				assert.Equal(t, 1, h.logs.FilterMessageSnippet("package is gone").Len())
			} else {
				assert.Zero(t, missing, "lines lost to the fault")
			}
			if tt.fault.Kind == simulator.FaultTruncate {
				assert.EqualValues(t, 2, outcome("failed"), "each truncated download fails its package")
			}
			assert.EqualValues(t, len(packages)-btoi(tt.missing), outcome("delivered"))
			assert.Positive(t, h.counter("trendmicro_visionone_receiver_downloaded_bytes"))
		})
	}
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// Registration, found or refused: a pipeline the receiver registered
// before is found again by its description (never registered twice); a
// 201 without a Location is found by listing; a key that may not register
// fails that stream alone, with an error naming the fix; two Data Lake
// sources are two pipelines of one tenant, each read whole.
func TestPipelineRegistration(t *testing.T) {
	ctx := context.Background()
	t.Run("found again after a restart, and without a Location", func(t *testing.T) {
		h := newHarness(t, simulator.Options{History: time.Hour, PipelineNoLocation: true})
		sec := feeds.Lookup("datalake_pipeline")
		onlyPipeline(h.cfg, sec, sec.Member("endpointActivities"))
		h.cfg.feed(sec.Key).Members["detections"] = MemberConfig{}
		h.cfg.IngestionDelay = time.Minute
		streams, closeStorage := h.openStreams(h.sink)
		require.Len(t, streams, 2)
		for _, s := range streams {
			s.Cycle(ctx)
		}
		closeStorage()
		streams, _ = h.openStreams(h.sink)
		for _, s := range streams {
			s.Cycle(ctx)
			assert.True(t, h.caughtUp([]*stream.Stream{s}), "%s not caught up", s.Name())
		}
		listed := h.listPipelines(sec.Pipeline.Path)
		require.Len(t, listed, 2, "one pipeline per source, registered once across the restart")
		assert.NotEqual(t, listed[0].Description, listed[1].Description)
		assert.NotEmpty(t, h.sink.keys("trendmicro.visionone.search.endpoint_activity"))
		assert.NotEmpty(t, h.sink.keys("trendmicro.visionone.search.detection"))
	})
	t.Run("a key that may not register", func(t *testing.T) {
		key := simulator.MakeKey("reader", time.Now().Add(48*time.Hour))
		h := newHarness(t, simulator.Options{History: time.Hour, NoDemoKey: true,
			Keys: []simulator.APIKey{{Key: key, Roles: []simulator.Role{simulator.RoleOATPipeline, simulator.RoleAudit}}}})
		h.cfg.Token = configopaque.String(key)
		sec := feeds.Lookup("oat_pipeline")
		onlyPipeline(h.cfg, sec, &sec.Feeds[0])
		h.cfg.feed("audit").Enabled = true
		streams, _ := h.openStreams(h.sink)
		assert.Equal(t, 5*time.Minute, streams["oat_pipeline"].Cycle(ctx), "a refused registration is retried slowly")
		streams["audit_logs"].Cycle(ctx)
		assert.True(t, h.caughtUp([]*stream.Stream{streams["audit_logs"]}), "the other stream stopped too")
		errs := h.logs.FilterLevelExact(zapcore.ErrorLevel).FilterMessageSnippet("Stream").All()
		require.NotEmpty(t, errs)
		assert.Contains(t, errs[0].ContextMap()["error"], "may not register a data pipeline")
		assert.Contains(t, errs[0].ContextMap()["error"], "pipeline_id")
		assert.Empty(t, h.sink.keys("trendmicro.visionone.oat_detection"))
	})
	t.Run("the tenant's OAT pipeline registered by another reader", func(t *testing.T) {
		h := newHarness(t, simulator.Options{History: time.Hour})
		other := `{"riskLevels":["critical"],"hasDetail":false,"description":"splunk"}`
		req, err := http.NewRequest(http.MethodPost, h.srv.URL+"/v3.0/oat/dataPipelines", strings.NewReader(other))
		require.NoError(t, err)
		req.Header.Set("Authorization", "Bearer "+simulator.DemoKey)
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		resp.Body.Close()
		require.Equal(t, http.StatusCreated, resp.StatusCode)
		sec := feeds.Lookup("oat_pipeline")
		onlyPipeline(h.cfg, sec, &sec.Feeds[0])
		h.cfg.IngestionDelay = time.Minute
		streams, _ := h.openStreams(h.sink)
		streams["oat_pipeline"].Cycle(ctx)
		assert.True(t, h.caughtUp([]*stream.Stream{streams["oat_pipeline"]}))
		require.Len(t, h.listPipelines(sec.Pipeline.Path), 1)
		assert.Equal(t, 1, h.logs.FilterMessageSnippet("registered by someone else").Len())
	})
}
