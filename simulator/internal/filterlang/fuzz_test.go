package filterlang

import (
	"errors"
	"reflect"
	"testing"
)

// FuzzParseFilter checks that no input panics, that every error carries an
// offset inside the input, and that an accepted filter's canonical form
// parses back to an equal expression. Seeds are the table inputs.
func FuzzParseFilter(f *testing.F) {
	for _, tt := range filterParseTests {
		f.Add(tt.in)
	}
	for _, tt := range filterErrorTests {
		f.Add(tt.in)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, opts := range []FilterOptions{anyField, workbench, {}} {
			checkRoundTrip(t, s, func(s string) (Expr, error) { return ParseFilter(s, opts) })
		}
	})
}

// FuzzParseQuery is FuzzParseFilter for TMV1-Query.
func FuzzParseQuery(f *testing.F) {
	for _, tt := range queryParseTests {
		f.Add(tt.in)
	}
	for _, tt := range queryErrorTests {
		f.Add(tt.in)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, fields := range []map[string]MatchKind{nil, detectionFields} {
			checkRoundTrip(t, s, func(s string) (Expr, error) { return ParseQuery(s, fields) })
		}
	})
}

// fuzzItem has values for the fields the seeds use, so Match walks real
// comparisons and not only missing fields.
var fuzzItem = MapResolver{
	"id": {"1"}, "severity": {"high"}, "model": {"O'Brien"}, "hostName": {"web01", ""},
	"dpt": {"443"}, "src": {"192.169.1.1"}, "uuid": {"u"}, "processCmd": {`say "hi"`},
}

func checkRoundTrip(t *testing.T, s string, parse func(string) (Expr, error)) {
	t.Helper()
	e, err := parse(s)
	if err != nil {
		var se *SyntaxError
		if !errors.As(err, &se) || se.Offset < 0 || se.Offset > len(s) {
			t.Fatalf("parsing %q: error %v is not a *SyntaxError with an offset inside the input", s, err)
		}
		return
	}
	printed := e.String()
	again, err := parse(printed)
	if err != nil {
		t.Fatalf("canonical form %q of %q does not parse: %v", printed, s, err)
	}
	if !reflect.DeepEqual(e, again) {
		t.Fatalf("canonical form %q of %q parses to a different expression:\n%#v\n%#v", printed, s, e, again)
	}
	if again.String() != printed {
		t.Fatalf("canonical form is not stable: %q then %q", printed, again.String())
	}
	e.Match(fuzzItem) // must not panic
}
