package translate

// searchMappers maps each search source (Options.Source) to its OCSF
// mapping (README, "OCSF output").
var searchMappers = map[string]ocsfMapper{
	"detections":          ocsfSearchDetection,
	"endpointActivities":  ocsfEndpointActivity,
	"networkActivities":   ocsfNetworkActivity,
	"emailActivities":     ocsfEmailActivity,
	"mobileActivities":    ocsfMobileActivity,
	"containerActivities": ocsfContainerActivity,
	"identityActivities":  ocsfIdentityActivity,
	"cloudActivities":     ocsfCloudActivity,
}

// ocsfSearch maps a search item by its source; New refuses a source
// without a mapping.
func ocsfSearch(in *ocsfItem, ev *ocsfEvent) { searchMappers[ev.source](in, ev) }
