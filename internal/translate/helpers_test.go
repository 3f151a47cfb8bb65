package translate

import (
	"testing"

	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/pdata/plog"
)

// translateOne translates one item that must be valid.
func translateOne(tb testing.TB, o Options, item string) plog.LogRecord {
	tb.Helper()
	tr, err := New(o)
	require.NoError(tb, err)
	lr := plog.NewLogRecord()
	_, err = tr.Translate([]byte(item), observedAt, lr)
	require.NoError(tb, err)
	return lr
}

// allKinds lists one Options per kind and search source.
func allKinds() []Options {
	opts := []Options{{Kind: WorkbenchAlert}, {Kind: WorkbenchAlertUpdate}, {Kind: OATDetection}, {Kind: AuditLog}}
	for _, s := range []string{"detections", "endpointActivities", "networkActivities", "emailActivities",
		"cloudActivities", "mobileActivities", "identityActivities", "containerActivities"} {
		opts = append(opts, Options{Kind: Search, Source: s})
	}
	return opts
}
