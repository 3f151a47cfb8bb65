package gen

import (
	"bytes"
	"encoding/json"
	"reflect"
	"regexp"
	"strings"
	"testing"
)

// entityTypeOf is the entityType each OAT source must carry.
var entityTypeOf = map[string]string{
	"endpointActivityData":  "endpoint",
	"detections":            "endpoint",
	"mobileActivityData":    "endpoint",
	"networkActivityData":   "network",
	"thirdPartyLogData":     "network",
	"cloudActivityData":     "cloudtrail",
	"emailActivityData":     "mailbox",
	"identityActivityData":  "identity",
	"containerActivityData": "container",
}

func TestOATItemsAreConsistent(t *testing.T) {
	hostForm := regexp.MustCompile(`^[^()]+\([^()]*\)$`)
	sources := counter{}
	for _, r := range testRecords(OAT, 3000) {
		m := decoded(t, Item(r, r.Ingested))
		source := m["source"].(string)
		sources[source]++
		if want := entityTypeOf[source]; m["entityType"] != want {
			t.Fatalf("seed %d: %s with entityType %v, want %s", r.Seed, source, m["entityType"], want)
		}
		endpoint, hasEndpoint := m["endpoint"].(map[string]any)
		if hasEndpoint != (m["entityType"] == "endpoint") {
			t.Fatalf("seed %d: %s endpoint present=%v", r.Seed, source, hasEndpoint)
		}
		if hasEndpoint {
			name := m["entityName"].(string)
			ips := endpoint["ips"].([]any)
			parts := make([]string, len(ips))
			for i, ip := range ips {
				parts[i] = ip.(string)
			}
			if !hostForm.MatchString(name) || name != endpoint["endpointName"].(string)+"("+strings.Join(parts, ",")+")" {
				t.Fatalf("seed %d: entityName %q does not read HOST(ip1,ip2) for %v", r.Seed, name, endpoint)
			}
		}
		detail := m["detail"].(map[string]any)
		risk := "info"
		for _, f := range m["filters"].([]any) {
			f := f.(map[string]any)
			if riskOrder[f["riskLevel"].(string)] > riskOrder[risk] {
				risk = f["riskLevel"].(string)
			}
			objs := f["highlightedObjects"].([]any)
			if len(objs) == 0 {
				t.Fatalf("seed %d: filter %v highlights nothing", r.Seed, f["id"])
			}
			for _, o := range objs {
				o := o.(map[string]any)
				if !reflect.DeepEqual(o["value"], detail[o["field"].(string)]) {
					t.Fatalf("seed %d: highlighted %v = %v, detail has %v", r.Seed, o["field"], o["value"], detail[o["field"].(string)])
				}
			}
			if tags := detail["tags"].([]any); !containsSuffix(tags, "."+f["id"].(string)) {
				t.Fatalf("seed %d: detail tags %v lack filter %v", r.Seed, tags, f["id"])
			}
		}
		if detail["filterRiskLevel"] != risk {
			t.Fatalf("seed %d: filterRiskLevel %v, highest filter risk %s", r.Seed, detail["filterRiskLevel"], risk)
		}
	}
	sources.requireSeen(t, oatSourceNames...)
}

func containsSuffix(xs []any, suffix string) bool {
	for _, x := range xs {
		if strings.HasSuffix(x.(string), suffix) {
			return true
		}
	}
	return false
}

// The §1.4 type quirks reach the wire: eventTime as string and integer
// (with Quirks; an integer only by default), processLaunchTime as string,
// integer and a float literal ending in ".0"; highlighted values of all
// three documented types.
func TestOATQuirksAppear(t *testing.T) {
	for _, quirks := range []bool{false, true} {
		records := testRecords(OAT, 2000)
		if quirks {
			records = withQuirks(records)
		}
		seen := oatQuirks(t, records)
		seen.requireSeen(t, "eventTime integer", "processLaunchTime string",
			"processLaunchTime integer", "processLaunchTime float", "float processLaunchTime",
			"filter type preset", "filter type custom", "risk info", "risk low", "risk medium", "risk high", "risk critical",
			"highlight string", "highlight integer", "highlight array")
		if n := seen["eventTime string"]; quirks != (n > 0) {
			t.Errorf("quirks %v: %d details with a string eventTime", quirks, n)
		}
	}
}

func oatQuirks(t *testing.T, records []Record) counter {
	seen := counter{}
	floatLaunch := regexp.MustCompile(`"processLaunchTime":\d{13}\.0[,}]`)
	for _, r := range records {
		raw := CanonicalJSON(Item(r, r.Ingested))
		if floatLaunch.Match(raw) {
			seen["float processLaunchTime"]++
		}
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.UseNumber()
		var m map[string]any
		if err := dec.Decode(&m); err != nil {
			t.Fatal(err)
		}
		detail := m["detail"].(map[string]any)
		seen["eventTime "+jsonKind(detail["eventTime"])]++
		if v, ok := detail["processLaunchTime"]; ok {
			seen["processLaunchTime "+jsonKind(v)]++
		}
		for _, f := range m["filters"].([]any) {
			f := f.(map[string]any)
			seen["filter type "+f["type"].(string)]++
			seen["risk "+f["riskLevel"].(string)]++
			for _, o := range f["highlightedObjects"].([]any) {
				seen["highlight "+jsonKind(o.(map[string]any)["value"])]++
			}
		}
	}
	return seen
}

// jsonKind names the JSON type of a value decoded with UseNumber.
func jsonKind(v any) string {
	switch v := v.(type) {
	case string:
		return "string"
	case json.Number:
		if strings.ContainsAny(string(v), ".eE") {
			return "float"
		}
		return "integer"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	case nil:
		return "null"
	case bool:
		return "bool"
	}
	return "unknown"
}
