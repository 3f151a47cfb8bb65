package simulator

import (
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
var feedList = append([]*feed{
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
)...)

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
