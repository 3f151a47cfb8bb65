package simulator

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Role is a permission an API key carries; each feed needs one (§1.2).
type Role string

// Roles, one per console permission a feed needs (§1.2). RoleSearch covers
// all eight /v3.0/search sources, as the single "Search › View, filter, and
// search" permission does upstream; RoleContainer the four Container
// Security event logs (Container Protection › View).
const (
	RoleWorkbench        Role = "workbench"
	RoleOAT              Role = "oat"
	RoleAudit            Role = "audit"
	RoleSearch           Role = "search"
	RoleContainer        Role = "containerSecurity"
	RoleCases            Role = "caseManagement"
	RoleResponse         Role = "responseManagement"
	RolePlaybooks        Role = "securityPlaybooks"
	RoleEndpointSecurity Role = "endpointInventory"
	RoleRiskReports      Role = "reports"
)

// Roles of the data pipelines (pipeline.go). Trend's OpenAPI document names
// one permission for every operation of each pipeline API (Observed Attack
// Techniques, or Search, › View, filter, and search), so RoleOAT and
// RoleSearch take their pipeline, registration included. The pipeline roles
// alone model what the document says of custom roles ("can only access the
// data pipelines they are registered to"): a key that reads pipelines and
// packages without registering, modifying or deleting them. A manage role
// includes its view role.
const (
	RoleOATPipeline            Role = "oatPipeline"
	RoleOATPipelineManage      Role = "oatPipelineManage"
	RoleDatalakePipeline       Role = "datalakePipeline"
	RoleDatalakePipelineManage Role = "datalakePipelineManage"
)

// roleIncludes maps a role to the one it includes. As the document has it,
// the OAT and Search permissions include their pipelines, registration too;
// the pipeline roles alone model a custom role limited to pipelines.
var roleIncludes = map[Role]Role{
	RoleOAT:                    RoleOATPipelineManage,
	RoleSearch:                 RoleDatalakePipelineManage,
	RoleOATPipelineManage:      RoleOATPipeline,
	RoleDatalakePipelineManage: RoleDatalakePipeline,
}

// AllRoles lists every role a feed needs, in the order of the feeds, then
// the pipeline roles.
func AllRoles() []Role {
	var roles []Role
	for _, f := range feedList {
		if !slices.Contains(roles, f.role) {
			roles = append(roles, f.role)
		}
	}
	return append(roles, RoleOATPipeline, RoleOATPipelineManage, RoleDatalakePipeline, RoleDatalakePipelineManage)
}

// DemoKey is the key every simulator accepts unless Options.NoDemoKey is set.
// It is MakeKey(DemoKeySubject, 2030-01-01T00:00:00Z), kept as a constant so
// checked-in configurations can use it. It is public and grants no access to
// anything but a simulator.
const DemoKey = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9." +
	"eyJzdWIiOiJ2aXNpb25vbmUtc2ltLWRlbW8iLCJleHAiOjE4OTM0NTYwMDB9." +
	"HpksDvPIjdYt71cyaK8421drI3fUDeKiy5Q5UaPMCwI"

// DemoKeySubject is the `sub` claim of DemoKey, and its name in Stats.
const DemoKeySubject = "visionone-sim-demo"

// APIKey is a bearer key the simulator accepts.
type APIKey struct {
	// Name identifies the key in Stats and logs; the key itself is never
	// shown. Empty: the key's `sub` claim, else "key-<n>".
	Name string `json:"name"`
	// Key is the secret sent as `Authorization: Bearer <Key>`.
	Key   string `json:"-"`
	Roles []Role `json:"roles"`
}

// String omits the secret so that printing a key never leaks it.
func (k APIKey) String() string { return fmt.Sprintf("APIKey{%s %v}", k.Name, k.Roles) }

// GoString omits the secret for %#v as well.
func (k APIKey) GoString() string { return k.String() }

func (k APIKey) has(r Role) bool {
	return slices.ContainsFunc(k.Roles, func(kr Role) bool {
		for ; kr != ""; kr = roleIncludes[kr] {
			if kr == r {
				return true
			}
		}
		return false
	})
}

// signingSecret signs simulator keys. Real Vision One keys are signed by Trend;
// here the signature only has to look like one, so the secret is public.
var signingSecret = []byte("visionone-sim")

// MakeKey returns a JWT-shaped key (header.payload.signature, base64url) whose
// payload carries `sub` and `exp`, like a Vision One API key, so clients can
// read its expiry. Tests use it to exercise expiry warnings.
func MakeKey(subject string, exp time.Time) string {
	enc := base64.RawURLEncoding
	header := enc.EncodeToString([]byte(`{"alg":"HS256","typ":"JWT"}`))
	claims, _ := json.Marshal(struct {
		Sub string `json:"sub"`
		Exp int64  `json:"exp"`
	}{subject, exp.Unix()}) // cannot fail: a string and an int
	payload := enc.EncodeToString(claims)
	mac := hmac.New(sha256.New, signingSecret)
	mac.Write([]byte(header + "." + payload))
	return header + "." + payload + "." + enc.EncodeToString(mac.Sum(nil))
}

// keySubject returns the `sub` claim of a JWT-shaped key, or "".
func keySubject(key string) string {
	parts := strings.Split(key, ".")
	if len(parts) != 3 {
		return ""
	}
	raw, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		return ""
	}
	var claims struct {
		Sub string `json:"sub"`
	}
	if json.Unmarshal(raw, &claims) != nil {
		return ""
	}
	return claims.Sub
}

// ParseKeys reads keys written as `key=role1,role2;key2=all`. Roles are
// those of AllRoles, or all. Errors name a key by its position,
// never by its value.
func ParseKeys(spec string) ([]APIKey, error) {
	var keys []APIKey
	for i, entry := range strings.Split(spec, ";") {
		entry = strings.TrimSpace(entry)
		if entry == "" {
			continue
		}
		secret, roleList, ok := strings.Cut(entry, "=")
		secret = strings.TrimSpace(secret)
		if !ok || secret == "" {
			return nil, fmt.Errorf("key %d: want key=role1,role2", i+1)
		}
		roles, err := parseRoles(roleList)
		if err != nil {
			return nil, fmt.Errorf("key %d: %w", i+1, err)
		}
		keys = append(keys, APIKey{Key: secret, Roles: roles})
	}
	return keys, nil
}

func parseRoles(list string) ([]Role, error) {
	var roles []Role
	for _, name := range strings.Split(list, ",") {
		r := Role(strings.TrimSpace(name))
		switch {
		case r == "":
		case r == "all":
			roles = append(roles, AllRoles()...)
		case slices.Contains(AllRoles(), r):
			roles = append(roles, r)
		default:
			return nil, fmt.Errorf("unknown role %q (want %v or all)", r, AllRoles())
		}
	}
	return roles, nil
}

// keyring looks keys up by their secret.
type keyring map[string]APIKey

func newKeyring(keys []APIKey, withDemo bool) (keyring, error) {
	ring := keyring{}
	if withDemo {
		ring[DemoKey] = APIKey{Name: DemoKeySubject, Key: DemoKey, Roles: AllRoles()}
	}
	for i, k := range keys {
		if k.Key == "" {
			return nil, fmt.Errorf("key %d: empty key", i+1)
		}
		if k.Name == "" {
			k.Name = keySubject(k.Key)
		}
		if k.Name == "" {
			k.Name = fmt.Sprintf("key-%d", i+1)
		}
		ring[k.Key] = k
	}
	return ring, nil
}

// lookup returns the key named by an Authorization header value.
func (r keyring) lookup(authorization string) (APIKey, bool) {
	token, ok := strings.CutPrefix(authorization, "Bearer ")
	if !ok {
		return APIKey{}, false
	}
	k, ok := r[strings.TrimSpace(token)]
	return k, ok
}
