package gen

import (
	"encoding/json"
	"testing"
	"time"
)

// BenchmarkItemMarshal renders and marshals one item per op, per feed. The
// server must marshal 5000 search items per page at 20 MB/s or more on one
// core; MB/s is reported from the average item size.
func BenchmarkItemMarshal(b *testing.B) {
	for _, kind := range Kinds() {
		b.Run(string(kind), func(b *testing.B) {
			records := testRecords(kind, 1024)
			size := 0
			for _, r := range records {
				out, _ := json.Marshal(Item(r, r.Time.Add(100*time.Hour)))
				size += len(out)
			}
			b.SetBytes(int64(size / len(records)))
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; b.Loop(); i++ {
				r := records[i%len(records)]
				if _, err := json.Marshal(Item(r, r.Time.Add(100*time.Hour))); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkVersions is the cost the store pays to index workbench updates.
func BenchmarkVersions(b *testing.B) {
	records := testRecords(Workbench, 1024)
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		Versions(records[i%len(records)])
	}
}

// BenchmarkAuditKey is what a ground-truth listing of audit keys costs.
func BenchmarkAuditKey(b *testing.B) {
	records := testRecords(Audit, 1024)
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		Key(records[i%len(records)])
	}
}
