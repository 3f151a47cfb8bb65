package filterlang

import (
	"strings"
	"testing"
)

func TestMatchWildcard(t *testing.T) {
	tests := []struct {
		pattern  string
		s        string
		anchored bool
		want     bool
	}{
		{"abc", "abc", true, true},
		{"abc", "xabcx", true, false},
		{"abc", "xabcx", false, true},
		{"abc", "ab", false, false},
		{"", "", true, true},
		{"", "x", true, false},
		{"", "x", false, true},
		{"*", "", true, true},
		{"*", "anything", true, true},
		{"a*c", "abbbc", true, true},
		{"a*c", "ac", true, true},
		{"a*c", "abcd", true, false},
		{"a*c", "xxabcd", false, true},
		{"a*c", "ca", false, false},
		{"a*a", "a", true, false}, // segments may not overlap
		{"a*a", "aa", true, true},
		{"*b*", "abc", true, true},
		{"*b*", "ac", true, false},
		{"a*b*c", "aXbYbZc", true, true},
		{"a*b*c", "acb", true, false},
		{"a*b*a", "aba", true, true},
		{"ab*", "ab", true, true},
		{"*ab", "ab", true, true},
		{"*ab", "abx", true, false},
		{"*ab", "abx", false, true},
		{"a**b", "ab", true, true},
		{"?[x]", "?[x]", true, true}, // no other metacharacters
		{"?[x]", "a[x]", true, false},
	}
	for _, tt := range tests {
		segs := strings.Split(tt.pattern, "*")
		if got := matchWildcard(segs, tt.s, tt.anchored); got != tt.want {
			t.Errorf("matchWildcard(%q, %q, anchored=%v) = %v, want %v", tt.pattern, tt.s, tt.anchored, got, tt.want)
		}
	}
}
