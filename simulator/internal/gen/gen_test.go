package gen

import (
	"bytes"
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"math/rand/v2"
	"reflect"
	"slices"
	"strconv"
	"testing"
	"time"
)

// TestKindsAreTheDeclaredFeeds: Kinds lists each Kind constant of feeds.go
// once (so every declared feed has one generator, and no generator lacks a
// name), and the search sources are the eight of §4, each with its builder.
func TestKindsAreTheDeclaredFeeds(t *testing.T) {
	declared := declaredKinds(t)
	if got, want := slices.Sorted(slices.Values(Kinds())), slices.Sorted(slices.Values(declared)); !slices.Equal(got, want) {
		t.Fatalf("generators for %v, constants for %v", got, want)
	}
	search := 0
	for _, k := range Kinds() {
		if k.IsSearch() {
			search++
			if searchSources[k] == nil {
				t.Errorf("%s has no generator", k)
			}
		}
	}
	if len(declared) < 20 || search != 8 {
		t.Fatalf("got %d kinds, %d search; want at least 20 and 8", len(declared), search)
	}
}

// declaredKinds reads the values of the Kind constants declared in feeds.go.
func declaredKinds(t *testing.T) []Kind {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), "feeds.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	var kinds []Kind
	for _, decl := range f.Decls {
		gd, ok := decl.(*ast.GenDecl)
		if !ok || gd.Tok != token.CONST {
			continue
		}
		for _, spec := range gd.Specs {
			vs := spec.(*ast.ValueSpec)
			if typ, ok := vs.Type.(*ast.Ident); !ok || typ.Name != "Kind" {
				continue
			}
			for _, v := range vs.Values {
				lit, ok := v.(*ast.BasicLit)
				if !ok || lit.Kind != token.STRING {
					t.Fatalf("a Kind constant that is not a string literal: %#v", v)
				}
				s, _ := strconv.Unquote(lit.Value)
				kinds = append(kinds, Kind(s))
			}
		}
	}
	return kinds
}

func TestItemIsDeterministic(t *testing.T) {
	for _, kind := range Kinds() {
		t.Run(string(kind), func(t *testing.T) {
			for _, r := range testRecords(kind, 300) {
				asOf := r.Time.Add(24 * time.Hour)
				first, again := CanonicalJSON(Item(r, asOf)), CanonicalJSON(Item(r, asOf))
				if !bytes.Equal(first, again) {
					t.Fatalf("seed %d rendered twice differently:\n%s\n%s", r.Seed, first, again)
				}
				if Key(r) != Key(r) {
					t.Fatalf("seed %d: key not stable", r.Seed)
				}
			}
		})
	}
}

// The pools must not depend on anything but their fixed seeds, or items
// would change between processes.
func TestPoolsAreRebuiltIdentically(t *testing.T) {
	if !reflect.DeepEqual(people, buildPeople(rand.New(rand.NewPCG(1, 0xc0)), len(people))) {
		t.Error("people differ when rebuilt")
	}
	if !reflect.DeepEqual(hosts, buildHosts(rand.New(rand.NewPCG(2, 0xc0)), len(hosts))) {
		t.Error("hosts differ when rebuilt")
	}
}

// A client computing the audit key decodes the item with UseNumber and
// re-encodes it, as Cortex XSIAM's event collector does; it must get the
// bytes the server sent (§5.2).
func TestItemsRoundTripThroughJSON(t *testing.T) {
	for _, kind := range Kinds() {
		t.Run(string(kind), func(t *testing.T) {
			for _, r := range testRecords(kind, 1000) {
				sent := CanonicalJSON(Item(r, r.Time.Add(72*time.Hour)))
				dec := json.NewDecoder(bytes.NewReader(sent))
				dec.UseNumber()
				var v any
				if err := dec.Decode(&v); err != nil {
					t.Fatalf("seed %d: %v", r.Seed, err)
				}
				if again := CanonicalJSON(v); !bytes.Equal(sent, again) {
					t.Fatalf("seed %d: re-encoded bytes differ:\n%s\n%s", r.Seed, sent, again)
				}
			}
		})
	}
}

func TestKeysAreUnique(t *testing.T) {
	for _, kind := range Kinds() {
		n := 50_000
		if kind == EmailActivities || kind == NetworkActivities || kind == CloudActivities {
			n = 10_000 // content keys: each renders its item
		}
		t.Run(string(kind), func(t *testing.T) {
			seen := make(map[string]uint64, n)
			for _, r := range testRecords(kind, n) {
				k := Key(r)
				if prev, dup := seen[k]; dup {
					t.Fatalf("seeds %d and %d share key %s", prev, r.Seed, k)
				}
				seen[k] = r.Seed
			}
		})
	}
}

// Audit keys are content hashes: records of the same second must still
// differ, so the keys stay unique with every time equal.
func TestAuditKeysAreUniqueWithinOneSecond(t *testing.T) {
	seen := map[string]bool{}
	for _, r := range testRecords(Audit, 20_000) {
		r.Time, r.Ingested = testEpoch, testEpoch.Add(3*time.Second)
		k := Key(r)
		if seen[k] {
			t.Fatalf("seed %d repeats an audit key within one second", r.Seed)
		}
		seen[k] = true
	}
}

func TestKeysFollowTheDocumentedForm(t *testing.T) {
	tests := []struct {
		kind Kind
		want check
	}{
		{Workbench, pattern(`^WB-9002-\d{8}-\d{5,}$`)},
		{OAT, uuidValue},
		{Audit, pattern(`^[0-9a-f]{64}$`)},
		{SearchDetections, uuidValue},
		{ContainerActivities, uuidValue},
		{ContainerAuditEvents, ksuidValue},
		{ContainerECSSensorEvents, ksuidValue},
		{AccountCompromise, pattern(`^` + uuidPattern + `@\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/` + uuidPattern + `$`)},
		{Cases, pattern(`^CL-9002-\d{8}-\d{5,}$`)},
		{ResponseTasks, pattern(`^\d{8,}$`)}, // a numeric string (arp-taskId)
		{PlaybookTasks, pattern(`^SP-\d{8}-\d{7,}$`)},
		{EndpointSecurityTasks, uuidValue},
	}
	for _, tt := range tests {
		r := testRecords(tt.kind, 1)[0]
		if k := Key(r); !tt.want.ok(k) {
			t.Errorf("%s key %q, want %s", tt.kind, k, tt.want.name)
		}
	}
	r := Record{Kind: Workbench, Seed: 1, Ordinal: 123456, Time: time.Date(2024, 5, 14, 23, 59, 59, 0, time.UTC)}
	if got := Key(r); got != "WB-9002-20240514-123456" {
		t.Errorf("workbench key %q", got)
	}
	r.Ordinal = 12
	if got := Key(r); got != "WB-9002-20240514-00012" {
		t.Errorf("workbench key %q", got)
	}
}

// Keys match the item fields a collector reads them from.
func TestKeysMatchItems(t *testing.T) {
	for _, kind := range Kinds() {
		for _, r := range testRecords(kind, 50) {
			m := Item(r, r.Ingested)
			var field any
			uuid, hasUUID := m["uuid"]
			switch {
			case kind == Workbench:
				field = m["id"]
			case kind == Audit:
				continue // a hash of the whole item, checked by the round-trip test
			case isContainerEvents(kind), HasVersions(kind): // cases and tasks: their id
				field = m["id"]
			case kind == AccountCompromise: // id@detectedDateTime/eventId (internal/translate/asrm.go)
				field = fmt.Sprint(m["id"], "@", m["detectedDateTime"], "/", m["riskEvent"].(map[string]any)["eventId"])
			case kind == EmailActivities || kind == NetworkActivities || kind == CloudActivities && m["productCode"] == "vpc":
				if hasUUID { // their schemas declare no uuid: the key is the content's
					t.Fatalf("%s seed %d: an item with uuid %v", kind, r.Seed, uuid)
				}
				field = ContentKey(decoded(t, m))
			default:
				field = uuid
			}
			if field != Key(r) {
				t.Fatalf("%s seed %d: key %s, item says %v", kind, r.Seed, Key(r), field)
			}
		}
	}
	for _, r := range testRecords(OAT, 200) {
		m := Item(r, r.Ingested)
		if m["uuid"] != m["detail"].(map[string]any)["uuid"] {
			t.Fatalf("seed %d: OAT uuid and detail.uuid differ", r.Seed)
		}
	}
}

func TestItemTimesAreTheRecordTimes(t *testing.T) {
	parse := func(t *testing.T, s any) time.Time {
		t.Helper()
		v, err := time.Parse(time.RFC3339Nano, s.(string))
		if err != nil {
			t.Fatalf("time %v: %v", s, err)
		}
		return v
	}
	epochMillisOf := func(v any) any {
		if n, ok := v.(json.Number); ok {
			return n.String()
		}
		return v
	}
	for _, kind := range Kinds() {
		t.Run(string(kind), func(t *testing.T) {
			for _, r := range testRecords(kind, 500) {
				m := decoded(t, Item(r, r.Time))
				switch {
				case kind == Workbench:
					if got := parse(t, m["createdDateTime"]); !got.Equal(r.Time) {
						t.Fatalf("createdDateTime %v, want %v", got, r.Time)
					}
				case kind == OAT:
					detail := m["detail"].(map[string]any)
					if !parse(t, m["detectedDateTime"]).Equal(r.Time) || !parse(t, m["ingestedDateTime"]).Equal(r.Ingested) {
						t.Fatalf("seed %d: detected %v ingested %v, want %v %v", r.Seed, m["detectedDateTime"], m["ingestedDateTime"], r.Time, r.Ingested)
					}
					if got := epochMillisOf(detail["eventTime"]); got != epochMillis(r.Time) {
						t.Fatalf("seed %d: detail.eventTime %v, want %s", r.Seed, got, epochMillis(r.Time))
					}
					if dt, ok := detail["eventTimeDT"]; ok && !parse(t, dt).Equal(r.Time) {
						t.Fatalf("seed %d: detail.eventTimeDT %v", r.Seed, dt)
					}
				case kind == Audit:
					if !parse(t, m["loggedDateTime"]).Equal(r.Time) || !parse(t, m["ingestedDateTime"]).Equal(r.Ingested) {
						t.Fatalf("seed %d: logged %v ingested %v", r.Seed, m["loggedDateTime"], m["ingestedDateTime"])
					}
				case isContainerEvents(kind):
					if got := parse(t, m["createdDateTime"]); !got.Equal(r.Time) {
						t.Fatalf("seed %d: createdDateTime %v, want %v", r.Seed, got, r.Time)
					}
				case kind == AccountCompromise:
					if got := parse(t, m["detectedDateTime"]); !got.Equal(r.Time) {
						t.Fatalf("seed %d: detectedDateTime %v, want %v", r.Seed, got, r.Time)
					}
				case HasVersions(kind): // cases and tasks: created at the record's time
					if got := parse(t, m["createdDateTime"]); !got.Equal(r.Time) {
						t.Fatalf("seed %d: createdDateTime %v, want %v", r.Seed, got, r.Time)
					}
				default:
					if got := m["eventTime"].(json.Number).String(); got != epochMillis(r.Time) {
						t.Fatalf("seed %d: eventTime %s, want %s", r.Seed, got, epochMillis(r.Time))
					}
					if dt, ok := m["eventTimeDT"]; ok && !parse(t, dt).Equal(r.Time) {
						t.Fatalf("seed %d: eventTimeDT %v is not %v", r.Seed, dt, r.Time)
					}
				}
			}
		})
	}
}

func TestUnknownKindYieldsMinimalItem(t *testing.T) {
	r := Record{Kind: "search/unknown", Seed: 9, Time: testEpoch}
	m := Item(r, testEpoch)
	if len(m) != 2 || m["uuid"] != uuidFor(9) || m["eventTime"] != testEpoch.UnixMilli() {
		t.Fatalf("got %v", m)
	}
	if Versions(r) != nil {
		t.Fatal("versions for a non-workbench kind")
	}
}
