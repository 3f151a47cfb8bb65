package simulator

import (
	"strings"

	"github.com/otel-visionone/trendmicrovisiononereceiver/simulator/internal/filterlang"

	"github.com/otel-visionone/trendmicrovisiononereceiver/simulator/internal/gen"
)

// filterFields are the TMV1-Filter fields of an endpoint and where each sits
// in an item (an empty path: a top-level key of the same name).
type filterFields map[string]string

// workbenchFilterFields: §2.1. Host entities and indicators resolve to the
// host's name (see itemResolver).
var workbenchFilterFields = filterFields{
	"id": "", "investigationStatus": "", "status": "", "investigationResult": "", "alertProvider": "",
	"modelId": "", "model": "", "modelType": "", "severity": "", "incidentId": "",
	"impactScopeEntityValue": "impactScope.entities.entityValue",
	"indicatorValue":         "indicators.value",
}

// oatFilterFields: §3.1; riskLevel and the filter* fields match any of the
// item's filters.
var oatFilterFields = filterFields{
	"uuid":                   "",
	"riskLevel":              "filters.riskLevel",
	"filterName":             "filters.name",
	"filterMitreTacticId":    "filters.mitreTacticIds",
	"filterMitreTechniqueId": "filters.mitreTechniqueIds",
	"endpointName":           "endpoint.endpointName",
	"agentGuid":              "endpoint.agentGuid",
	"endpointIp":             "endpoint.ips",
	"productCode":            "detail.productCode",
	"containerName":          "detail.containerName",
}

// auditFilterFields: §5.1, all top level.
var auditFilterFields = filterFields{
	"loggedUser": "", "loggedRole": "", "accessType": "", "category": "", "activity": "", "result": "",
}

// Allowed names and item paths, computed once.
var (
	workbenchFilterNames, workbenchFilterPaths = workbenchFilterFields.names(), workbenchFilterFields.paths()
	oatFilterNames, oatFilterPaths             = oatFilterFields.names(), oatFilterFields.paths()
	auditFilterNames                           = auditFilterFields.names()
)

func (f filterFields) names() map[string]bool {
	m := make(map[string]bool, len(f))
	for name := range f {
		m[name] = true
	}
	return m
}

func (f filterFields) paths() map[string]string {
	m := map[string]string{}
	for name, path := range f {
		if path != "" {
			m[name] = path
		}
	}
	return m
}

// queryFields lists a search source's TMV1-Query fields with how each
// matches: partial (substring) or full. partial and full are the fields
// Trend's OpenAPI document for v3.0 documents for the source (the
// TMV1-Query parameter of GET /v3.0/search/<source>, "Partial match" /
// "Full match"), exactly; spec_test.go checks them against the document.
// extraPartial and extraFull are fields of the simulator's items the
// document does not list for the source, accepted as well because the
// document points to Trend's data mapping tables for the full set [I]
// (hashes, ports, pids and numeric ids as full matches).
type queryFields struct{ partial, full, extraPartial, extraFull string }

var searchQueryFields = map[gen.Kind]queryFields{
	gen.SearchDetections: {
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
	},
	gen.EndpointActivities: {
		partial: `dst endpointGuid endpointHostName endpointIp hostName logonUser objectAppName objectCmd
			objectFilePath objectIp objectIps objectRawDataStr objectRegistryData objectRegistryKeyHandle
			objectRegistryValue objectSigner objectSignerValid objectUser parentCmd parentFilePath pname
			processCmd processFilePath request src srcFilePath tags uuid productCode filterRiskLevel`,
		full: `dpt eventId eventSubId objectFileHashMd5 objectFileHashSha1 objectFileHashSha256 objectPid
			objectPort objectProcessHashId parentFileHashMd5 parentFileHashSha1 parentFileHashSha256
			parentPid processFileHashMd5 processFileHashSha1 processFileHashSha256 processHashId processPid
			spt srcFileHashMd5 srcFileHashSha1 srcFileHashSha256 winEventId`,
	},
	gen.NetworkActivities: {
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
	},
	gen.EmailActivities: {
		partial: `uuid tags pname msgUuid mailDirection mailFromAddresses mailToAddresses mailMsgSubject mailMsgId
			mailCcAddresses mailBccAddresses mailSenderIp mailAttachmentHash attachmentFileName
			attachmentUrls orgId mailUrlsVisibleLink mailUrlsRealLink`,
		full: `attachmentSha1 attachmentMd5 attachmentSha256`,
	},
	gen.CloudActivities: {
		partial: `eventID eventName eventSource requestParameters resources responseElements sourceIPAddress userAgent
			userIdentity vpcEndpointId uuid productCode tags dst src pname cloudAccountId networkInterfaceId
			packets bytes action logStatus vpcId subnetId instanceId flowType pktSrcAddr pktDstAddr
			regionCode azId subLocationType subLocationId pktSrcCloudServiceName pktDstCloudServiceName
			flowDirection`,
		full:         `dpt ipProto tcpFlags trafficPath`,
		extraPartial: `awsRegion recipientAccountId`,
	},
	gen.MobileActivities: {
		partial: `tags productCode uuid filterRiskLevel endpointGuid endpointHostName endpointIp logonUser
			objectFileHashSha256 objectFilePath pname request srcFileHashSha256 srcFilePath endpointModel
			osName appLabel appPkgName appPublicKeySha1 objectAppDexSha256 objectAppLabel
			objectAppPackageName objectAppPublicKeySha1`,
		full:         `eventId eventSubId`,
		extraPartial: `objectHostName osVer userType`,
		extraFull:    `objectAppSha256`,
	},
	gen.IdentityActivities: {
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
	},
	gen.ContainerActivities: {
		partial: `objectFilePath srcFilePath tags uuid productCode filterRiskLevel clusterId clusterName k8sNamespace
			containerName containerId containerImage processCmd parentCmd processFilePath parentFilePath
			processName dst src objectCmd objectUser pname`,
		full:         `eventId eventSubId eventTime processPid parentPid dpt spt`,
		extraPartial: `endpointHostName k8sPodId k8sPodName policyName`,
		extraFull:    `containerImageDigest`,
	},
}

// searchMatchKinds is searchQueryFields in filterlang's terms.
var searchMatchKinds = func() map[gen.Kind]map[string]filterlang.MatchKind {
	out := map[gen.Kind]map[string]filterlang.MatchKind{}
	for kind, q := range searchQueryFields {
		m := map[string]filterlang.MatchKind{}
		for _, f := range strings.Fields(q.extraPartial) {
			m[f] = filterlang.Partial
		}
		for _, f := range strings.Fields(q.extraFull) {
			m[f] = filterlang.Full
		}
		for _, f := range strings.Fields(q.partial) { // documented: wins over an extra
			m[f] = filterlang.Partial
		}
		for _, f := range strings.Fields(q.full) {
			m[f] = filterlang.Full
		}
		out[kind] = m
	}
	return out
}()
