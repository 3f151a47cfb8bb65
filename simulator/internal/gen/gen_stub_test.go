package gen

import (
	"testing"
	"time"
)

func TestStubKeysAreStable(t *testing.T) {
	r := Record{Kind: OAT, Seed: 42, Time: time.Unix(1715677376, 0), Ingested: time.Unix(1715677400, 0)}
	if Key(r) != Key(r) || len(Key(r)) != 36 {
		t.Fatalf("bad key %q", Key(r))
	}
	a := Record{Kind: Audit, Seed: 7, Time: time.Unix(1715677376, 0), Ingested: time.Unix(1715677400, 0)}
	if len(Key(a)) != 64 {
		t.Fatalf("bad audit key %q", Key(a))
	}
}
