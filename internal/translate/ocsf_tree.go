package translate

import (
	"math"
	"strconv"
	"sync"

	"go.opentelemetry.io/collector/pdata/pcommon"
)

// The mappers write an OCSF event through evMap, evSlice and evValue, which
// have pcommon's names for what a mapping does with an event: with a map
// body they are the body's pcommon values themselves; with a JSON body
// (body_format: json) they are nodes of an evTree, which the record's text
// is written from. pdata allocates every value it holds (three times an
// object), and an event holds two to three times the values of its item:
// building the event in pdata only to write it as text cost more than the
// rest of the translation (BENCHMARKS.md, section 7).

// evTree is an OCSF event as nodes in one slice, reused from record to
// record.
type evTree struct {
	// nodes[0] is unused: index 0 means "none" in the links.
	nodes []evNode
	// moved are the item's values moved into the event (evValue.moveFrom,
	// evMap.taken): as with pcommon's MoveTo, a value is moved once.
	moved []pcommon.Value
}

type evKind uint8

const (
	evEmpty evKind = iota
	evStr
	evInt
	evDouble
	evBool
	evMapKind
	evSliceKind
	// evItemValue is a value of the item (item), written as it is.
	evItemValue
	// evItemMap is an object of the item (itemMap), written as it is.
	evItemMap
)

// evNode is one value of the event, a member of an object (with its key)
// or an element of an array.
type evNode struct {
	key     string
	str     string
	num     int64 // an Int; a Bool as 0 or 1; a Double's bits
	item    pcommon.Value
	itemMap pcommon.Map
	kind    evKind
	// first and last are an object's or array's members, next the member
	// after this one; n counts the members.
	first, last, next int32
	n                 int32
}

var evTrees = sync.Pool{New: func() any { return &evTree{nodes: make([]evNode, 1, 64)} }}

// maxPooledNodes keeps an unusually large event's tree out of the pool.
const maxPooledNodes = 4096

// newEvTree returns an empty tree whose root, an object, is node 1.
func newEvTree() *evTree {
	t := evTrees.Get().(*evTree)
	t.add(evMapKind)
	return t
}

// release hands the tree back for another record; nothing of this one
// (its strings, the item's values) stays reachable from the pool.
func (t *evTree) release() {
	if len(t.nodes) > maxPooledNodes {
		return
	}
	clear(t.nodes)
	clear(t.moved)
	t.nodes, t.moved = t.nodes[:1], t.moved[:0]
	evTrees.Put(t)
}

func (t *evTree) root() evMap { return evMap{t: t, i: 1} }

func (t *evTree) add(k evKind) int32 {
	t.nodes = append(t.nodes, evNode{kind: k})
	return int32(len(t.nodes) - 1)
}

// link appends node c to the members of node p.
func (t *evTree) link(p, c int32) {
	pn := &t.nodes[p]
	if pn.last == 0 {
		pn.first = c
	} else {
		t.nodes[pn.last].next = c
	}
	pn.last = c
	pn.n++
}

// set makes node i a value of kind k, dropping what it held.
func (t *evTree) set(i int32, k evKind) *evNode {
	nd := &t.nodes[i]
	*nd = evNode{key: nd.key, next: nd.next, kind: k}
	return nd
}

// evMap is an object of the event (pcommon.Map's counterpart): a node of a
// tree, or with no tree the pcommon.Map pm itself (the body map is written
// directly: made from a tree, it would cost a second pass).
type evMap struct {
	t  *evTree
	i  int32
	pm pcommon.Map
}

// newObject returns an object in no other: a mapper fills it, then moves
// it into the event only when something went in.
func (m evMap) newObject() evMap {
	if m.t == nil {
		return evMap{pm: pcommon.NewMap()}
	}
	return evMap{t: m.t, i: m.t.add(evMapKind)}
}

// EnsureCapacity makes room for n members in a pcommon.Map (a tree needs
// none).
func (m evMap) EnsureCapacity(n int) {
	if m.t == nil {
		m.pm.EnsureCapacity(n)
	}
}

// Get returns member k.
func (m evMap) Get(k string) (evValue, bool) {
	if m.t == nil {
		v, ok := m.pm.Get(k)
		return evValue{pv: v}, ok
	}
	c := m.t.member(m.i, k)
	return evValue{t: m.t, i: c}, c != 0
}

// str is member k when it is a string, else "".
func (m evMap) str(k string) string {
	if v, ok := m.Get(k); ok && v.Type() == pcommon.ValueTypeStr {
		return v.Str()
	}
	return ""
}

// PutEmpty returns member k, added if absent, emptied if present.
func (m evMap) PutEmpty(k string) evValue {
	if m.t == nil {
		return evValue{pv: m.pm.PutEmpty(k)}
	}
	return evValue{t: m.t, i: m.t.put(m.i, k, evEmpty)}
}

func (m evMap) PutStr(k, v string) {
	if m.t == nil {
		m.pm.PutStr(k, v)
	} else {
		m.t.nodes[m.t.put(m.i, k, evStr)].str = v
	}
}

func (m evMap) PutInt(k string, v int64) {
	if m.t == nil {
		m.pm.PutInt(k, v)
	} else {
		m.t.nodes[m.t.put(m.i, k, evInt)].num = v
	}
}

func (m evMap) PutBool(k string, v bool) { m.PutEmpty(k).SetBool(v) }

func (m evMap) PutDouble(k string, v float64) { m.PutEmpty(k).SetDouble(v) }

func (m evMap) PutEmptyMap(k string) evMap {
	if m.t == nil {
		return evMap{pm: m.pm.PutEmptyMap(k)}
	}
	return evMap{t: m.t, i: m.t.put(m.i, k, evMapKind)}
}

func (m evMap) PutEmptySlice(k string) evSlice {
	if m.t == nil {
		return evSlice{ps: m.pm.PutEmptySlice(k)}
	}
	return evSlice{t: m.t, i: m.t.put(m.i, k, evSliceKind)}
}

// member is the member k of object p, 0 if none.
func (t *evTree) member(p int32, k string) int32 {
	for c := t.nodes[p].first; c != 0; c = t.nodes[c].next {
		if t.nodes[c].key == k {
			return c
		}
	}
	return 0
}

// put returns member k of object p made a value of kind kd: added if
// absent, emptied if present.
func (t *evTree) put(p int32, k string, kd evKind) int32 {
	if c := t.member(p, k); c != 0 {
		t.set(c, kd)
		return c
	}
	c := t.add(kd)
	t.nodes[c].key = k
	t.link(p, c)
	return c
}

// Len is the number of members.
func (m evMap) Len() int {
	if m.t == nil {
		return m.pm.Len()
	}
	return int(m.t.nodes[m.i].n)
}

// Remove removes member k and reports whether it was there.
func (m evMap) Remove(k string) bool {
	if m.t == nil {
		return m.pm.Remove(k)
	}
	p := &m.t.nodes[m.i]
	prev := int32(0)
	for c := p.first; c != 0; prev, c = c, m.t.nodes[c].next {
		if m.t.nodes[c].key != k {
			continue
		}
		next := m.t.nodes[c].next
		if prev == 0 {
			p.first = next
		} else {
			m.t.nodes[prev].next = next
		}
		if p.last == c {
			p.last = prev
		}
		p.n--
		return true
	}
	return false
}

// MoveTo makes dst, of the same event, hold m's members and m none.
func (m evMap) MoveTo(dst evMap) {
	if m.t == nil {
		m.pm.MoveTo(dst.pm)
		return
	}
	src, d := &m.t.nodes[m.i], &dst.t.nodes[dst.i]
	d.first, d.last, d.n = src.first, src.last, src.n
	src.first, src.last, src.n = 0, 0, 0
}

// CopyTo makes dst, of the same event, a copy of m.
func (m evMap) CopyTo(dst evMap) {
	if m.t == nil {
		m.pm.CopyTo(dst.pm)
		return
	}
	dst.t.set(dst.i, evMapKind)
	for c := m.t.nodes[m.i].first; c != 0; c = m.t.nodes[c].next {
		m.t.copyNode(c, dst.PutEmpty(m.t.nodes[c].key).i)
	}
}

// copyNode makes node dst, empty, a copy of node src.
func (t *evTree) copyNode(src, dst int32) {
	nd := t.nodes[src]
	d := t.set(dst, nd.kind)
	d.str, d.num, d.item, d.itemMap = nd.str, nd.num, nd.item, nd.itemMap
	if nd.kind == evMapKind || nd.kind == evSliceKind {
		for c := nd.first; c != 0; c = t.nodes[c].next {
			e := t.add(evEmpty)
			t.nodes[e].key = t.nodes[c].key
			t.link(dst, e)
			t.copyNode(c, e)
		}
	}
}

// evSlice is an array of the event (pcommon.Slice's counterpart).
type evSlice struct {
	t  *evTree
	i  int32
	ps pcommon.Slice
}

// AppendEmpty appends an empty element and returns it.
func (s evSlice) AppendEmpty() evValue {
	if s.t == nil {
		return evValue{pv: s.ps.AppendEmpty()}
	}
	c := s.t.add(evEmpty)
	s.t.link(s.i, c)
	return evValue{t: s.t, i: c}
}

// EnsureCapacity makes room for n elements in a pcommon.Slice.
func (s evSlice) EnsureCapacity(n int) {
	if s.t == nil {
		s.ps.EnsureCapacity(n)
	}
}

func (s evSlice) Len() int {
	if s.t == nil {
		return s.ps.Len()
	}
	return int(s.t.nodes[s.i].n)
}

// At returns element i (a walk: the arrays a mapper reads back are short).
func (s evSlice) At(i int) evValue {
	if s.t == nil {
		return evValue{pv: s.ps.At(i)}
	}
	c := s.t.nodes[s.i].first
	for ; i > 0; i-- {
		c = s.t.nodes[c].next
	}
	return evValue{t: s.t, i: c}
}

// evValue is a value of the event (pcommon.Value's counterpart).
type evValue struct {
	t  *evTree
	i  int32
	pv pcommon.Value
}

func (v evValue) node() *evNode { return &v.t.nodes[v.i] }

// Type is the value's type as pcommon names it; an item's value has its own.
func (v evValue) Type() pcommon.ValueType {
	if v.t == nil {
		return v.pv.Type()
	}
	switch nd := v.node(); nd.kind {
	case evStr:
		return pcommon.ValueTypeStr
	case evInt:
		return pcommon.ValueTypeInt
	case evDouble:
		return pcommon.ValueTypeDouble
	case evBool:
		return pcommon.ValueTypeBool
	case evMapKind, evItemMap:
		return pcommon.ValueTypeMap
	case evSliceKind:
		return pcommon.ValueTypeSlice
	case evItemValue:
		return nd.item.Type()
	}
	return pcommon.ValueTypeEmpty
}

// Str is the value of a string ("" for another type).
func (v evValue) Str() string {
	if v.t == nil {
		return v.pv.Str()
	}
	nd := v.node()
	if nd.kind == evItemValue {
		return nd.item.Str()
	}
	return nd.str
}

// Int is the value of an integer (0 for another type).
func (v evValue) Int() int64 {
	if v.t == nil {
		return v.pv.Int()
	}
	nd := v.node()
	switch nd.kind {
	case evItemValue:
		return nd.item.Int()
	case evInt:
		return nd.num
	}
	return 0
}

// Map is the object v is.
func (v evValue) Map() evMap {
	if v.t == nil {
		return evMap{pm: v.pv.Map()}
	}
	v.t.expand(v.i)
	return evMap{t: v.t, i: v.i}
}

// Slice is the array v is.
func (v evValue) Slice() evSlice {
	if v.t == nil {
		return evSlice{ps: v.pv.Slice()}
	}
	v.t.expand(v.i)
	return evSlice{t: v.t, i: v.i}
}

// expand makes node i, when it is an object or array of the item, an
// object or array of the tree whose members are the item's: a mapper adds
// to an array it took from the item.
func (t *evTree) expand(i int32) {
	nd := t.nodes[i]
	member := func(k string, v pcommon.Value) {
		c := t.add(evItemValue)
		t.nodes[c].key, t.nodes[c].item = k, v
		t.link(i, c)
	}
	switch {
	case nd.kind == evItemMap:
		t.set(i, evMapKind)
		for k, v := range nd.itemMap.All() {
			member(k, v)
		}
	case nd.kind == evItemValue && nd.item.Type() == pcommon.ValueTypeMap:
		t.set(i, evMapKind)
		for k, v := range nd.item.Map().All() {
			member(k, v)
		}
	case nd.kind == evItemValue && nd.item.Type() == pcommon.ValueTypeSlice:
		t.set(i, evSliceKind)
		s := nd.item.Slice()
		for j := range s.Len() {
			member("", s.At(j))
		}
	}
}

func (v evValue) SetStr(s string) {
	if v.t == nil {
		v.pv.SetStr(s)
		return
	}
	v.t.set(v.i, evStr).str = s
}

func (v evValue) SetInt(n int64) {
	if v.t == nil {
		v.pv.SetInt(n)
		return
	}
	v.t.set(v.i, evInt).num = n
}

func (v evValue) SetDouble(f float64) {
	if v.t == nil {
		v.pv.SetDouble(f)
		return
	}
	v.t.set(v.i, evDouble).num = int64(math.Float64bits(f))
}

func (v evValue) SetBool(b bool) {
	if v.t == nil {
		v.pv.SetBool(b)
		return
	}
	nd := v.t.set(v.i, evBool)
	if b {
		nd.num = 1
	}
}

func (v evValue) SetEmptyMap() evMap {
	if v.t == nil {
		return evMap{pm: v.pv.SetEmptyMap()}
	}
	v.t.set(v.i, evMapKind)
	return evMap{t: v.t, i: v.i}
}

func (v evValue) SetEmptySlice() evSlice {
	if v.t == nil {
		return evSlice{ps: v.pv.SetEmptySlice()}
	}
	v.t.set(v.i, evSliceKind)
	return evSlice{t: v.t, i: v.i}
}

// moveFrom makes v the item's value iv, taken from the item (pcommon's
// iv.MoveTo, which leaves iv empty): the body gets iv's own value rather
// than a new one. A tree refers to iv, which stays in the item until the
// text is written; the caller checked it was not taken (evMap.taken).
func (v evValue) moveFrom(iv pcommon.Value) {
	if v.t == nil {
		iv.MoveTo(v.pv)
		return
	}
	v.t.moved = append(v.t.moved, iv)
	v.t.set(v.i, evItemValue).item = iv
}

// taken reports whether the item's value iv was moved into the event
// already: a tree's counterpart of the empty value pcommon's MoveTo leaves
// (which the body map's readers see for themselves).
func (m evMap) taken(iv pcommon.Value) bool {
	if m.t == nil {
		return false
	}
	for _, v := range m.t.moved {
		if v == iv {
			return true
		}
	}
	return false
}

// moveFrom makes m the item's object src, taken from the item (pcommon's
// src.MoveTo); the mapper moves an object once, having read it. An evMap,
// not an evValue: a pcommon.Value is its object's slot, which the object's
// next members may move, where a pcommon.Map stays valid.
func (m evMap) moveFrom(src pcommon.Map) {
	if m.t == nil {
		src.MoveTo(m.pm)
		return
	}
	m.t.set(m.i, evItemMap).itemMap = src
}

// appendMembers writes object i's members as JSON object members, each
// preceded by a comma but the first.
func (w *jsonWriter) appendMembers(dst []byte, t *evTree, i int32) []byte {
	for c := t.nodes[i].first; c != 0; c = t.nodes[c].next {
		if c != t.nodes[i].first {
			dst = append(dst, ',')
		}
		dst = w.appendString(dst, t.nodes[c].key)
		dst = append(dst, ':')
		dst = w.appendNode(dst, t, c)
	}
	return dst
}

func (w *jsonWriter) appendNode(dst []byte, t *evTree, i int32) []byte {
	nd := &t.nodes[i]
	switch nd.kind {
	case evStr:
		return w.appendString(dst, nd.str)
	case evInt:
		return strconv.AppendInt(dst, nd.num, 10)
	case evDouble:
		return appendJSONFloat(dst, math.Float64frombits(uint64(nd.num)))
	case evBool:
		return strconv.AppendBool(dst, nd.num == 1)
	case evMapKind:
		dst = append(dst, '{')
		dst = w.appendMembers(dst, t, i)
		return append(dst, '}')
	case evSliceKind:
		dst = append(dst, '[')
		for c := nd.first; c != 0; c = t.nodes[c].next {
			if c != nd.first {
				dst = append(dst, ',')
			}
			dst = w.appendNode(dst, t, c)
		}
		return append(dst, ']')
	case evItemValue:
		return w.appendValue(dst, nd.item)
	case evItemMap:
		return w.appendMap(dst, nd.itemMap)
	}
	return append(dst, "null"...)
}
