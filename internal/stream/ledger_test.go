package stream

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/otel-visionone/trendmicrovisiononereceiver/internal/translate"
)

// The ledger forgets versions older than the follower's watermark, and past
// its bound the oldest ones (which the follower then delivers again: a
// duplicate, never a loss).
func TestLedgerIsBounded(t *testing.T) {
	l := NewLedger()
	version := func(i int) translate.Meta {
		return translate.Meta{Version: fmt.Sprintf("WB-%05d@x", i), VersionTime: t0.Add(time.Duration(i) * time.Second)}
	}
	var batch []translate.Meta
	for i := range maxLedgerVersions + 10 {
		batch = append(batch, version(i))
	}
	l.record(batch)
	assert.Len(t, l.snapshot(), maxLedgerVersions)
	assert.False(t, l.delivered(version(9).Version), "the oldest forgotten first")
	assert.True(t, l.delivered(version(10).Version))

	l.setFloor(t0.Add(100 * time.Second))
	assert.False(t, l.delivered(version(99).Version), "older than the follower reads")
	assert.True(t, l.delivered(version(100).Version))
	l.record([]translate.Meta{version(50)})
	assert.False(t, l.delivered(version(50).Version), "not recorded below the floor")

	_, ready := l.limit()
	assert.False(t, ready, "the follower waits for its leader")
	l.restore(nil, t0)
	limit, ready := l.limit()
	assert.True(t, ready)
	assert.Equal(t, t0, limit)
}
