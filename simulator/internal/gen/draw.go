package gen

import (
	"encoding/hex"
	"fmt"
	"math/rand/v2"
)

// Stream constants separate the random sequences drawn from one Seed, so that
// adding a draw to one generator never shifts the values of another (the
// workbench version plan, for instance, must not change when an alert body
// gains a field).
const (
	streamItem    uint64 = 0x17e3_a5c1
	streamPlan    uint64 = 0x91a7_0b2d
	streamVersion uint64 = 0x3c0f_e611 // + version index
)

// draw is one record's deterministic random source.
type draw struct {
	*rand.Rand
	rec Record
}

func newDraw(r Record, stream uint64) *draw {
	return &draw{Rand: rand.New(rand.NewPCG(r.Seed, stream)), rec: r}
}

// chance reports true with probability p.
func (d *draw) chance(p float64) bool { return d.Float64() < p }

// between returns an int in [lo, hi].
func (d *draw) between(lo, hi int) int { return lo + d.IntN(hi-lo+1) }

// hex returns n random lowercase hex digits (n even).
func (d *draw) hex(n int) string {
	b := make([]byte, n/2)
	for i := range b {
		b[i] = byte(d.Uint32())
	}
	return hex.EncodeToString(b)
}

// uuid returns a random version-4 UUID in lowercase.
func (d *draw) uuid() string { return formatUUID(d.Uint64(), d.Uint64()) }

// digits returns n random decimal digits.
func (d *draw) digits(n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte('0' + d.IntN(10))
	}
	return string(b)
}

// pick returns a random element of xs.
func pick[T any](d *draw, xs []T) T { return xs[d.IntN(len(xs))] }

// weighted is a value with a relative frequency.
type weighted[T any] struct {
	w int
	v T
}

// pickWeighted returns a value drawn with probability proportional to w.
func pickWeighted[T any](d *draw, xs []weighted[T]) T {
	total := 0
	for _, x := range xs {
		total += x.w
	}
	n := d.IntN(total)
	for _, x := range xs {
		if n < x.w {
			return x.v
		}
		n -= x.w
	}
	return xs[len(xs)-1].v
}

// byName indexes a catalog by each entry's name, for generators asked for a
// named scenario.
func byName[T any](xs []weighted[*T], name func(*T) string) map[string]*T {
	m := make(map[string]*T, len(xs))
	for _, x := range xs {
		m[name(x.v)] = x.v
	}
	return m
}

// formatUUID formats 128 bits as a version-4, RFC 4122 variant UUID.
func formatUUID(hi, lo uint64) string {
	hi = (hi &^ 0xf000) | 0x4000     // version 4
	lo = (lo &^ (0xc << 60)) | 8<<60 // RFC 4122 variant
	return fmt.Sprintf("%08x-%04x-%04x-%04x-%012x", hi>>32, (hi>>16)&0xffff, hi&0xffff, lo>>48, lo&0xffffffffffff)
}

// uuidFor formats 128 deterministic bits derived from seed as a version-4 UUID.
func uuidFor(seed uint64) string {
	rng := rand.New(rand.NewPCG(seed, 0x5eed01d))
	return formatUUID(rng.Uint64(), rng.Uint64())
}
