// Command ocsf-digest compiles the OCSF schema's classes the receiver maps to,
// and every object they reach, into internal/ocsf/digest.json: extends,
// $include (profiles) and dictionary types resolved, descriptions dropped.
//
//	go run ./cmd/ocsf-digest -schema <ocsf-schema checkout at v1.8.0> -o internal/ocsf/digest.json
//
// The schema's layout is that of github.com/ocsf/ocsf-schema (events/,
// objects/, profiles/, dictionary.json, categories.json, version.json).
package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/otel-visionone/trendmicrovisiononereceiver/internal/ocsf"
)

const attribution = "Compiled from the Open Cybersecurity Schema Framework (OCSF) schema, " +
	"https://github.com/ocsf/ocsf-schema, Copyright OCSF a Series of LF Projects, LLC, " +
	"licensed under the Apache License 2.0, by cmd/ocsf-digest."

func main() {
	schema := flag.String("schema", "", "path to a checkout of github.com/ocsf/ocsf-schema (v1.8.0)")
	out := flag.String("o", "internal/ocsf/digest.json", "output file")
	classes := flag.String("classes", joinInts(ocsf.DefaultClasses), "comma-separated class_uids to compile")
	flag.Parse()
	if *schema == "" {
		fmt.Fprintln(os.Stderr, "ocsf-digest: -schema is required")
		os.Exit(2)
	}
	uids, err := parseInts(*classes)
	if err == nil {
		var raw []byte
		if raw, err = build(*schema, uids); err == nil {
			err = os.WriteFile(*out, raw, 0o644)
		}
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "ocsf-digest:", err)
		os.Exit(1)
	}
}

func joinInts(v []int) string {
	s := make([]string, len(v))
	for i, n := range v {
		s[i] = strconv.Itoa(n)
	}
	return strings.Join(s, ",")
}

func parseInts(s string) ([]int, error) {
	var v []int
	for _, f := range strings.Split(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil {
			return nil, fmt.Errorf("-classes: %q is not a class_uid", f)
		}
		v = append(v, n)
	}
	return v, nil
}

type jmap = map[string]any

// schemaFiles is the schema as read: definitions by name.
type schemaFiles struct {
	dir        string
	events     map[string]jmap // by name
	objects    map[string]jmap
	dictionary jmap // attributes
	types      jmap // dictionary types
	categories map[string]int
	// categoryCaptions by category name
	categoryCaptions map[string]string
	version          string
}

func readJSON(path string) (jmap, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var m jmap
	if err := json.Unmarshal(raw, &m); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return m, nil
}

func readDir(dir string) (map[string]jmap, error) {
	byName := map[string]jmap{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".json") {
			return err
		}
		m, err := readJSON(path)
		if err != nil {
			return err
		}
		name, _ := m["name"].(string)
		if name == "" {
			return fmt.Errorf("%s: no name", path)
		}
		byName[name] = m
		return nil
	})
	return byName, err
}

func load(dir string) (*schemaFiles, error) {
	s := &schemaFiles{dir: dir, categories: map[string]int{}, categoryCaptions: map[string]string{}}
	var err error
	if s.events, err = readDir(filepath.Join(dir, "events")); err != nil {
		return nil, err
	}
	if s.objects, err = readDir(filepath.Join(dir, "objects")); err != nil {
		return nil, err
	}
	dict, err := readJSON(filepath.Join(dir, "dictionary.json"))
	if err != nil {
		return nil, err
	}
	s.dictionary, _ = dict["attributes"].(jmap)
	types, _ := dict["types"].(jmap)
	s.types, _ = types["attributes"].(jmap)
	cats, err := readJSON(filepath.Join(dir, "categories.json"))
	if err != nil {
		return nil, err
	}
	for name, c := range cats["attributes"].(jmap) {
		s.categories[name] = int(c.(jmap)["uid"].(float64))
		s.categoryCaptions[name], _ = c.(jmap)["caption"].(string)
	}
	s.categories["other"] = 0 // base_event's category, not in categories.json
	ver, err := readJSON(filepath.Join(dir, "version.json"))
	if err != nil {
		return nil, err
	}
	s.version, _ = ver["version"].(string)
	return s, nil
}

// merge deep-merges src over dst (both attribute definitions; compile keeps
// only what the digest's Attr has, so descriptions go): maps merge
// key by key (so enums add up along extends), other values replace, and an
// explicit null removes the key (a class's "profile": null takes an
// attribute out of its profile).
func merge(dst, src jmap) jmap {
	out := maps.Clone(dst)
	if out == nil {
		out = jmap{}
	}
	for k, v := range src {
		if v == nil {
			delete(out, k)
			continue
		}
		if sm, ok := v.(jmap); ok {
			dm, _ := out[k].(jmap)
			out[k] = merge(dm, sm)
			continue
		}
		out[k] = v
	}
	return out
}

// resolved is a definition with extends and $include applied.
type resolved struct {
	attrs       map[string]jmap
	constraints jmap
	category    string
	uid         float64
}

// resolve applies extends (the parent first) and then the file's own
// $include'd profiles and attributes, as the OCSF schema server compiles
// them.
func (s *schemaFiles) resolve(defs map[string]jmap, name string, seen map[string]bool) (*resolved, error) {
	def, ok := defs[name]
	if !ok {
		return nil, fmt.Errorf("%q is not defined", name)
	}
	if seen[name] {
		return nil, fmt.Errorf("%q extends itself", name)
	}
	seen[name] = true
	r := &resolved{attrs: map[string]jmap{}}
	if parent, _ := def["extends"].(string); parent != "" {
		p, err := s.resolve(defs, parent, seen)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		maps.Copy(r.attrs, p.attrs)
		r.constraints, r.category, r.uid = p.constraints, p.category, p.uid
	}
	if c, ok := def["category"].(string); ok {
		r.category = c
	}
	if u, ok := def["uid"].(float64); ok {
		r.uid = u
	}
	if c, ok := def["constraints"].(jmap); ok {
		r.constraints = c // a child's constraints replace its parent's ({} clears them)
	}
	attrs, _ := def["attributes"].(jmap)
	if inc, ok := attrs["$include"].([]any); ok {
		for _, p := range inc {
			prof, err := readJSON(filepath.Join(s.dir, p.(string)))
			if err != nil {
				return nil, fmt.Errorf("%s: %w", name, err)
			}
			pname, _ := prof["name"].(string)
			for an, av := range prof["attributes"].(jmap) {
				a := merge(r.attrs[an], av.(jmap))
				a["profile"] = pname
				r.attrs[an] = a
			}
		}
	}
	for an, av := range attrs {
		if an == "$include" {
			continue
		}
		r.attrs[an] = merge(r.attrs[an], av.(jmap))
	}
	return r, nil
}

// baseType follows a dictionary type to its base (port_t -> integer_t).
func (s *schemaFiles) baseType(t string) (base string, rng []int64, err error) {
	for range 10 {
		def, ok := s.types[t].(jmap)
		if !ok {
			return "", nil, fmt.Errorf("type %q is not in the dictionary", t)
		}
		if r, ok := def["range"].([]any); ok && rng == nil && len(r) == 2 {
			rng = []int64{int64(r[0].(float64)), int64(r[1].(float64))}
		}
		parent, _ := def["type"].(string)
		if parent == "" {
			return t, rng, nil
		}
		t = parent
	}
	return "", nil, fmt.Errorf("type %q: too deep", t)
}

var baseNames = map[string]string{
	"string_t": "string", "integer_t": "integer", "long_t": "long", "float_t": "float",
	"boolean_t": "boolean", "json_t": "json",
}

// compile turns resolved attributes into the digest's form, queuing the
// objects they reference.
func (s *schemaFiles) compile(where string, r *resolved, queue func(string)) (*ocsf.Class, error) {
	c := &ocsf.Class{Attributes: map[string]*ocsf.Attr{}}
	for name, local := range r.attrs {
		dict, ok := s.dictionary[name].(jmap)
		if !ok {
			return nil, fmt.Errorf("%s.%s: not in the dictionary", where, name)
		}
		a := merge(merge(nil, dict), local)
		t, _ := a["type"].(string)
		out := &ocsf.Attr{}
		out.Requirement, _ = a["requirement"].(string)
		if out.Requirement == "" {
			out.Requirement = "optional"
		}
		out.Profile, _ = a["profile"].(string)
		out.IsArray, _ = a["is_array"].(bool)
		if strings.HasSuffix(t, "_t") {
			base, rng, err := s.baseType(t)
			if err != nil {
				return nil, fmt.Errorf("%s.%s: %w", where, name, err)
			}
			if out.Type = baseNames[base]; out.Type == "" {
				return nil, fmt.Errorf("%s.%s: base type %q", where, name, base)
			}
			if t != base {
				out.Format = t
			}
			out.Range = rng
		} else {
			if _, ok := s.objects[t]; !ok {
				return nil, fmt.Errorf("%s.%s: object %q is not defined", where, name, t)
			}
			out.Type, out.ObjectType = "object", t
			queue(t)
		}
		if e, ok := a["enum"].(jmap); ok && (out.Type == "integer" || out.Type == "long") {
			out.Enum = map[string]string{}
			for id, v := range e {
				out.Enum[id], _ = v.(jmap)["caption"].(string)
			}
		}
		c.Attributes[name] = out
	}
	if r.constraints != nil {
		k := ocsf.Constraints{
			AtLeastOne: asStrings(r.constraints["at_least_one"]),
			JustOne:    asStrings(r.constraints["just_one"]),
		}
		if len(k.AtLeastOne)+len(k.JustOne) > 0 {
			for _, n := range slices.Concat(k.AtLeastOne, k.JustOne) {
				if c.Attributes[n] == nil {
					return nil, fmt.Errorf("%s: constraint names %q, not an attribute", where, n)
				}
			}
			c.Constraints = &k
		}
	}
	return c, nil
}

func asStrings(v any) []string {
	var out []string
	l, _ := v.([]any)
	for _, x := range l {
		if s, ok := x.(string); ok {
			out = append(out, s)
		}
	}
	sort.Strings(out)
	return out
}

// build compiles the digest of the classes uids from the schema at dir.
func build(dir string, uids []int) ([]byte, error) {
	s, err := load(dir)
	if err != nil {
		return nil, err
	}
	d := &ocsf.Digest{Attribution: attribution, Version: s.version,
		Classes: map[string]*ocsf.Class{}, Objects: map[string]*ocsf.Class{}}
	var pending []string
	queue := func(name string) {
		if _, done := d.Objects[name]; !done {
			d.Objects[name] = nil
			pending = append(pending, name)
		}
	}
	byUID := map[int]string{}
	for name := range s.events {
		r, err := s.resolve(s.events, name, map[string]bool{})
		if err != nil {
			return nil, err
		}
		cat, ok := s.categories[r.category]
		if !ok {
			return nil, fmt.Errorf("class %s: category %q is not in categories.json", name, r.category)
		}
		byUID[cat*1000+int(r.uid)] = name
	}
	for _, uid := range uids {
		name, ok := byUID[uid]
		if !ok {
			return nil, fmt.Errorf("class_uid %d is not in the schema", uid)
		}
		r, _ := s.resolve(s.events, name, map[string]bool{})
		c, err := s.compile(name, r, queue)
		if err != nil {
			return nil, err
		}
		c.Name, c.CategoryUID, c.ClassUID = name, s.categories[r.category], uid
		// The class files leave class_uid's and category_uid's enums to the
		// schema server, which fills in the class's own; so does the digest.
		caption, _ := s.events[name]["caption"].(string)
		c.Attributes["class_uid"].Enum = map[string]string{strconv.Itoa(uid): caption}
		c.Attributes["category_uid"].Enum = map[string]string{strconv.Itoa(c.CategoryUID): s.categoryCaptions[r.category]}
		d.Classes[strconv.Itoa(uid)] = c
	}
	for len(pending) > 0 {
		name := pending[0]
		pending = pending[1:]
		r, err := s.resolve(s.objects, name, map[string]bool{})
		if err != nil {
			return nil, err
		}
		c, err := s.compile(name, r, queue)
		if err != nil {
			return nil, err
		}
		c.Name = name
		d.Objects[name] = c
	}
	if o := d.Objects["observable"]; o != nil && o.Attributes["type_id"] != nil {
		maps.Copy(o.Attributes["type_id"].Enum, s.observableTypes())
	}
	return encode(d)
}

// observableTypes is the enum of observable.type_id, which the schema
// leaves to its server: the "observable" numbers of dictionary types,
// dictionary attributes, objects and their attributes, and class
// attributes, schema-wide (observable.json's type_id description). The
// captions are the type's, the attribute's or the object's, with the
// object's before an attribute of an object or class (an approximation
// of the server's).
func (s *schemaFiles) observableTypes() map[string]string {
	out := map[string]string{}
	add := func(v any, caption string) {
		n, ok := v.(float64)
		id := strconv.Itoa(int(n))
		// A number seen twice keeps the least caption, whatever the order
		// of the maps, so that the digest is deterministic.
		if old, seen := out[id]; ok && (!seen || caption < old) {
			out[id] = caption
		}
	}
	for _, t := range s.types {
		add(t.(jmap)["observable"], t.(jmap)["caption"].(string))
	}
	for name, a := range s.dictionary {
		if c, ok := a.(jmap)["caption"].(string); ok {
			add(a.(jmap)["observable"], c)
		} else {
			add(a.(jmap)["observable"], name)
		}
	}
	for _, defs := range []map[string]jmap{s.objects, s.events} {
		for _, def := range defs {
			caption, _ := def["caption"].(string)
			add(def["observable"], caption)
			attrs, _ := def["attributes"].(jmap)
			for name, a := range attrs {
				if am, ok := a.(jmap); ok {
					ac, _ := s.dictionary[name].(jmap)["caption"].(string)
					add(am["observable"], caption+" "+ac)
				}
			}
		}
	}
	return out
}

// encode writes the digest as compact JSON with sorted keys, one class or
// object a line so that a schema update's diff is readable.
func encode(d *ocsf.Digest) ([]byte, error) {
	var b bytes.Buffer
	field := func(key string, v any) error {
		raw, err := json.Marshal(v)
		if err != nil {
			return err
		}
		k, _ := json.Marshal(key)
		b.Write(k)
		b.WriteByte(':')
		b.Write(raw)
		return nil
	}
	section := func(key string, m map[string]*ocsf.Class) error {
		k, _ := json.Marshal(key)
		b.Write(k)
		b.WriteString(":{")
		for i, name := range slices.Sorted(maps.Keys(m)) {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteByte('\n')
			if err := field(name, m[name]); err != nil {
				return err
			}
		}
		b.WriteString("\n}")
		return nil
	}
	b.WriteByte('{')
	err := errors.Join(field("attribution", d.Attribution))
	b.WriteString(",\n")
	err = errors.Join(err, section("classes", d.Classes))
	b.WriteByte(',')
	err = errors.Join(err, section("objects", d.Objects))
	b.WriteString(",\n")
	err = errors.Join(err, field("version", d.Version))
	b.WriteString("}\n")
	return b.Bytes(), err
}
