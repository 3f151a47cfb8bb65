package gen

import (
	"regexp"
	"strings"
	"testing"
)

// The search quirks of §1.4 and §4.2 appear across a sample of items.
func TestSearchQuirksAppear(t *testing.T) {
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
		}
	}
	seen.requireSeen(t, "eventTimeDT seconds +00:00", "eventTimeDT micros +00:00", "eventTimeDT millis Z",
		"search/emailActivities without eventTimeDT",
		"detections act string", "detections act array", "detections src string", "detections src array",
		"detections processSigner string", "detections processSigner array",
		"severity integer", "tags null", "tags array", "detections endpointGUID", "activity endpointGuid",
		"undeclared detection field", "undeclared endpoint activity fields")
	if seen["severity integer"] != 1500 {
		t.Errorf("%d of 1500 detections have an integer severity", seen["severity integer"])
	}
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
