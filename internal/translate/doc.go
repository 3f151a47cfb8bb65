// Package translate turns Trend Vision One log items into OpenTelemetry log
// records. It is pure: no I/O, no state, no clock. Section numbers (§) refer
// to docs/visionone-api.md.
//
// # Records
//
// One item becomes one plog.LogRecord:
//
//   - Timestamp: the event's own time: workbench createdDateTime (updates
//     mode: updatedDateTime), OAT detectedDateTime, audit loggedDateTime,
//     search eventTime. ObservedTimestamp: when the page was read.
//   - Severity: SeverityNumber mapped from the Vision One level, SeverityText
//     the original string. Workbench severity and OAT filters[].riskLevel
//     (the highest of the filters) and search filterRiskLevel: info → INFO,
//     low → WARN, medium → WARN3, high → ERROR, critical → FATAL, anything
//     else (undefined) → UNSPECIFIED with its text. Audit result: Successful
//     → INFO, Unsuccessful → WARN. Search detections carry no
//     filterRiskLevel, and their integer severity has no documented scale
//     (§4.2): they stay UNSPECIFIED.
//   - Body: the item, losslessly, as a map in the item's key order: integers
//     that fit int64 are Int, other numbers Double (a number beyond float64
//     keeps its text as Str), null an empty value, invalid UTF-8 replaced by
//     U+FFFD as encoding/json does. With Options.BodyAsJSON, the item's
//     compacted JSON text instead.
//   - EventName and the event.name attribute: the name the receiver's feed
//     registry gives the feed (Options.EventName; the README lists them).
//
// Resource and scope are the caller's.
//
// # Keys and cursors
//
// Meta.Key de-duplicates records across windows and is also the
// log.record.uid attribute; Meta.Cursor is the time a stream windows on.
//
//	feed              key                                   cursor
//	workbench         id                                    createdDateTime
//	workbench update  id + "@" + updatedDateTime            updatedDateTime
//	                  (UTC, 2006-01-02T15:04:05Z)
//	OAT               uuid                                  ingestedDateTime, else detectedDateTime
//	audit             SHA-256 of canonical JSON             ingestedDateTime, else loggedDateTime
//	search            uuid (content hash if absent)         eventTime, else eventTimeDT
//
// Search items without a uuid field (some sources declare none, §4.2) are
// keyed by content like audit logs; a uuid that is present must be a
// non-empty string.
//
// # Canonical JSON
//
// The audit key is the lowercase hex SHA-256 of the item's canonical JSON,
// defined exactly as: decode with encoding/json's Decoder.UseNumber, re-encode
// with encoding/json (map keys sorted, its default) with SetEscapeHTML(false),
// no indentation, no trailing newline. Numbers therefore keep their literal
// text. The simulator computes its ground truth the same way. Test vector:
// the item
//
//	{"loggedDateTime": "2024-05-14T07:29:48Z", "ingestedDateTime": "2024-05-14T07:29:51Z",
//	 "loggedUser": "Root Account", "loggedRole": "Master Administrator", "accessType": "Console",
//	 "category": "Logon and Logoff", "activity": "Log on", "result": "Successful",
//	 "details": {"ipAddr": "203.0.113.10"}}
//
// has the canonical JSON
//
//	{"accessType":"Console","activity":"Log on","category":"Logon and Logoff","details":{"ipAddr":"203.0.113.10"},"ingestedDateTime":"2024-05-14T07:29:51Z","loggedDateTime":"2024-05-14T07:29:48Z","loggedRole":"Master Administrator","loggedUser":"Root Account","result":"Successful"}
//
// and the key d04701efa38f68fe6467baa6ad1ef2357968af0f7a8332937922626f883183d2.
//
// # Times
//
// ParseTime accepts every format of §1.4: RFC 3339 with "Z", "+00:00" or
// "+0000" and any fraction of a second; "2022-07-16 04:30:04" and
// "2022-07-16T04:30:04" without a zone (UTC); epoch numbers, as JSON numbers
// or text, integer or not ("1706163419460.0"). Epoch numbers are milliseconds,
// except below 1e11, which are seconds (networkActivities examples carry
// seconds; as milliseconds such values would be before 1973).
//
// # Attributes
//
// Promoted fields, each only when present with the expected type and not
// empty, under semantic-convention names where semconv v1.43 has one, else
// trendmicro.visionone.*. The README's Records section lists each with its
// source field per feed; attributes.go and semconv.go hold the names.
//
// # Errors
//
// Translate fails, leaving the record untouched, when the item is not one
// JSON object, when its key field is missing, empty or not a string, or when
// its cursor or timestamp is missing or unparseable. Every such error wraps
// ErrInvalidItem and names the field, never the item's content.
package translate // import "github.com/otel-visionone/trendmicrovisiononereceiver/internal/translate"
