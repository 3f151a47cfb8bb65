package translate

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/pdata/plog"

	"github.com/otel-visionone/trendmicrovisiononereceiver/internal/ocsf"
)

// TestOCSFWorkbenchCaseCompromise holds the choices of the workbench alert,
// case and account compromise mappings (ocsf_workbench.go, ocsf_cases.go,
// ocsf_asrm.go): class and activity, enum mappings, and the polymorphic or
// odd-typed inputs. Each item is a base item with some fields replaced (a
// nil value removes the field); every event must match the OCSF schema.
func TestOCSFWorkbenchCaseCompromise(t *testing.T) {
	alert := map[string]any{
		"id": "WB-1-20240514-00001", "model": "UAC Bypass", "modelId": "m-1", "severity": "high", "score": 64,
		"status": "Open", "investigationResult": "No Findings", "alertProvider": "SAE",
		"createdDateTime": "2024-05-14T09:30:00Z", "updatedDateTime": "2024-05-14T09:35:00Z",
	}
	host := map[string]any{"guid": "G-1", "name": "nimda", "ips": []any{"", "10.0.0.1", "10.0.0.2"}}
	kase := map[string]any{
		"id": "CL-1-20240514-00001", "name": "Ransomware", "priority": "P1", "status": "Open", "findings": "NoFindings",
		"type": "Workbench", "createdDateTime": "2024-05-14T06:00:00Z", "updatedDateTime": "2024-05-14T07:00:00Z",
		"creator": map[string]any{"id": "u-c", "name": "Creator", "email": "c@example.com"},
	}
	owner := map[string]any{"id": "u-o", "name": "Owner", "email": "o@example.com"}
	compromise := map[string]any{
		"id": "acct-1", "account": "john@example.com", "detectedDateTime": "2024-05-14T11:05:53Z",
		"dataSourceOrProcessor": "Microsoft Entra ID",
		"riskEvent":             map[string]any{"name": "Impossible Travel", "eventId": "e-1", "riskLevel": "high"},
	}

	tests := []struct {
		name string
		kind *Kind
		base map[string]any
		set  map[string]any
		want map[string]string // path → value; "<absent>" for none
	}{
		// Workbench alerts.
		{name: "new alert is a Detection Finding Create", kind: WorkbenchAlert, base: alert, want: map[string]string{
			"class_uid": "2004", "activity_id": "1", "type_uid": "200401", "finding_info.uid": "WB-1-20240514-00001",
			"finding_info.analytic.uid": "m-1", "finding_info.analytic.type_id": "1", "finding_info.title": "UAC Bypass",
			"severity_id": "4", "risk_score": "64", "status_id": "1", "verdict_id": "0",
		}},
		{name: "a later state is an Update", kind: WorkbenchAlertUpdate, base: alert, want: map[string]string{
			"activity_id": "2", "type_uid": "200402", "finding_info.modified_time": "1715679300000",
		}},
		{name: "In Progress", kind: WorkbenchAlert, base: alert, set: map[string]any{"status": "In Progress"},
			want: map[string]string{"status_id": "2", "status": "In Progress"}},
		{name: "Closed is resolved", kind: WorkbenchAlert, base: alert, set: map[string]any{"status": "Closed"},
			want: map[string]string{"status_id": "4"}},
		{name: "unknown status is Other", kind: WorkbenchAlert, base: alert, set: map[string]any{"status": "Reopened"},
			want: map[string]string{"status_id": "99", "status": "Reopened"}},
		{name: "false positive", kind: WorkbenchAlert, base: alert, set: map[string]any{"investigationResult": "False Positive"},
			want: map[string]string{"verdict_id": "1"}},
		{name: "benign true positive", kind: WorkbenchAlert, base: alert, set: map[string]any{"investigationResult": "Benign True Positive"},
			want: map[string]string{"verdict_id": "5"}},
		{name: "noteworthy is Other", kind: WorkbenchAlert, base: alert, set: map[string]any{"investigationResult": "Noteworthy"},
			want: map[string]string{"verdict_id": "99", "verdict": "Noteworthy"}},
		{name: "undefined severity is Other", kind: WorkbenchAlert, base: alert, set: map[string]any{"severity": "undefined"},
			want: map[string]string{"severity_id": "99", "severity": "undefined"}},
		{name: "score as text", kind: WorkbenchAlert, base: alert, set: map[string]any{"score": "70"},
			want: map[string]string{"risk_score": "70"}},
		{name: "score of the wrong type stays unmapped", kind: WorkbenchAlert, base: alert, set: map[string]any{"score": "high"},
			want: map[string]string{"risk_score": "<absent>", "unmapped.score": "high"}},
		{name: "account entity: DOMAIN\\user", kind: WorkbenchAlert, base: alert, set: map[string]any{"impactScope": map[string]any{
			"entities": []any{map[string]any{"entityType": "account", "entityValue": `CORP\alice`, "entityId": `CORP\alice`}},
		}}, want: map[string]string{
			"evidences.0.user.domain": "CORP", "evidences.0.user.name": "alice", "resources.0.name": `CORP\alice`,
			"resources.0.role_id": "3", "resources.0.type": "account",
		}},
		{name: "host entity: object value, first non-empty ip", kind: WorkbenchAlert, base: alert, set: map[string]any{"impactScope": map[string]any{
			"desktopCount": 1,
			"entities":     []any{map[string]any{"entityType": "host", "entityValue": host, "entityId": "G-1", "provenance": []any{"Alert"}}},
		}}, want: map[string]string{
			"evidences.0.device.uid": "G-1", "evidences.0.device.hostname": "nimda", "evidences.0.device.ip": "10.0.0.1",
			"device.uid": "G-1", "resources.0.ip": "10.0.0.1", "resources.0.data.provenance.0": "Alert",
			"resources.0.data.entityValue.ips.2": "10.0.0.2", "unmapped.impactScope.desktopCount": "1",
		}},
		{name: "host entity: an empty ip is no ip", kind: WorkbenchAlert, base: alert, set: map[string]any{"impactScope": map[string]any{
			"entities": []any{map[string]any{"entityType": "host", "entityValue": map[string]any{"guid": "G-2", "ips": []any{"", "10.0.0.3"}}}},
		}}, want: map[string]string{"resources.0.ip": "10.0.0.3", "device.ip": "10.0.0.3"}},
		{name: "host entity identified by its IPs", kind: WorkbenchAlert, base: alert, set: map[string]any{"impactScope": map[string]any{
			"entities": []any{map[string]any{"entityType": "host", "entityValue": host, "entityId": []any{"10.0.0.1"}}},
		}}, want: map[string]string{"resources.0.uid": "G-1", "resources.0.data.entityId.0": "10.0.0.1"}},
		{name: "cloud identity: AWS ARN", kind: WorkbenchAlert, base: alert, set: map[string]any{"impactScope": map[string]any{
			"entities": []any{map[string]any{"entityType": "cloudIdentity", "entityValue": "arn:aws:sts::123456789012:assumed-role/admin/bob"}},
		}}, want: map[string]string{
			"evidences.0.user.name": "bob", "evidences.0.user.account.uid": "123456789012", "evidences.0.user.account.type_id": "10",
		}},
		{name: "container entity is a resource only", kind: WorkbenchAlert, base: alert, set: map[string]any{"impactScope": map[string]any{
			"entities": []any{map[string]any{"entityType": "container", "entityValue": "k8s_api", "entityId": "c0ffee"}},
		}}, want: map[string]string{"resources.0.uid": "c0ffee", "resources.0.name": "k8s_api", "evidences": "<absent>"}},
		{name: "impact scope of the wrong type stays unmapped", kind: WorkbenchAlert, base: alert, set: map[string]any{"impactScope": "n/a"},
			want: map[string]string{"unmapped.impactScope": "n/a", "resources": "<absent>"}},
		{name: "indicator valued by a host object", kind: WorkbenchAlert, base: alert, set: map[string]any{"indicators": []any{
			map[string]any{"id": 1, "type": "host", "field": "endpointHostName", "value": host, "relatedEntities": []any{[]any{"G-1"}}},
		}}, want: map[string]string{
			"observables.0.type_id": "1", "observables.0.value": "nimda", "observables.0.name": "endpointHostName",
			"evidences.0.uid": "1", "evidences.0.device.uid": "G-1", "evidences.0.data.relatedEntities.0.0": "G-1",
			"evidences.0.data.value.guid": "G-1",
		}},
		{name: "indicator types", kind: WorkbenchAlert, base: alert, set: map[string]any{"indicators": []any{
			map[string]any{"id": 1, "type": "ip", "field": "dst", "value": "203.0.113.9"},
			map[string]any{"id": 2, "type": "command_line", "field": "processCmd", "value": "cmd.exe /c whoami"},
			map[string]any{"id": 3, "type": "fullpath", "field": "objectFilePath", "value": `C:\x\evil.exe`},
			map[string]any{"id": 4, "type": "file_sha1", "value": "ABCD"},
			map[string]any{"id": 5, "type": "registry_key", "value": `hkcr\x`},
			map[string]any{"id": 6, "type": "url", "value": "https://bad.example/x"},
			map[string]any{"id": 7, "type": "text", "field": "endpointHostName", "value": "Nimda"},
		}}, want: map[string]string{
			"observables.0.type_id": "2", "evidences.0.dst_endpoint.ip": "203.0.113.9",
			"observables.1.type_id": "13", "evidences.1.data.value": "cmd.exe /c whoami",
			"observables.2.type_id": "45", "evidences.2.file.name": "evil.exe", "evidences.2.file.path": `C:\x\evil.exe`,
			"observables.3.type_id": "8", "evidences.3.data.value": "ABCD",
			"observables.4.type_id": "99", "observables.4.type": "registry_key",
			"observables.5.type_id": "6", "evidences.5.url.url_string": "https://bad.example/x",
			"observables.6.type_id": "1", "evidences.6.device.hostname": "Nimda",
		}},
		{name: "ip indicator that is no address", kind: WorkbenchAlert, base: alert, set: map[string]any{"indicators": []any{
			map[string]any{"id": 1, "type": "ip", "value": "N/A"},
		}}, want: map[string]string{"evidences.0.dst_endpoint": "<absent>", "evidences.0.data.value": "N/A"}},
		{name: "indicator value of the wrong type", kind: WorkbenchAlert, base: alert, set: map[string]any{"indicators": []any{
			map[string]any{"id": "x1", "type": "domain", "value": 42},
		}}, want: map[string]string{"observables.0.value": "<absent>", "evidences.0.uid": "x1", "evidences.0.data.value": "42"}},
		{name: "indicators null stay unmapped", kind: WorkbenchAlert, base: alert, set: map[string]any{"indicators": nil, "matchedRules": "none"},
			want: map[string]string{"observables": "<absent>", "unmapped.matchedRules": "none"}},
		{name: "MITRE ids: versions, sub-techniques, once each", kind: WorkbenchAlert, base: alert, set: map[string]any{"matchedRules": []any{
			map[string]any{"id": "r-1", "name": "rule", "matchedFilters": []any{
				map[string]any{"id": "f-1", "name": "filter", "matchedDateTime": "2024-05-14T09:00:00.5Z",
					"mitreTechniqueIds": []any{"V9.T1548.002", "T1112", "V9.T1112"},
					"matchedEvents":     []any{map[string]any{"uuid": "e-1", "type": "TELEMETRY_REGISTRY"}}},
			}},
		}}, want: map[string]string{
			"finding_info.attacks.0.sub_technique.uid": "T1548.002", "finding_info.attacks.0.technique.uid": "T1548",
			"finding_info.attacks.0.technique.name": "Abuse Elevation Control Mechanism", "finding_info.attacks.0.version": "9",
			"finding_info.attacks.1.technique.uid": "T1112", "finding_info.attacks.1.version": "9",
			"finding_info.attacks.2":               "<absent>",
			"finding_info.related_analytics.0.uid": "r-1", "finding_info.related_analytics.0.related_analytics.0.uid": "f-1",
			"finding_info.related_events.0.uid": "e-1", "finding_info.first_seen_time": "1715677200500",
		}},
		{name: "one owner is the assignee", kind: WorkbenchAlert, base: alert, set: map[string]any{"ownerIds": []any{"o-1"}},
			want: map[string]string{"assignee.uid": "o-1", "unmapped.ownerIds": "<absent>"}},
		{name: "several owners: the first assigned, all kept", kind: WorkbenchAlert, base: alert, set: map[string]any{"ownerIds": []any{"o-1", "o-2"}},
			want: map[string]string{"assignee.uid": "o-1", "unmapped.ownerIds.1": "o-2"}},
		{name: "case and incident are tickets", kind: WorkbenchAlert, base: alert, set: map[string]any{"caseId": "CL-1", "incidentId": "IC-1"},
			want: map[string]string{"tickets.0.uid": "CL-1", "tickets.0.type": "Case", "tickets.1.uid": "IC-1"}},

		// Cases.
		{name: "new case is an Incident Finding Create", kind: Case, base: kase, want: map[string]string{
			"class_uid": "2005", "activity_id": "1", "finding_info_list.0.uid": "CL-1-20240514-00001",
			"finding_info_list.0.title": "Ransomware", "finding_info_list.0.types.0": "Workbench",
			"priority_id": "3", "severity_id": "4", "status_id": "1", "verdict_id": "0",
			"actor.user.uid": "u-c", "assignee_group.name": "Unassigned",
		}},
		{name: "case update", kind: CaseUpdate, base: kase, set: map[string]any{"status": "In-progress"},
			want: map[string]string{"activity_id": "2", "status_id": "2"}},
		{name: "the state that closed the case is a Close", kind: CaseUpdate, base: kase, set: map[string]any{
			"status": "Closed", "closedDateTime": "2024-05-14T07:00:00Z", "findings": "TruePositive",
		}, want: map[string]string{"activity_id": "3", "type_uid": "200503", "status_id": "5", "verdict_id": "2"}},
		{name: "a later state of a closed case is an Update", kind: CaseUpdate, base: kase, set: map[string]any{
			"status": "Closed", "closedDateTime": "2024-05-14T06:30:00Z",
		}, want: map[string]string{"activity_id": "2", "unmapped.closedDateTime": "2024-05-14T06:30:00Z"}},
		{name: "P0 is critical", kind: Case, base: kase, set: map[string]any{"priority": "P0"},
			want: map[string]string{"priority_id": "4", "severity_id": "5"}},
		{name: "unknown priority is Other", kind: Case, base: kase, set: map[string]any{"priority": "P9"},
			want: map[string]string{"priority_id": "99", "priority": "P9"}},
		{name: "owner, last updater and holder", kind: Case, base: kase, set: map[string]any{
			"owners": []any{owner}, "holder": "Analyst",
			"lastUpdater": map[string]any{"id": "u-l", "name": "Updater"},
		}, want: map[string]string{
			"assignee.uid": "u-o", "assignee.email_addr": "o@example.com", "assignee_group.name": "Analyst",
			"actor.user.uid": "u-l", "unmapped.creator.id": "u-c", "unmapped.owners": "<absent>",
		}},
		{name: "associated items follow the case", kind: Case, base: kase, set: map[string]any{
			"associatedItemIds": []any{"WB-1", "IC-2"}, "relatedCaseIds": []any{"CL-0"}, "externalTicketId": "TM-1",
		}, want: map[string]string{
			"finding_info_list.1.uid": "WB-1", "finding_info_list.1.types.0": "Workbench Alert",
			"finding_info_list.2.types.0": "Incident", "finding_info_list.0.related_events.0.uid": "CL-0",
			"ticket.uid": "TM-1", "ticket.type_id": "2",
		}},
		{name: "creator of the wrong type stays unmapped", kind: Case, base: kase, set: map[string]any{"creator": "system"},
			want: map[string]string{"actor": "<absent>", "unmapped.creator": "system"}},

		// Account compromise indicators.
		{name: "risk event is the finding", kind: AccountCompromiseIndicator, base: compromise, want: map[string]string{
			"class_uid": "2004", "activity_id": "1", "finding_info.uid": "e-1", "finding_info.analytic.name": "Impossible Travel",
			"finding_info.data_sources.0": "Microsoft Entra ID", "severity_id": "4", "risk_level_id": "3",
			"evidences.0.user.uid": "acct-1", "evidences.0.user.email_addr": "john@example.com", "resources.0.uid": "acct-1",
		}},
		{name: "unknown risk level is Other", kind: AccountCompromiseIndicator, base: compromise, set: map[string]any{
			"riskEvent": map[string]any{"name": "X", "riskLevel": "undefined", "detail": map[string]any{"ip": "1.2.3.4"}},
		}, want: map[string]string{
			"severity_id": "99", "risk_level_id": "99", "risk_level": "undefined",
			"finding_info.uid": "acct-1@2024-05-14T11:05:53Z", "evidences.0.data.ip": "1.2.3.4",
		}},
		{name: "detail of the wrong type stays unmapped", kind: AccountCompromiseIndicator, base: compromise, set: map[string]any{
			"riskEvent": map[string]any{"name": "X", "riskLevel": "low", "detail": []any{"a"}},
		}, want: map[string]string{"evidences.0.data": "<absent>", "unmapped.riskEvent.detail.0": "a"}},
		{name: "no risk event", kind: AccountCompromiseIndicator, base: compromise, set: map[string]any{"riskEvent": nil, "account": nil},
			want: map[string]string{"finding_info.analytic": "<absent>", "severity_id": "0", "evidences.0.user.uid": "acct-1"}},
		{name: "risk event of the wrong type stays unmapped", kind: AccountCompromiseIndicator, base: compromise,
			set: map[string]any{"riskEvent": []any{"x"}}, want: map[string]string{"unmapped.riskEvent.0": "x"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			item := withFields(tt.base, tt.set)
			if tt.set != nil {
				if v, ok := tt.set["indicators"]; ok && v == nil {
					item["indicators"] = nil // a null, not an absent field
				}
			}
			event := ocsfEventOf(t, tt.kind, item)
			assert.Empty(t, ocsf.Validate(event))
			for path, want := range tt.want {
				got, ok := pathValue(event, path)
				if want == "<absent>" {
					assert.False(t, ok, "%s: %v", path, got)
					continue
				}
				if assert.True(t, ok, "%s missing", path) {
					assert.Equal(t, want, fmt.Sprint(got), path)
				}
			}
		})
	}
}

// ocsfEventOf translates item in the OCSF mode and returns the event as
// ocsf.Validate reads it.
func ocsfEventOf(t *testing.T, kind *Kind, item map[string]any) map[string]any {
	t.Helper()
	text, err := json.Marshal(item)
	require.NoError(t, err)
	tr, err := New(Options{Kind: kind, EventName: "trendmicro.visionone.test", OCSF: true})
	require.NoError(t, err)
	lr := plog.NewLogRecord()
	_, err = tr.Translate(text, observedAt, lr)
	require.NoError(t, err)
	return lr.Body().Map().AsRaw()
}

// pathValue returns the value at a dotted path; numbers index arrays.
func pathValue(v any, path string) (any, bool) {
	for _, k := range strings.Split(path, ".") {
		switch c := v.(type) {
		case map[string]any:
			var ok bool
			if v, ok = c[k]; !ok {
				return nil, false
			}
		case []any:
			i, err := strconv.Atoi(k)
			if err != nil || i >= len(c) {
				return nil, false
			}
			v = c[i]
		default:
			return nil, false
		}
	}
	return v, true
}
