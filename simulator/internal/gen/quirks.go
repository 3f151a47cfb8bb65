package gen

import "strconv"

// By default items follow Trend's OpenAPI document for v3.0: each search
// source's item schema, and for an OAT detail the schema of its source
// (GET /v3.0/oat/detections, detail). Record.Quirks renders instead what
// other integrations have met in real data where it differs (§1.4, §4.2):
//
//   - search detections: act and src scalars on network products,
//     processSigner a plain string on workload protection, act "Deny Access"
//     with actResult "Access denied", and actResult "Passed" (the enum has
//     "File passed");
//   - endpoint activities: winEventId 0 where no Windows event applies and
//     4688 for process creation, neither in the winEventId enum (by default
//     the field is left out: no event of the catalog has an enumerated id);
//   - OAT details: eventTime an epoch-millisecond string on about half the
//     items (as in the document's own detail example), the detail exactly
//     as the search source renders it where the OAT detail schemas type a
//     few fields differently (see conformOATDetail), and third-party act,
//     src and dst scalars.
//
// Both modes make the same random draws, so a record differs between them
// only in those fields.

// scalarOrList is a value the schema declares as a string array: an array
// of one by default, the bare string with Quirks.
func scalarOrList(d *draw, s string) any {
	if d.rec.Quirks {
		return s
	}
	return []string{s}
}

// conformOATDetail retypes the fields whose OAT detail schema differs from
// the search source's item schema (Trend's OpenAPI document for v3.0, the
// ath-* and ase-* schemas), so a detail rendered by a search generator
// matches its OAT source's schema. Quirks keeps the search shapes.
func conformOATDetail(d *draw, source string, m map[string]any) {
	if d.rec.Quirks {
		return
	}
	switch source {
	case "detections": // cat and processSigner are strings in the OAT detail
		if cat, ok := m["cat"].(int); ok {
			m["cat"] = strconv.Itoa(cat)
		}
		if signers, ok := m["processSigner"].([]string); ok {
			if len(signers) == 0 {
				delete(m, "processSigner")
			} else {
				m["processSigner"] = signers[0]
			}
		}
	case "mobileActivityData": // appIsSystem a string, eventId an integer
		if b, ok := m["appIsSystem"].(bool); ok {
			m["appIsSystem"] = strconv.FormatBool(b)
		}
		if id, ok := m["eventId"].(string); ok {
			if n, err := strconv.Atoi(id); err == nil {
				m["eventId"] = n
			}
		}
	case "identityActivityData": // eventAdditionalDetails a string, targetResources strings
		if v, ok := m["eventAdditionalDetails"]; ok {
			m["eventAdditionalDetails"] = string(CanonicalJSON(v))
		}
		if rs, ok := m["targetResources"].([]any); ok {
			out := make([]string, len(rs))
			for i, r := range rs {
				out[i] = string(CanonicalJSON(r))
			}
			m["targetResources"] = out
		}
	}
}

// oatEventTime is an OAT detail's eventTime: epoch milliseconds, an
// integer as declared or, with Quirks, on about half the details the string
// the document's detail example shows. The draw is made either way.
func oatEventTime(d *draw) any {
	ms := d.rec.Time.UnixMilli()
	if d.chance(0.5) && d.rec.Quirks {
		return epochMillis(d.rec.Time)
	}
	return ms
}
