package simulator

import (
	"maps"
	"strings"
	"unicode"
)

// auditLabels are display names of audit `details` keys. The meaning of the
// `labels` object is undocumented (§5.2, §8); the sample maps detail keys to
// display names, which is what the simulator does.
var auditLabels = map[string]string{
	"ipAddr":      "IP address",
	"account":     "Account",
	"role":        "Role",
	"product":     "Product",
	"hasDetail":   "Has detail",
	"accessLevel": "Access level",
	"apiKeyName":  "API key name",
	"policyList":  "Policy list",
	"endpoint":    "Endpoint",
	"query":       "Query",
	"alertId":     "Alert ID",
	"sourceIp":    "Source IP",
}

// labelsFor returns the `labels` object for a page: none → nil (omitted),
// matched → the keys present in the page's details, all → every known label
// plus those.
func labelsFor(mode string, items []map[string]any) map[string]string {
	if mode == "none" {
		return nil
	}
	out := map[string]string{}
	if mode == "all" {
		maps.Copy(out, auditLabels)
	}
	for _, item := range items {
		details, _ := item["details"].(map[string]any)
		for k := range details {
			out[k] = labelOf(k)
		}
	}
	return out
}

func labelOf(key string) string {
	if l, ok := auditLabels[key]; ok {
		return l
	}
	return humanize(key)
}

// humanize turns a camelCase key into words: "userAccount" → "User account".
func humanize(key string) string {
	var b strings.Builder
	for i, r := range key {
		switch {
		case i == 0:
			b.WriteRune(unicode.ToUpper(r))
		case unicode.IsUpper(r):
			b.WriteByte(' ')
			b.WriteRune(unicode.ToLower(r))
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
