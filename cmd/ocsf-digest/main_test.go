package main

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/otel-visionone/trendmicrovisiononereceiver/internal/ocsf"
)

// fixture is a schema of a few files in the layout of ocsf-schema, for the
// resolution rules, so that they are tested without the real schema.
const fixture = "testdata/schema"

func buildDigest(t *testing.T, dir string, uids []int) *ocsf.Digest {
	t.Helper()
	raw, err := build(dir, uids)
	if err != nil {
		t.Fatal(err)
	}
	var d ocsf.Digest
	if err := json.Unmarshal(raw, &d); err != nil {
		t.Fatalf("the digest is not JSON: %v", err)
	}
	return &d
}

func TestBuildResolves(t *testing.T) {
	d := buildDigest(t, fixture, []int{2007, 2008})
	thing, plain := d.Classes["2007"], d.Classes["2008"]
	if thing == nil || plain == nil {
		t.Fatalf("classes %v", d.Classes)
	}
	for _, tc := range []struct {
		name      string
		got, want any
	}{
		{"version", d.Version, "9.9.9"},
		{"category from categories.json", thing.CategoryUID, 2},
		{"class_uid = category*1000 + uid", thing.ClassUID, 2007},
		{"class_uid's enum is the class", thing.Attributes["class_uid"].Enum, map[string]string{"2007": "Thing Finding"}},
		{"activity enum merged along extends", thing.Attributes["activity_id"].Enum, map[string]string{"0": "Unknown", "1": "Create", "99": "Other"}},
		{"requirement inherited from the parent", thing.Attributes["time"].Requirement, "required"},
		{"timestamp_t is a long", *thing.Attributes["time"], ocsf.Attr{Type: "long", Format: "timestamp_t", Requirement: "required"}},
		{"port_t is an integer with a range", *d.Objects["endpoint"].Attributes["port"], ocsf.Attr{Type: "integer", Format: "port_t", Range: []int64{0, 65535}, Requirement: "optional"}},
		{"ip_t is a string", d.Objects["endpoint"].Attributes["ip"].Type, "string"},
		{"is_array from the dictionary", thing.Attributes["tags"].IsArray, true},
		{"object-typed attribute", thing.Attributes["endpoint"].ObjectType, "endpoint"},
		{"profile attribute marked", plain.Attributes["cloud"].Profile, "cloud"},
		{"profile requirement", plain.Attributes["cloud"].Requirement, "required"},
		{"profile: null takes it out", thing.Attributes["cloud"].Profile, ""},
		{"object extends: parent attributes", d.Objects["endpoint"].Attributes["name"].Requirement, "recommended"},
		{"object constraints inherited", *d.Objects["cloud"].Constraints, ocsf.Constraints{AtLeastOne: []string{"name"}}},
		{"constraints {} clears them", d.Objects["endpoint"].Constraints, (*ocsf.Constraints)(nil)},
		{"class constraints", *thing.Constraints, ocsf.Constraints{AtLeastOne: []string{"endpoint", "name"}}},
		// 50 is both dictionary tags (Tags) and unused.name (Unused Name): the
		// least caption, whatever the order.
		{"observable type_id enum from the whole schema", d.Objects["observable"].Attributes["type_id"].Enum, map[string]string{
			"0": "Unknown", "2": "IP Address", "11": "Port", "20": "Endpoint", "50": "Tags", "99": "Other"}},
		{"unreached objects left out", d.Objects["unused"], (*ocsf.Class)(nil)},
	} {
		if !reflect.DeepEqual(tc.got, tc.want) {
			t.Errorf("%s: got %#v, want %#v", tc.name, tc.got, tc.want)
		}
	}
	raw, _ := build(fixture, []int{2007})
	if bytes.Contains(raw, []byte("dropped")) {
		t.Error("the digest holds a description")
	}
}

func TestBuildErrors(t *testing.T) {
	for _, tc := range []struct {
		dir  string
		uids []int
		want string
	}{
		{fixture, []int{2009}, "class_uid 2009 is not in the schema"},
		{filepath.Join(t.TempDir(), "none"), []int{2007}, "no such file"},
	} {
		if _, err := build(tc.dir, tc.uids); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s %v: error %v, want %q", tc.dir, tc.uids, err, tc.want)
		}
	}
}
