package simulator

// responseTaskList answers GET /v3.0/response/tasks (§6.3). The filter is
// the `filter` query parameter; there is no orderBy, and the order,
// undocumented, is newest first by createdDateTime (README).
var responseTaskList = rangedList{
	bounds:  retainedBounds,
	targets: []string{"createdDateTime", "lastActionDateTime"},
	fields:  taskTargets,
	tops:    []int{50, 100, 200}, defaultTop: 50,
	uncounted: true,
}
