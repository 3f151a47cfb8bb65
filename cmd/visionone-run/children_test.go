package main

import (
	"slices"
	"strings"
	"testing"
)

func TestLineWriterHandsOverWholeLines(t *testing.T) {
	tests := []struct {
		name   string
		writes []string
		want   []string
	}{
		{name: "one line per write", writes: []string{"a\n", "b\n"}, want: []string{"a", "b"}},
		{name: "lines split across writes", writes: []string{"a\nb", "c\n", "d"}, want: []string{"a", "bc", "d"}},
		{name: "several lines in one write", writes: []string{"a\nb\n\nc\n"}, want: []string{"a", "b", "", "c"}},
		{name: "nothing", writes: nil, want: nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out strings.Builder
			var seen []string
			show := prefixed(&out, "[x] ")
			lw := &lineWriter{onLine: func(l string) { seen = append(seen, l); show(l) }}
			for _, w := range tt.writes {
				if n, err := lw.Write([]byte(w)); n != len(w) || err != nil {
					t.Fatalf("Write(%q) = %d, %v", w, n, err)
				}
			}
			lw.flush()
			if !slices.Equal(seen, tt.want) {
				t.Errorf("lines %q, want %q", seen, tt.want)
			}
			var want strings.Builder
			for _, l := range tt.want {
				want.WriteString("[x] " + l + "\n")
			}
			if out.String() != want.String() {
				t.Errorf("output %q, want %q", out.String(), want.String())
			}
		})
	}
}
