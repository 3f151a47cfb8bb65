package gen

import (
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestCaseLifeCycle: a case is opened Open with no findings and no owner;
// taken, it has owners; closed, it carries closedDateTime, the time of its
// closing version, and never changes again.
func TestCaseLifeCycle(t *testing.T) {
	closed := 0
	for _, r := range testRecords(Cases, 3000) {
		vs := Versions(r)
		for i, v := range vs {
			m := Item(r, v)
			status, owners := m["status"], m["owners"].([]any)
			switch {
			case i == 0 && (status != "Open" || m["findings"] != "NoFindings" || len(owners) != 0 || m["lastUpdater"] != nil):
				t.Fatalf("seed %d: opened as %v", r.Seed, m)
			case status != "Open" && (len(owners) == 0 || m["lastUpdater"] == nil):
				t.Fatalf("seed %d: %s without owners or last updater", r.Seed, status)
			case (status == "Closed") != (m["closedDateTime"] != nil):
				t.Fatalf("seed %d: status %s, closedDateTime %v", r.Seed, status, m["closedDateTime"])
			case status == "Closed" && (m["closedDateTime"] != isoSeconds(v) || i != len(vs)-1):
				t.Fatalf("seed %d: closed at %v in version %d of %d at %v", r.Seed, m["closedDateTime"], i, len(vs), v)
			}
			if status == "Closed" {
				closed++
			}
		}
	}
	if closed < 1500 {
		t.Errorf("%d of 3000 cases closed", closed)
	}
}

// TestCaseTypesCarryTheirFields: workbench cases name their alerts,
// managed services cases their holder and ticket, ServiceNow cases their
// incident; the others neither.
func TestCaseTypesCarryTheirFields(t *testing.T) {
	alertOrIncident := regexp.MustCompile(`^(WB-9002|IC-1)-\d{8}-\d{5}$`)
	seen := counter{}
	for _, r := range testRecords(Cases, 2000) {
		m := Item(r, r.Time.Add(200*time.Hour))
		typ := m["type"].(string)
		seen[typ]++
		ids, _ := m["associatedItemIds"].([]string)
		ticket, _ := m["externalTicketId"].(string)
		switch {
		case (typ == "Workbench") != (len(ids) > 0):
			t.Fatalf("seed %d: %s case with associated items %v", r.Seed, typ, ids)
		case (typ == "ManagedServices") != (m["holder"] != nil):
			t.Fatalf("seed %d: %s case with holder %v", r.Seed, typ, m["holder"])
		case typ == "ManagedServices" && (!strings.HasPrefix(ticket, "TM-") || m["creator"].(map[string]any)["id"] != managedServicesAccount.id):
			t.Fatalf("seed %d: managed services case with ticket %q by %v", r.Seed, ticket, m["creator"])
		case typ == "TPIServiceNow" && !strings.HasPrefix(ticket, "INC"),
			typ != "ManagedServices" && typ != "TPIServiceNow" && ticket != "":
			t.Fatalf("seed %d: %s case with ticket %q", r.Seed, typ, ticket)
		case ticket != "" && (m["externalTicketCreatedDateTime"] != m["createdDateTime"] || m["externalTicketUpdatedDateTime"] != m["updatedDateTime"]):
			t.Fatalf("seed %d: ticket times %v %v", r.Seed, m["externalTicketCreatedDateTime"], m["externalTicketUpdatedDateTime"])
		}
		for _, id := range ids {
			if !alertOrIncident.MatchString(id) {
				t.Fatalf("seed %d: associated item %q", r.Seed, id)
			}
		}
		if strings.Contains(m["name"].(string)+m["description"].(string), "%") {
			t.Fatalf("seed %d: unexpanded topic %q: %q", r.Seed, m["name"], m["description"])
		}
	}
	seen.requireSeen(t, "Workbench", "Forensics", "ManagedServices", "TPIServiceNow", "Others")
}
