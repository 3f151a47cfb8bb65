// Package ocsf holds a digest of the OCSF 1.8.0 schema for the classes the
// receiver maps to (digest.json, made by cmd/ocsf-digest) and a validator of
// events against it.
package ocsf

import (
	_ "embed"
	"encoding/json"
	"fmt"
)

// DefaultClasses are the class_uids the digest holds by default: the
// classes the OCSF output mode maps the Vision One feeds to.
var DefaultClasses = []int{
	1001, // File System Activity
	1005, // Module Activity
	1006, // Scheduled Job Activity
	1007, // Process Activity
	1009, // Script Activity
	2003, // Compliance Finding
	2004, // Detection Finding
	2005, // Incident Finding
	3001, // Account Change
	3002, // Authentication
	4001, // Network Activity
	4002, // HTTP Activity
	4003, // DNS Activity
	4009, // Email Activity
	6002, // Application Lifecycle
	6003, // API Activity
	7001, // Remediation Activity
}

// Digest is the compiled schema. Struct fields are in alphabetical order of
// their JSON names so that the encoded digest has sorted keys.
type Digest struct {
	Attribution string            `json:"attribution"`
	Classes     map[string]*Class `json:"classes"` // by class_uid
	Objects     map[string]*Class `json:"objects"` // by object name
	Version     string            `json:"version"`
}

// Class is an event class or an object: its attributes with extends and
// $include resolved. CategoryUID and ClassUID are zero for objects.
type Class struct {
	Attributes  map[string]*Attr `json:"attributes"`
	CategoryUID int              `json:"category_uid,omitempty"`
	ClassUID    int              `json:"class_uid,omitempty"`
	Constraints *Constraints     `json:"constraints,omitempty"`
	Name        string           `json:"name"`
}

// Constraints are a class's or object's "constraints" (the schema's
// metaschema/constraints: at_least_one and just_one).
type Constraints struct {
	AtLeastOne []string `json:"at_least_one,omitempty"`
	JustOne    []string `json:"just_one,omitempty"`
}

// Attr is one attribute. Type is the base type: string, integer, long,
// float, boolean, json or object (then ObjectType names the object).
// Format is the dictionary type when it is not a base one (ip_t,
// timestamp_t, port_t...); Range bounds it where the dictionary does.
type Attr struct {
	Enum        map[string]string `json:"enum,omitempty"` // id -> caption
	Format      string            `json:"format,omitempty"`
	IsArray     bool              `json:"is_array,omitempty"`
	ObjectType  string            `json:"object_type,omitempty"`
	Profile     string            `json:"profile,omitempty"`
	Range       []int64           `json:"range,omitempty"`
	Requirement string            `json:"requirement"`
	Type        string            `json:"type"`
}

//go:embed digest.json
var digestJSON []byte

var digest = mustLoad(digestJSON)

func mustLoad(raw []byte) *Digest {
	var d Digest
	if err := json.Unmarshal(raw, &d); err != nil {
		panic(fmt.Sprintf("ocsf: embedded digest.json: %v", err))
	}
	return &d
}

// Schema returns the embedded digest. Callers must not modify it.
func Schema() *Digest { return digest }
