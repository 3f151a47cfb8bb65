package main

import (
	"slices"
	"strings"
	"testing"
)

func TestTruncateAndAbbreviate(t *testing.T) {
	tests := []struct {
		s               string
		w               int
		trunc, abbrevTo string
	}{
		{s: "short", w: 10, trunc: "short", abbrevTo: "short"},
		{s: "exactly10!", w: 10, trunc: "exactly10!", abbrevTo: "exactly10!"},
		{s: "container_security.kubernetesAuditEventLogs", w: 20, trunc: "container_security.…", abbrevTo: "container…tEventLogs"},
		{s: "ééééé", w: 3, trunc: "éé…", abbrevTo: "é…é"},
		{s: "abc", w: 0, trunc: "", abbrevTo: ""},
	}
	for _, tt := range tests {
		if got := truncate(tt.s, tt.w); got != tt.trunc {
			t.Errorf("truncate(%q, %d) = %q, want %q", tt.s, tt.w, got, tt.trunc)
		}
		if got := abbreviate(tt.s, tt.w); got != tt.abbrevTo {
			t.Errorf("abbreviate(%q, %d) = %q, want %q", tt.s, tt.w, got, tt.abbrevTo)
		}
	}
}

func TestWrap(t *testing.T) {
	tests := []struct {
		name   string
		text   string
		w, max int
		want   []string
	}{
		{name: "fits", text: "a b c", w: 10, want: []string{"> a b c"}},
		{name: "wrapped at spaces", text: "aaa bbb ccc", w: 9, want: []string{"> aaa bbb", "  ccc"}},
		{name: "a word longer than a line is split", text: "abcdefghijkl x", w: 6, want: []string{"> abcd", "  efgh", "  ijkl", "  x"}},
		{name: "cut to max lines", text: "aaa bbb ccc ddd", w: 9, max: 2, want: []string{"> aaa bbb", "  ccc ddd"}},
		{name: "cut with an ellipsis", text: "aaa bbb ccc ddd eee", w: 9, max: 2, want: []string{"> aaa bbb", "  ccc dd…"}},
		{name: "nothing", text: "", w: 9, want: nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := wrap(strings.Fields(tt.text), "> ", "  ", tt.w, tt.max)
			if !slices.Equal(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
			for _, l := range got {
				if width(l) > tt.w {
					t.Errorf("%q is wider than %d", l, tt.w)
				}
			}
		})
	}
}
