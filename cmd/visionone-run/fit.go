package main

import (
	"strings"
	"unicode/utf8"
)

// consoleWidth is the narrowest terminal the launcher's own lines fit in:
// a line wider than the terminal wraps, and the table then loses its
// columns.
const consoleWidth = 80

// ellipsis marks text left out.
const ellipsis = "…"

// width is how many columns s takes, one per rune (the launcher prints no
// wide characters of its own; others at worst make a line look longer).
func width(s string) int { return utf8.RuneCountInString(s) }

// truncate cuts s to at most w columns, ending it with an ellipsis if cut.
func truncate(s string, w int) string {
	if width(s) <= w {
		return s
	}
	if w < 1 {
		return ""
	}
	r := []rune(s)
	return string(r[:w-1]) + ellipsis
}

// abbreviate cuts s to at most w columns by leaving out its middle, so both
// ends of a stream name stay readable (container_security.…EventLogs).
func abbreviate(s string, w int) string {
	if width(s) <= w {
		return s
	}
	if w < 3 {
		return truncate(s, w)
	}
	r := []rune(s)
	head := (w - 1) / 2
	tail := w - 1 - head
	return string(r[:head]) + ellipsis + string(r[len(r)-tail:])
}

// wrap lays words out in lines of at most w columns, the first line behind
// first and the others behind indent, splitting a word too long for a line
// across lines. With maxLines > 0 it stops at that many lines, the last
// filled with what is left and ending in an ellipsis if that was cut.
func wrap(words []string, first, indent string, w, maxLines int) []string {
	if width(indent) >= w {
		indent = ""
	}
	var lines []string
	cur := []rune(first)
	fresh := true // no word on cur yet
	last := func() bool { return maxLines > 0 && len(lines) == maxLines-1 }
	push := func() {
		lines = append(lines, string(cur))
		cur, fresh = []rune(indent), true
	}
	for i, word := range words {
		r := []rune(word)
		if !fresh {
			if len(cur)+1+len(r) > w && !last() {
				push()
			} else {
				cur = append(cur, ' ')
			}
		}
		if len(cur)+len(r) > w && last() {
			rest := strings.Join(append([]string{string(r)}, words[i+1:]...), " ")
			return append(lines, truncate(string(cur)+rest, w))
		}
		for len(cur)+len(r) > w {
			room := w - len(cur)
			cur = append(cur, r[:room]...)
			r = r[room:]
			push()
			if len(cur)+len(r) > w && last() {
				rest := strings.Join(append([]string{string(r)}, words[i+1:]...), " ")
				return append(lines, truncate(string(cur)+rest, w))
			}
		}
		cur = append(cur, r...)
		fresh = false
	}
	if !fresh {
		lines = append(lines, string(cur))
	}
	return lines
}
