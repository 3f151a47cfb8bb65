package ocsf

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
	"testing"
)

// decode decodes src as an event, the way an exporter's output would be
// read back.
func decode(t testing.TB, src string) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(src), &m); err != nil {
		t.Fatalf("%s: %v", src, err)
	}
	return m
}

// event is a minimal event of class uid with activity act: the attributes
// every class requires, plus extra (JSON object members, without braces).
func event(uid, act int, extra string) string {
	cat := uid / 1000
	s := `{"class_uid":` + strconv.Itoa(uid) + `,"category_uid":` + strconv.Itoa(cat) +
		`,"activity_id":` + strconv.Itoa(act) + `,"type_uid":` + strconv.Itoa(uid*100+act) +
		`,"severity_id":1,"time":1764590400000,` +
		`"metadata":{"product":{"name":"Vision One","vendor_name":"Trend Micro"},"version":"1.8.0"}`
	if extra != "" {
		s += "," + extra
	}
	return s + "}"
}

const (
	finding = `"finding_info":{"uid":"WB-1","title":"t","analytic":{"type_id":1,"name":"rule"}}`
	actor   = `"actor":{"user":{"name":"alice"}}`
	device  = `"device":{"type_id":1,"hostname":"h"}`
)

func TestValidEvents(t *testing.T) {
	for _, tc := range []struct {
		name string
		src  string
	}{
		{"detection finding", event(2004, 1, finding)},
		{"detection finding with arrays and unmapped", event(2004, 1, finding+
			`,"observables":[{"name":"device.ip","type_id":2,"value":"10.0.0.1"}],`+
			`"unmapped":{"anything":[1,{"x":null}]},"raw_data":"{}","is_alert":true,"risk_score":73`)},
		{"incident finding", event(2005, 1, `"finding_info_list":[{"uid":"WB-1"}],"status_id":1,"assignee":{"name":"bob"}`)},
		{"file system activity", event(1001, 1, actor+`,"file":{"name":"a.exe","type_id":1},`+device)},
		{"process activity", event(1007, 1, actor+`,"process":{"pid":42,"name":"cmd.exe"},`+device)},
		{"authentication", event(3002, 1, `"user":{"name":"alice"},"service":{"name":"vpn"}`)},
		{"account change", event(3001, 3, `"user":{"uid":"u1"}`)},
		{"network activity", event(4001, 6, `"src_endpoint":{"ip":"10.0.0.1","port":443},"dst_endpoint":{"ip":"10.0.0.2","port":65535}`)},
		{"http activity", event(4002, 3, `"http_request":{"http_method":"GET","url":{"url_string":"https://x/"}}`)},
		{"dns activity", event(4003, 1, `"src_endpoint":{"ip":"10.0.0.1"},"query":{"hostname":"example.com"}`)},
		{"email activity", event(4009, 1, `"direction_id":1,"email":{"from":"a@example.com","to":["b@example.com"]}`)},
		{"api activity", event(6003, 1, actor+`,"api":{"operation":"login"},"src_endpoint":{"ip":"10.0.0.1"}`)},
		{"profile declared and satisfied", event(2004, 1, finding+`,"cloud":{"provider":"AWS"},"metadata":{"product":{"name":"V1"},"version":"1.8.0","profiles":["cloud"]}`)},
		{"unknown id 0 and other 99", event(2004, 99, finding+`,"confidence_id":0,"status_id":99`)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if errs := Validate(decode(t, tc.src)); len(errs) > 0 {
				t.Errorf("%s:\n%v", tc.src, errs)
			}
		})
	}
}

func TestDefects(t *testing.T) {
	for _, tc := range []struct {
		name string
		src  string
		want string // one of the errors, in full
	}{
		{"no class_uid", `{"activity_id":1}`, "class_uid: required attribute is missing"},
		{"class not in the digest", `{"class_uid":2002}`, "class_uid: 2002 is not a class of the digest"},
		{"missing required", event(2004, 1, ""), "finding_info: required attribute is missing"},
		{"missing required in an object", event(2004, 1, `"finding_info":{"title":"t"}`), "finding_info.uid: required attribute is missing"},
		{"metadata.product missing", strings.Replace(event(2004, 1, finding), `"product":{"name":"Vision One","vendor_name":"Trend Micro"},`, "", 1), "metadata.product: required attribute is missing"},
		{"metadata.version missing", strings.Replace(event(2004, 1, finding), `,"version":"1.8.0"`, "", 1), "metadata.version: required attribute is missing"},
		{"profile declared, its required attribute missing", event(2004, 1, finding+`,"metadata":{"product":{"name":"V1"},"version":"1.8.0","profiles":["cloud"]}`), "cloud: required attribute is missing"},
		{"string for an integer", event(2004, 1, finding+`,"risk_score":"high"`), `risk_score: "high" is not an integer`},
		{"fraction for an integer", event(2004, 1, finding+`,"risk_score":1.5`), `risk_score: 1.5 is not an integer`},
		{"integer out of 32 bits", event(2004, 1, finding+`,"risk_score":4294967296`), `risk_score: 4294967296 is not an integer`},
		{"port out of range", event(4001, 6, `"src_endpoint":{"ip":"10.0.0.1","port":65536}`), `src_endpoint.port: 65536 is out of range [0, 65535]`},
		{"timestamp as a string", strings.Replace(event(2004, 1, finding), `"time":1764590400000`, `"time":"2025-12-01T12:00:00Z"`, 1), `time: "2025-12-01T12:00:00Z" is not a timestamp (integer milliseconds)`},
		{"number for a string", event(2004, 1, finding+`,"message":5`), "message: 5 is not a string"},
		{"string for a boolean", event(2004, 1, finding+`,"is_alert":"true"`), `is_alert: "true" is not a boolean`},
		{"scalar for an object", event(2004, 1, `"finding_info":"WB-1"`), `finding_info: "WB-1" is not an object`},
		{"bad enum", event(2004, 1, finding+`,"severity_id":7`), "severity_id: 7 is not in the enum"},
		{"bad status enum", event(2004, 1, finding+`,"status_id":42`), "status_id: 42 is not in the enum"},
		{"bad activity enum", event(2004, 8, finding), "activity_id: 8 is not in the enum"},
		{"nested enum", event(2004, 1, `"finding_info":{"uid":"WB-1","analytic":{"type_id":42,"name":"r"}}`), "finding_info.analytic.type_id: 42 is not in the enum"},
		{"enum in an array element", event(2004, 1, finding+`,"observables":[{"name":"x","type_id":2},{"name":"y","type_id":1234}]`), "observables[1].type_id: 1234 is not in the enum"},
		{"bad type_uid", strings.Replace(event(2004, 1, finding), `"type_uid":200401`, `"type_uid":200402`, 1), "type_uid: 200402 is not class_uid*100 + activity_id (200401)"},
		{"wrong category", strings.Replace(event(2004, 1, finding), `"category_uid":2`, `"category_uid":4`, 1), "category_uid: 4 is not class 2004's category (2)"},
		{"unknown attribute", event(2004, 1, finding+`,"colour":"red"`), "colour: unknown attribute of detection_finding"},
		{"unknown attribute in an object", event(2004, 1, `"finding_info":{"uid":"WB-1","colour":"red"}`), "finding_info.colour: unknown attribute of finding_info"},
		{"array where a scalar is expected", event(2004, 1, finding+`,"message":["a","b"]`), "message: an array where a string is expected"},
		{"array where an object is expected", event(2004, 1, `"finding_info":[{"uid":"WB-1"}]`), "finding_info: an array where an object finding_info is expected"},
		{"scalar where an array is expected", event(2004, 1, finding+`,"observables":{"name":"x","type_id":2}`), `observables: {"name":"x","type_id":2} is not an array`},
		{"raw_data not a string", event(2004, 1, finding+`,"raw_data":{"a":1}`), `raw_data: {"a":1} is not a string`},
		{"unmapped not an object", event(2004, 1, finding+`,"unmapped":"x"`), `unmapped: "x" is not an object`},
		{"at_least_one", event(2004, 1, `"finding_info":{"uid":"WB-1","analytic":{"type_id":1}}`), "finding_info.analytic: at least one of name, uid is required"},
		{"just_one", event(2004, 1, finding+`,"vulnerabilities":[{"cve":{"uid":"CVE-2025-1"},"cwe":{"uid":"CWE-79"}}]`), "vulnerabilities[0]: exactly one of advisory, cve, cwe is required"},
		{"class at_least_one", event(4001, 6, ""), "at least one of dst_endpoint, src_endpoint is required"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			errs := Validate(decode(t, tc.src))
			var got []string
			for _, e := range errs {
				got = append(got, e.Error())
			}
			found := false
			for _, g := range got {
				found = found || g == tc.want
			}
			if !found {
				t.Errorf("%s:\nwant %q among\n%s", tc.src, tc.want, strings.Join(got, "\n"))
			}
		})
	}
}

// TestJustOne: none and two of a just_one are defects, one is not (the
// 1.8.0 digest's one just_one is vulnerability's, in TestDefects).
func TestJustOne(t *testing.T) {
	d := &Digest{Classes: map[string]*Class{"1": {Name: "c", ClassUID: 1, Attributes: map[string]*Attr{
		"class_uid": {Type: "integer", Requirement: "required"},
		"a":         {Type: "string"}, "b": {Type: "string"},
	}, Constraints: &Constraints{JustOne: []string{"a", "b"}}}}}
	for _, tc := range []struct {
		src  string
		errs int
	}{
		{`{"class_uid":1,"a":"x"}`, 0},
		{`{"class_uid":1}`, 1},
		{`{"class_uid":1,"a":"x","b":"y"}`, 1},
	} {
		if errs := d.Validate(decode(t, tc.src)); len(errs) != tc.errs {
			t.Errorf("%s: %v, want %d errors", tc.src, errs, tc.errs)
		}
	}
}

// TestZeroIsUnknown: 0 (Unknown) is accepted for an *_id whose enum lacks
// it, not for other enumerated integers. Every *_id enum of the 1.8.0
// digest has 0, so it is checked on a digest made for the test.
func TestZeroIsUnknown(t *testing.T) {
	enum := map[string]string{"1": "A"}
	d := &Digest{Classes: map[string]*Class{"1": {Name: "c", ClassUID: 1, Attributes: map[string]*Attr{
		"class_uid": {Type: "integer", Requirement: "required"},
		"kind_id":   {Type: "integer", Enum: enum}, "kind": {Type: "long", Enum: enum},
	}}}}
	for _, tc := range []struct {
		src  string
		errs int
	}{
		{`{"class_uid":1,"kind_id":1,"kind":1}`, 0},
		{`{"class_uid":1,"kind_id":0}`, 0},
		{`{"class_uid":1,"kind_id":2}`, 1},
		{`{"class_uid":1,"kind":0}`, 1},
	} {
		if errs := d.Validate(decode(t, tc.src)); len(errs) != tc.errs {
			t.Errorf("%s: %v, want %d errors", tc.src, errs, tc.errs)
		}
	}
}

// TestJSONNumber: events decoded with UseNumber validate as with float64.
func TestJSONNumber(t *testing.T) {
	for _, tc := range []struct {
		src  string
		errs int
	}{
		{event(2004, 1, finding), 0},
		{event(2004, 1, finding+`,"risk_score":1.5`), 1},
		{event(2004, 1, finding+`,"severity_id":7`), 1},
	} {
		dec := json.NewDecoder(bytes.NewReader([]byte(tc.src)))
		dec.UseNumber()
		var m map[string]any
		if err := dec.Decode(&m); err != nil {
			t.Fatal(err)
		}
		if errs := Validate(m); len(errs) != tc.errs {
			t.Errorf("%s: %v, want %d errors", tc.src, errs, tc.errs)
		}
	}
}

// TestDigest: the committed digest is OCSF 1.8.0 and holds every default
// class with its category and activity enum, and every object reference
// resolves to an object of the digest.
func TestDigest(t *testing.T) {
	d := Schema()
	if d.Version != "1.8.0" {
		t.Errorf("version %q", d.Version)
	}
	if !strings.Contains(d.Attribution, "Apache License 2.0") {
		t.Errorf("attribution %q does not name the schema's licence", d.Attribution)
	}
	for _, uid := range DefaultClasses {
		c := d.Classes[strconv.Itoa(uid)]
		if c == nil {
			t.Errorf("class %d is not in the digest", uid)
			continue
		}
		if c.ClassUID != uid || c.CategoryUID != uid/1000 {
			t.Errorf("class %d: class_uid %d, category_uid %d", uid, c.ClassUID, c.CategoryUID)
		}
		if a := c.Attributes["activity_id"]; a == nil || len(a.Enum) < 3 {
			t.Errorf("class %d: activity_id %+v has no activities of its own", uid, a)
		}
	}
	check := func(where string, c *Class) {
		for name, a := range c.Attributes {
			if a.Type == "object" && a.ObjectType != "object" && d.Objects[a.ObjectType] == nil {
				t.Errorf("%s.%s: object %q is not in the digest", where, name, a.ObjectType)
			}
		}
	}
	for uid, c := range d.Classes {
		check(uid, c)
	}
	for name, c := range d.Objects {
		check(name, c)
	}
}

func FuzzValidate(f *testing.F) {
	for _, s := range []string{
		event(2004, 1, finding),
		event(4001, 6, `"src_endpoint":{"ip":"10.0.0.1","port":443}`),
		event(2005, 1, `"finding_info_list":[{"uid":"WB-1"}],"observables":[{"name":"x","type_id":2}]`),
		`{"class_uid":1e300,"type_uid":-1,"activity_id":"x","metadata":{"profiles":[1,"cloud"]}}`,
		`{"class_uid":2004,"finding_info":[[[]]],"unmapped":[]}`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		var m map[string]any
		if json.Unmarshal([]byte(src), &m) != nil {
			return
		}
		for _, e := range Validate(m) {
			_ = e.Error()
		}
	})
}
