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

// queryFields lists a search source's TMV1-Query fields (§4.1): partial
// (substring) matches and full matches. Detections and endpoint activities
// are the SPEC's full lists; the other sources' lists are abridged in the
// reference and completed from their sample items, with hashes, ports, pids
// and numeric ids as full matches [I].
type queryFields struct{ partial, full string }

var searchQueryFields = map[gen.Kind]queryFields{
	gen.SearchDetections: {
		partial: `hostName interestedHost shost dhost endpointHostName userDomain endpointGUID request src dst
			interestedIp endpointIp peerIp denyListIp fileName objectFileName compressedFileName attachmentFileName
			filePath filePathName objectFilePath processCmd objectCmd objectRegistryData objectRegistryKeyHandle
			objectRegistryValue suid processFilePath suser duser mailMsgSubject msgId techniqueId tags tacticId
			malName eventName eventSubName fullPath parentCmd parentFilePath srcFilePath pname act deviceGUID
			objectIp domainName peerHost httpReferer objectHostName msgUuid uuid productCode`,
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
			objectPort objectProcessHashId parentFileHashMd5 parentFileHashSha1 parentFileHashSha256 parentPid
			processFileHashMd5 processFileHashSha1 processFileHashSha256 processHashId processPid spt
			srcFileHashMd5 srcFileHashSha1 srcFileHashSha256 winEventId`,
	},
	gen.NetworkActivities: {
		partial: `flowId serverIp app application clientIp companyName customerId detectionType deviceGUID dst
			endpointGuid endpointHostName eventName eventSubName fileName fileType malName mimeType objectId
			osName pname policyUuid principalName profile pver request requestBase requestMethod requestMimeType
			respCode ruleName ruleType ruleUuid sender serverProtocol serverTls src suid tenantGuid userAgent
			userDepartment userDomain sslCertCommonName sslCertIssuerCommonName sslCertOrganization
			sslCertIssuerOrganization uuid tags productCode`,
		full: `dpt spt clientPort serverPort fileHash fileHashSha256 ja3Hash ja3sHash`,
	},
	gen.EmailActivities: {
		partial: `uuid tags pname msgUuid mailDirection mailFromAddresses mailToAddresses mailCcAddresses
			mailBccAddresses mailMsgSubject mailMsgId mailSenderIp mailAttachmentHash attachmentFileName
			attachmentUrls orgId mailUrlsVisibleLink mailUrlsRealLink`,
		full: `attachmentSha1 attachmentMd5 attachmentSha256`,
	},
	gen.CloudActivities: {
		partial: `eventID eventName eventSource requestParameters resources responseElements sourceIPAddress
			userAgent userIdentity vpcEndpointId uuid productCode tags awsRegion recipientAccountId
			accountId interfaceId srcaddr dstaddr action logStatus`,
		full: `srcport dstport protocol`,
	},
	gen.MobileActivities: {
		partial: `endpointGuid endpointHostName endpointIp endpointModel logonUser objectAppLabel
			objectAppPackageName objectHostName osName osVer pname productCode request tags uuid appLabel
			appPkgName filterRiskLevel userType`,
		full: `eventId eventSubId objectAppPublicKeySha1 objectAppSha256 appPublicKeySha1`,
	},
	gen.IdentityActivities: {
		partial: `actionName clientApp clientBrowser clientDisplayName clientId clientOS correlationId
			eventCategory eventId eventName eventSourceType filterRiskLevel idpId idpName
			initiatedByAppDisplayName initiatedByAppId initiatedByServicePrincipalId
			initiatedByServicePrincipalName initiatedByUserDisplayName initiatedByUserId
			initiatedByUserIpAddress initiatedByUserPrincipalName ipAddress locationCity locationCountry
			locationState loggedByService operationType orgId pname principalName requestMethod result
			resultReason status statusDetail statusReason tags targetResourceDisplayName targetResourceId
			tenantId userAgent userDisplayName userId uuid`,
	},
	gen.ContainerActivities: {
		partial: `clusterId clusterName containerId containerImage containerName dst endpointHostName
			k8sNamespace k8sPodId k8sPodName objectFilePath objectUser parentCmd parentFilePath policyName
			processCmd processFilePath processName productCode src srcFilePath tags uuid`,
		full: `containerImageDigest dpt spt eventId eventSubId processPid`,
	},
}

// searchMatchKinds is searchQueryFields in filterlang's terms.
var searchMatchKinds = func() map[gen.Kind]map[string]filterlang.MatchKind {
	out := map[gen.Kind]map[string]filterlang.MatchKind{}
	for kind, q := range searchQueryFields {
		m := map[string]filterlang.MatchKind{}
		for _, f := range strings.Fields(q.partial) {
			m[f] = filterlang.Partial
		}
		for _, f := range strings.Fields(q.full) {
			m[f] = filterlang.Full
		}
		out[kind] = m
	}
	return out
}()
