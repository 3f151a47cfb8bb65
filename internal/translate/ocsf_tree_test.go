package translate

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/pdata/pcommon"
)

// TestEvTree: what a mapping writes reads the same written into a body map
// and into a tree (the JSON body's), down to the order of members: each
// case runs on both, each on an item of its own, and both texts must be
// the case's.
func TestEvTree(t *testing.T) {
	const item = `{"s":"text","tags":["a","b"],"obj":{"k":"v","n":1},"list":[{"x":"1"},{"x":"2"}]}`
	for _, tc := range []struct {
		name  string
		write func(o ocsfObject, in *ocsfItem)
		want  string
	}{
		{"an overwritten member keeps its place", func(o ocsfObject, _ *ocsfItem) {
			o.m.PutStr("a", "1")
			o.m.PutInt("b", 2)
			o.m.PutInt("a", 3)
		}, `{"a":3,"b":2}`},
		{"values of each type", func(o ocsfObject, _ *ocsfItem) {
			o.m.PutBool("t", true)
			o.m.PutBool("f", false)
			o.m.PutDouble("d", 1.5)
			o.m.PutDouble("e", 1e21)
			o.m.PutInt("n", -7)
			o.m.PutStr("q", "a\"b\\c\n\u2028")
			o.strs("l", []string{"x", "y"})
			o.m.PutEmpty("null")
		}, `{"t":true,"f":false,"d":1.5,"e":1e+21,"n":-7,"q":"a\"b\\c\n\u2028","l":["x","y"],"null":null}`},
		{"removed first, middle and last; added after", func(o ocsfObject, _ *ocsfItem) {
			for _, k := range []string{"a", "b", "c", "d"} {
				o.m.PutStr(k, k)
			}
			assert.True(t, o.m.Remove("a"))
			assert.True(t, o.m.Remove("c"))
			assert.True(t, o.m.Remove("d"))
			assert.False(t, o.m.Remove("zz"))
			o.m.PutStr("e", "e")
			assert.Equal(t, 2, o.m.Len())
		}, `{"b":"b","e":"e"}`},
		{"a new object, moved in when filled; an empty one left out", func(o ocsfObject, _ *ocsfItem) {
			o.m.PutStr("first", "1")
			filled, empty := o.newObject(), o.newObject()
			filled.str("k", "v")
			if filled.m.Len() > 0 {
				filled.m.MoveTo(o.m.PutEmptyMap("filled"))
			}
			if empty.m.Len() > 0 {
				empty.m.MoveTo(o.m.PutEmptyMap("empty"))
			}
			assert.Equal(t, 0, filled.m.Len(), "moved out")
		}, `{"first":"1","filled":{"k":"v"}}`},
		{"a copy is apart from its original", func(o ocsfObject, in *ocsfItem) {
			p := o.obj("p")
			p.str("name", "bash")
			p.move("moved", in, "s")
			p.obj("file").str("path", "/bin/bash")
			p.m.CopyTo(o.obj("q").m)
			p.str("late", "x")
			q, _ := o.m.Get("q")
			ocsfObject{q.Map()}.str("only", "q")
		}, `{"p":{"name":"bash","moved":"text","file":{"path":"/bin/bash"},"late":"x"},` +
			`"q":{"name":"bash","moved":"text","file":{"path":"/bin/bash"},"only":"q"}}`},
		{"an item's string moved once", func(o ocsfObject, in *ocsfItem) {
			assert.True(t, o.move("a", in, "s"))
			assert.False(t, o.move("b", in, "s"), "nothing left to move")
		}, `{"a":"text"}`},
		{"an item's array moved, then added to", func(o ocsfObject, in *ocsfItem) {
			assert.True(t, o.moveStrs("labels", in, "tags"))
			v, ok := o.m.Get("labels")
			require.True(t, ok)
			require.Equal(t, pcommon.ValueTypeSlice, v.Type())
			v.Slice().AppendEmpty().SetStr("c")
			assert.Equal(t, 3, v.Slice().Len())
			assert.Equal(t, "b", v.Slice().At(1).Str())
		}, `{"labels":["a","b","c"]}`},
		{"an item's object moved whole", func(o ocsfObject, in *ocsfItem) {
			v, _ := in.value("obj")
			o.m.PutEmptyMap("data").moveFrom(v.Map())
			d, _ := o.m.Get("data")
			assert.Equal(t, pcommon.ValueTypeMap, d.Type())
		}, `{"data":{"k":"v","n":1}}`},
		{"an item's object moved in after its object grew", func(o ocsfObject, in *ocsfItem) {
			v, _ := in.value("obj")
			data := o.m.PutEmptyMap("data") // as a deferred move takes it
			for _, k := range []string{"a", "b", "c", "d", "e", "f", "g", "h", "i"} {
				o.m.PutStr(k, k) // past the room it had: pdata moves its members
			}
			data.moveFrom(v.Map())
		}, `{"data":{"k":"v","n":1},"a":"a","b":"b","c":"c","d":"d","e":"e","f":"f","g":"g","h":"h","i":"i"}`},
		{"objects of an item's array moved, read back", func(o ocsfObject, in *ocsfItem) {
			add := o.list("evidences")
			in.objs("list", func(m pcommon.Map) { add().m.PutEmptyMap("data").moveFrom(m) })
			v, _ := o.m.Get("evidences")
			second := v.Slice().At(1).Map()
			d, _ := second.Get("data")
			assert.Equal(t, "2", d.Map().str("x"))
			ocsfObject{second}.str("seen", "yes")
		}, `{"evidences":[{"data":{"x":"1"}},{"data":{"x":"2"},"seen":"yes"}]}`},
		{"child: the object there, else a new one", func(o ocsfObject, _ *ocsfItem) {
			o.child("c").str("a", "1")
			o.child("c").str("b", "2")
			o.m.PutInt("n", 1)
			v, _ := o.m.Get("n")
			assert.Equal(t, int64(1), v.Int())
		}, `{"c":{"a":"1","b":"2"},"n":1}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			newItem := func() *ocsfItem {
				it, err := decodeItem([]byte(item), 0)
				require.NoError(t, err)
				return &ocsfItem{m: it.body}
			}
			body := pcommon.NewMap()
			tc.write(ocsfObject{evMap{pm: body}}, newItem())
			w := getJSONWriter(false, false)
			defer w.release()
			assert.Equal(t, tc.want, string(w.appendMap(nil, body)), "map body")

			tree := newEvTree()
			defer tree.release()
			tc.write(ocsfObject{tree.root()}, newItem())
			text := append([]byte{'{'}, w.appendMembers(nil, tree, tree.root().i)...)
			assert.Equal(t, tc.want, string(append(text, '}')), "tree")
		})
	}
}

// TestEvTreeRelease: a tree handed back holds nothing of its record (the
// pool hands it out again).
func TestEvTreeRelease(t *testing.T) {
	item := pcommon.NewMap()
	item.PutStr("s", "x")
	tree := newEvTree()
	o := ocsfObject{tree.root()}
	o.str("a", "b")
	o.move("m", &ocsfItem{m: item}, "s")
	tree.release()
	assert.Len(t, tree.nodes, 1)
	assert.Equal(t, evNode{}, tree.nodes[:cap(tree.nodes)][1], "no string or value kept")
	assert.Empty(t, tree.moved)
	assert.Equal(t, pcommon.Value{}, tree.moved[:cap(tree.moved)][0])
}
