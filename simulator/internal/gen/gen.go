// Package gen renders the simulator's records: given a record's identity and
// times (decided by the simulator's store), it builds the JSON item exactly as
// the Vision One API returns it. Everything is a pure function of the Record,
// so the same seed always yields the same data. In this package's comments
// "§N" is a section of docs/visionone-api.md, the project's API notes, and
// "the document" is Trend's OpenAPI document for v3.0.
//
// This file is the package contract. feeds.go names the feeds and gives each
// its generator and key rule (keys.go); each generator has its own files
// (workbench*.go, oat*.go, audit*.go, search_*.go, cases*.go, tasks*.go),
// drawing from the tenant pools in fleet.go, internet.go, files.go,
// behaviours.go and analysts.go; lifecycle.go times the changes of the items
// that change.
package gen

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"
)

// Record identifies one generated record. The store decides every field; gen
// derives the item's content from them.
type Record struct {
	Kind Kind
	// Seed is unique per record; all random content derives from it.
	Seed uint64
	// Ordinal numbers the record within its Kind and UTC day of Time, from 1.
	// Workbench ids use it (WB-9002-20240514-00012).
	Ordinal uint64
	// Time is the event's own time: workbench createdDateTime, OAT
	// detectedDateTime, audit loggedDateTime (all whole seconds), search
	// eventTime (millisecond precision).
	Time time.Time
	// Ingested is when the record becomes visible to queries: OAT and audit
	// ingestedDateTime (whole seconds, >= Time). For search it is only the
	// visibility time (not rendered). For workbench it equals Time.
	Ingested time.Time
	// ChangeMin and ChangeMax bound when the later changes of an item that
	// changes (workbench alerts, cases, tasks) happen after its creation;
	// zero means the feed's default (ChangeRange).
	ChangeMin, ChangeMax time.Duration
	// Quirks renders the shapes other integrations have met in real data
	// where they differ from Trend's OpenAPI document for v3.0: scalars
	// where it declares arrays, values outside its enums, epoch strings
	// where it declares integers (see quirks.go). False renders the
	// documented shapes. Only the affected fields differ: every random draw
	// is made either way.
	Quirks bool
}

// Key returns the record's dedup key as a collector would compute it:
// workbench id, OAT and search uuid, and for the items that have no uuid
// (audit logs; the search email, network and VPC flow items, whose schemas
// declare none) the lowercase hex SHA-256 of the item's canonical JSON (see
// CanonicalJSON). Each feed's rule is its generator's (feeds.go).
func Key(r Record) string {
	if g := byKind[r.Kind]; g != nil {
		return g.key(g, r)
	}
	return uuidFor(r.Seed)
}

// Versions returns the updatedDateTime of every state a workbench alert goes
// through, oldest first: the first is its initial updatedDateTime (equal to or
// shortly after createdDateTime), later ones are analyst or automation changes.
// For cases it is their updatedDateTime, for tasks their lastActionDateTime
// (the first at creation). It returns nil for a feed whose items never
// change (HasVersions).
func Versions(r Record) []time.Time {
	if g := byKind[r.Kind]; g != nil && g.versions != nil {
		return g.versions(r)
	}
	return nil
}

// Item renders the record as the API returns it. asOf matters for the feeds
// whose items change (HasVersions): the item is rendered in the latest state
// whose version time is <= asOf (the initial state if asOf is earlier than
// every version).
// A Kind outside Kinds() yields only uuid and eventTime.
//
// The map is new on every call. Its values are JSON-ready Go values (string,
// int, int64, bool, nil, json.Number, map[string]any, []any and typed slices
// such as []string, []int, [][]string); code that walks it generically should
// expect the typed slices, or decode its JSON with UseNumber. Nested values
// may be shared with the package's catalogs: treat them as read-only.
func Item(r Record, asOf time.Time) map[string]any {
	if g := byKind[r.Kind]; g != nil {
		return g.item(r, asOf)
	}
	return map[string]any{"uuid": uuidFor(r.Seed), "eventTime": r.Time.UnixMilli()}
}

// CanonicalJSON encodes v the way the receiver hashes items without uuid: encoding/json
// with map keys sorted (its default), HTML escaping off, no indentation and no
// trailing newline. Numbers keep their Go encoding, which is also the literal
// text the API serves, so a client re-encoding the decoded item (with
// json.Decoder.UseNumber) produces the same bytes.
func CanonicalJSON(v any) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		panic(fmt.Sprintf("gen: canonical JSON: %v", err)) // items are built from JSON-safe values only
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
}
