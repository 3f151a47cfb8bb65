//go:build e2e

package e2e

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"go.opentelemetry.io/collector/pdata/plog"
)

// exportLine is the file exporter's line for one record of s, without its
// newline.
func exportLine(t *testing.T, s stream, uid string, at time.Time) []byte {
	t.Helper()
	logs := plog.NewLogs()
	lr := logs.ResourceLogs().AppendEmpty().ScopeLogs().AppendEmpty().LogRecords().AppendEmpty()
	lr.Attributes().PutStr("event.name", s.event)
	lr.Attributes().PutStr("log.record.uid", uid)
	lr.Body().SetEmptyMap().PutStr(s.target, at.Format(time.RFC3339))
	var m plog.JSONMarshaler
	b, err := m.MarshalLogs(logs)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestExportFileReadRest(t *testing.T) {
	i := slices.IndexFunc(streams, func(s stream) bool { return !s.update })
	s := streams[i]
	at := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	a, b := exportLine(t, s, "a", at), exportLine(t, s, "b", at)
	lines := func(parts ...[]byte) []byte { return slices.Concat(parts...) }
	nl := []byte("\n")
	tests := []struct {
		name    string
		output  []byte
		want    []string // uids read, in order
		wantErr bool
	}{
		{"complete lines", lines(a, nl, b, nl), []string{"a", "b"}, false},
		{"killed before the last newline", lines(a, nl, b), []string{"a", "b"}, false},
		{"killed within the last batch's write", lines(a, nl, b[:len(b)/2]), []string{"a"}, false},
		{"killed within the first batch's write", a[:len(a)-1], nil, false},
		{"a broken line before the last", lines(a[:len(a)/2], nl, b, nl), nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "out.jsonl")
			if err := os.WriteFile(path, tt.output, 0o600); err != nil {
				t.Fatal(err)
			}
			got, err := (&exportFile{path: path}).readRest()
			if (err != nil) != tt.wantErr {
				t.Fatalf("readRest: error %v, want one: %v", err, tt.wantErr)
			}
			if tt.wantErr {
				return
			}
			if uids := delivered(got).uids(s.name); !slices.Equal(uids, tt.want) {
				t.Errorf("readRest read %v, want %v", uids, tt.want)
			}
		})
	}
}
