package gen

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"
)

// The search quirks of §1.4 and §4.2 appear across a sample of items:
// the time and field-set ones always, the type and enum ones (scalars where
// arrays are declared, values outside enums) only with Quirks.
func TestSearchQuirksAppear(t *testing.T) {
	always := []string{"eventTimeDT seconds +00:00", "eventTimeDT micros +00:00", "eventTimeDT millis Z",
		"search/emailActivities without eventTimeDT",
		"detections act array", "detections src array", "detections processSigner array",
		"severity integer", "tags null", "tags array", "detections endpointGUID", "activity endpointGuid",
		"undeclared detection field", "undeclared endpoint activity fields"}
	quirky := []string{"detections act string", "detections src string", "detections processSigner string",
		"actResult Passed", "act Deny Access", "winEventId 0", "winEventId 4688"}
	for _, quirks := range []bool{false, true} {
		seen := searchQuirks(t, quirks)
		if quirks {
			seen.requireSeen(t, quirky...)
		} else {
			seen.requireSeen(t, always...)
			for _, q := range quirky {
				if seen[q] > 0 {
					t.Errorf("%q seen %d times without Quirks", q, seen[q])
				}
			}
		}
		if seen["severity integer"] != 1500 {
			t.Errorf("%d of 1500 detections have an integer severity", seen["severity integer"])
		}
	}
}

// searchQuirks tallies the quirks over 1,500 items of each source (with
// Quirks, of the two sources it changes).
func searchQuirks(t *testing.T, quirks bool) counter {
	dtForms := []struct {
		name string
		re   *regexp.Regexp
	}{
		{"eventTimeDT seconds +00:00", regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$`)},
		{"eventTimeDT micros +00:00", regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+00:00$`)},
		{"eventTimeDT millis Z", regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$`)},
	}
	seen := counter{}
	for _, kind := range Kinds() {
		if !kind.IsSearch() {
			continue
		}
		records := testRecords(kind, 1500)
		if quirks {
			if kind != SearchDetections && kind != EndpointActivities {
				continue
			}
			records = withQuirks(records)
		}
		for i, r := range records {
			if i%3 == 0 { // whole-second events exist too, and use the short form
				r.Time = r.Time.Truncate(1e9)
			}
			m := decoded(t, Item(r, r.Time))
			if dt, ok := m["eventTimeDT"].(string); ok {
				for _, f := range dtForms {
					if f.re.MatchString(dt) {
						seen[f.name]++
					}
				}
			} else {
				seen[string(kind)+" without eventTimeDT"]++
			}
			for _, field := range []string{"act", "src", "processSigner"} {
				if v, ok := m[field]; ok && kind == SearchDetections {
					seen["detections "+field+" "+jsonKind(v)]++
				}
			}
			if kind == SearchDetections {
				for _, field := range []string{"act", "actResult"} {
					if vs, ok := m[field].([]any); ok {
						for _, v := range vs {
							seen[field+" "+v.(string)]++
						}
					}
				}
				seen["severity "+jsonKind(m["severity"])]++
				seen["tags "+jsonKind(m["tags"])]++
				if _, ok := m["endpointGUID"]; ok {
					seen["detections endpointGUID"]++
				}
				if _, ok := m["urlCat"]; ok {
					seen["undeclared detection field"]++
				}
			}
			if _, ok := m["endpointGuid"]; ok && kind != SearchDetections {
				seen["activity endpointGuid"]++
			}
			if _, ok := m["endpointGUID"]; ok && kind != SearchDetections {
				t.Fatalf("%s uses the detections casing endpointGUID", kind)
			}
			if kind == EndpointActivities && len(m) > len(endpointDeclared) {
				seen["undeclared endpoint activity fields"]++
			}
			if v, ok := m["winEventId"]; ok && kind == EndpointActivities {
				seen["winEventId "+v.(json.Number).String()]++
			}
		}
	}
	return seen
}

// Endpoint telemetry is mostly everyday activity, and every attack
// behaviour shows up with its MITRE tag.
func TestEndpointActivityMix(t *testing.T) {
	const n = 4000
	benign, techniques := 0, counter{}
	for _, r := range testRecords(EndpointActivities, n) {
		tags := Item(r, r.Time)["tags"].([]string)
		if len(tags) == 0 {
			benign++
		}
		for _, tag := range tags {
			techniques[tag[strings.IndexByte(tag, '.')+1:]]++
		}
	}
	if share := float64(benign) / n; share < 0.75 || share > 0.95 {
		t.Errorf("benign share %.2f, want 0.75–0.95", share)
	}
	for _, b := range behaviours {
		if b.technique != "" {
			techniques.requireSeen(t, b.technique)
		}
	}
}
