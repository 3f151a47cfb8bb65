package simulator

import (
	"testing"
	"time"

	"github.com/otel-visionone/trendmicrovisiononereceiver/simulator/internal/gen"
)

// TestChangeRangesReachTheItems: each feed's change range, its default or
// the one Options.ChangeRanges (or, for workbench, AlertChangeMin/Max)
// sets, bounds its items' later versions.
func TestChangeRangesReachTheItems(t *testing.T) {
	short := ChangeRange{90 * time.Second, 4 * time.Minute}
	tests := []struct {
		name string
		opts Options
		want map[Feed]ChangeRange
	}{
		{"defaults", Options{}, map[Feed]ChangeRange{
			Workbench: {10 * time.Minute, 72 * time.Hour}, Cases: {10 * time.Minute, 96 * time.Hour},
			ResponseTasks: {5 * time.Second, 45 * time.Minute}, PlaybookTasks: {3 * time.Second, 20 * time.Minute},
			EndpointSecurityTasks: {10 * time.Second, 15 * time.Minute},
		}},
		{"per feed", Options{ChangeRanges: map[Feed]ChangeRange{Cases: short, ResponseTasks: short}}, map[Feed]ChangeRange{
			Cases: short, ResponseTasks: short, PlaybookTasks: {3 * time.Second, 20 * time.Minute},
		}},
		{"workbench by its older name", Options{AlertChangeMin: short.Min, AlertChangeMax: short.Max}, map[Feed]ChangeRange{Workbench: short}},
		{"workbench by the map", Options{ChangeRanges: map[Feed]ChangeRange{Workbench: short}}, map[Feed]ChangeRange{Workbench: short}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.opts.Rates = busyRates
			h := newHarness(t, tt.opts)
			for kind, r := range tt.want {
				fs := h.sim.stores[kind]
				later, outside := 0, 0
				for _, rec := range fs.snapshot(t0) {
					gr := fs.genRecord(rec)
					vs := gen.Versions(gr)
					for _, v := range vs[1:] {
						if d := v.Sub(gr.Time); d < r.Min || d > r.Max+time.Duration(len(vs))*time.Second {
							outside++
						}
						later++
					}
				}
				if later == 0 || outside > 0 {
					t.Errorf("%s: %d of %d later versions outside [%v, %v]", kind, outside, later, r.Min, r.Max)
				}
			}
		})
	}
}
