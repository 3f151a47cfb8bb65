package translate

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"path/filepath"
	"testing"
	"time"
	"unicode/utf8"

	"go.opentelemetry.io/collector/pdata/plog"
)

func FuzzParseTime(f *testing.F) {
	for _, s := range []string{
		"2024-05-14T08:48:20Z", "2022-09-05T03:53:49.802Z", "2021-10-01T21:35:54.241000+00:00",
		"2022-07-11T13:35:34+0000", "2022-07-16 04:30:04", "1715677376000", "1706163419460.0",
		"1599465660", "-1", "1e400", "", "2262-04-11T23:47:16.854775807Z",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := ParseTime(s)
		if err != nil {
			if len(err.Error()) > 200 { // 40 bytes quoted, escapes included
				t.Fatalf("error message not bounded: %d bytes", len(err.Error()))
			}
			return
		}
		if got.Before(minTime) || got.After(maxTime) || got.Location() != time.UTC {
			t.Fatalf("ParseTime(%q) = %v: outside what a pcommon.Timestamp holds, or not UTC", s, got)
		}
	})
}

// FuzzTranslate feeds every kind arbitrary bytes: it never panics, and it
// either fails leaving the record empty or yields a keyed record.
func FuzzTranslate(f *testing.F) {
	kinds := allKinds()
	pages, _ := filepath.Glob(filepath.Join(samples, "*.json"))
	for _, page := range pages {
		for _, it := range readItems(f, filepath.Base(page)) {
			for k := range kinds {
				f.Add(uint8(k), []byte(it))
			}
		}
	}
	f.Add(uint8(0), []byte(`{"id":"x","createdDateTime":1}`))
	f.Add(uint8(4), []byte(`{"uuid":null,"eventTime":"1e3"}`))
	f.Fuzz(func(t *testing.T, kind uint8, item []byte) {
		o := kinds[int(kind)%len(kinds)]
		tr, err := New(named(o))
		if err != nil {
			t.Fatal(err)
		}
		lr := plog.NewLogRecord()
		meta, err := tr.Translate(item, time.Unix(0, 0), lr)
		if err != nil {
			if lr.Attributes().Len() != 0 || lr.Timestamp() != 0 {
				t.Fatalf("partial record after error %v", err)
			}
			return
		}
		// The validator (segmentio/encoding) must reject what encoding/json does.
		if !json.Valid(item) {
			t.Fatalf("invalid JSON %q translated", item)
		}
		uid, ok := lr.Attributes().Get(attrRecordUID)
		if meta.Key == "" || !ok || uid.Str() != meta.Key {
			t.Fatalf("record without key: meta %+v", meta)
		}
	})
}

// FuzzCanonicalJSON checks the audit key's fast path against the definition
// (decode with UseNumber, re-encode with encoding/json), and the string
// quoting against encoding/json's.
func FuzzCanonicalJSON(f *testing.F) {
	addSamplePages(f)
	f.Add([]byte(`{"a":"<&>\u2028\u0000é","b":[1,-0,1.0,null,{"c":true}],"a":2}`))
	f.Add([]byte(`{"s":"\ud83d\ude42\ud800"}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		if s := string(data); utf8.ValidString(s) {
			var want bytes.Buffer
			enc := json.NewEncoder(&want)
			enc.SetEscapeHTML(false)
			if err := enc.Encode(s); err != nil {
				t.Fatal(err)
			}
			if got := appendCanonicalString(nil, s); !bytes.Equal(got, bytes.TrimSuffix(want.Bytes(), []byte("\n"))) {
				t.Fatalf("quoting %q: got %s, encoding/json %s", s, got, want.Bytes())
			}
		}

		got, err := AuditKey(data)
		if err != nil {
			return
		}
		canon, err := referenceCanonicalJSON(data)
		if err != nil {
			t.Fatalf("AuditKey accepted what the definition rejects: %v", err)
		}
		sum := sha256.Sum256(canon)
		if want := hex.EncodeToString(sum[:]); got != want {
			t.Fatalf("AuditKey %s, definition %s (canonical %s)", got, want, canon)
		}
	})
}
