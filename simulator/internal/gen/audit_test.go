package gen

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
)

// documentedActivities are the §5.2 activity examples per category; every
// one must be generated.
var documentedActivities = map[string][]string{
	"Logon and Logoff":    {"Log on", "Log off"},
	"SAML Single Sign-On": {"Enable single sign-on", "Disable single sign-on"},
	"Account Management": {"Add user account", "Delete user account", "Enable user account", "Disable user account",
		"Reset password", "Change role", "Change access level", "Create Custom Role", "Update Custom Role",
		"Update Automated Response settings"},
	"Product Connector": {"Unregister product"},
}

func TestAuditActivitiesFollowTheReference(t *testing.T) {
	seen := counter{}
	for _, r := range testRecords(Audit, 5000) {
		m := decoded(t, Item(r, r.Ingested))
		category, activity := m["category"].(string), m["activity"].(string)
		seen[category+" / "+activity]++
		seen["accessType "+m["accessType"].(string)]++
		seen["result "+m["result"].(string)]++
		details := m["details"].(map[string]any)
		if len(details) == 0 {
			t.Fatalf("seed %d: empty details", r.Seed)
		}
		for k, v := range details {
			if k == "hasDetail" {
				seen["stringified hasDetail "+v.(string)]++
			}
			if s, ok := v.(string); ok && (strings.HasPrefix(s, "{") || strings.HasPrefix(s, "[")) {
				if !json.Valid([]byte(s)) {
					t.Fatalf("seed %d: details.%s looks like JSON but is not: %s", r.Seed, k, s)
				}
				seen["JSON-stringified detail"]++
			}
			if k == "policyList" {
				seen["policyList"]++
			}
		}
		if category == "Logon and Logoff" && m["accessType"] != "Console" {
			t.Fatalf("seed %d: %s through the API", r.Seed, activity)
		}
	}
	for category, activities := range documentedActivities {
		for _, a := range activities {
			seen.requireSeen(t, category+" / "+a)
		}
	}
	seen.requireSeen(t, "accessType Console", "accessType API", "result Successful", "result Unsuccessful",
		"stringified hasDetail True", "JSON-stringified detail", "policyList")
}

// The generated categories are all from the documented list.
func TestAuditCatalogUsesDocumentedCategories(t *testing.T) {
	for _, a := range auditActivities {
		if !slices.Contains(auditCategories, a.v.category) {
			t.Errorf("category %q is not in §5.2", a.v.category)
		}
	}
}
