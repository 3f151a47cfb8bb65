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
	// source is a search source's item builder (search.go); nil otherwise.
	source sourceBuilder
}

// generators declares each feed's generator, in the order Kinds lists them.
var generators = []generator{
	{kind: Workbench, item: workbenchItem, key: byAlertID, versions: alertVersions},
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
// that Versions lists their states (workbench alerts).
func HasVersions(k Kind) bool {
	g := byKind[k]
	return g != nil && g.versions != nil
}

// unchanging adapts the generator of a feed whose items never change: asOf
// does not matter.
func unchanging(item func(Record) map[string]any) func(Record, time.Time) map[string]any {
	return func(r Record, _ time.Time) map[string]any { return item(r) }
}

// alertVersions: see Versions.
func alertVersions(r Record) []time.Time { return planFor(r).times() }
