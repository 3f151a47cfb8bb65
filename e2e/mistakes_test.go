//go:build e2e

package e2e

import (
	"strings"
	"testing"
	"time"
)

// TestConfigMistakes: the mistakes a user makes in the receiver's settings
// each stop the collector with a message naming the key — at `validate`
// where the configuration alone shows it, else at start (a storage
// extension that is not configured, a CA file that is not there). The unit
// tables in config_test.go cover every rule; this is what a user sees from
// the built collector. TestValidateRejectsBrokenConfig has more.
func TestConfigMistakes(t *testing.T) {
	bin := collectorBinary(t)
	const base = `
receivers:
  trendmicro_visionone:
    token: ${env:VISIONONE_API_KEY}
%s
exporters:
  debug:
service:
  telemetry:
    metrics:
      level: none
  pipelines:
    logs:
      receivers: [trendmicro_visionone]
      exporters: [debug]
`
	const endpoint = "    endpoint: http://127.0.0.1:9\n"
	tests := []struct {
		name     string
		receiver string // receiver keys, indented by four spaces
		atStart  bool   // only starting the collector shows it
		wantKey  string
	}{
		{"unknown region", "    region: mars", false, "region"},
		{"region and endpoint", endpoint + "    region: eu", false, "endpoint"},
		{"endpoint with the API path", "    endpoint: https://api.xdr.trendmicro.com/v3.0", false, "endpoint"},
		{"unclosed quote in a filter", endpoint + "    oat:\n      filter: \"riskLevel eq 'high\"", false, "oat.filter"},
		{"unbalanced parenthesis in a query", endpoint + "    search:\n      enabled: true\n      sources:\n        detections:\n          query: '(hostName:web'", false, "search.sources.detections.query"},
		{"empty query", endpoint + "    search:\n      enabled: true\n      sources:\n        detections:\n          query: ''", false, "search.sources.detections.query"},
		{"zero budget", endpoint + "    requests_per_minute: 0", false, "requests_per_minute"},
		{"body format", endpoint + "    body_format: xml", false, "body_format"},
		{"negative ingestion delay", endpoint + "    ingestion_delay: -1m", false, "ingestion_delay"},
		{"negative retry multiplier", endpoint + "    retry_on_failure:\n      multiplier: -1", false, "multiplier"},
		{"audit page size the API refuses", endpoint + "    audit:\n      page_size: 500", false, "audit.page_size"},
		{"duration as prose", endpoint + "    workbench:\n      initial_lookback: 2 days", false, "workbench.initial_lookback"},
		{"nothing enabled", endpoint + "    workbench:\n      enabled: false\n    oat:\n      enabled: false\n    audit:\n      enabled: false", false, "enable"},
		{"storage extension not configured", endpoint + "    storage: file_storage", true, "storage"},
		{"interval without a unit (nanoseconds)", endpoint + "    oat:\n      collection_interval: 60", false, "oat.collection_interval"},
		{"negative timeout", endpoint + "    timeout: -5s", false, "timeout"},
		{"CA file missing", endpoint + "    tls:\n      ca_file: /nonexistent/ca.pem", true, "tls"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path, config := writeReceiverConfig(t, base, tt.receiver)
			out, code := validate(t, bin, path, "VISIONONE_API_KEY=dummy")
			if tt.atStart {
				if code != 0 {
					t.Fatalf("validate refused it (exit %d), the test expects only the start to:\n%s", code, out)
				}
				// A collector still running after 30 s has started: exit 0.
				out, code, _ = runCollector(t, 30*time.Second, bin, []string{"VISIONONE_API_KEY=dummy"}, "--config", path)
			}
			if code == 0 {
				t.Fatalf("the collector accepted a configuration with a broken %s:\n%s", tt.wantKey, config)
			}
			if !strings.Contains(out, tt.wantKey) {
				t.Errorf("the message does not name %q:\n%s", tt.wantKey, tail(out, 5))
			}
		})
	}
}
