// Package trendmicrovisiononereceiver implements an OpenTelemetry Collector
// receiver that pulls Trend Vision One security logs (Workbench alerts,
// Observed Attack Techniques, search detections and activity data, audit logs)
// over the v3.0 REST API and emits them as log records.
package trendmicrovisiononereceiver // import "github.com/otel-visionone/trendmicrovisiononereceiver"
