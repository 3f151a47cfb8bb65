package main

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/otel-visionone/trendmicrovisiononereceiver/internal/feeds"
)

// fixtureLines are testdata/logs.jsonl's lines: a request with two OAT
// detections and a workbench alert, a line that is not JSON, and a request
// with a workbench alert update, another OAT detection and a record of an
// event no stream has.
func fixtureLines(t testing.TB) [][]byte {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("testdata", "logs.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	return bytes.Split(bytes.TrimSuffix(raw, []byte("\n")), []byte("\n"))
}

var (
	oatKind      = recordKind{"trendmicro.visionone.oat_detection", false}
	alertKind    = recordKind{"trendmicro.visionone.workbench_alert", false}
	alertUpdKind = recordKind{"trendmicro.visionone.workbench_alert", true}
)

func TestFirstRecords(t *testing.T) {
	lines := fixtureLines(t)
	tests := []struct {
		name  string
		line  []byte
		shown []recordKind
		want  []sample
	}{
		{
			name: "the first of each stream, in order",
			line: lines[0],
			want: []sample{
				{
					Kind: oatKind, Severity: "ERROR(high)",
					Attributes: []field{
						{"trendmicro.visionone.oat.source", "endpointActivityData"},
						{"host.name", "web-01"},
						{"trendmicro.visionone.mitre.technique_ids", `["T1059.001"]`},
					},
					Body: `{"detectedDateTime":"2026-12-01T14:58:41Z","score":64,"source":"endpointActivityData","uuid":"b56fbe5d-8c69-415b-8c94-c3c24d1af7d0"}`,
				},
				{
					Kind: alertKind, Severity: "WARN3(medium)",
					Attributes: []field{
						{"trendmicro.visionone.alert.id", "WB-9002-20261201-00001"},
						{"trendmicro.visionone.alert.model", "Possible Credential Dumping via Registry"},
					},
					Body: `{"id":"WB-9002-20261201-00001","model":"Possible Credential Dumping via Registry","severity":"medium"}`,
				},
			},
		},
		{
			name:  "streams already shown are passed over",
			line:  lines[0],
			shown: []recordKind{oatKind},
			want:  []sample{{Kind: alertKind}},
		},
		{
			name:  "an update is a kind of its own, an unknown event no stream's",
			line:  lines[2],
			shown: []recordKind{alertKind},
			want:  []sample{{Kind: alertUpdKind}, {Kind: oatKind}},
		},
		{name: "nothing wanted: not decoded", line: lines[0], shown: []recordKind{oatKind, alertKind}},
		{name: "not JSON", line: lines[1]},
		{name: "cut short", line: lines[0][:len(lines[0])/2]},
		{name: "JSON, not OTLP", line: []byte(`{"eventName":"trendmicro.visionone.oat_detection"}`)},
		{name: "empty", line: nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			shown := map[recordKind]bool{}
			for _, s := range tt.shown {
				shown[s] = true
			}
			got := firstRecords(tt.line, shown)
			if len(got) != len(tt.want) {
				t.Fatalf("got %d samples %+v, want %d", len(got), got, len(tt.want))
			}
			for i, want := range tt.want {
				if got[i].Kind != want.Kind {
					t.Errorf("sample %d of %v, want %v", i, got[i].Kind, want.Kind)
				}
				if want.Severity == "" {
					continue // only the kind is checked
				}
				if want := time.Date(2026, 12, 1, 14, 58, 41, 0, time.UTC); !got[i].Time.Equal(want) {
					t.Errorf("sample %d at %s, want %s", i, got[i].Time, want)
				}
				if got[i].Severity != want.Severity || got[i].Body != want.Body ||
					!slices.Equal(got[i].Attributes, want.Attributes) {
					t.Errorf("sample %d:\n got %+v\nwant %+v", i, got[i], want)
				}
			}
		})
	}
}

// Every stream of the registry delivers a kind of record, each kind has a
// stream, and where streams share a kind the sample names those running.
func TestStreamsOfCoverTheRegistry(t *testing.T) {
	var got []string
	for kind, streams := range streamsOf {
		got = append(got, streams...)
		for _, s := range streams {
			if kindOf[s] != kind {
				t.Errorf("%s: kind %v, listed under %v", s, kindOf[s], kind)
			}
		}
	}
	var want []string
	for _, f := range feeds.Streams() {
		want = append(want, f.Stream)
	}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("streams by kind %v, want %v", got, want)
	}

	shared := recordKind{"shared", false}
	streamsOf[shared] = []string{"a", "b"}
	defer delete(streamsOf, shared)
	for _, tt := range []struct {
		streams []string
		want    []string
	}{
		{streams: []string{"b", "c"}, want: []string{"b"}},
		{streams: []string{"a", "b"}, want: []string{"a", "b"}},
		{streams: nil, want: []string{"a", "b"}}, // no metrics yet
	} {
		stats := map[string]streamStats{}
		for _, s := range tt.streams {
			stats[s] = streamStats{}
		}
		if got := running(shared, stats); !slices.Equal(got, tt.want) {
			t.Errorf("running with %v: %v, want %v", tt.streams, got, tt.want)
		}
	}
}

func TestSampleLines(t *testing.T) {
	long := strings.Repeat("x", 300)
	tests := []struct {
		name    string
		s       sample
		streams []string
		want    []string
	}{
		{
			name: "short",
			s: sample{
				Kind: oatKind, Severity: "ERROR(high)",
				Attributes: []field{{"host.name", "web-01"}}, Body: `{"uuid":"u1"}`,
			},
			streams: []string{"oat_detections"},
			want: []string{
				"── first record of oat_detections",
				"   time=0001-01-01T00:00:00Z severity=ERROR(high)",
				"     event.name=trendmicro.visionone.oat_detection host.name=web-01",
				`   body={"uuid":"u1"}`,
			},
		},
		{
			name: "long: attributes and body cut, every line within 80 columns",
			s: sample{
				Kind:       recordKind{"trendmicro.visionone.container_security.kubernetes_evaluation_event_log", false},
				Severity:   "INFO(allow)",
				Attributes: []field{{"k8s.cluster.name", "prod eks"}, {"a", long}, {"b", "c"}}, Body: `{"x":"` + long + `"}`,
			},
			streams: []string{"container_security.kubernetesEvaluationEventLogs", "another.stream"},
			want: []string{
				"── first record of container_security.kubernetesEvaluationEventLogs or",
				"     another.stream",
				"   time=0001-01-01T00:00:00Z severity=INFO(allow)",
				// A word too long for a line is split; the last line is
				// filled with what is left, cut.
				"     event.name=trendmicro.visionone.container_security.kubernetes_evaluation_ev",
				"     ent_log k8s.cluster.name=\"prod eks\" a=" + strings.Repeat("x", 36) + "…",
				`   body={"x":"` + strings.Repeat("x", 66),
				"     " + strings.Repeat("x", 74) + "…",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.s.lines(tt.streams)
			if !slices.Equal(got, tt.want) {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
			for _, l := range got {
				if width(l) > consoleWidth {
					t.Errorf("%d columns: %s", width(l), l)
				}
			}
		})
	}
}

func TestFollower(t *testing.T) {
	type step struct {
		pre    string // appended to the file first
		rotate bool   // then the file renamed away
		trunc  bool   // or emptied
		write  string // then appended to the file (a new one after rotate)
		want   []string
	}
	tests := []struct {
		name     string
		existing string // the file's content before the follower is made; "-": no file
		steps    []step
	}{
		{
			name: "an earlier run's lines are skipped", existing: "old 1\nold 2\n",
			steps: []step{{write: "new 1\nnew 2\n", want: []string{"new 1", "new 2"}}},
		},
		{
			name: "no file yet", existing: "-",
			steps: []step{{}, {write: "a\n", want: []string{"a"}}},
		},
		{
			name: "a line written in parts", existing: "",
			steps: []step{{write: "par"}, {write: "tial\nnext", want: []string{"partial"}}, {write: "\n", want: []string{"next"}}},
		},
		{
			name: "rotated: the rest of the old file, then the new one", existing: "",
			steps: []step{
				{write: "a\n", want: []string{"a"}},
				{pre: "b\n", rotate: true, write: "c\n", want: []string{"b", "c"}},
				{write: "d\n", want: []string{"d"}},
			},
		},
		{
			name: "truncated: read from the start", existing: "",
			steps: []step{{write: "one line\n", want: []string{"one line"}}, {write: "x\n", trunc: true, want: []string{"x"}}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "logs.jsonl")
			if tt.existing != "-" {
				if err := os.WriteFile(path, []byte(tt.existing), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			fl := newFollower(path)
			defer fl.close()
			for i, st := range tt.steps {
				if st.pre != "" {
					appendFile(t, path, st.pre)
				}
				if st.rotate {
					if err := os.Rename(path, filepath.Join(dir, "logs-1.jsonl")); err != nil {
						t.Fatal(err)
					}
				}
				if st.trunc {
					if err := os.Truncate(path, 0); err != nil {
						t.Fatal(err)
					}
				}
				if st.write != "" {
					appendFile(t, path, st.write)
				}
				var got []string
				if err := fl.lines(func(l []byte) { got = append(got, string(l)) }); err != nil {
					t.Fatal(err)
				}
				if !slices.Equal(got, st.want) {
					t.Errorf("step %d: lines %q, want %q", i, got, st.want)
				}
			}
		})
	}
}

// A line longer than maxLine is dropped whole, and the next one read.
func TestFollowerDropsOverlongLines(t *testing.T) {
	fl := &follower{}
	var got []string
	fn := func(l []byte) { got = append(got, string(l)) }
	fl.split([]byte("start of a long line"), fn)
	fl.split(make([]byte, maxLine), fn)
	fl.split([]byte("end of it\nnext\n"), fn)
	if !slices.Equal(got, []string{"next"}) {
		t.Errorf("lines %q, want [next]", got)
	}
}

// The sampler shows each stream's first record once and stops reading when
// every stream the collector reports has shown one.
func TestSampler(t *testing.T) {
	lines := fixtureLines(t)
	path := filepath.Join(t.TempDir(), "logs.jsonl")
	var out strings.Builder
	s := newSampler(&out, path)
	appendFile(t, path, string(lines[0])+"\n"+string(lines[1])+"\n")
	streams := map[string]streamStats{"oat_detections": {}, "workbench_alerts": {}, "workbench_alert_updates": {}}
	if err := s.poll(streams); err != nil {
		t.Fatal(err)
	}
	appendFile(t, path, string(lines[2])+"\n")
	if err := s.poll(streams); err != nil {
		t.Fatal(err)
	}
	if !s.done {
		t.Error("still reading with every stream shown")
	}
	appendFile(t, path, string(lines[0])+"\n")
	if err := s.poll(streams); err != nil {
		t.Fatal(err)
	}
	var headers []string
	for line := range strings.Lines(out.String()) {
		if h, ok := strings.CutPrefix(line, "── first record of "); ok {
			headers = append(headers, strings.TrimSpace(h))
		}
	}
	if want := []string{"oat_detections", "workbench_alerts", "workbench_alert_updates"}; !slices.Equal(headers, want) {
		t.Errorf("samples of %q, want %q:\n%s", headers, want, out.String())
	}
}

func appendFile(t *testing.T, path, s string) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteString(s); err != nil {
		t.Fatal(err)
	}
}

// FuzzFirstRecords: any line is decoded without a panic, and whatever it
// yields is shown within the console's width.
func FuzzFirstRecords(f *testing.F) {
	for _, l := range fixtureLines(f) {
		f.Add(l)
	}
	f.Add([]byte(`{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"eventName":"trendmicro.visionone.audit_log","body":{"stringValue":"` +
		strings.Repeat("é", 200) + `"}}]}]}]}`))
	f.Fuzz(func(t *testing.T, line []byte) {
		seen := map[recordKind]bool{}
		for _, s := range firstRecords(line, map[recordKind]bool{}) {
			if seen[s.Kind] || streamsOf[s.Kind] == nil {
				t.Errorf("a second sample, or one of no stream: %v", s.Kind)
			}
			seen[s.Kind] = true
			for _, l := range s.lines(streamsOf[s.Kind]) {
				if width(l) > consoleWidth {
					t.Errorf("%d columns: %q", width(l), l)
				}
			}
		}
	})
}
