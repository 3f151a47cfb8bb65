package stream // import "github.com/otel-visionone/trendmicrovisiononereceiver/internal/stream"

import (
	"cmp"
	"maps"
	"slices"
	"sync"
	"time"

	"github.com/otel-visionone/trendmicrovisiononereceiver/internal/translate"
)

// maxLedgerVersions bounds a Ledger. Past it the oldest versions are
// forgotten, which the follower then delivers as well: a duplicate, never a
// loss. A follower keeping up holds the versions of a few minutes; 2,000
// keep a commit of its leader under 100 KB.
const maxLedgerVersions = 2_000

// Ledger ties two streams of one endpoint: a leader delivering each item in
// the state it has when first read (workbench_alerts), and a follower
// delivering each later state (workbench_alert_updates). Together they must
// deliver every state the API showed when read, each once. A rule of thumb
// on how soon the leader reads an item cannot do that (a state between the
// leader's read and the rule's horizon would be delivered by neither), so
// the ledger records what the leader delivered: the follower skips exactly
// those versions, and reads no further than the leader has (an item's later
// state can only be the follower's once the leader has read the item).
//
// The leader keeps the ledger in its checkpoint, so a restart, or an
// ingestion_delay changed between runs, finds it as it was.
type Ledger struct {
	mu sync.Mutex
	// ready: the leader has loaded its checkpoint, and with it the ledger.
	ready bool
	// horizon is the leader's watermark: every item created before it was
	// read, and its version recorded.
	horizon time.Time
	// floor is the follower's watermark: it reads no version older.
	floor    time.Time
	versions map[string]int64 // version -> its time (Unix s)
}

// NewLedger returns an empty ledger, not ready until its leader loads.
func NewLedger() *Ledger { return &Ledger{versions: map[string]int64{}} }

// restore loads the versions a leader's checkpoint holds.
func (l *Ledger) restore(versions map[string]int64, horizon time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	maps.Copy(l.versions, versions)
	l.ready, l.horizon = true, horizon
	l.pruneLocked()
}

// record adds the versions the leader delivered.
func (l *Ledger) record(accepted []translate.Meta) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, m := range accepted {
		if m.Version != "" && !m.VersionTime.Before(l.floor) {
			l.versions[m.Version] = m.VersionTime.Unix()
		}
	}
	l.pruneLocked()
}

// setHorizon moves the leader's watermark, after its versions were recorded.
func (l *Ledger) setHorizon(t time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.horizon = t
}

// limit is where the follower's windows may end: the leader's watermark;
// false until the leader has loaded.
func (l *Ledger) limit() (time.Time, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.horizon, l.ready
}

// delivered reports whether the leader delivered version.
func (l *Ledger) delivered(version string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	_, ok := l.versions[version]
	return ok
}

// setFloor moves the follower's watermark: older versions are forgotten.
func (l *Ledger) setFloor(t time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.floor = t
	l.pruneLocked()
}

// snapshot is what the leader's checkpoint keeps.
func (l *Ledger) snapshot() map[string]int64 {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.versions) == 0 {
		return nil
	}
	return maps.Clone(l.versions)
}

func (l *Ledger) pruneLocked() {
	floor := l.floor.Unix()
	maps.DeleteFunc(l.versions, func(_ string, at int64) bool { return at < floor })
	if over := len(l.versions) - maxLedgerVersions; over > 0 {
		type entry struct {
			version string
			at      int64
		}
		all := make([]entry, 0, len(l.versions))
		for v, at := range l.versions {
			all = append(all, entry{v, at})
		}
		slices.SortFunc(all, func(a, b entry) int { return cmp.Or(cmp.Compare(a.at, b.at), cmp.Compare(a.version, b.version)) })
		for _, e := range all[:over] {
			delete(l.versions, e.version)
		}
	}
}
