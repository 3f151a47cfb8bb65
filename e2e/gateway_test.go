//go:build e2e

package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/plog"

	"github.com/otel-visionone/trendmicrovisiononereceiver/internal/ocsf"
	"github.com/otel-visionone/trendmicrovisiononereceiver/simulator"
)

// gatewayExample is an example whose exporter sends to a gateway collector
// over OTLP/gRPC.
type gatewayExample struct {
	name string
	// config returns the example's configuration file.
	config func(t *testing.T) string
	// receivers are its receivers' ids and the environment variable of each
	// one's key; streams the streams all of them read, together.
	receivers map[string]string
	streams   []string
	// defects, when set, is what is wrong with one exported record.
	defects func(lr plog.LogRecord) []string
	// more is the example's other --set overrides (what points outside the
	// test).
	more []string
}

// ocsfGatewayStreams are the streams examples/ocsf-gateway.yaml reads.
var ocsfGatewayStreams = []string{"workbench_alerts", "oat_detections", "audit_logs", "cases",
	"search.detections", "search.endpointActivities", "search.networkActivities"}

var gatewayExamples = []gatewayExample{
	{
		name:      "ocsf-gateway",
		config:    func(*testing.T) string { return "../examples/ocsf-gateway.yaml" },
		receivers: map[string]string{"trendmicro_visionone": "VISIONONE_API_KEY"},
		streams:   ocsfGatewayStreams,
		defects:   ocsfDefects(false),
	},
	{
		// The same with body_format json: the event's text is written
		// from the receiver's own event tree, not pdata.
		name:      "ocsf-gateway-json-body",
		config:    func(*testing.T) string { return "../examples/ocsf-gateway.yaml" },
		receivers: map[string]string{"trendmicro_visionone": "VISIONONE_API_KEY"},
		streams:   ocsfGatewayStreams,
		defects:   ocsfDefects(true),
		more:      []string{"--set=receivers::trendmicro_visionone::body_format=json"},
	},
	{
		name:      "tenant",
		config:    func(*testing.T) string { return "../examples/tenant.yaml" },
		receivers: map[string]string{"trendmicro_visionone": "VISIONONE_API_KEY"},
		streams:   []string{"workbench_alerts", "oat_detections", "audit_logs", "search.detections"},
		more:      []string{"--set=extensions::health_check::endpoint=127.0.0.1:0"},
	},
	{
		name:   "multi-tenant",
		config: func(*testing.T) string { return "../examples/multi-tenant.yaml" },
		receivers: map[string]string{
			"trendmicro_visionone/tenant_a": "TENANT_A_API_KEY",
			"trendmicro_visionone/tenant_b": "TENANT_B_API_KEY",
		},
		streams: []string{"workbench_alerts", "oat_detections", "audit_logs"},
		more:    []string{"--set=extensions::health_check::endpoint=127.0.0.1:0"},
	},
	{
		name: "kubernetes",
		config: func(t *testing.T) string {
			return writeConfig(t, "config.yaml", []byte(readManifest(t)["ConfigMap"].Data["config.yaml"]))
		},
		receivers: map[string]string{"trendmicro_visionone": "VISIONONE_API_KEY"},
		streams:   []string{"workbench_alerts", "oat_detections", "audit_logs"},
		more:      []string{"--set=extensions::health_check::endpoint=127.0.0.1:0", "--set=extensions::file_storage::directory=${env:OTELCOL_STORAGE_DIR}"},
	},
}

// TestExamplesDeliverToGateway runs each example that exports to a gateway
// with the ocb-built collector against the simulator (a day of history to
// back-fill: batches larger than a gateway takes, unless sized), its gateway a loopback OTLP sink with gRPC's
// defaults (as a gateway collector's OTLP receiver has them: 4 MiB a
// message): every record the receiver accepted arrives, the exporter drops
// nothing, every stream the example reads delivers, and the OCSF example's
// records are OCSF 1.8.0 events (internal/ocsf's validator) naming their
// record's uid, with the item's JSON text in raw_data.
func TestExamplesDeliverToGateway(t *testing.T) {
	t.Parallel()
	for _, ex := range gatewayExamples {
		t.Run(ex.name, func(t *testing.T) {
			t.Parallel()
			runGatewayExample(t, ex)
		})
	}
}

func runGatewayExample(t *testing.T, ex gatewayExample) {
	collector, simBin := collectorBinary(t), simulatorBinary(t)
	example, err := filepath.Abs(ex.config(t))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	work := mkdir(t, dir, "work")
	var keys []string
	env := []string{"PATH=" + os.Getenv("PATH"), "HOME=" + os.Getenv("HOME"), "MY_POD_IP=127.0.0.1",
		"OTELCOL_STORAGE_DIR=" + filepath.Join(dir, "storage")}
	for id, variable := range ex.receivers {
		key := simulator.MakeKey("e2e-"+ex.name+"-"+id, time.Now().Add(48*time.Hour))
		keys = append(keys, key)
		env = append(env, variable+"="+key)
	}
	// Real-world item shapes; cases at one a minute, so that the history
	// holds some (their default rate may leave it none).
	sim := startSimulatorKeys(t, simBin, dir, keys, "-history", "24h", "-rate-limit", "-1", "-quirks",
		"-rates", "caseManagement/cases=60")

	var (
		mu     sync.Mutex
		events = map[string]int{} // records by event name
		uids   = map[string]bool{}
	)
	check := startRecordCheck(ex.defects)
	sink := newOTLPSink(t)
	sink.inspect = func(ld plog.Logs) {
		check.add(ld)
		mu.Lock()
		defer mu.Unlock()
		for _, rl := range ld.ResourceLogs().All() {
			// Two tenants' records may share a uid: the resource names
			// the tenant.
			tenant := fmt.Sprint(rl.Resource().Attributes().AsRaw())
			for _, sl := range rl.ScopeLogs().All() {
				for _, lr := range sl.LogRecords().All() {
					event, _ := lr.Attributes().Get("event.name")
					uid, _ := lr.Attributes().Get("log.record.uid")
					events[event.Str()]++
					uids[tenant+uid.Str()] = true
				}
			}
		}
	}
	sink.start(t)

	metrics := freePort(t)
	args := []string{"--config", example,
		"--set=exporters::otlp_grpc::endpoint=" + sink.addr,
		"--set=exporters::otlp_grpc::tls::insecure=true",
		"--set=service::telemetry::metrics::readers=[{pull: {exporter: {prometheus: {host: 127.0.0.1, port: " + strconv.Itoa(metrics) + "}}}}]",
	}
	for id := range ex.receivers {
		args = append(args, "--set=receivers::"+id+"::region=\"\"",
			"--set=receivers::"+id+"::endpoint="+sim.base,
			// The simulator has no rate limit: the backfill (24h of
			// initial_lookback and of data) goes by at once.
			"--set=receivers::"+id+"::requests_per_minute=6000")
	}
	p := startIn(t, ex.name, work, filepath.Join(dir, ex.name+".log"), env, collector, append(args, ex.more...)...)
	defer p.stop(t)

	var want []string // the streams' event names
	for _, s := range streams {
		for _, name := range ex.streams {
			if s.name == name && !s.update {
				want = append(want, s.event)
			}
		}
	}
	if len(want) != len(ex.streams) {
		t.Fatalf("the registry lacks a stream of %v: %v", ex.streams, want)
	}
	missing := func() []string {
		mu.Lock()
		defer mu.Unlock()
		var out []string
		for _, e := range want {
			if events[e] == 0 {
				out = append(out, e)
			}
		}
		return out
	}
	arrived := func() (got, accepted int) {
		m, err := tryScrape(metrics)
		if err != nil {
			return 0, -1
		}
		mu.Lock()
		defer mu.Unlock()
		return len(uids), int(m.sum("trendmicro_visionone_receiver_records", map[string]string{"outcome": "accepted"}))
	}
	dropped := func() bool { return strings.Contains(p.output(t), "Dropping data") }
	started := time.Now()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	if !p.waitFor(ctx, 500*time.Millisecond, func() bool {
		got, accepted := arrived()
		return dropped() || len(missing()) == 0 && got >= accepted
	}) || dropped() {
		got, accepted := arrived()
		t.Fatalf("no records of %v, %d distinct records at the gateway of %d accepted, dropped: %v; the collector's output:\n%s",
			missing(), got, accepted, dropped(), tail(p.output(t), 30))
	}
	mu.Lock()
	distinct := len(uids)
	t.Logf("after %v, %d records by event: %v", time.Since(started).Round(time.Second), distinct, events)
	mu.Unlock()
	checked, defects := check.finish(t)
	t.Logf("%d records checked against the example's promise", checked)
	if ex.defects != nil && checked < distinct {
		t.Errorf("%d records checked of %d received", checked, distinct)
	}
	if len(defects) > 0 {
		t.Errorf("records off the OCSF schema or the example's promise:\n%s", strings.Join(defects, "\n"))
	}
}

// recordCheck holds the records a gateway received to an example's promise
// (gatewayExample.defects) on a goroutine of its own, after their export
// has returned, as a gateway hands records on: checked inside the sink's
// Export, under the race detector, they slowed it past the exporter's
// timeout, and the exporter sent them again.
type recordCheck struct {
	defects func(plog.LogRecord) []string

	mu     sync.Mutex
	closed bool
	queue  chan plog.Logs
	done   chan struct{}

	// The checker's, read once done is closed.
	checked int
	found   []string // the first few
}

// startRecordCheck starts checking with defects; nil checks nothing.
func startRecordCheck(defects func(plog.LogRecord) []string) *recordCheck {
	c := &recordCheck{defects: defects, queue: make(chan plog.Logs, 1024), done: make(chan struct{})}
	go func() {
		defer close(c.done)
		for ld := range c.queue {
			for _, rl := range ld.ResourceLogs().All() {
				for _, sl := range rl.ScopeLogs().All() {
					for _, lr := range sl.LogRecords().All() {
						c.checked++
						event, _ := lr.Attributes().Get("event.name")
						for _, d := range c.defects(lr) {
							if len(c.found) < 20 {
								c.found = append(c.found, event.Str()+": "+d)
							}
						}
					}
				}
			}
		}
	}()
	return c
}

// add queues a copy of ld (the request is the sink's until Export
// returns); once finish has begun, records are no longer checked.
func (c *recordCheck) add(ld plog.Logs) {
	if c.defects == nil {
		return
	}
	cp := plog.NewLogs()
	ld.CopyTo(cp)
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.closed {
		c.queue <- cp // a full queue holds the sink back, as checking in Export did
	}
}

// finish waits for the queued records' check: how many were checked and
// the first defects found.
func (c *recordCheck) finish(t *testing.T) (int, []string) {
	t.Helper()
	c.mu.Lock()
	c.closed = true
	close(c.queue)
	c.mu.Unlock()
	select {
	case <-c.done:
	case <-time.After(5 * time.Minute):
		t.Fatal("the records' check did not end within 5 minutes")
	}
	return c.checked, c.found
}

// ocsfDefects returns what is wrong with a record of the OCSF example: its
// body must be an OCSF event (as a map, or with jsonBody as the event's
// JSON text), name the record's key in metadata.uid and carry the item's
// JSON text in raw_data.
func ocsfDefects(jsonBody bool) func(lr plog.LogRecord) []string {
	return func(lr plog.LogRecord) []string {
		uid, _ := lr.Attributes().Get("log.record.uid")
		want := map[bool]pcommon.ValueType{false: pcommon.ValueTypeMap, true: pcommon.ValueTypeStr}[jsonBody]
		if lr.Body().Type() != want {
			return []string{uid.Str() + ": body is " + lr.Body().Type().String() + ", not " + want.String()}
		}
		if !jsonBody {
			return eventDefects(uid.Str(), lr.Body().Map().AsRaw())
		}
		var body map[string]any
		d := json.NewDecoder(strings.NewReader(lr.Body().Str()))
		d.UseNumber() // integers stay integers for the validator
		if err := d.Decode(&body); err != nil {
			return []string{uid.Str() + ": body is not JSON text: " + err.Error()}
		}
		return eventDefects(uid.Str(), body)
	}
}

// eventDefects is what is wrong with body as the OCSF event of the record
// keyed uid.
func eventDefects(uid string, body map[string]any) []string {
	var out []string
	for _, err := range ocsf.Validate(body) {
		out = append(out, fmt.Sprintf("%s: %v", uid, err))
	}
	if md, _ := body["metadata"].(map[string]any); md["uid"] != uid {
		out = append(out, fmt.Sprintf("%s: metadata.uid is %v", uid, md["uid"]))
	}
	if raw, ok := body["raw_data"].(string); !ok || !json.Valid([]byte(raw)) {
		out = append(out, uid+": no item JSON in raw_data")
	}
	return out
}
