package gen

import (
	"strings"
	"time"
)

// Kind names one feed by its API path under /v3.0.
type Kind string

// The feeds the simulator serves, each named once here; generators gives
// each its generator, and the simulator's feed descriptors
// (simulator/feeds.go) say how each is served.
const (
	Workbench           Kind = "workbench/alerts"
	OAT                 Kind = "oat/detections"
	Audit               Kind = "audit/logs"
	SearchDetections    Kind = "search/detections"
	EndpointActivities  Kind = "search/endpointActivities"
	NetworkActivities   Kind = "search/networkActivities"
	EmailActivities     Kind = "search/emailActivities"
	CloudActivities     Kind = "search/cloudActivities"
	MobileActivities    Kind = "search/mobileActivities"
	IdentityActivities  Kind = "search/identityActivities"
	ContainerActivities Kind = "search/containerActivities"

	// Container Security event logs (§6.1) and account compromise
	// indicators (§6.6).
	ContainerAuditEvents      Kind = "containerSecurity/kubernetesAuditEventLogs"
	ContainerSensorEvents     Kind = "containerSecurity/kubernetesSensorEventLogs"
	ContainerEvaluationEvents Kind = "containerSecurity/kubernetesEvaluationEventLogs"
	ContainerECSSensorEvents  Kind = "containerSecurity/amazonEcsSensorEventLogs"
	AccountCompromise         Kind = "asrm/accountCompromiseIndicators"

	// Cases and task histories (§6.2–6.5), whose items change.
	Cases                 Kind = "caseManagement/cases"
	ResponseTasks         Kind = "response/tasks"
	PlaybookTasks         Kind = "securityPlaybooks/tasks"
	EndpointSecurityTasks Kind = "endpointSecurity/tasks"
)

// generator renders one feed's records.
type generator struct {
	kind Kind
	// item renders a record as the API returns it as of asOf.
	item func(r Record, asOf time.Time) map[string]any
	// key is the record's dedup key as a collector computes it.
	key keyRule
	// versions lists the states an item goes through, oldest first; nil
	// for a feed whose items never change.
	versions func(r Record) []time.Time
	// changes is when, by default, an item's later states happen after its
	// creation (feeds with versions; see ChangeRange).
	changes changeRange
	// source is a search source's item builder (search.go); nil otherwise.
	source sourceBuilder
}

// generators declares each feed's generator, in the order Kinds lists them.
var generators = []generator{
	{kind: Workbench, item: workbenchItem, key: byAlertID, versions: alertVersions, changes: changeRange{DefaultChangeMin, DefaultChangeMax}},
	{kind: OAT, item: unchanging(oatItem), key: byRecordUUID},
	{kind: Audit, item: unchanging(auditItem), key: byContent},
	searchSource(SearchDetections, detectionItem, uuidDeclared),
	searchSource(EndpointActivities, endpointActivityItem, uuidDeclared),
	searchSource(NetworkActivities, networkActivityItem, noUUID),
	searchSource(EmailActivities, emailActivityItem, noUUID),
	searchSource(CloudActivities, cloudActivityItem, noUUID), // CloudTrail items carry their own
	searchSource(MobileActivities, mobileActivityItem, uuidDeclared),
	searchSource(IdentityActivities, identityActivityItem, uuidDeclared),
	searchSource(ContainerActivities, containerActivityItem, uuidDeclared),
	{kind: ContainerAuditEvents, item: unchanging(containerAuditItem), key: byContainerEventID},
	{kind: ContainerSensorEvents, item: unchanging(containerSensorItem), key: byContainerEventID},
	{kind: ContainerEvaluationEvents, item: unchanging(containerEvaluationItem), key: byContainerEventID},
	{kind: ContainerECSSensorEvents, item: unchanging(containerECSSensorItem), key: byContainerEventID},
	{kind: AccountCompromise, item: unchanging(accountCompromiseItem), key: byAccountEvent},
	{kind: Cases, item: caseItem, key: byCaseID, versions: caseVersions, changes: caseChanges},
	{kind: ResponseTasks, item: responseTaskItem, key: byResponseTaskID, versions: responseVersions, changes: responseChanges},
	{kind: PlaybookTasks, item: playbookTaskItem, key: byPlaybookTaskID, versions: playbookVersions, changes: playbookChanges},
	{kind: EndpointSecurityTasks, item: endpointTaskItem, key: byRecordUUID, versions: endpointTaskVersions, changes: endpointTaskChanges},
}

// byKind indexes generators.
var byKind = func() map[Kind]*generator {
	m := make(map[Kind]*generator, len(generators))
	for i := range generators {
		m[generators[i].kind] = &generators[i]
	}
	return m
}()

// Kinds lists every feed in a stable order.
func Kinds() []Kind {
	kinds := make([]Kind, len(generators))
	for i, g := range generators {
		kinds[i] = g.kind
	}
	return kinds
}

// IsSearch reports whether k is one of the /v3.0/search sources. The
// simulator does not branch on it (its feed descriptors say what differs);
// tests use it to pick the search feeds.
func (k Kind) IsSearch() bool { return strings.HasPrefix(string(k), "search/") }

// HasVersions reports whether k's items change after they are created, so
// that Versions lists their states (workbench alerts, cases, tasks).
func HasVersions(k Kind) bool {
	g := byKind[k]
	return g != nil && g.versions != nil
}

// ChangeRange is when, by default, the later states of k's items happen
// after their creation (zero for a feed whose items never change); a
// Record's ChangeMin and ChangeMax override it.
func ChangeRange(k Kind) (lo, hi time.Duration) {
	if g := byKind[k]; g != nil && g.versions != nil {
		return g.changes.min, g.changes.max
	}
	return 0, 0
}

// unchanging adapts the generator of a feed whose items never change: asOf
// does not matter.
func unchanging(item func(Record) map[string]any) func(Record, time.Time) map[string]any {
	return func(r Record, _ time.Time) map[string]any { return item(r) }
}

// alertVersions: see Versions.
func alertVersions(r Record) []time.Time { return planFor(r).times() }
