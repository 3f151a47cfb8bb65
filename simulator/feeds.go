package simulator

import (
	"slices"
	"time"

	"github.com/otel-visionone/trendmicrovisiononereceiver/simulator/internal/filterlang"
	"github.com/otel-visionone/trendmicrovisiononereceiver/simulator/internal/gen"
)

// Feed names a feed by its API path under /v3.0, e.g. "oat/detections". It
// is the internal gen.Kind, re-exported so that packages outside the
// simulator (the receiver's tests, the command) can name feeds.
type Feed = gen.Kind

// The feeds.
const (
	Workbench           = gen.Workbench
	OAT                 = gen.OAT
	Audit               = gen.Audit
	SearchDetections    = gen.SearchDetections
	EndpointActivities  = gen.EndpointActivities
	NetworkActivities   = gen.NetworkActivities
	EmailActivities     = gen.EmailActivities
	CloudActivities     = gen.CloudActivities
	MobileActivities    = gen.MobileActivities
	IdentityActivities  = gen.IdentityActivities
	ContainerActivities = gen.ContainerActivities

	ContainerAuditEvents      = gen.ContainerAuditEvents
	ContainerSensorEvents     = gen.ContainerSensorEvents
	ContainerEvaluationEvents = gen.ContainerEvaluationEvents
	ContainerECSSensorEvents  = gen.ContainerECSSensorEvents
	AccountCompromise         = gen.AccountCompromise

	Cases                 = gen.Cases
	ResponseTasks         = gen.ResponseTasks
	PlaybookTasks         = gen.PlaybookTasks
	EndpointSecurityTasks = gen.EndpointSecurityTasks
)

// Feeds lists every feed in a stable order.
func Feeds() []Feed {
	kinds := make([]Feed, len(feedList))
	for i, f := range feedList {
		kinds[i] = f.kind
	}
	return kinds
}

const healthcheckEndpoint = "healthcheck/connectivity"

// Shared visibility rules (feed.go).
var (
	// atCreation: workbench alerts are visible once created (§2).
	atCreation = visibility{precision: time.Second}
	// afterIngestion: OAT and audit records show their ingestedDateTime.
	afterIngestion = visibility{delayed: true, ingestionTime: true, precision: time.Second}
)

// feedList declares every feed, one descriptor each, in the order Feeds
// lists them. gen declares each one's generator under the same name.
var feedList = slices.Concat([]*feed{
	{
		kind: gen.Workbench, role: RoleWorkbench, serve: (*Simulator).serveWorkbench,
		tokenParam: "skipToken",
		// The only feed with contains() (§2.1).
		filter:     tmv1Filter(5000, workbenchFilterFields, filterlang.FilterOptions{AllowContains: true}),
		badRequest: workbenchBadRequest, internalError: workbenchInternalError,
		groundTruth: map[string]timeField{"createdDateTime": fieldEvent, "updatedDateTime": fieldUpdated},
		visibility:  atCreation,
		rate:        6,
	},
	{
		kind: gen.OAT, role: RoleOAT, serve: (*Simulator).serveOAT,
		tokenParam: "nextBatchToken",
		filter:     tmv1Filter(4000, oatFilterFields, filterlang.FilterOptions{}),
		badRequest: oatBadRequest, internalError: oatInternalError,
		// No products connected, a data lake timeout.
		errorNumbers: []int{1010420, 1000520}, numberedError: oatNumberedError,
		groundTruth: map[string]timeField{"detectedDateTime": fieldEvent, "ingestedDateTime": fieldIngested},
		visibility:  afterIngestion,
		rate:        120,
	},
	{
		kind: gen.Audit, role: RoleAudit, serve: (*Simulator).serveAudit,
		tokenParam: "skipToken", linkParams: auditLinkParams,
		// activity only together with category (§5.1).
		filter:     tmv1Filter(1024, auditFilterFields, filterlang.FilterOptions{}).requiring("activity", "category"),
		badRequest: auditBadRequest, internalError: auditInternalError,
		groundTruth: map[string]timeField{"loggedDateTime": fieldEvent, "ingestedDateTime": fieldIngested},
		visibility:  afterIngestion,
		rate:        30,
	},
}, searchFeeds(
	searchSource{gen.SearchDetections, 300, queryFields{
		partial: `hostName interestedHost shost dhost endpointHostName userDomain endpointGUID request src dst
			interestedIp endpointIp peerIp denyListIp fileName objectFileName compressedFileName
			attachmentFileName filePath filePathName objectFilePath processCmd objectCmd objectRegistryData
			objectRegistryKeyHandle objectRegistryValue suid processFilePath suser duser mailMsgSubject msgId
			techniqueId tags tacticId malName eventName eventSubName fullPath parentCmd parentFilePath
			srcFilePath pname act deviceGUID objectIp domainName peerHost httpReferer objectHostName msgUuid
			uuid productCode`,
		full: `dpt spt fileHash attachmentFileHash attachmentFileHashSha1 compressedFileHash objectFileHashSha1
			fileHashSha256 attachmentFileHashSha256 compressedFileHashSha256 objectFileHashSha256
			attachmentFileHashMd5 objectFileHashMd5 parentFileHashSha1 parentFileHashSha256 parentFileHashMd5
			processFileHashSha1 processFileHashSha256 processFileHashMd5 srcFileHashSha1 srcFileHashSha256
			srcFileHashMd5 objectPort`,
	}},
	searchSource{gen.EndpointActivities, 600, queryFields{
		partial: `dst endpointGuid endpointHostName endpointIp hostName logonUser objectAppName objectCmd
			objectFilePath objectIp objectIps objectRawDataStr objectRegistryData objectRegistryKeyHandle
			objectRegistryValue objectSigner objectSignerValid objectUser parentCmd parentFilePath pname
			processCmd processFilePath request src srcFilePath tags uuid productCode filterRiskLevel`,
		full: `dpt eventId eventSubId objectFileHashMd5 objectFileHashSha1 objectFileHashSha256 objectPid
			objectPort objectProcessHashId parentFileHashMd5 parentFileHashSha1 parentFileHashSha256
			parentPid processFileHashMd5 processFileHashSha1 processFileHashSha256 processHashId processPid
			spt srcFileHashMd5 srcFileHashSha1 srcFileHashSha256 winEventId`,
	}},
	searchSource{gen.NetworkActivities, 400, queryFields{
		partial: `tags productCode uuid osName filterRiskLevel endpointHostName dst src endpointGuid principalName
			request application ruleName clientIp requestBase eventSubName fileHash fileHashSha256 fileName
			act eventName malName detectionType profile deviceGUID flowId serverIp app requestMethod
			respMethod requestClientApplication httpReferer httpXForwardedForIp resolvedUrlIp respCode
			httpLocation userDomain suid hostName msgId mailMsgSubject suser duser requests fileType
			respFileHash respFileHashSha256 respFileType sslCertCommonName sslCertSerialNumber sslCertSANs
			sslCertFingerprint ja3Hash ja3sHash`,
		full: `dpt clientPort serverPort resolvedUrlPort`,
		extraPartial: `companyName customerId mimeType objectId pname policyUuid pver requestMimeType ruleType ruleUuid
			sender serverProtocol serverTls tenantGuid userAgent userDepartment sslCertIssuerCommonName
			sslCertOrganization sslCertIssuerOrganization`,
		extraFull: `spt`,
	}},
	searchSource{gen.EmailActivities, 60, queryFields{
		partial: `uuid tags pname msgUuid mailDirection mailFromAddresses mailToAddresses mailMsgSubject mailMsgId
			mailCcAddresses mailBccAddresses mailSenderIp mailAttachmentHash attachmentFileName
			attachmentUrls orgId mailUrlsVisibleLink mailUrlsRealLink`,
		full: `attachmentSha1 attachmentMd5 attachmentSha256`,
	}},
	searchSource{gen.CloudActivities, 120, queryFields{
		partial: `eventID eventName eventSource requestParameters resources responseElements sourceIPAddress userAgent
			userIdentity vpcEndpointId uuid productCode tags dst src pname cloudAccountId networkInterfaceId
			packets bytes action logStatus vpcId subnetId instanceId flowType pktSrcAddr pktDstAddr
			regionCode azId subLocationType subLocationId pktSrcCloudServiceName pktDstCloudServiceName
			flowDirection`,
		full:         `dpt ipProto tcpFlags trafficPath`,
		extraPartial: `awsRegion recipientAccountId`,
	}},
	searchSource{gen.MobileActivities, 60, queryFields{
		partial: `tags productCode uuid filterRiskLevel endpointGuid endpointHostName endpointIp logonUser
			objectFileHashSha256 objectFilePath pname request srcFileHashSha256 srcFilePath endpointModel
			osName appLabel appPkgName appPublicKeySha1 objectAppDexSha256 objectAppLabel
			objectAppPackageName objectAppPublicKeySha1`,
		full:         `eventId eventSubId`,
		extraPartial: `objectHostName osVer userType`,
		extraFull:    `objectAppSha256`,
	}},
	searchSource{gen.IdentityActivities, 90, queryFields{
		partial: `uuid tags productCode filterRiskLevel eventId eventName idpName idpId locationCountry locationCity
			locationState locationLongitude locationLatitude clientId clientDisplayName clientOS
			clientBrowser clientApp ipAddress userId userDisplayName statusDetail status statusReason
			targetResourceId targetResourceDisplayName requestMethod eventAdditionalDetails eventCategory
			initiatedByAppId initiatedByAppDisplayName initiatedByServicePrincipalId
			initiatedByServicePrincipalName initiatedByUserId initiatedByUserDisplayName
			initiatedByUserHomeTenantId initiatedByUserHomeTenantName initiatedByUserIpAddress
			initiatedByUserPrincipalName loggedByService operationType result resultReason targetResources
			userAgent pname actionName correlationId policyTreePath principalName logBatchId orgId tenantId`,
		extraPartial: `eventSourceType`,
	}},
	searchSource{gen.ContainerActivities, 120, queryFields{
		partial: `objectFilePath srcFilePath tags uuid productCode filterRiskLevel clusterId clusterName k8sNamespace
			containerName containerId containerImage processCmd parentCmd processFilePath parentFilePath
			processName dst src objectCmd objectUser pname`,
		full:         `eventId eventSubId eventTime processPid parentPid dpt spt`,
		extraPartial: `endpointHostName k8sPodId k8sPodName policyName`,
		extraFull:    `containerImageDigest`,
	}},
), containerFeeds(
	// Audit events and evaluation events are in whole seconds, runtime
	// events in microseconds (the document's examples; the store keeps
	// milliseconds). Only the audit events' filter lacks contains().
	containerLog{kind: gen.ContainerAuditEvents, rate: 30, fields: containerAuditFilterFields, precision: time.Second},
	containerLog{kind: gen.ContainerSensorEvents, rate: 60, fields: k8sSensorFilterFields, contains: true, precision: time.Millisecond},
	containerLog{kind: gen.ContainerEvaluationEvents, rate: 20, fields: containerEvalFilterFields, contains: true, precision: time.Second},
	containerLog{kind: gen.ContainerECSSensorEvents, rate: 20, fields: ecsSensorFilterFields, contains: true, precision: time.Millisecond,
		maxRecords: ecsMaxRecords},
), []*feed{
	{
		kind: gen.AccountCompromise, role: RoleRiskReports, serve: (*Simulator).serveAccountCompromise,
		tokenParam: "skipToken",
		filter:     tmv1Filter(1024, accountCompromiseFilterFields, filterlang.FilterOptions{}),
		badRequest: accountCompromiseBadRequest, internalError: accountCompromiseInternalError,
		groundTruth: map[string]timeField{"detectedDateTime": fieldEvent},
		// No ingestion time in the items; visible after the drawn delay.
		visibility: visibility{delayed: true, precision: time.Second},
		rate:       2,
	},
}, []*feed{
	// Cases and tasks change after they are created; like workbench
	// alerts they are visible at creation and each version from its time.
	{
		kind: gen.Cases, role: RoleCases, serve: caseList.serve,
		tokenParam: "skipToken",
		filter:     tmv1Filter(270, caseFilterFields, filterlang.FilterOptions{}),
		badRequest: caseBadRequest, internalError: caseInternalError,
		groundTruth: map[string]timeField{"createdDateTime": fieldEvent, "updatedDateTime": fieldUpdated},
		visibility:  atCreation,
		rate:        2,
	},
	{
		kind: gen.ResponseTasks, role: RoleResponse, serve: responseTaskList.serve,
		tokenParam: "skipToken",
		// The only filter in a query parameter (§6.3).
		filter:     tmv1Filter(2048, responseTaskFilterFields, filterlang.FilterOptions{}).inParam("filter"),
		badRequest: taskBadRequest, internalError: taskInternalError,
		groundTruth: map[string]timeField{"createdDateTime": fieldEvent, "lastActionDateTime": fieldUpdated},
		visibility:  atCreation,
		rate:        6,
	},
	{
		kind: gen.PlaybookTasks, role: RolePlaybooks, serve: playbookTaskList.serve,
		tokenParam: "skipToken",
		// contains() on id and playbookName only (§6.4).
		filter: tmv1Filter(1024, playbookTaskFilterFields, filterlang.FilterOptions{
			AllowContains: true, ContainsFields: map[string]bool{"id": true, "playbookName": true},
		}),
		badRequest: taskBadRequest, internalError: taskInternalError,
		// The endpoint ranges over createdDateTime only.
		groundTruth: map[string]timeField{"createdDateTime": fieldEvent},
		visibility:  atCreation,
		rate:        12,
	},
	{
		kind: gen.EndpointSecurityTasks, role: RoleEndpointSecurity, serve: endpointSecurityTaskList.serve,
		tokenParam: "skipToken",
		filter:     tmv1Filter(1024, endpointSecurityTaskFilterFields, filterlang.FilterOptions{}),
		// No 403 is documented: a key without the role gets the shared one.
		badRequest: endpointSecurityBadRequest, internalError: endpointSecurityInternalError,
		groundTruth: map[string]timeField{"createdDateTime": fieldEvent, "lastActionDateTime": fieldUpdated},
		visibility:  atCreation,
		rate:        1,
	},
})

// searchSource is what tells one /v3.0/search source from the others.
type searchSource struct {
	kind   gen.Kind
	rate   float64     // default records per hour
	fields queryFields // its TMV1-Query fields (fields.go)
}

// searchFeeds declares the /v3.0/search sources, which share the rest: one
// permission, the TMV1-Query header, one error model with a 408, eventTime
// as their only time field, millisecond times and no ingestion time in
// their items (§4).
func searchFeeds(sources ...searchSource) []*feed {
	feeds := make([]*feed, len(sources))
	for i, src := range sources {
		feeds[i] = &feed{
			kind: src.kind, group: "search", role: RoleSearch, serve: (*Simulator).serveSearch,
			tokenParam: "skipToken",
			filter:     tmv1Query(src.fields),
			badRequest: searchBadRequest, internalError: searchInternalError, requestTimeout: true,
			groundTruth: map[string]timeField{"eventTime": fieldEvent},
			visibility:  visibility{delayed: true, precision: time.Millisecond},
			rate:        src.rate,
		}
	}
	return feeds
}
