package simulator

// playbookTaskList answers GET /v3.0/securityPlaybooks/tasks (§6.4): a
// range on createdDateTime only, ordered by orderBy (default
// lastActionDateTime desc).
var playbookTaskList = rangedList{
	bounds:   retainedBounds,
	targets:  []string{"createdDateTime"},
	fields:   taskTargets,
	orderCap: 100, orderFields: playbookTaskOrderFields, defaultOrder: "lastActionDateTime desc",
	tops: []int{10, 20, 50, 100}, defaultTop: 10,
}
