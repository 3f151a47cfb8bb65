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

// uuidSources are the sources whose item schema (Trend's OpenAPI document
// for v3.0) declares uuid. Email and network items have none; of the cloud
// items, the CloudTrail ones have one (cloudTrailRecord sets it) and the VPC
// flow ones none. A client keys items without uuid by their content (Key).
var uuidSources = map[Kind]bool{
	SearchDetections: true, EndpointActivities: true, MobileActivities: true,
	IdentityActivities: true, ContainerActivities: true,
}

// searchItem renders a search record: eventTime as epoch milliseconds
// (§4.3) on every source, uuid where the source's schema declares it.
func searchItem(r Record) map[string]any {
	item := searchSources[r.Kind](newDraw(r, streamItem), "")
	if uuidSources[r.Kind] {
		item["uuid"] = uuidFor(r.Seed)
	}
	item["eventTime"] = r.Time.UnixMilli()
	return item
}
