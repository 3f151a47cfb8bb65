package gen

import (
	"encoding/json"
	"strings"
	"time"
)

// iocKind is one indicator-of-compromise type a TI report can match, with
// its STIX pattern and the search fields it is matched on (indicators[].fields).
type iocKind struct {
	typ     string
	stix    string // pattern with %s for the value
	fields  []any  // array of arrays
	example func(d *draw) string
}

var iocKinds = []iocKind{
	{"filename", "[file:name = '%s']", []any{[]string{"fileName"}, []string{"objectFilePath"}},
		func(d *draw) string {
			return pick(d, []string{"goog-phish-proto-1.vlpset", "update.exe", "invoice.js"})
		}},
	{"domain", "[domain-name:value = '%s']", []any{[]string{"request", "objectHostName"}},
		func(d *draw) string { return pick(d, badDomains) }},
	{"ip", "[ipv4-addr:value = '%s']", []any{[]string{"dst"}, []string{"objectIp"}},
		func(d *draw) string { return pick(d, externalIPs[:20]) }},
	{"file_sha1", "[file:hashes.'SHA-1' = '%s']", []any{[]string{"objectFileHashSha1"}},
		func(d *draw) string { return strings.ToUpper(d.hex(40)) }},
	{"url", "[url:value = '%s']", []any{[]string{}},
		func(d *draw) string { return d.url(pick(d, badDomains)) }},
}

// buildTI fills a with a threat-intelligence sweeping alert: one to three
// report indicators seen on one to three hosts (§2.2 TI-only fields).
func buildTI(d *draw, a *alert) {
	rep := pick(d, tiReports)
	a.provider, a.schemaVersion, a.ti = "TI", "1.3", rep
	a.modelID, a.model = rep.modelID, rep.model
	a.score = d.between(35, 75)

	seenOn := make([]*host, d.between(1, 3))
	guids := make([]string, len(seenOn))
	for i := range seenOn {
		seenOn[i] = pick(d, hosts)
		guids[i] = seenOn[i].guid
		a.entities = append(a.entities, hostEntity(d, seenOn[i], "Alert"))
	}
	n := d.between(1, min(3, rep.totalIndicators))
	for i := range n {
		k := pick(d, iocKinds)
		value := k.example(d)
		patternID := d.uuid()
		in := &indicator{
			id:         i + 1,
			typ:        k.typ,
			value:      value,
			related:    guids,
			fields:     k.fields,
			patternIDs: []string{patternID},
			provenance: []string{"Alert"},
		}
		if d.chance(0.3) {
			in.fields = []any{[]string{}} // as in the document's example
		}
		for range seenOn {
			first := a.created.Add(-time.Duration(d.between(3_600_000, 30*86_400_000)) * time.Millisecond)
			last := first.Add(time.Duration(d.between(1_000, 86_400_000)) * time.Millisecond)
			last = minTime(last, a.created)
			in.firstSeen = append(in.firstSeen, isoMillis(first))
			in.lastSeen = append(in.lastSeen, isoMillis(last))
		}
		a.indicators = append(a.indicators, in)
		a.patterns = append(a.patterns, map[string]any{
			"id":          patternID,
			"pattern":     strings.Replace(k.stix, "%s", value, 1),
			"tags":        []string{"STIX2.malicious-activity"},
			"matchedLogs": []string{matchedLog(seenOn[0], k.typ, value, a.created)},
		})
	}
	a.matchedCount = n
	for _, e := range a.entities {
		for _, in := range a.indicators {
			e.indicators = append(e.indicators, in.id)
		}
	}
}

// matchedLog is the raw telemetry line that matched, as a JSON string.
func matchedLog(h *host, typ, value string, at time.Time) string {
	b, _ := json.Marshal(map[string]any{
		"endpointHostName": h.name,
		"endpointGuid":     h.guid,
		"eventTime":        at.UnixMilli(),
		"iocType":          typ,
		"iocValue":         value,
	})
	return string(b)
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}
