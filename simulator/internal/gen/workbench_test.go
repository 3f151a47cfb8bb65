package gen

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestVersionsAreOrderedAndBounded(t *testing.T) {
	tests := []struct {
		name                 string
		changeMin, changeMax time.Duration // set on the Record
		lo, hi               time.Duration // where later versions must fall
	}{
		{"defaults", 0, 0, 10 * time.Minute, 72 * time.Hour},
		{"short change range", 90 * time.Second, 4 * time.Minute, 90 * time.Second, 4 * time.Minute},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkVersions(t, tt.changeMin, tt.changeMax, tt.lo, tt.hi)
		})
	}
}

func checkVersions(t *testing.T, changeMin, changeMax, lo, hi time.Duration) {
	withLater := 0
	records := testRecords(Workbench, 3000)
	for _, r := range records {
		r.ChangeMin, r.ChangeMax = changeMin, changeMax
		vs := Versions(r)
		if len(vs) == 0 || len(vs) > 5 {
			t.Fatalf("seed %d: %d versions", r.Seed, len(vs))
		}
		if vs[0].Before(r.Time) || vs[0].After(r.Time.Add(30*time.Second)) {
			t.Fatalf("seed %d: first version %v not within 30 s after creation %v", r.Seed, vs[0], r.Time)
		}
		for i := 1; i < len(vs); i++ {
			if !vs[i].After(vs[i-1]) {
				t.Fatalf("seed %d: versions not strictly increasing: %v", r.Seed, vs)
			}
			if d := vs[i].Sub(r.Time); d < lo || d > hi+10*time.Second {
				t.Fatalf("seed %d: version %d at +%v", r.Seed, i, d)
			}
			if vs[i] != vs[i].Truncate(time.Second) {
				t.Fatalf("seed %d: version %v is not whole seconds", r.Seed, vs[i])
			}
		}
		if len(vs) > 1 {
			withLater++
		}
	}
	if share := float64(withLater) / float64(len(records)); share < 0.6 || share > 0.7 {
		t.Errorf("%.2f of alerts change after creation, want 0.60–0.70", share)
	}
}

// Item(r, asOf) shows the latest version at or before asOf, and the first
// version when asOf is earlier than all of them.
func TestItemRendersTheVersionAsOf(t *testing.T) {
	tested := 0
	for _, r := range testRecords(Workbench, 400) {
		vs := Versions(r)
		type asOfCase struct {
			name       string
			asOf, want time.Time
		}
		cases := []asOfCase{
			{"before creation", r.Time.Add(-time.Hour), vs[0]},
			{"at creation", r.Time, vs[0]},
			{"long after", vs[len(vs)-1].Add(240 * time.Hour), vs[len(vs)-1]},
		}
		for i, v := range vs {
			cases = append(cases, asOfCase{"at version", v, v})
			if i > 0 {
				cases = append(cases, asOfCase{"just before version", v.Add(-time.Second), vs[i-1]},
					asOfCase{"between versions", vs[i-1].Add(v.Sub(vs[i-1]) / 2), vs[i-1]})
			}
		}
		for _, c := range cases {
			m := Item(r, c.asOf)
			if got := m["updatedDateTime"]; got != isoSeconds(c.want) {
				t.Fatalf("seed %d %s (%v): updatedDateTime %v, want %v", r.Seed, c.name, c.asOf, got, isoSeconds(c.want))
			}
			tested++
		}
	}
	if tested < 1000 {
		t.Fatalf("only %d cases", tested)
	}
}

// Across versions an alert only moves forward: Open → In Progress → Closed,
// with the analyst fields set once an analyst acts.
func TestVersionsChangeWhatAnalystsChange(t *testing.T) {
	rank := map[string]int{"Open": 0, "In Progress": 1, "Closed": 2}
	seen := counter{}
	for _, r := range testRecords(Workbench, 1500) {
		vs := Versions(r)
		prev := Item(r, vs[0])
		if prev["status"] != "Open" || prev["investigationStatus"] != "New" || prev["investigationResult"] != "No Findings" {
			t.Fatalf("seed %d: initial state %v/%v/%v", r.Seed, prev["status"], prev["investigationStatus"], prev["investigationResult"])
		}
		if _, ok := prev["firstInvestigatedDateTime"]; ok {
			t.Fatalf("seed %d: investigated before anyone looked", r.Seed)
		}
		for _, v := range vs[1:] {
			cur := Item(r, v)
			status := cur["status"].(string)
			if rank[status] < rank[prev["status"].(string)] {
				t.Fatalf("seed %d: status went back from %v to %v", r.Seed, prev["status"], status)
			}
			first, investigated := cur["firstInvestigatedDateTime"]
			if status != "Open" && !investigated {
				t.Fatalf("seed %d: %s without firstInvestigatedDateTime", r.Seed, status)
			}
			was, wasSet := prev["firstInvestigatedDateTime"]
			switch {
			case wasSet && was != first:
				t.Fatalf("seed %d: firstInvestigatedDateTime moved from %v to %v", r.Seed, was, first)
			case !wasSet && investigated && first != isoSeconds(v):
				t.Fatalf("seed %d: firstInvestigatedDateTime %v, want the version time %v", r.Seed, first, isoSeconds(v))
			}
			if status == "Closed" {
				seen["closed as "+cur["investigationResult"].(string)]++
				if cur["investigationResult"] == "No Findings" {
					t.Fatalf("seed %d: closed with No Findings", r.Seed)
				}
			}
			if status != "Open" && len(owners(cur)) == 0 {
				t.Fatalf("seed %d: %s without an owner", r.Seed, status)
			}
			if cur["score"].(int) > prev["score"].(int) {
				seen["rescored"]++
			}
			if len(cur["indicators"].([]any)) > len(prev["indicators"].([]any)) {
				seen["indicator added"]++
			}
			if countEntities(cur) > countEntities(prev) {
				seen["entity added"]++
			}
			if !slices.Equal(owners(cur), owners(prev)) {
				seen["owner changed"]++
			}
			prev = cur
		}
	}
	seen.requireSeen(t, "closed as True Positive", "closed as False Positive", "closed as Benign True Positive",
		"rescored", "indicator added", "entity added", "owner changed")
}

func countEntities(m map[string]any) int {
	return len(m["impactScope"].(map[string]any)["entities"].([]any))
}

func owners(m map[string]any) []string {
	o, _ := m["ownerIds"].([]string)
	return o
}

// The quirks of §2.2 appear in a sample of alerts, and about 80 % are SAE.
func TestWorkbenchQuirksAppear(t *testing.T) {
	seen := counter{}
	records := testRecords(Workbench, 2000)
	for _, r := range records {
		m := decoded(t, Item(r, r.Time.Add(100*time.Hour)))
		seen[m["alertProvider"].(string)]++
		for _, e := range m["impactScope"].(map[string]any)["entities"].([]any) {
			e := e.(map[string]any)
			if v, ok := e["entityValue"].(map[string]any); ok {
				seen["host object value"]++
				if slices.Contains(v["ips"].([]any), any("")) {
					seen[`"" in host ips`]++
				}
			}
			if _, ok := e["entityId"].([]any); ok {
				seen["entityId array"]++
			}
			if rel := e["relatedEntities"].([]any); len(rel) > 0 {
				if _, nested := rel[0].([]any); nested {
					seen["nested relatedEntities"]++
				}
			}
		}
		for _, in := range m["indicators"].([]any) {
			in := in.(map[string]any)
			if _, ok := in["value"].(map[string]any); ok {
				seen["host object indicator"]++
			}
			if f, ok := in["fields"].([]any); ok && len(f) > 0 {
				if _, ok := f[0].([]any); ok {
					seen["fields array of arrays"]++
				}
			}
		}
		if m["alertProvider"] == "TI" {
			if m["campaign"] == nil {
				seen["null campaign"]++
			} else {
				seen["campaign"]++
			}
		}
		for _, rule := range asSlice(m["matchedRules"]) {
			for _, f := range rule.(map[string]any)["matchedFilters"].([]any) {
				for _, id := range f.(map[string]any)["mitreTechniqueIds"].([]any) {
					if strings.HasPrefix(id.(string), "V9.") {
						seen["versioned MITRE id"]++
					} else {
						seen["plain MITRE id"]++
					}
				}
			}
		}
		if _, ok := m["ownerIds"]; !ok {
			seen["no ownerIds"]++
		}
		if m["modelType"] == "custom" {
			seen["custom model"]++
		}
	}
	seen.requireSeen(t, "host object value", `"" in host ips`, "entityId array", "nested relatedEntities",
		"host object indicator", "fields array of arrays", "null campaign", "campaign", "versioned MITRE id",
		"plain MITRE id", "no ownerIds", "custom model")
	if share := float64(seen["SAE"]) / float64(len(records)); share < 0.75 || share > 0.85 {
		t.Errorf("SAE share %.2f, want about 0.80", share)
	}
}

func asSlice(v any) []any {
	s, _ := v.([]any)
	return s
}

// Impact-scope counts agree with the entities listed.
func TestImpactScopeCountsMatchEntities(t *testing.T) {
	for _, r := range testRecords(Workbench, 500) {
		for _, v := range Versions(r) {
			scope := decoded(t, Item(r, v))["impactScope"].(map[string]any)
			want := map[string]int{}
			for _, e := range scope["entities"].([]any) {
				typ := e.(map[string]any)["entityType"].(string)
				want[typ]++
			}
			hosts := mustInt(t, scope["desktopCount"]) + mustInt(t, scope["serverCount"])
			if hosts != want["host"] || mustInt(t, scope["accountCount"]) != want["account"] ||
				mustInt(t, scope["emailAddressCount"]) != want["emailAddress"] ||
				mustInt(t, scope["containerCount"]) != want["container"] ||
				mustInt(t, scope["cloudIdentityCount"]) != want["cloudIdentity"] {
				t.Fatalf("seed %d: counts %v do not match entities %v", r.Seed, scope, want)
			}
		}
	}
}

func mustInt(t *testing.T, v any) int {
	t.Helper()
	n, err := v.(json.Number).Int64()
	if err != nil {
		t.Fatal(err)
	}
	return int(n)
}
