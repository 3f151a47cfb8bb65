package simulator

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestDemoKeyIsMakeKey(t *testing.T) {
	if got := MakeKey(DemoKeySubject, ts("2030-01-01T00:00:00Z")); got != DemoKey {
		t.Fatalf("DemoKey differs from MakeKey: %s", got)
	}
	if got := keySubject(DemoKey); got != DemoKeySubject {
		t.Fatalf("subject %q", got)
	}
}

func TestMakeKeyCarriesClaims(t *testing.T) {
	exp := time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)
	key := MakeKey("tester", exp)
	if parts := strings.Split(key, "."); len(parts) != 3 {
		t.Fatalf("not JWT-shaped: %s", key)
	}
	if keySubject(key) != "tester" {
		t.Errorf("sub = %q", keySubject(key))
	}
	if !strings.Contains(decodeClaims(t, key), fmt.Sprintf(`"exp":%d`, exp.Unix())) {
		t.Errorf("exp claim missing: %s", decodeClaims(t, key))
	}
	if MakeKey("tester", exp.Add(time.Second)) == key {
		t.Error("different expiries give the same key")
	}
}

func TestParseKeys(t *testing.T) {
	tests := []struct {
		spec    string
		want    [][]Role
		wantErr string
	}{
		{spec: "k1=oat", want: [][]Role{{RoleOAT}}},
		{spec: "k1=oat,search; k2=all", want: [][]Role{{RoleOAT, RoleSearch}, AllRoles()}},
		{spec: "k1=", want: [][]Role{nil}},
		{spec: "", want: nil},
		{spec: "supersecret=oat,bogus", wantErr: `key 1: unknown role "bogus"`},
		{spec: "k1=oat;supersecret", wantErr: "key 2: want key=role1,role2"},
	}
	for _, tt := range tests {
		t.Run(tt.spec, func(t *testing.T) {
			keys, err := ParseKeys(tt.spec)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want %q", err, tt.wantErr)
				}
				if strings.Contains(err.Error(), "supersecret") {
					t.Fatalf("error leaks the key: %v", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var got [][]Role
			for _, k := range keys {
				got = append(got, k.Roles)
			}
			if !slices.EqualFunc(got, tt.want, slices.Equal) {
				t.Fatalf("roles = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestAPIKeyNeverPrintsSecret(t *testing.T) {
	k := APIKey{Name: "n", Key: "supersecret", Roles: []Role{RoleOAT}}
	for _, format := range []string{"%v", "%+v", "%#v", "%s"} {
		if out := fmt.Sprintf(format, k); strings.Contains(out, "supersecret") {
			t.Errorf("%s prints the secret: %s", format, out)
		}
	}
}

func TestKeyringNames(t *testing.T) {
	ring, err := newKeyring([]APIKey{
		{Key: MakeKey("jwt-sub", t0)},
		{Key: "plain"},
		{Name: "named", Key: "other"},
	}, true)
	if err != nil {
		t.Fatal(err)
	}
	for auth, want := range map[string]string{
		"Bearer " + MakeKey("jwt-sub", t0): "jwt-sub",
		"Bearer plain":                     "key-2",
		"Bearer other":                     "named",
		"Bearer " + DemoKey:                DemoKeySubject,
	} {
		k, ok := ring.lookup(auth)
		if !ok || k.Name != want {
			t.Errorf("lookup: name %q ok %v, want %q", k.Name, ok, want)
		}
	}
	for _, auth := range []string{"", "plain", "Basic plain", "Bearer nope"} {
		if _, ok := ring.lookup(auth); ok {
			t.Errorf("lookup(%q) accepted", auth)
		}
	}
	if _, err := newKeyring([]APIKey{{Name: "empty"}}, false); err == nil {
		t.Error("an empty key was accepted")
	}
}
