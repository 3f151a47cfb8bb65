package ocsf

import (
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
)

// FieldError is one defect of an event: Path is the attribute's JSON path
// (finding_info.analytic.type_id, observables[2].name; empty for the event
// itself).
type FieldError struct {
	Path string
	Msg  string
}

func (e *FieldError) Error() string {
	if e.Path == "" {
		return e.Msg
	}
	return e.Path + ": " + e.Msg
}

// Validate checks an event as encoding/json decodes it (map[string]any,
// []any, string, float64 or json.Number, bool, nil) against its class in the
// embedded digest, found by class_uid. It returns every defect, sorted by
// path; none means the event conforms.
//
// What it checks: required attributes (those of a profile only when
// metadata.profiles names the profile, as OCSF's profiles are opt-in),
// unknown attributes (unmapped is free-form), base types, enums of integer
// attributes (0, Unknown, is always accepted for *_id), is_array, the
// at_least_one/just_one constraints, category_uid against the class and
// type_uid = class_uid*100 + activity_id.
func Validate(event map[string]any) []error {
	return digest.Validate(event)
}

// Validate is Validate against d.
func (d *Digest) Validate(event map[string]any) []error {
	v := &validator{d: d}
	v.event(event)
	slices.SortStableFunc(v.errs, func(a, b error) int {
		return strings.Compare(a.(*FieldError).Path, b.(*FieldError).Path)
	})
	return v.errs
}

type validator struct {
	d        *Digest
	profiles map[string]bool
	errs     []error
}

func (v *validator) errorf(path, format string, args ...any) {
	v.errs = append(v.errs, &FieldError{Path: path, Msg: fmt.Sprintf(format, args...)})
}

func (v *validator) event(event map[string]any) {
	raw, ok := event["class_uid"]
	if !ok {
		v.errorf("class_uid", "required attribute is missing")
		return
	}
	uid, ok := wholeNumber(raw)
	if !ok {
		v.errorf("class_uid", "%s is not an integer", show(raw))
		return
	}
	class := v.d.Classes[strconv.FormatInt(uid, 10)]
	if class == nil {
		v.errorf("class_uid", "%d is not a class of the digest", uid)
		return
	}
	// Profiles the event declares: their required attributes apply.
	v.profiles = map[string]bool{}
	if md, ok := event["metadata"].(map[string]any); ok {
		if ps, ok := md["profiles"].([]any); ok {
			for _, p := range ps {
				if s, ok := p.(string); ok {
					v.profiles[s] = true
				}
			}
		}
	}
	v.object("", event, class)

	if raw, ok := event["category_uid"]; ok {
		if cat, ok := wholeNumber(raw); ok && cat != int64(class.CategoryUID) {
			v.errorf("category_uid", "%d is not class %d's category (%d)", cat, uid, class.CategoryUID)
		}
	}
	if raw, ok := event["type_uid"]; ok {
		tu, ok1 := wholeNumber(raw)
		act, ok2 := wholeNumber(event["activity_id"])
		if ok1 && ok2 && tu != uid*100+act {
			v.errorf("type_uid", "%d is not class_uid*100 + activity_id (%d)", tu, uid*100+act)
		}
	}
}

func join(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

// object checks the attributes of m against def.
func (v *validator) object(path string, m map[string]any, def *Class) {
	for name, val := range m {
		a := def.Attributes[name]
		if a == nil {
			v.errorf(join(path, name), "unknown attribute of %s", def.Name)
			continue
		}
		v.value(join(path, name), val, a)
	}
	for name, a := range def.Attributes {
		if a.Requirement != "required" || (a.Profile != "" && !v.profiles[a.Profile]) {
			continue
		}
		if _, ok := m[name]; !ok {
			v.errorf(join(path, name), "required attribute is missing")
		}
	}
	if c := def.Constraints; c != nil {
		if len(c.AtLeastOne) > 0 && present(m, c.AtLeastOne) == 0 {
			v.errorf(path, "at least one of %s is required", strings.Join(c.AtLeastOne, ", "))
		}
		if len(c.JustOne) > 0 && present(m, c.JustOne) != 1 {
			v.errorf(path, "exactly one of %s is required", strings.Join(c.JustOne, ", "))
		}
	}
}

func present(m map[string]any, names []string) int {
	n := 0
	for _, name := range names {
		if _, ok := m[name]; ok {
			n++
		}
	}
	return n
}

func (v *validator) value(path string, val any, a *Attr) {
	if a.IsArray {
		list, ok := val.([]any)
		if !ok {
			v.errorf(path, "%s is not an array", show(val))
			return
		}
		for i, e := range list {
			v.scalar(fmt.Sprintf("%s[%d]", path, i), e, a)
		}
		return
	}
	if _, ok := val.([]any); ok {
		v.errorf(path, "an array where %s is expected", describe(a))
		return
	}
	v.scalar(path, val, a)
}

func describe(a *Attr) string {
	if a.Type == "object" {
		return "an object " + a.ObjectType
	}
	return "a " + a.Type
}

// Limits of OCSF's integer_t (32-bit) and long_t (64-bit).
var limits = map[string][2]float64{
	"integer": {math.MinInt32, math.MaxInt32},
	"long":    {math.MinInt64, math.MaxInt64},
}

func (v *validator) scalar(path string, val any, a *Attr) {
	switch a.Type {
	case "json":
		return
	case "string":
		if _, ok := val.(string); !ok {
			v.errorf(path, "%s is not a string", show(val))
		}
	case "boolean":
		if _, ok := val.(bool); !ok {
			v.errorf(path, "%s is not a boolean", show(val))
		}
	case "float":
		if _, ok := number(val); !ok {
			v.errorf(path, "%s is not a number", show(val))
		}
	case "integer", "long":
		f, ok := number(val)
		lim := limits[a.Type]
		if !ok || f != math.Trunc(f) || f < lim[0] || f > lim[1] {
			what := "an integer"
			if a.Format == "timestamp_t" {
				what = "a timestamp (integer milliseconds)"
			}
			v.errorf(path, "%s is not %s", show(val), what)
			return
		}
		n, _ := wholeNumber(val)
		if len(a.Range) == 2 && (n < a.Range[0] || n > a.Range[1]) {
			v.errorf(path, "%d is out of range [%d, %d]", n, a.Range[0], a.Range[1])
		}
		if a.Enum != nil {
			if _, ok := a.Enum[strconv.FormatInt(n, 10)]; !ok && !(n == 0 && strings.HasSuffix(path, "_id")) {
				v.errorf(path, "%d is not in the enum", n)
			}
		}
	case "object":
		m, ok := val.(map[string]any)
		if !ok {
			v.errorf(path, "%s is not an object", show(val))
			return
		}
		if a.ObjectType == "object" {
			return // the generic object (unmapped): free-form
		}
		def := v.d.Objects[a.ObjectType]
		if def == nil {
			v.errorf(path, "object %s is not in the digest", a.ObjectType)
			return
		}
		v.object(path, m, def)
	default:
		v.errorf(path, "the digest has no type %q", a.Type)
	}
}

// number is val as a float64 if it is a JSON number.
func number(val any) (float64, bool) {
	switch n := val.(type) {
	case float64:
		return n, !math.IsNaN(n) && !math.IsInf(n, 0)
	case json.Number:
		f, err := n.Float64()
		return f, err == nil
	case int:
		return float64(n), true
	case int64:
		return float64(n), true
	case int32:
		return float64(n), true
	}
	return 0, false
}

// wholeNumber is val as an int64 if it is a whole JSON number.
func wholeNumber(val any) (int64, bool) {
	switch n := val.(type) {
	case json.Number:
		if i, err := n.Int64(); err == nil {
			return i, true
		}
	case int:
		return int64(n), true
	case int64:
		return n, true
	case int32:
		return int64(n), true
	}
	f, ok := number(val)
	if !ok || f != math.Trunc(f) || f < math.MinInt64 || f >= math.MaxInt64 {
		return 0, false
	}
	return int64(f), true
}

// show is a value for an error message, cut short.
func show(val any) string {
	raw, err := json.Marshal(val)
	if err != nil {
		return fmt.Sprintf("%v", val)
	}
	if len(raw) > 40 {
		return string(raw[:37]) + "..."
	}
	return string(raw)
}
