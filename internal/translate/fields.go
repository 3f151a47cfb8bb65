package translate

import (
	"time"

	"go.opentelemetry.io/collector/pdata/pcommon"
)

// present returns m[name] unless it is absent or JSON null.
func present(m pcommon.Map, name string) (pcommon.Value, bool) {
	v, ok := m.Get(name)
	if !ok || v.Type() == pcommon.ValueTypeEmpty {
		return pcommon.Value{}, false
	}
	return v, true
}

// requiredKey returns m[name], which must be a non-empty string.
func requiredKey(m pcommon.Map, name string) (string, error) {
	v, ok := present(m, name)
	switch {
	case !ok:
		return "", fieldError(name, "is missing")
	case v.Type() != pcommon.ValueTypeStr:
		return "", fieldError(name, "is "+typeName(v)+", not a string")
	case v.Str() == "":
		return "", fieldError(name, "is empty")
	}
	return v.Str(), nil
}

// requiredTime parses m[name], which must be present.
func requiredTime(m pcommon.Map, name string) (time.Time, error) {
	v, ok := present(m, name)
	if !ok {
		return time.Time{}, fieldError(name, "is missing")
	}
	t, err := timeValue(v)
	if err != nil {
		return time.Time{}, fieldError(name, err.Error())
	}
	return t, nil
}

// timeWithFallback parses m[name] when present, else m[fallback]. A present
// but unparseable m[name] is an error: falling back would hide bad data.
func timeWithFallback(m pcommon.Map, name, fallback string) (time.Time, error) {
	if _, ok := present(m, name); ok {
		return requiredTime(m, name)
	}
	return requiredTime(m, fallback)
}

// str returns m[name] if it is a non-empty string.
func str(m pcommon.Map, name string) (string, bool) {
	v, ok := m.Get(name)
	if !ok || v.Type() != pcommon.ValueTypeStr || v.Str() == "" {
		return "", false
	}
	return v.Str(), true
}

// putStr copies m[from] to attrs[to] if it is a non-empty string.
func putStr(attrs pcommon.Map, to string, m pcommon.Map, from string) {
	if s, ok := str(m, from); ok {
		attrs.PutStr(to, s)
	}
}

// objects calls fn for each object in the array m[name].
func objects(m pcommon.Map, name string, fn func(pcommon.Map)) {
	v, ok := m.Get(name)
	if !ok || v.Type() != pcommon.ValueTypeSlice {
		return
	}
	s := v.Slice()
	for i := 0; i < s.Len(); i++ {
		if e := s.At(i); e.Type() == pcommon.ValueTypeMap {
			fn(e.Map())
		}
	}
}

// stringSet collects distinct non-empty strings in first-seen order. The sets
// here hold a handful of ids, where a linear scan beats a map.
type stringSet []string

func (s *stringSet) add(v string) {
	if v == "" {
		return
	}
	for _, have := range *s {
		if have == v {
			return
		}
	}
	*s = append(*s, v)
}

// addStrings adds the strings of the array m[name].
func (s *stringSet) addStrings(m pcommon.Map, name string) {
	v, ok := m.Get(name)
	if !ok || v.Type() != pcommon.ValueTypeSlice {
		return
	}
	sl := v.Slice()
	for i := 0; i < sl.Len(); i++ {
		if e := sl.At(i); e.Type() == pcommon.ValueTypeStr {
			s.add(e.Str())
		}
	}
}

// put stores the set as a string slice attribute, if it is not empty.
func (s stringSet) put(attrs pcommon.Map, name string) {
	if len(s) == 0 {
		return
	}
	sl := attrs.PutEmptySlice(name)
	sl.EnsureCapacity(len(s))
	for _, v := range s {
		sl.AppendEmpty().SetStr(v)
	}
}
