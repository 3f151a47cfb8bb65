package gen

import "time"

// sourceBuilder renders one item of a source. scenario names a kind of event
// (a behaviour, a CloudTrail event name, …) when an OAT filter needs a
// matching detail; "" lets the builder choose its own mix.
type sourceBuilder func(d *draw, scenario string) map[string]any

// uuidRule says whether a source's item schema (Trend's OpenAPI document for
// v3.0) declares uuid. A client keys items without uuid by their content.
type uuidRule bool

const (
	uuidDeclared uuidRule = true  // the item carries the record's uuid and is keyed by it
	noUUID       uuidRule = false // keyed by its uuid if the builder set one, else its content
)

// searchSource is the generator of a /v3.0/search source (§4.2): its
// builder's item, with uuid where the schema declares it and eventTime as
// epoch milliseconds (§4.3).
func searchSource(kind Kind, build sourceBuilder, uuid uuidRule) generator {
	g := generator{kind: kind, key: byItemUUIDOrContent, source: build}
	if uuid {
		g.key = byRecordUUID
	}
	g.item = func(r Record, _ time.Time) map[string]any {
		item := build(newDraw(r, streamItem), "")
		if uuid {
			item["uuid"] = uuidFor(r.Seed)
		}
		item["eventTime"] = r.Time.UnixMilli()
		return item
	}
	return g
}

// searchSources indexes the search sources' builders by feed.
var searchSources = func() map[Kind]sourceBuilder {
	m := map[Kind]sourceBuilder{}
	for _, g := range generators {
		if g.source != nil {
			m[g.kind] = g.source
		}
	}
	return m
}()
