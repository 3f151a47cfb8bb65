package simulator

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strconv"
	"strings"

	"github.com/otel-visionone/trendmicrovisiononereceiver/simulator/internal/gen"
)

// itemResolver gives filterlang the values of a documented filter field on
// one rendered item. paths maps a filter field to its dotted item path
// (e.g. OAT endpointName → endpoint.endpointName); arrays met on the way are
// flattened, so `filters.riskLevel` yields every filter's risk level. A field
// without a path is a top-level key of the same name.
//
// An object where the path ends stands for its name (workbench hosts); on
// search items (objectsAsJSON) an object without a name stands for its
// canonical JSON text, so that the partial match TMV1-Query documents for
// structured fields (identityActivities eventAdditionalDetails,
// targetResources) finds its keys and values.
type itemResolver struct {
	item          map[string]any
	paths         map[string]string
	objectsAsJSON bool
}

// Values implements filterlang.Resolver.
func (r itemResolver) Values(field string) []string {
	path, ok := r.paths[field]
	if !ok {
		path = field
	}
	var out []string
	r.collect(r.item, strings.Split(path, "."), &out)
	return out
}

func (r itemResolver) collect(v any, path []string, out *[]string) {
	switch x := v.(type) {
	case nil:
	case []any:
		for _, e := range x {
			r.collect(e, path, out)
		}
	case map[string]any:
		if len(path) > 0 {
			r.collect(x[path[0]], path[1:], out)
		} else if name, ok := x["name"]; ok {
			// A host object stands for its name: workbench entityValue and
			// indicator values are a string or {name, ips, guid} (§2.2).
			r.collect(name, nil, out)
		} else if r.objectsAsJSON {
			*out = append(*out, string(gen.CanonicalJSON(x)))
		}
	default:
		// gen also builds typed slices ([]string, []int, [][]string, ...).
		if rv := reflect.ValueOf(x); rv.Kind() == reflect.Slice {
			for i := range rv.Len() {
				r.collect(rv.Index(i).Interface(), path, out)
			}
		} else if len(path) == 0 {
			*out = append(*out, scalarString(x))
		}
	}
}

// scalarString renders a JSON scalar as its literal text (numbers without
// exponent or trailing zeros, so `dpt:443` matches 443).
func scalarString(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case bool:
		return strconv.FormatBool(x)
	case json.Number:
		return x.String()
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case float32:
		return strconv.FormatFloat(float64(x), 'f', -1, 32)
	default:
		return fmt.Sprint(x)
	}
}

// number returns v as a float64 when it is a JSON number.
func number(v any) (float64, bool) {
	switch x := v.(type) {
	case float64:
		return x, true
	case float32:
		return float64(x), true
	case int:
		return float64(x), true
	case int32:
		return float64(x), true
	case int64:
		return float64(x), true
	case uint32:
		return float64(x), true
	case uint64:
		return float64(x), true
	case json.Number:
		f, err := x.Float64()
		return f, err == nil
	}
	return 0, false
}
