package main

import (
	"strings"
	"testing"
)

func TestParseStreamStats(t *testing.T) {
	tests := []struct {
		name string
		text string
		want map[string]streamStats
	}{
		{
			name: "collector exposition",
			text: `# HELP otelcol_trendmicro_visionone_receiver_records Log records read from Vision One.
# TYPE otelcol_trendmicro_visionone_receiver_records counter
otelcol_trendmicro_visionone_receiver_records{outcome="accepted",stream="audit_logs"} 625
otelcol_trendmicro_visionone_receiver_records{outcome="duplicate",stream="audit_logs"} 7
otelcol_trendmicro_visionone_receiver_records{outcome="accepted",stream="search.detections"} 1.777e+03
otelcol_trendmicro_visionone_receiver_requests{status_code="200",stream="audit_logs"} 5
otelcol_trendmicro_visionone_receiver_window_lag{stream="audit_logs"} 38.85
otelcol_receiver_accepted_log_records{receiver="trendmicro_visionone"} 9999
`,
			want: map[string]streamStats{
				"audit_logs":        {Accepted: 625, Lag: 38.85, HasLag: true},
				"search.detections": {Accepted: 1777},
			},
		},
		{
			name: "unit and total suffixes, more labels, timestamps",
			text: `trendmicro_visionone_receiver_records_total{otel_scope_name="x",outcome="accepted",stream="oat_detections"} 12 1700000000000
trendmicro_visionone_receiver_records_total{outcome="refused",stream="oat_detections"} 3
trendmicro_visionone_receiver_window_lag_seconds{stream="oat_detections"} 61
`,
			want: map[string]streamStats{"oat_detections": {Accepted: 12, Lag: 61, HasLag: true}},
		},
		{
			name: "escaped label values and junk",
			text: `otelcol_trendmicro_visionone_receiver_records{stream="a \"b\"",outcome="accepted"} 4
otelcol_trendmicro_visionone_receiver_records{outcome="accepted"} 5
otelcol_trendmicro_visionone_receiver_window_lag{stream="x"} NaNish
not a sample
`,
			want: map[string]streamStats{`a \"b\"`: {Accepted: 4}},
		},
		{name: "empty", text: "", want: map[string]streamStats{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseStreamStats(strings.NewReader(tt.text))
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(tt.want) {
				t.Fatalf("got %v, want %v", got, tt.want)
			}
			for name, want := range tt.want {
				if got[name] != want {
					t.Errorf("%s: got %+v, want %+v", name, got[name], want)
				}
			}
		})
	}
}
