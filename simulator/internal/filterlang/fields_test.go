package filterlang

import (
	"slices"
	"testing"
)

func TestFields(t *testing.T) {
	filter := func(s string) (Expr, error) { return ParseFilter(s, anyField) }
	query := func(s string) (Expr, error) { return ParseQuery(s, nil) }
	tests := []struct {
		in    string
		parse func(string) (Expr, error)
		want  []string
	}{
		{`(category eq 'Account Management') and (activity eq 'Add user account')`, filter, []string{"activity", "category"}},
		{`not (b eq '1' or contains(a,'x')) and b eq '2'`, filter, []string{"a", "b"}},
		{``, filter, nil},
		{`dpt:443 or src:"192.169.1.1" or not uuid:*`, query, []string{"dpt", "src", "uuid"}},
		{`*`, query, nil},
	}
	for _, tt := range tests {
		e, err := tt.parse(tt.in)
		if err != nil {
			t.Fatalf("parsing %q: %v", tt.in, err)
		}
		if got := Fields(e); !slices.Equal(got, tt.want) {
			t.Errorf("Fields(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
