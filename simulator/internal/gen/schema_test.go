package gen

import (
	"strings"
	"testing"
	"time"
)

// The documented item shapes, written once as data from docs/visionone-api.md
// (§2.2, §3.2, §4.2, §5.2) and, for the search
// sources that the reference describes by sample only, the sample files.
// The simulator's spec-validation test (simulator/spec_test.go) checks the
// served pages against Trend's OpenAPI document for v3.0 itself.

var (
	wbInvestigationStatus = enum("New", "In Progress", "True Positive", "False Positive", "Benign True Positive", "Closed")
	wbInvestigationResult = enum("No Findings", "Noteworthy", "True Positive", "False Positive", "Benign True Positive", "Other Findings")
	wbProvenance          = arrayOf(enum("Alert", "Sweeping", "Network Analytics", "Endpoint Enrichment", "Network Enrichment",
		"Related Asset Enrichment", "Lateral Movement Enrichment", "Endpoint Initial Access Enrichment"))
	hostShape = shaped(fields{"name": str, "ips": strs, "guid": str}, nil)
	// relatedEntities is string[] or string[][] (§2.2).
	relatedEntities = anyOf(strs, arrayOf(strs))

	workbenchRequired = fields{
		"schemaVersion": str, "id": pattern(`^WB-9002-\d{8}-\d{5,}$`), "investigationStatus": wbInvestigationStatus,
		"status": enum("Open", "In Progress", "Closed"), "investigationResult": wbInvestigationResult,
		"workbenchLink": str, "alertProvider": enum("SAE", "TI"), "model": str, "modelId": str,
		"modelType": enum("preset", "custom"), "score": integer, "severity": enum("critical", "high", "medium", "low"),
		"createdDateTime": isoSec, "updatedDateTime": isoSec,
		"impactScope": shaped(fields{
			"desktopCount": integer, "serverCount": integer, "accountCount": integer, "emailAddressCount": integer,
			"containerCount": integer, "cloudIdentityCount": integer,
			"entities": arrayOf(shaped(fields{
				"entityType":          enum("host", "account", "emailAddress", "container", "cloudIdentity"),
				"entityValue":         anyOf(str, hostShape),
				"entityId":            anyOf(str, strs),
				"relatedEntities":     relatedEntities,
				"relatedIndicatorIds": ints,
				"provenance":          wbProvenance,
			}, fields{"managementScopeGroupId": str, "managementScopeInstanceId": str, "managementScopePartitionKey": str})),
		}, nil),
	}
	workbenchOptional = fields{
		"firstInvestigatedDateTime": isoSec, "incidentId": pattern(`^IC-`), "caseId": pattern(`^CL-`), "ownerIds": strs,
	}
	saeRequired = fields{
		"description": str,
		"matchedRules": arrayOf(shaped(fields{"id": str, "name": str, "matchedFilters": arrayOf(shaped(fields{
			"id": str, "name": str, "matchedDateTime": isoMilli, "mitreTechniqueIds": strs,
			"matchedEvents": arrayOf(shaped(fields{"uuid": str, "matchedDateTime": isoMilli, "type": enum(
				"TELEMETRY_ACCOUNT", "TELEMETRY_AMSI", "TELEMETRY_CONNECTION", "TELEMETRY_DNS", "TELEMETRY_FILE",
				"TELEMETRY_INTERNET", "TELEMETRY_PROCESS", "TELEMETRY_REGISTRY", "TELEMETRY_MODIFIED_PROCESS",
				"TELEMETRY_WINDOWS_EVENT", "TELEMETRY_WINDOWS_HOOK", "TELEMETRY_WMI", "TELEMETRY_MEMORY", "TELEMETRY_BM",
				"TELEMETRY_APP", "TELEMETRY_SYSTEM_EVENT", "PRODUCT_JAGUAR", "PRODUCT_EVENT_LOG", "JAGUAR_ACTIVITY_DNA",
				"JAGUAR_ACTIVITY_PTE", "MESSAGE_EMAIL_META", "NETWORK_ACTIVITY")}, nil)),
		}, nil))}, nil)),
		"indicators": arrayOf(shaped(fields{
			"id": integer, "type": str, "field": str, "value": anyOf(str, hostShape),
			"relatedEntities": relatedEntities, "filterIds": strs, "provenance": wbProvenance,
		}, nil)),
	}
	tiRequired = fields{
		"campaign": nullable(str), "industry": nullable(str), "regionAndCountry": nullable(str),
		"createdBy": str, "totalIndicatorCount": integer, "matchedIndicatorCount": integer, "reportLink": str,
		"indicators": arrayOf(shaped(fields{
			"id": integer, "type": str, "fields": arrayOf(strs), "value": anyOf(str, hostShape),
			"relatedEntities": relatedEntities, "matchedIndicatorPatternIds": strs,
			"firstSeenDateTimes": arrayOf(isoMilli), "lastSeenDateTimes": arrayOf(isoMilli), "provenance": wbProvenance,
		}, nil)),
		"matchedIndicatorPatterns": arrayOf(shaped(fields{"id": str, "pattern": str, "tags": strs, "matchedLogs": strs}, nil)),
	}

	oatSourceNames = []string{"detections", "endpointActivityData", "cloudActivityData", "emailActivityData",
		"mobileActivityData", "networkActivityData", "containerActivityData", "identityActivityData", "thirdPartyLogData"}
	oatRequired = fields{
		"source": enum(oatSourceNames...), "uuid": uuidValue, "detectedDateTime": isoSec,
		"entityType": enum("endpoint", "mailbox", "cloudtrail", "messaging", "network", "ics", "container", "identity"),
		"entityName": str,
		"filters": arrayOf(shaped(fields{
			"id": str, "name": str, "mitreTacticIds": strs, "mitreTechniqueIds": strs,
			"highlightedObjects": arrayOf(shaped(fields{"type": str, "field": str, "value": anyOf(str, integer, strs)}, nil)),
			"riskLevel":          enum("info", "low", "medium", "high", "critical"), "type": enum("custom", "preset"),
		}, fields{"description": str})),
		// detail allows additional properties; these are the ones every example carries.
		"detail":           shaped(fields{"uuid": uuidValue, "eventTime": epochMs, "tags": strs, "filterRiskLevel": str}, nil),
		"ingestedDateTime": isoSec, // optional in the document, always present (real OAT item, §0)
	}
	oatOptional = fields{"endpoint": shaped(fields{"endpointName": str, "agentGuid": uuidValue, "ips": strs}, nil)}

	auditCategories = []string{"Logon and Logoff", "SAML Single Sign-On", "Account Management", "Product Connector",
		"Notifications", "Detection Model Management", "Workbench", "Response Management", "Search", "Managed XDR",
		"Mobile Security", "Network Inventory", "Third-Party Integration", "Service Gateway Management",
		"Threat Intelligence", "Risk Insights", "Endpoint Inventory", "Endpoint Policies", "Zero Trust Secure Access",
		"Sandbox Analysis", "Observed Attack Techniques", "Reports", "Security Playbooks", "API Keys",
		"Console Settings", "Support Settings", "Service Gateway Management 2.0", "ServiceNow",
		"Network Intrusion Prevention", "User Roles", "Companion", "Container Security",
		"Phishing Simulation Assessment", "Cloud Accounts", "Identity Providers", "Case Management", "Forensics"}
	auditRequired = fields{
		"loggedDateTime": isoSec, "ingestedDateTime": isoSec, "loggedUser": str, "loggedRole": str,
		"accessType": enum("Console", "API"), "category": enum(auditCategories...), "activity": str,
		"result": enum("Successful", "Unsuccessful"), "details": object,
	}

	// Every search item carries eventTime (§4.3, the time key) and, where its
	// schema declares one, uuid (the dedup key; email, network and VPC flow
	// items have none).
	searchCommon = fields{"uuid": uuidValue, "eventTime": integer}

	// detectionsDeclared is the document's list of 97 detection fields (§4.2).
	// Products return subsets; the endpoint protection variant returns all.
	detectionsDeclared = fields{
		"act": strs, "actResult": strs, "app": str, "appGroup": str, "aptRelated": str, "behaviorCat": str,
		"blocking": str, "cat": integer, "cccaDetection": str, "cccaDetectionSource": str,
		"cccaRiskLevel": intRange(0, 3), "clientFlag": str, "cnt": str, "component": strs, "compressedFileSize": str,
		"detectionType": str, "deviceDirection": str, "deviceGUID": str, "deviceProcessName": str,
		"deviceMacAddress": str, "dhost": str, "domainName": str, "dpt": integer, "dst": strs, "dstGroup": str,
		"end": str, "endpointGUID": str, "endpointHostName": str, "endpointIp": strs, "endpointMacAddress": str,
		"engType": str, "engVer": str, "eventId": str, "eventName": str, "eventSubName": str, "eventTime": integer,
		"eventTimeDT": str, "fileHash": str, "fileName": strs, "fileOperation": str, "filePath": str,
		"filePathName": str, "fileSize": str, "firstAct": str, "firstActResult": str, "fullPath": str,
		"hostName": str, "httpReferer": str, "interestedHost": str, "interestedIp": strs,
		"interestedMacAddress": str, "malName": str, "malType": str, "mDevice": strs, "mDeviceGUID": str,
		"mitreMapping": strs, "mitreVersion": str, "mpname": str, "mpver": str, "objectCmd": strs,
		"objectFileHashMd5": str, "objectFileHashSha1": str, "objectFileHashSha256": str, "objectFileName": str,
		"objectFilePath": str, "objectName": str, "objectPid": integer, "objectSigner": strs, "parentCmd": str,
		"parentFileHashSha1": str, "parentFileHashSha256": str, "parentFilePath": str, "peerHost": str,
		"peerIp": strs, "pname": str, "processCmd": str, "processFileHashMd5": str, "processFileHashSha1": str,
		"processFileHashSha256": str, "processFilePath": str, "processName": str, "processPid": integer,
		"processSigner": strs, "productCode": str, "pver": str, "request": str, "requestClientApplication": str,
		"rt": str, "rt_utc": str, "searchDL": str, "spt": integer, "src": strs, "srcGroup": str, "tacticId": strs,
		"tags": strs, "threatName": str, "uuid": uuidValue,
	}
	// detectionsCore is what every product's detection carries; the rest
	// differs per product, in presence and in scalar-vs-array type.
	detectionsCore = fields{"uuid": uuidValue, "eventTime": integer, "eventTimeDT": str, "productCode": str,
		"pname": str, "eventName": str, "severity": integer, "tags": nullable(strs), "searchDL": str,
		"act": strs}
	detectionsVarying = fields{"src": strs, "processSigner": strs, "dst": strs,
		"endpointIp": strs, "endpointGUID": str}

	// endpointDeclared is the document's list of 43 endpoint activity fields (§4.2,
	// types as in the sample search_endpointActivities_page.json) but
	// winEventId: none of the generated events has an id of its enum.
	endpointDeclared = fields{
		"dpt": integer, "dst": str, "endpointGuid": str, "endpointHostName": str, "endpointIp": strs,
		"eventId": str, "eventSubId": integer, "objectIntegrityLevel": integer, "objectTrueType": integer,
		"objectSubTrueType": integer, "eventTime": integer, "eventTimeDT": str,
		"hostName": str, "logonUser": strs, "objectCmd": str, "objectFileHashSha1": str, "objectFilePath": str,
		"objectHostName": str, "objectIp": str, "objectIps": strs, "objectPort": integer,
		"objectRegistryData": str, "objectRegistryKeyHandle": str, "objectRegistryValue": str,
		"objectSigner": strs, "objectSignerValid": arrayOf(boolean), "objectUser": str, "os": str,
		"parentCmd": str, "parentFileHashSha1": str, "parentFilePath": str, "processCmd": str,
		"processFileHashSha1": str, "processFilePath": str, "request": str, "searchDL": str, "spt": integer,
		"src": str, "srcFileHashSha1": str, "srcFilePath": str, "tags": strs, "uuid": uuidValue,
	}
	// emailDeclared: the document's 15 email fields (no uuid).
	emailDeclared = fields{
		"mailMsgSubject": str, "mailMsgId": str, "msgUuid": str, "mailbox": str, "mailSenderIp": str,
		"mailFromAddresses": strs, "mailWholeHeader": strs, "mailToAddresses": strs, "mailSourceDomain": str,
		"searchDL": str, "scanType": str, "eventTime": integer, "org_id": str, "mailUrlsVisibleLink": strs,
		"mailUrlsRealLink": strs,
	}
	// networkCore: what both network shapes carry and OAT network filters
	// highlight (no uuid: the schema declares none).
	networkCore = fields{"eventTime": integer, "eventTimeDT": str, "eventName": str,
		"src": str, "dst": str, "spt": integer, "dpt": integer, "request": str, "endpointHostName": str, "endpointGuid": str}
	// webGatewaySample: keys of the sample search_networkActivities_page.json (§4.4).
	webGatewaySample = fields{
		"endpointHostName": str, "customerId": str, "osName": str, "dst": str, "endpointGuid": str,
		"principalName": str, "request": str, "act": str, "src": str, "serverTls": str, "eventTime": integer,
		"serverProtocol": str, "userAgent": str, "rt": integer, "tenantGuid": str, "eventName": str,
		"application": str, "ruleName": str, "clientIp": str, "requestBase": str, "score": integer,
		"userDomain": str, "suid": str, "duration": integer, "eventSubName": str, "fileHash": str,
		"fileHashSha256": str, "fileName": str, "fileSize": str, "fileType": str, "malName": str, "mimeType": str,
		"sender": str, "detectionType": str, "profile": str, "userDepartment": str, "requestMethod": str,
		"pname": str, "pver": str, "deviceGUID": str, "requestMimeType": str, "ruleType": str, "ruleUuid": str,
		"objectId": str, "spt": integer, "policyUuid": str, "dpt": integer, "companyName": str, "start": integer,
	}
	// cloudTrailSample: keys of the sample search_cloudActivities_page.json (§4.4).
	cloudTrailSample = fields{
		"eventTimeDT": isoMilli, "awsRegion": str, "customerId": str, "eventCategory": str, "eventID": str,
		"eventName": str, "eventSource": str, "eventSubId": str, "eventCase": str, "eventTime": integer,
		"eventType": str, "eventVersion": str, "managementEvent": boolean, "packageTraceId": str,
		"productCode": str, "readOnly": boolean, "recipientAccountId": str, "requestID": str,
		"responseElements": str, "sourceIPAddress": str, "userAgent": str, "uuid": uuidValue,
	}
	// vpcFlowFields: the VPC flow log variant, its 33 fields (no uuid).
	vpcFlowFields = fields{
		"eventTime": integer, "dst": str, "src": str, "pname": str, "spt": integer, "dpt": integer,
		"start": integer, "end": integer, "vpcFlowLogsVersion": integer, "cloudAccountId": str,
		"networkInterfaceId": str, "ipProto": integer, "packets": integer, "bytes": integer,
		"action": enum("ACCEPT", "REJECT"), "logStatus": str, "vpcId": str, "subnetId": str,
		"instanceId": str, "tcpFlags": integer, "flowType": str, "pktSrcAddr": str, "pktDstAddr": str,
		"regionCode": str, "azId": str, "subLocationType": str, "subLocationId": str,
		"pktSrcCloudServiceName": str, "pktDstCloudServiceName": str,
		"flowDirection": enum("ingress", "egress"), "trafficPath": integer, "productCode": enum("vpc"),
		"filterRiskLevel": enum("info", "low", "medium", "high", "critical"),
	}
	// mobileSample: keys of the sample search_mobileActivities_page.json (§4.4).
	mobileSample = fields{
		"endpointGuid": str, "endpointHostName": str, "endpointIp": strs, "endpointModel": str, "osName": str,
		"osVer": str, "eventId": str, "eventSubId": integer, "firstSeen": str, "logonUser": strs, "userType": str,
		"pname": str, "pver": str, "objectAppPackageName": str, "objectAppInstalledTime": str,
		"objectAppLabel": str, "objectAppSize": str, "objectAppIsSystemApp": boolean, "objectAppVerCode": str,
		"objectAppSha256": str, "objectAppPublicKeySha1": str, "request": str, "appLabel": str,
		"appPkgName": str, "appPublicKeySha1": str, "appSize": str, "appIsSystem": boolean,
		"objectHostName": str, "appVerCode": str, "tags": strs, "productCode": str, "uuid": uuidValue,
		"filterRiskLevel": str, "eventTime": integer, "eventTimeDT": str,
	}
	// identitySample: keys of the sample search_identityActivities_page.json (§4.4).
	identitySample = fields{
		"uuid": uuidValue, "eventSourceType": integer, "eventTime": integer, "tags": strs, "filterRiskLevel": str,
		"eventId": str, "eventName": str, "idpName": str, "idpId": str, "locationCountry": str,
		"locationCity": str, "locationState": str, "locationLongitude": str, "locationLatitude": str,
		"clientId": str, "clientDisplayName": str, "clientOS": str, "clientBrowser": str, "clientApp": str,
		"ipAddress": str, "userId": str, "userDisplayName": str, "statusDetail": str, "status": str,
		"statusReason": str, "targetResourceId": str, "targetResourceDisplayName": str, "requestMethod": str,
		"eventAdditionalDetails": arrayOf(shaped(fields{"key": str, "value": str}, nil)), "eventCategory": str,
		"initiatedByAppId": str, "initiatedByAppDisplayName": str, "initiatedByServicePrincipalId": str,
		"initiatedByServicePrincipalName": str, "initiatedByUserId": str, "initiatedByUserDisplayName": str,
		"initiatedByUserHomeTenantId": str, "initiatedByUserHomeTenantName": str,
		"initiatedByUserIpAddress": str, "initiatedByUserPrincipalName": str, "loggedByService": str,
		"operationType": str, "result": str, "resultReason": str, "targetResources": array, "userAgent": str,
		"pname": str, "actionName": str, "correlationId": str, "policyTreePath": str, "principalName": str,
		"logBatchId": str, "orgId": str, "tenantId": str,
	}
	// containerSample: keys of the sample search_containerActivities_page.json (§4.4).
	containerSample = fields{
		"endpointHostName": str, "eventId": str, "eventSubId": integer, "eventTime": integer,
		"objectFilePath": str, "srcFilePath": str, "tags": strs, "uuid": uuidValue, "productCode": str,
		"filterRiskLevel": str, "eventSourceType": integer, "version": str, "customerId": str,
		"receivedTime": integer, "bitwiseFilterRiskLevel": integer, "customFilterTags": str,
		"customFilterRiskLevel": str, "tmFilterRiskLevel": str, "clusterId": str, "clusterName": str,
		"k8sNamespace": str, "k8sPodName": str, "k8sPodId": str, "containerName": str, "containerId": str,
		"containerImage": str, "containerImageDigest": str, "ruleIdStr": str, "policyId": str,
		"policyName": str, "processCmd": str, "parentCmd": str, "parentCmdNormalized": str,
		"processFilePath": str, "parentFilePath": str, "processLaunchTime": str, "processName": str,
		"parentName": str, "parentLaunchTime": str, "processPid": integer, "parentPid": integer, "dpt": integer,
		"dst": str, "spt": integer, "src": str, "proto": integer, "objectUser": str, "osName": str,
	}
)

// intRange accepts integers in [lo, hi].
func intRange(lo, hi int) check {
	return check{"integer in range", func(v any) bool {
		if !integer.ok(v) {
			return false
		}
		n, _ := v.(interface{ Int64() (int64, error) }).Int64()
		return n >= int64(lo) && n <= int64(hi)
	}}
}

// shapeOf returns the required and optional fields a decoded item must
// carry, choosing the variant from the item where a feed has several.
func shapeOf(kind Kind, m map[string]any) (string, fields, fields) {
	switch kind {
	case Workbench:
		if m["alertProvider"] == "TI" {
			return "TI alert", merge(workbenchRequired, tiRequired), workbenchOptional
		}
		return "SAE alert", merge(workbenchRequired, saeRequired), workbenchOptional
	case OAT:
		return "OAT", oatRequired, oatOptional
	case Audit:
		return "audit", auditRequired, nil
	case SearchDetections:
		if m["productCode"] == "sao" {
			return "endpoint protection detection", merge(detectionsDeclared, fields{"severity": integer}), nil
		}
		return "product detection", detectionsCore, detectionsVarying
	case EndpointActivities:
		return "endpoint activity", endpointDeclared, nil
	case NetworkActivities:
		if m["eventName"] == "SWG_ACTIVITY_LOG" {
			return "web gateway activity", merge(webGatewaySample, networkCore), nil
		}
		return "network flow", networkCore, nil
	case EmailActivities:
		return "email activity", emailDeclared, nil
	case CloudActivities:
		if m["productCode"] == "vpc" {
			return "VPC flow", vpcFlowFields, nil
		}
		return "CloudTrail", cloudTrailSample, fields{"userIdentity": str}
	case MobileActivities:
		return "mobile activity", mobileSample, nil
	case IdentityActivities:
		return "identity activity", identitySample, nil
	case ContainerActivities:
		return "container activity", containerSample, nil
	case ContainerAuditEvents:
		return "Kubernetes audit event", containerAuditRequired, containerAuditOptional
	case ContainerSensorEvents:
		return "Kubernetes sensor event", sensorRequired, k8sSensorOptional
	case ContainerECSSensorEvents:
		return "ECS sensor event", ecsSensorRequired, ecsSensorOptional
	case ContainerEvaluationEvents:
		if _, ok := m["mitigation"]; ok {
			return "continuous admission evaluation", continuousEvaluationRequired, evaluationOptional
		}
		return "admission evaluation", admissionEvaluationRequired, evaluationOptional
	case AccountCompromise:
		return "account compromise indicator", compromiseRequired, nil
	case Cases:
		return "case", caseRequired, caseOptional
	case ResponseTasks:
		return responseTaskShape(m)
	case PlaybookTasks:
		return "playbook task", playbookTaskRequired, playbookTaskOptional
	case EndpointSecurityTasks:
		return endpointSecurityTaskShape(m)
	}
	return "unknown", searchCommon, nil
}

func merge(fs ...fields) fields {
	out := fields{}
	for _, f := range fs {
		for k, v := range f {
			out[k] = v
		}
	}
	return out
}

func TestItemsCarryTheDocumentedFields(t *testing.T) {
	for _, kind := range Kinds() {
		t.Run(string(kind), func(t *testing.T) {
			variants := counter{}
			for _, r := range testRecords(kind, 1500) {
				m := decoded(t, Item(r, r.Time.Add(100*time.Hour)))
				variant, required, optional := shapeOf(kind, m)
				variants[variant]++
				errs := fieldErrors(m, merge(required, searchCommonFor(kind, m)), optional)
				if len(errs) > 0 {
					t.Fatalf("seed %d (%s): %s\nitem: %s", r.Seed, variant, strings.Join(errs, "; "), CanonicalJSON(m))
				}
			}
			t.Logf("variants: %v", variants)
		})
	}
}

// searchCommonFor is what every item of kind carries, uuid only where the
// schema declares it.
func searchCommonFor(kind Kind, m map[string]any) fields {
	switch {
	case kind == EmailActivities || kind == NetworkActivities || kind == CloudActivities && m["productCode"] == "vpc":
		return fields{"eventTime": integer}
	case kind.IsSearch():
		return searchCommon
	}
	return nil
}

// TestShapeChecksRejectWrongItems makes sure the checks above can fail.
func TestShapeChecksRejectWrongItems(t *testing.T) {
	r := testRecords(OAT, 1)[0]
	tests := []struct {
		name   string
		mutate func(m map[string]any)
	}{
		{"missing uuid", func(m map[string]any) { delete(m, "uuid") }},
		{"bad riskLevel", func(m map[string]any) {
			m["filters"].([]any)[0].(map[string]any)["riskLevel"] = "severe"
		}},
		{"millisecond detectedDateTime", func(m map[string]any) { m["detectedDateTime"] = "2024-05-14T08:00:00.000Z" }},
		{"float eventTime", func(m map[string]any) { m["detail"].(map[string]any)["eventTime"] = 1.5 }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := decoded(t, Item(r, r.Time))
			tt.mutate(m)
			m = decoded(t, m)
			if errs := fieldErrors(m, oatRequired, oatOptional); len(errs) == 0 {
				t.Fatal("the broken item passed the shape checks")
			}
		})
	}
}
