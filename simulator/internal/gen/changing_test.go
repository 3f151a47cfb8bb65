package gen

import (
	"slices"
	"testing"
	"time"
)

// changingFeeds are the feeds added with cases and tasks whose items change
// after creation: the field that carries the version time, and the default
// change range (§6.2–6.5: cases minutes to days, tasks seconds to minutes).
var changingFeeds = []struct {
	kind    Kind
	changed string
	lo, hi  time.Duration
}{
	{Cases, "updatedDateTime", 10 * time.Minute, 96 * time.Hour},
	{ResponseTasks, "lastActionDateTime", 5 * time.Second, 45 * time.Minute},
	{PlaybookTasks, "lastActionDateTime", 3 * time.Second, 20 * time.Minute},
	{EndpointSecurityTasks, "lastActionDateTime", 10 * time.Second, 15 * time.Minute},
}

func TestChangingFeedsVersionsFollowTheirChangeRange(t *testing.T) {
	for _, f := range changingFeeds {
		if lo, hi := ChangeRange(f.kind); lo != f.lo || hi != f.hi {
			t.Errorf("%s: default change range [%v, %v], want [%v, %v]", f.kind, lo, hi, f.lo, f.hi)
		}
		for _, rng := range []struct{ min, max time.Duration }{{0, 0}, {90 * time.Second, 4 * time.Minute}} {
			lo, hi := f.lo, f.hi
			if rng.min != 0 {
				lo, hi = rng.min, rng.max
			}
			t.Run(string(f.kind)+"/"+lo.String(), func(t *testing.T) {
				changed := 0
				for _, r := range testRecords(f.kind, 2000) {
					r.ChangeMin, r.ChangeMax = rng.min, rng.max
					vs := Versions(r)
					if len(vs) == 0 || !vs[0].Equal(r.Time) {
						t.Fatalf("seed %d: versions %v, the first must be the creation %v", r.Seed, vs, r.Time)
					}
					for i := 1; i < len(vs); i++ {
						if d := vs[i].Sub(r.Time); !vs[i].After(vs[i-1]) || d < lo || d > hi+time.Duration(len(vs))*time.Second {
							t.Fatalf("seed %d: version %d at +%v (versions %v)", r.Seed, i, d, vs)
						}
					}
					if len(vs) > 1 {
						changed++
					}
				}
				if changed < 1000 {
					t.Errorf("only %d of 2000 items change", changed)
				}
			})
		}
	}
}

// Item(r, asOf) shows the state of the latest version at or before asOf:
// its version field is that version's time, its creation never moves.
func TestChangingItemsRenderTheVersionAsOf(t *testing.T) {
	for _, f := range changingFeeds {
		t.Run(string(f.kind), func(t *testing.T) {
			for _, r := range testRecords(f.kind, 300) {
				vs := Versions(r)
				type asOfCase struct{ asOf, want time.Time }
				cases := []asOfCase{{r.Time.Add(-time.Hour), vs[0]}, {vs[len(vs)-1].Add(1000 * time.Hour), vs[len(vs)-1]}}
				for i, v := range vs {
					cases = append(cases, asOfCase{v, v})
					if i > 0 {
						cases = append(cases, asOfCase{v.Add(-time.Second), vs[i-1]})
					}
				}
				for _, c := range cases {
					m := Item(r, c.asOf)
					if m[f.changed] != isoSeconds(c.want) || m["createdDateTime"] != isoSeconds(r.Time) {
						t.Fatalf("seed %d as of %v: %s %v, createdDateTime %v; want %s and %s",
							r.Seed, c.asOf, f.changed, m[f.changed], m["createdDateTime"], isoSeconds(c.want), isoSeconds(r.Time))
					}
				}
			}
		})
	}
}

// statusPaths are the moves each task feed's statuses may make (the
// documented status enums), from "" at creation; final statuses have none.
var statusPaths = map[Kind]map[string][]string{
	ResponseTasks: {
		"":                {"queued", "running", "pendingApproval"},
		"queued":          {"running", "canceled"},
		"running":         {"succeeded", "failed", "canceled"},
		"pendingApproval": {"running", "rejected"},
	},
	PlaybookTasks: {
		"":                {"queued", "running"},
		"queued":          {"running"},
		"running":         {"pendingApproval", "succeeded", "partiallySucceeded", "failed"},
		"pendingApproval": {"running"},
	},
	EndpointSecurityTasks: {"": {"running"}, "running": {"succeeded", "failed"}},
	Cases: {
		"":            {"Open"},
		"Open":        {"In-progress", "Closed"},
		"In-progress": {"In-progress", "Closed"},
	},
}

// TestStatusesFollowTheirLifeCycle renders every version of each item and
// checks each move against statusPaths, that the last state is final (for
// tasks), that an error is carried exactly by the failed states, and that
// every status shows up.
func TestStatusesFollowTheirLifeCycle(t *testing.T) {
	for kind, moves := range statusPaths {
		t.Run(string(kind), func(t *testing.T) {
			seen := counter{}
			for _, r := range testRecords(kind, 3000) {
				prev := ""
				for _, v := range Versions(r) {
					m := Item(r, v)
					status := m["status"].(string)
					if !slices.Contains(moves[prev], status) {
						t.Fatalf("seed %d: %q after %q (versions %v)", r.Seed, status, prev, Versions(r))
					}
					if _, failed := m["error"]; failed != (status == "failed") && !(kind == ResponseTasks && status == "failed") {
						t.Fatalf("seed %d: status %s with error %v", r.Seed, status, m["error"])
					}
					seen[status]++
					prev = status
				}
				if _, more := moves[prev]; more && kind != Cases {
					t.Fatalf("seed %d: ends %q, not a final status", r.Seed, prev)
				}
			}
			var all []string
			for from, tos := range moves {
				all = append(all, tos...)
				if from != "" {
					all = append(all, from)
				}
			}
			seen.requireSeen(t, all...)
		})
	}
}
