package feeds

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestFilterSyntax(t *testing.T) {
	tests := []struct {
		filter string
		valid  bool
	}{
		// The reference's own examples (docs/visionone-api.md §1.6).
		{"investigationStatus eq 'New' and contains(impactScopeEntityValue,'nimda')", true},
		{"(riskLevel eq 'high') and (endpointName eq 'my-computer')", true},
		{"(category eq 'Account Management') and (activity eq 'Add user account')", true},
		{"", true},
		{"name eq 'O''Brien'", true},
		{"name eq '(not a paren'", true},
		{"name eq 'a') or (x eq 'b'", false},
		{"(riskLevel eq 'high'", false},
		{"riskLevel eq 'high", false},
		{"name eq 'it''s", false},
	}
	for _, tt := range tests {
		err := CheckFilterSyntax(tt.filter)
		assert.Equal(t, tt.valid, err == nil, "%q: %v", tt.filter, err)
	}
}

func TestQuerySyntax(t *testing.T) {
	tests := []struct {
		query string
		valid bool
	}{
		{"*", true},
		{`dpt:443 or src:"192.169.1.1"`, true},
		{`hostName:"web 01" and (uuid:* or tags:"a\"b")`, true},
		{`processCmd:"C:\\Windows\\system32\\cmd.exe"`, true},
		{`src:"192.169.1.1`, false},
		{`(dpt:443 or dpt:80`, false},
		{`dpt:443)`, false},
		{`tags:"ends in a backslash\"`, false},
	}
	for _, tt := range tests {
		err := CheckQuerySyntax(tt.query)
		assert.Equal(t, tt.valid, err == nil, "%q: %v", tt.query, err)
	}
}

// A bad filter fails the start, naming the key.
func FuzzFilterSyntax(f *testing.F) {
	for _, s := range []string{"(a eq 'b') and contains(c,'d')", "x eq 'it''s'", "((", "'"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		err := CheckFilterSyntax(s)
		// Wrapping an accepted filter in parentheses keeps it accepted, and
		// an extra ')' outside quotes always breaks it.
		if err == nil {
			require.NoError(t, CheckFilterSyntax("("+s+")"))
			require.Error(t, CheckFilterSyntax(s+")"))
		} else {
			require.ErrorIs(t, err, ErrFilterSyntax)
		}
	})
}

func FuzzQuerySyntax(f *testing.F) {
	for _, s := range []string{`a:"b" or (c:*)`, `x:"a\"b"`, `"`, `\`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		err := CheckQuerySyntax(s)
		if err == nil {
			require.NoError(t, CheckQuerySyntax("("+s+")"))
			require.Error(t, CheckQuerySyntax(s+")"))
			// A query that is accepted never ends inside an open quote.
			require.False(t, strings.Count(s, `"`)%2 == 1 && !strings.Contains(s, `\`))
		} else {
			require.ErrorIs(t, err, ErrFilterSyntax)
		}
	})
}
