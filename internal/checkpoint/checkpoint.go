// Package checkpoint persists each stream's progress in a collector storage
// extension: a watermark (every record whose cursor is before it has been
// delivered) and the keys already delivered in the watermark's own second, so
// that a query starting there, which the API treats as inclusive, skips them.
//
// Values are versioned JSON. Each save also keeps the value it replaces under
// a backup key, in the same batch: a corrupted or unreadable current value is
// reported and the previous one used instead, which re-delivers at most one
// window and never skips one.
package checkpoint // import "github.com/otel-visionone/trendmicrovisiononereceiver/internal/checkpoint"

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"go.opentelemetry.io/collector/extension/xextension/storage"
)

// Version is the format written by this package.
const Version = 1

// ErrCorrupt reports a stored value that cannot be used.
var ErrCorrupt = errors.New("checkpoint: corrupted value")

// Checkpoint is one stream's progress.
type Checkpoint struct {
	Version int `json:"v"`
	// Watermark is a whole second (UTC). Every record whose cursor is before
	// it has been delivered.
	Watermark time.Time `json:"watermark"`
	// Boundary counts the keys delivered whose cursor falls in the
	// watermark's second. Counts, not a set: audit logs are keyed by content
	// hash, and two identical entries in one second are two records.
	Boundary map[string]int `json:"boundary,omitempty"`
	// Versions are the item versions a leading stream delivered that its
	// follower may still read (stream.Ledger), each with its time (Unix s).
	Versions map[string]int64 `json:"versions,omitempty"`
	// Late, for a stream that reconciles late events, indexes the keys it
	// delivered within the lateness horizon, kept in chunks of their own
	// (LateChunkKey) written in the same batch as the checkpoint.
	Late *Late `json:"late,omitempty"`
	// Saved is when the checkpoint was written (for operators reading it).
	Saved time.Time `json:"saved"`
}

// Late is the index of a stream's delivered-key chunks.
type Late struct {
	// Floor (Unix s): the keys of every record delivered with a cursor at
	// or after it are in the chunks (reconciliation began there).
	Floor int64 `json:"floor"`
	// Chunks in the order written; Next is the next chunk's number.
	Chunks []LateChunk `json:"chunks,omitempty"`
	Next   int64       `json:"next"`
	// Checked (Unix s) is when an endpoint without a count last had its
	// bands re-read.
	Checked int64 `json:"checked,omitempty"`
	// Tail counts, by minute (Unix s), the deliveries whose keys left the
	// ledger, for one horizon more: what the API holds beyond them there
	// became visible later than the horizon.
	Tail map[int64]int `json:"tail,omitempty"`
	// Missed is how many records the tail holds that were reported missed
	// (each is reported once).
	Missed int `json:"missed,omitempty"`
}

// LateChunk is one chunk of keys: its number and its newest cursor (Unix
// s), after which it may be deleted once that has left the horizon.
type LateChunk struct {
	Seq    int64 `json:"seq"`
	Newest int64 `json:"newest"`
}

// LateChunkKey is the storage key of a stream's chunk seq.
func LateChunkKey(stream string, seq int64) string {
	return fmt.Sprintf("late/%s/%d", stream, seq)
}

// Store reads and writes checkpoints of one receiver instance.
type Store struct {
	client storage.Client
}

// NewStore returns a Store over client (a storage extension's client, or
// NewMemoryClient when none is configured).
func NewStore(client storage.Client) *Store {
	return &Store{client: client}
}

func currentKey(stream string) string { return "checkpoint/" + stream }
func backupKey(stream string) string  { return "checkpoint/" + stream + ".prev" }

// Load returns the stream's checkpoint. found is false when none was ever
// saved. When the current value is corrupted, Load returns the backup (or
// found=false if there is no usable backup either) together with an error
// wrapping ErrCorrupt, for the caller to report. Any other error is a
// storage failure, found=false: the caller must retry, never take it for
// "no checkpoint".
func (s *Store) Load(ctx context.Context, stream string) (cp Checkpoint, found bool, err error) {
	raw, err := s.client.Get(ctx, currentKey(stream))
	if err != nil {
		return Checkpoint{}, false, fmt.Errorf("checkpoint: read %s: %w", stream, err)
	}
	if raw == nil {
		return Checkpoint{}, false, nil
	}
	cp, decodeErr := Decode(raw)
	if decodeErr == nil {
		return cp, true, nil
	}
	prev, err := s.client.Get(ctx, backupKey(stream))
	if err != nil {
		// Not ErrCorrupt: the backup may be good, and without it the
		// stream would start over from its initial lookback.
		return Checkpoint{}, false, fmt.Errorf("checkpoint: read the backup of %s (the current value is corrupted: %v): %w", stream, decodeErr, err)
	}
	if prev != nil {
		if cp, err := Decode(prev); err == nil {
			return cp, true, fmt.Errorf("%w; using the previous checkpoint of %s", decodeErr, stream)
		}
	}
	return Checkpoint{}, false, fmt.Errorf("%w; no usable backup of %s: starting from the initial lookback", decodeErr, stream)
}

// Save writes cp as the stream's checkpoint and keeps the value it replaces
// as the backup, in one batch.
func (s *Store) Save(ctx context.Context, stream string, cp Checkpoint) error {
	return s.SaveWith(ctx, stream, cp)
}

// Get reads a value stored beside the checkpoints (a late-key chunk); nil
// when there is none.
func (s *Store) Get(ctx context.Context, key string) ([]byte, error) {
	return s.client.Get(ctx, key)
}

// SaveWith is Save with more operations in the same batch (late-key chunks
// written and deleted with the checkpoint that indexes them).
func (s *Store) SaveWith(ctx context.Context, stream string, cp Checkpoint, extra ...*storage.Operation) error {
	cp.Version = Version
	cp.Watermark = cp.Watermark.UTC()
	cp.Saved = cp.Saved.UTC()
	value, err := json.Marshal(cp)
	if err != nil {
		return fmt.Errorf("checkpoint: encode %s: %w", stream, err)
	}
	// Never write what Load would reject: it would be read as corrupted.
	if _, err := Decode(value); err != nil {
		return fmt.Errorf("checkpoint: refusing to save %s: %w", stream, err)
	}
	prev, err := s.client.Get(ctx, currentKey(stream))
	if err != nil {
		return fmt.Errorf("checkpoint: read %s before saving: %w", stream, err)
	}
	ops := []*storage.Operation{storage.SetOperation(currentKey(stream), value)}
	// A corrupted current value must not overwrite a good backup.
	if prev != nil {
		if _, err := Decode(prev); err == nil {
			ops = append(ops, storage.SetOperation(backupKey(stream), prev))
		}
	}
	ops = append(ops, extra...)
	if err := s.client.Batch(ctx, ops...); err != nil {
		return fmt.Errorf("checkpoint: save %s: %w", stream, err)
	}
	return nil
}

// Decode parses a stored checkpoint value.
func Decode(raw []byte) (Checkpoint, error) {
	var cp Checkpoint
	if err := json.Unmarshal(raw, &cp); err != nil {
		return Checkpoint{}, fmt.Errorf("%w: %v", ErrCorrupt, err)
	}
	switch {
	case cp.Version != Version:
		return Checkpoint{}, fmt.Errorf("%w: unsupported version %d", ErrCorrupt, cp.Version)
	case cp.Watermark.IsZero():
		return Checkpoint{}, fmt.Errorf("%w: no watermark", ErrCorrupt)
	case cp.Watermark.Nanosecond() != 0:
		return Checkpoint{}, fmt.Errorf("%w: watermark %s is not a whole second", ErrCorrupt, cp.Watermark)
	}
	for key, n := range cp.Boundary {
		if key == "" || n <= 0 {
			return Checkpoint{}, fmt.Errorf("%w: bad boundary entry %q=%d", ErrCorrupt, key, n)
		}
	}
	for version, at := range cp.Versions {
		if version == "" || at <= 0 {
			return Checkpoint{}, fmt.Errorf("%w: bad version entry %q=%d", ErrCorrupt, version, at)
		}
	}
	cp.Watermark = cp.Watermark.UTC()
	return cp, nil
}
