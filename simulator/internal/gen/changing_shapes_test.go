package gen

// The documented shapes of cases and tasks (Trend's OpenAPI document for
// v3.0: acl-v3-v1.Case, arp-taskInfo, wae-TaskInfo, art-v3-art-exportTask
// and deleteTask), for shapeOf. The simulator's spec test validates the
// served pages against the document itself.

var (
	accountShape = shaped(fields{"id": str, "name": str, "email": str}, nil)

	caseRequired = fields{
		"id": pattern(`^CL-9002-\d{8}-\d{5,}$`), "caseUrl": str, "name": str, "creator": accountShape,
		"type":     enum("Workbench", "Forensics", "ManagedServices", "TPIServiceNow", "Others"),
		"priority": enum("P0", "P1", "P2", "P3"), "status": enum("Open", "In-progress", "Closed"),
		"findings":        enum("NoFindings", "Noteworthy", "TruePositive", "FalsePositive", "BenignTruePositive"),
		"createdDateTime": isoSec, "updatedDateTime": isoSec,
	}
	caseOptional = fields{
		"description": str, "owners": arrayOf(accountShape), "lastUpdater": accountShape, "closedDateTime": isoSec,
		"associatedItemIds": strs, "relatedCaseIds": strs, "holder": enum("Analyst", "Customer"),
		"externalTicketId": str, "externalTicketCreatedDateTime": isoSec, "externalTicketUpdatedDateTime": isoSec,
	}

	taskErrorShape = shaped(fields{"code": enum("TaskError"), "message": str}, fields{"number": integer})

	responseTaskRequired = fields{
		"id": pattern(`^\d{8,}$`), "action": enum(responseActionNames...), "createdDateTime": isoSec,
		"lastActionDateTime": isoSec,
		"status":             enum("queued", "running", "succeeded", "failed", "canceled", "pendingApproval", "rejected"),
	}
	responseTaskOptional = fields{"account": str, "description": str, "error": taskErrorShape}
	endpointTarget       = fields{"agentGuid": uuidValue, "endpointName": str}
	subTask              = fields{"status": responseTaskRequired["status"], "lastActionDateTime": isoSec}
	// responseTaskTargets are the fields each action's shape requires
	// besides the common ones.
	responseTaskTargets = map[string]fields{
		"isolate": endpointTarget, "restoreIsolate": endpointTarget, "remoteShell": endpointTarget,
		"collectFile":                merge(endpointTarget, fields{"filePath": str}),
		"terminateProcess":           merge(endpointTarget, fields{"fileSha1": str}),
		"dumpProcessMemory":          merge(endpointTarget, fields{"pid": integer, "imagePath": str}),
		"investigationKit":           merge(endpointTarget, fields{"kit": enum("General Investigation", "Full Investigation", "Tools for IR")}),
		"runCustomScript":            merge(endpointTarget, fields{"fileName": str}),
		"isolateForMultiple":         {"tasks": arrayOf(shaped(merge(subTask, endpointTarget), nil))},
		"restoreIsolateForMultiple":  {"tasks": arrayOf(shaped(merge(subTask, endpointTarget), nil))},
		"runCustomScriptForMultiple": {"tasks": arrayOf(shaped(merge(subTask, endpointTarget, fields{"fileName": str}), nil))},
		"malwareScanForMultiple": {"tasks": arrayOf(shaped(merge(subTask, endpointTarget, fields{"scanReport": shaped(fields{
			"virusMalwareCount": integer, "spywareGraywareCount": integer, "scannedFileCount": integer, "scanProgress": integer,
		}, fields{"finishedDateTime": isoSec})}), nil))},
		"quarantineMessage": {"tasks": arrayOf(shaped(subTask, fields{"mailBox": str, "messageId": str, "uniqueId": str}))},
		"deleteMessage":     {"tasks": arrayOf(shaped(subTask, fields{"mailBox": str, "messageId": str, "uniqueId": str}))},
		"restoreMessage":    {"tasks": arrayOf(shaped(subTask, fields{"mailBox": str, "messageId": str, "uniqueId": str}))},
		"disableAccount":    {"tasks": arrayOf(shaped(merge(subTask, fields{"iam": enum("AAD", "OPAD"), "accountName": str}), nil))},
		"enableAccount":     {"tasks": arrayOf(shaped(merge(subTask, fields{"iam": enum("AAD", "OPAD"), "accountName": str}), nil))},
		"forceSignOut":      {"tasks": arrayOf(shaped(merge(subTask, fields{"iam": enum("AAD", "OPAD"), "accountName": str}), nil))},
		"resetPassword":     {"tasks": arrayOf(shaped(merge(subTask, fields{"iam": enum("AAD", "OPAD"), "accountName": str}), nil))},
		"collectNetworkAnalysisPackage": merge(endpointTarget, fields{"tasks": arrayOf(shaped(merge(subTask, fields{
			"action": enum("collectNetworkDetectedFile", "collectNetworkPcapFile", "collectNetworkInvestigationPackage"),
		}), nil))}),
		"isolateContainer":   {"kubernetesPodId": uuidValue, "kubernetesClusterId": str, "kubernetesPodName": str, "containerType": enum("kubernetes")},
		"restoreContainer":   {"kubernetesPodId": uuidValue, "kubernetesClusterId": str, "kubernetesPodName": str, "containerType": enum("kubernetes")},
		"terminateContainer": {"containerType": enum("kubernetes", "amazonEcs")},
	}

	playbookTaskRequired = fields{
		"id": pattern(`^SP-\d{8}-\d{7,}$`), "playbookId": uuidValue, "playbookName": str,
		"status":          enum("succeeded", "partiallySucceeded", "failed", "queued", "running", "pendingApproval"),
		"playbookType":    enum("activityAndBehavior", "general", "systemConfiguration", "securityPolicy", "threatDetection", "vulnerability", "xdrDetection"),
		"createdDateTime": isoSec, "lastActionDateTime": isoSec, "executionPeriod": integer,
	}
	playbookTaskOptional = fields{"playbookDescription": str, "error": taskErrorShape}

	endpointExportTask = fields{
		"id": uuidValue, "status": enum("running", "succeeded", "failed"), "action": enum("export"),
		"createdDateTime": isoSec, "lastActionDateTime": isoSec,
	}
	endpointDeleteTask = merge(endpointExportTask, endpointTarget, fields{"action": enum("delete")})
)

// responseTaskShape is the shape of a response task's action.
func responseTaskShape(m map[string]any) (string, fields, fields) {
	action, _ := m["action"].(string)
	return action + " task", merge(responseTaskRequired, responseTaskTargets[action]), responseTaskOptional
}

// endpointSecurityTaskShape: an export, or a delete that names its endpoint.
func endpointSecurityTaskShape(m map[string]any) (string, fields, fields) {
	if m["action"] == "delete" {
		return "delete task", endpointDeleteTask, fields{"error": taskErrorShape}
	}
	return "export task", endpointExportTask, fields{"error": taskErrorShape}
}
