// Package client is a typed client for the Trend Vision One v3.0 REST API,
// limited to what a log receiver needs: the first page of a query window, the
// pages its nextLink chain points to, and a connectivity probe.
//
// Every call is one logical page. Inside it the client waits on the shared
// request budget before each attempt, retries rate limits, server errors and
// transport failures with backoff, and returns anything else as a typed error
// value (see APIError and the Err* sentinels) for the caller to act on:
// restart the window, shrink it, or report a credential problem. The API key
// is sent only to the configured endpoint and never appears in an error or a
// log line.
//
// Section numbers (§) in this package refer to docs/visionone-api.md.
package client // import "github.com/otel-visionone/trendmicrovisiononereceiver/internal/client"
