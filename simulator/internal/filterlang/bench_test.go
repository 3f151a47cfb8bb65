package filterlang

import (
	"strconv"
	"strings"
	"testing"
)

// Benchmarks over hostile inputs at growing sizes: a constant MB/s across
// sizes shows parsing is linear. Inputs are valid or fail late, so the whole
// input is read.
func BenchmarkParseFilter(b *testing.B) {
	inputs := map[string]func(n int) string{
		"or_chain":     func(n int) string { return repeatTo("id eq 'x' or ", n) + "id eq 'y'" },
		"quotes":       func(n int) string { return "model eq '" + repeatTo("''", n) + "'" },
		"unclosed":     func(n int) string { return "model eq '" + repeatTo("''", n) },
		"deep_parens":  func(n int) string { return repeatTo("(", n) },
		"nested_nots":  func(n int) string { return repeatTo("not ", n) },
		"contains_and": func(n int) string { return repeatTo("contains(model,'a') and ", n) + "id eq '1'" },
	}
	benchmarkParse(b, inputs, func(s string) { _, _ = ParseFilter(s, anyField) })
}

func BenchmarkParseQuery(b *testing.B) {
	inputs := map[string]func(n int) string{
		"or_chain":    func(n int) string { return repeatTo(`hostName:web* or `, n) + "dpt:1" },
		"escapes":     func(n int) string { return `processCmd:"` + repeatTo(`\"\*`, n) + `"` },
		"unclosed":    func(n int) string { return `processCmd:"` + repeatTo(`\"`, n) },
		"deep_parens": func(n int) string { return repeatTo("(", n) },
		"bare_word":   func(n int) string { return "hostName:" + repeatTo("a*", n) },
	}
	benchmarkParse(b, inputs, func(s string) { _, _ = ParseQuery(s, nil) })
}

// BenchmarkMatchWildcard measures a star-heavy pattern against a value that
// almost matches, the worst case for backtracking matchers.
func BenchmarkMatchWildcard(b *testing.B) {
	for _, n := range []int{1 << 10, 1 << 14} {
		segs := strings.Split(repeatTo("a*", n/8)+"b", "*")
		value := strings.Repeat("a", n)
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			b.SetBytes(int64(n))
			for b.Loop() {
				matchWildcard(segs, value, true)
			}
		})
	}
}

func benchmarkParse(b *testing.B, inputs map[string]func(n int) string, parse func(string)) {
	for name, build := range inputs {
		for _, n := range []int{1 << 10, 1 << 14, 1 << 18} {
			s := build(n)
			b.Run(name+"/"+strconv.Itoa(n), func(b *testing.B) {
				b.SetBytes(int64(len(s)))
				for b.Loop() {
					parse(s)
				}
			})
		}
	}
}

// repeatTo repeats unit until the result is at least n bytes long.
func repeatTo(unit string, n int) string {
	return strings.Repeat(unit, (n+len(unit)-1)/len(unit))
}
