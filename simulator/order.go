package simulator

import (
	"errors"
	"fmt"
	"strings"
)

// orderKey is one `field [asc|desc]` term of an orderBy parameter.
type orderKey struct {
	field string
	desc  bool
}

// Fields each endpoint may order by (§2.1, §5.1).
var (
	workbenchOrderFields = setOf("id", "caseId", "name", "investigationStatus", "status", "investigationResult",
		"modelId", "model", "score", "severity", "createdDateTime", "updatedDateTime", "firstInvestigatedDateTime")
	auditOrderFields = setOf("loggedDateTime", "accessType", "ingestedDateTime")
	// §6.2, §6.4, §6.5
	caseOrderFields                 = setOf("priority", "createdDateTime")
	playbookTaskOrderFields         = setOf("createdDateTime", "lastActionDateTime", "playbookName")
	endpointSecurityTaskOrderFields = setOf("createdDateTime", "lastActionDateTime")
)

// parseOrderBy reads a comma-separated `field [asc|desc]` list. A term
// without a direction takes defaultDesc.
func parseOrderBy(s string, allowed map[string]bool, defaultDesc bool) ([]orderKey, error) {
	var keys []orderKey
	for _, term := range strings.Split(s, ",") {
		words := strings.Fields(term)
		if len(words) == 0 || len(words) > 2 {
			return nil, fmt.Errorf("bad term %q", term)
		}
		if !allowed[words[0]] {
			return nil, fmt.Errorf("cannot order by %q", words[0])
		}
		k := orderKey{field: words[0], desc: defaultDesc}
		if len(words) == 2 {
			switch strings.ToLower(words[1]) {
			case "asc":
				k.desc = false
			case "desc":
				k.desc = true
			default:
				return nil, fmt.Errorf("bad direction %q", words[1])
			}
		}
		keys = append(keys, k)
	}
	if len(keys) == 0 {
		return nil, errors.New("empty orderBy")
	}
	return keys, nil
}

func setOf(names ...string) map[string]bool {
	m := make(map[string]bool, len(names))
	for _, n := range names {
		m[n] = true
	}
	return m
}
