package client

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"unsafe"

	segjson "github.com/segmentio/encoding/json"
)

// pageSplitSeeds are bodies on both sides of decodePage's fast path: pages
// it takes, and every shape it hands to decodePageSplit (type errors, no,
// null, empty or non-array items, error envelopes, repeated members).
var pageSplitSeeds = []string{
	`{"items":[1]}`, `{"items":[ 1 , "a,]\\\"}" ,{"b":[1,{}]}, [ ] ,null,true, -1.5e3 ]}`,
	`{"items":[]}`, `{"items":[ ]}`, `{"items":null}`, `{"items":{}}`, `{"items":"[]"}`, `{}`,
	`{"items":[1],"items":{}}`, `{"items":{},"items":[1]}`, `{"items":[1],"items":null}`,
	`{"items":[1,2],"items":[3]}`, `{"Items":[1],"ITEMS":[2,3]}`,
	`{"items":[1],"error":{"code":"X","message":"m"}}`, `{"items":[1],"error":null}`,
	`{"items":{},"error":{"code":"X"}}`, `{"error":"x","items":[1]}`,
	`{"items":[1],"nextLink":5}`, `{"items":[1],"totalCount":"3"}`, `{"items":[1],"count":1.5}`,
	`{"items":[1],"nextLink":"https://x/y","totalCount":3,"count":1,"progressRate":100}`,
	`{"items":[1],"count":null,"labels":["a"]}`, `{"items":[{"a":1}],"count":-0}`,
}

// TestDecodePageSplit: decodePage gives what decodePageSplit, its
// definition, gives for the same body: the same page or the same error.
func TestDecodePageSplit(t *testing.T) {
	bodies := append([]string(nil), pageSplitSeeds...)
	samples, _ := filepath.Glob(filepath.Join(samples, "*.json"))
	for _, path := range samples {
		body, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		bodies = append(bodies, string(body))
	}
	pages := 0
	for _, body := range bodies {
		if comparePageSplit(t, []byte(body)) {
			pages++
		}
	}
	if pages == 0 || pages == len(bodies) {
		t.Fatalf("%d of %d bodies are pages; the seeds must cover pages and errors", pages, len(bodies))
	}
}

// FuzzDecodePageSplit is TestDecodePageSplit on arbitrary bodies.
func FuzzDecodePageSplit(f *testing.F) {
	for _, s := range pageSplitSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) { comparePageSplit(t, body) })
}

// comparePageSplit fails t unless decodePage(body) equals decodePageSplit's
// result, and reports whether the body is a valid page (both succeeded).
func comparePageSplit(t *testing.T, body []byte) bool {
	t.Helper()
	got, gotErr := decodePage(body)
	var want *Page
	var wantErr error
	if !segjson.Valid(body) || bytes.TrimLeft(body, " \t\r\n")[0] != '{' {
		// decodePage's own checks, before either path.
		if gotErr == nil {
			t.Fatalf("%q: invalid body decoded as a page", body)
		}
		return false
	}
	want, wantErr = decodePageSplit(body)
	if fmt.Sprintf("%T %v", gotErr, gotErr) != fmt.Sprintf("%T %v", wantErr, wantErr) {
		t.Fatalf("%q: error %T %v, want %T %v", body, gotErr, gotErr, wantErr, wantErr)
	}
	if wantErr != nil {
		if !reflect.DeepEqual(gotErr, wantErr) {
			t.Fatalf("%q: error %#v, want %#v", body, gotErr, wantErr)
		}
		return false
	}
	if len(got.Items) != len(want.Items) {
		t.Fatalf("%q: %d items, want %d", body, len(got.Items), len(want.Items))
	}
	for i := range got.Items {
		if !bytes.Equal(got.Items[i], want.Items[i]) {
			t.Fatalf("%q: item %d = %q, want %q", body, i, got.Items[i], want.Items[i])
		}
		// Sub-slices of body, never copies.
		if p, lo := uintptr(unsafe.Pointer(unsafe.SliceData(got.Items[i]))), uintptr(unsafe.Pointer(unsafe.SliceData(body))); p < lo || p >= lo+uintptr(len(body)) {
			t.Fatalf("%q: item %d is not a sub-slice of the body", body, i)
		}
	}
	gotRest, wantRest := *got, *want
	gotRest.Items, wantRest.Items = nil, nil
	if !reflect.DeepEqual(gotRest, wantRest) {
		t.Fatalf("%q: page %+v, want %+v", body, gotRest, wantRest)
	}
	return true
}
