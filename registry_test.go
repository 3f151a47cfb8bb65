package trendmicrovisiononereceiver

import "time"

// Stream names the tests use to pick one stream; the registry declares them.
const (
	streamWorkbench        = "workbench_alerts"
	streamWorkbenchUpdates = "workbench_alert_updates"
	streamOAT              = "oat_detections"
	streamAudit            = "audit_logs"
	streamSearchPrefix     = "search."
)

// apiTime formats a time as the API's parameters take it.
func apiTime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05Z") }
