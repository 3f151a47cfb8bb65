package translate

import (
	"errors"
	"fmt"
	"time"

	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/plog"
)

// A Kind is one type of Vision One item: how its items are keyed, timed
// and stamped (head), and which of their fields are promoted to attributes.
// Each is declared beside its translation (workbench.go, oat.go, ...), and
// the receiver's feed registry names the kind of each feed.
type Kind struct {
	head    func(it *item) (head, error)
	promote func(body, attrs pcommon.Map, o Options)
	// ocsf writes the item as an OCSF event (Options.OCSF).
	ocsf ocsfMapper
	// fields and attrs, when known, are how many top-level fields an item
	// has and how many attributes its record gets: the body and attribute
	// maps are sized for them at once instead of growing 1, 2, 4, 8, 16.
	fields, attrs int
}

// Options select what a Translator translates.
type Options struct {
	Kind *Kind
	// EventName is the record's event name and event.name attribute, e.g.
	// trendmicro.visionone.oat_detection: the receiver's feed registry
	// names each feed.
	EventName string
	// Source is the search source for Kind Search (its
	// trendmicro.visionone.search.source attribute).
	Source string
	// BodyAsJSON makes the body the item's compact JSON text instead of a map
	// (with OCSF, the event's JSON text).
	BodyAsJSON bool
	// OCSF makes the body an OCSF event of the class the item's kind maps
	// it to instead of the item (README, "OCSF output").
	OCSF bool
	// RawData keeps the item's JSON text in the OCSF event's raw_data.
	RawData bool
}

// Meta is what the pull loop needs to window and de-duplicate an item.
type Meta struct {
	// Key is the dedup key, also the log.record.uid attribute.
	Key string
	// Hashed is true when Key is a hash of the item's content (audit logs,
	// search items without a uuid): two equal items are two records with
	// one key, so a key is counted, not merely seen.
	Hashed bool
	// Cursor is the time the stream's windows are on.
	Cursor time.Time
	// Version names the state an item that changes is in (a workbench
	// alert: id@updatedDateTime, the key the updates stream gives that
	// state) and VersionTime is when it took it; empty for other kinds.
	Version     string
	VersionTime time.Time
}

// ErrInvalidItem is wrapped by every error about an item's content. The
// message names the field at fault, never the item.
var ErrInvalidItem = errors.New("invalid Vision One item")

// head is what an item must yield before anything is written to a record.
type head struct {
	meta      Meta
	timestamp time.Time
	severity  plog.SeverityNumber
	sevText   string
}

// Translator turns items of one feed into log records. It holds no mutable
// state: one Translator may be used by many goroutines.
type Translator struct {
	eventName  string
	bodyAsJSON bool
	head       func(it *item) (head, error)
	promote    func(body, attrs pcommon.Map)
	ocsf       ocsfMapper // nil: the body is the item
	rawData    bool
	source     string
	fields     int
	attrs      int
}

// New returns a Translator for o, or an error for a missing kind or name.
func New(o Options) (*Translator, error) {
	if o.EventName == "" {
		return nil, errors.New("translate: no event name")
	}
	if o.Kind == nil {
		return nil, errors.New("translate: no kind")
	}
	if o.Kind == Search && o.Source == "" {
		return nil, errors.New("translate: a search item needs its source")
	}
	t := &Translator{
		eventName:  o.EventName,
		bodyAsJSON: o.BodyAsJSON,
		head:       o.Kind.head,
		promote:    func(body, attrs pcommon.Map) { o.Kind.promote(body, attrs, o) },
		source:     o.Source,
		fields:     o.Kind.fields,
		attrs:      o.Kind.attrs,
	}
	if o.OCSF {
		if o.Kind.ocsf == nil || o.Kind == Search && searchMappers[o.Source] == nil {
			return nil, fmt.Errorf("translate: %s items have no OCSF mapping", o.EventName)
		}
		t.ocsf, t.rawData = o.Kind.ocsf, o.RawData
	} else if o.RawData {
		return nil, errors.New("translate: raw_data is an OCSF attribute")
	}
	return t, nil
}

// Translate decodes one item (a raw JSON object from a page) and fills lr,
// which must be empty. observed is when the page was read. On error lr is
// left untouched: a record is complete or absent. Translate keeps no
// reference to item.
func (t *Translator) Translate(item []byte, observed time.Time, lr plog.LogRecord) (Meta, error) {
	it, err := decodeItem(item, t.fields)
	if err != nil {
		return Meta{}, err
	}
	h, err := t.head(it)
	if err != nil {
		return Meta{}, err
	}
	var bodyText string // the item's: the body, or the OCSF event's raw_data
	if t.bodyAsJSON && t.ocsf == nil || t.rawData {
		bodyText = validUTF8(compactJSON(item))
	}

	lr.SetTimestamp(pcommon.NewTimestampFromTime(h.timestamp))
	lr.SetObservedTimestamp(pcommon.NewTimestampFromTime(observed))
	lr.SetSeverityNumber(h.severity)
	lr.SetSeverityText(h.sevText)
	// The logs data model now has a field of its own for the event name; the
	// attribute stays for pipelines that route on attributes.
	lr.SetEventName(t.eventName)

	attrs := lr.Attributes()
	attrs.EnsureCapacity(t.attrs)
	attrs.PutStr(attrEventName, t.eventName)
	attrs.PutStr(attrRecordUID, h.meta.Key)
	t.promote(it.body, attrs)

	switch {
	case t.ocsf != nil:
		t.writeOCSF(it, &h, bodyText, lr.Body())
	case t.bodyAsJSON:
		lr.Body().SetStr(bodyText)
	default:
		it.body.MoveTo(lr.Body().SetEmptyMap())
	}
	return h.meta, nil
}

// writeOCSF sets body to the item's OCSF event: the kind's mapping, then
// what it did not map in unmapped and, when asked, the item's JSON text in
// raw_data. For a JSON body the mapping writes an evTree, which refers to
// the item's values it took: the text is written before prune removes them
// from the item.
func (t *Translator) writeOCSF(it *item, h *head, itemJSON string, body pcommon.Value) {
	in := newOCSFItem(it.body)
	defer in.release()
	ev := &ocsfEvent{head: h, eventName: t.eventName, source: t.source}
	if !t.bodyAsJSON {
		event := body.SetEmptyMap()
		ev.m = evMap{pm: event}
		t.ocsf(in, ev)
		if in.prune() {
			it.body.MoveTo(event.PutEmptyMap("unmapped"))
		}
		if t.rawData {
			event.PutStr("raw_data", itemJSON)
		}
		return
	}
	tree := newEvTree()
	defer tree.release()
	ev.m = tree.root()
	t.ocsf(in, ev)
	w := getJSONWriter(false, false)
	defer w.release()
	w.buf = append(w.buf, '{')
	w.buf = w.appendMembers(w.buf, tree, tree.root().i)
	if in.prune() {
		w.buf = append(w.buf, `,"unmapped":`...)
		w.buf = w.appendMap(w.buf, it.body)
	}
	if t.rawData {
		w.buf = append(w.buf, `,"raw_data":`...)
		w.buf = w.appendString(w.buf, itemJSON)
	}
	w.buf = append(w.buf, '}')
	body.SetStr(string(w.buf))
}

// fieldError reports a required field that is missing or unusable.
func fieldError(field, problem string) error {
	return fmt.Errorf("%w: field %q %s", ErrInvalidItem, field, problem)
}
