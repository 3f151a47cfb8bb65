package gen

// sourceBuilder renders one item of a source. scenario names a kind of event
// (a behaviour, a CloudTrail event name, …) when an OAT filter needs a
// matching detail; "" lets the builder choose its own mix.
type sourceBuilder func(d *draw, scenario string) map[string]any

// searchSources maps each /v3.0/search feed to its generator (visionone-api.md §4.2).
var searchSources = map[Kind]sourceBuilder{
	SearchDetections:    detectionItem,
	EndpointActivities:  endpointActivityItem,
	NetworkActivities:   networkActivityItem,
	EmailActivities:     emailActivityItem,
	CloudActivities:     cloudActivityItem,
	MobileActivities:    mobileActivityItem,
	IdentityActivities:  identityActivityItem,
	ContainerActivities: containerActivityItem,
}

// searchItem renders a search record. Every source carries uuid (the dedup
// key) and eventTime as epoch milliseconds (§4.3), set here once.
func searchItem(r Record) map[string]any {
	item := searchSources[r.Kind](newDraw(r, streamItem), "")
	item["uuid"] = uuidFor(r.Seed)
	item["eventTime"] = r.Time.UnixMilli()
	return item
}
