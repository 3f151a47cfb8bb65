package simulator

// endpointSecurityTaskList answers GET /v3.0/endpointSecurity/tasks (§6.5):
// a range on createdDateTime or lastActionDateTime, ordered by orderBy
// (default createdDateTime desc).
var endpointSecurityTaskList = rangedList{
	bounds:   retainedBounds,
	targets:  []string{"createdDateTime", "lastActionDateTime"},
	fields:   taskTargets,
	orderCap: 128, orderFields: endpointSecurityTaskOrderFields, defaultOrder: "createdDateTime desc",
	tops: []int{10, 50, 100, 200, 1000}, defaultTop: 100,
}
