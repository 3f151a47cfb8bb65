package gen

import (
	"crypto/sha256"
	"encoding/hex"
)

// keyRule computes a record's dedup key, rendering its item through g when
// the key is the item's content.
type keyRule func(g *generator, r Record) string

// byAlertID: a workbench alert's id (WB-9002-20240514-00012).
func byAlertID(_ *generator, r Record) string { return workbenchID(r) }

// byRecordUUID: the uuid the item carries, which derives from the record's
// seed, so the item need not be rendered.
func byRecordUUID(_ *generator, r Record) string { return uuidFor(r.Seed) }

// byContent: the item has no uuid (audit logs), so a client keys it by its
// content.
func byContent(g *generator, r Record) string { return ContentKey(g.item(r, r.Ingested)) }

// byItemUUIDOrContent: the item's uuid where it has one, else its content
// (search sources whose schema declares no uuid; cloudActivities mixes
// CloudTrail items, with one, and VPC flow items, without).
func byItemUUIDOrContent(g *generator, r Record) string {
	item := g.item(r, r.Ingested)
	if uuid, ok := item["uuid"].(string); ok {
		return uuid
	}
	return ContentKey(item)
}

// ContentKey is the key of an item without uuid: the lowercase hex SHA-256
// of its canonical JSON.
func ContentKey(item map[string]any) string {
	sum := sha256.Sum256(CanonicalJSON(item))
	return hex.EncodeToString(sum[:])
}

// byContainerEventID: a Container Security event's id (§6.1), which derives
// from the record's seed and second, so the item need not be rendered.
func byContainerEventID(_ *generator, r Record) string { return containerEventID(r) }

// byAccountEvent: an account compromise indicator's id names its account,
// which has several indicators, so a collector keys it
// id@detectedDateTime/eventId (§6.6, internal/translate/asrm.go).
func byAccountEvent(g *generator, r Record) string {
	item := g.item(r, r.Ingested)
	event := item["riskEvent"].(map[string]any)
	return item["id"].(string) + "@" + item["detectedDateTime"].(string) + "/" + event["eventId"].(string)
}
