package translate

import (
	"encoding/json"
	"fmt"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/pdata/plog"

	"github.com/otel-visionone/trendmicrovisiononereceiver/internal/ocsf"
)

// TestOCSFActivities holds the choices of the email, mobile, container,
// identity and cloud activity mappings (ocsf_email.go, ocsf_mobile.go,
// ocsf_container_activity.go, ocsf_identity.go, ocsf_cloud.go): class and
// activity by event id, category or action, the enum mappings, and odd or
// polymorphic inputs. Each item is a base item with some fields replaced (a
// nil value removes the field); every event must match the OCSF schema.
func TestOCSFActivities(t *testing.T) {
	const at = int64(1715676300000)
	email := map[string]any{
		"eventTime": at, "mailbox": "ann@contoso.com", "mailFromAddresses": []any{"bob@evil.example"},
		"mailToAddresses": []any{"ann@contoso.com"}, "mailSourceDomain": "evil.example", "mailSenderIp": "203.0.113.9",
		"mailMsgSubject": "Invoice", "mailMsgId": "<m1@evil.example>", "msgUuid": "AAMk1",
		"mailUrlsRealLink": []any{"https://evil.example/x"}, "mailUrlsVisibleLink": []any{"https://evil.example/x"},
		"mailWholeHeader": []any{"From: bob@evil.example", "To: ann@contoso.com"}, "org_id": "org-1",
	}
	mobile := map[string]any{
		"uuid": "u-m", "eventTime": at, "eventId": "7", "eventSubId": 101, "endpointGuid": "g-1",
		"endpointHostName": "Ann's Pixel 8", "endpointIp": []any{"10.0.0.5", "fe80::1"}, "osName": "Android",
		"osVer": "14", "logonUser": []any{"ann@contoso.com"}, "request": "https://evil.example/a",
		"objectHostName": "evil.example", "appLabel": "Chrome", "appPkgName": "com.android.chrome",
		"objectAppLabel": "Torch", "objectAppPackageName": "com.torch", "objectAppVerCode": "42",
		"tags": []any{"MITREV9.T1437", "XSAE.F1"}, "filterRiskLevel": "low",
	}
	container := map[string]any{
		"uuid": "u-c", "eventTime": at, "eventId": "1", "eventSubId": 2, "endpointHostName": "node-1",
		"processPid": 784, "processCmd": "/bin/bash -i", "processFilePath": "/usr/bin/bash", "processName": "/usr/bin/bash",
		"parentPid": 792, "parentCmd": "/usr/bin/containerd-shim-runc-v2", "parentFilePath": "/usr/bin/containerd-shim-runc-v2",
		"containerId": "7d1e00176d78", "containerName": "k8s_app", "containerImage": "registry.example.com:5000/app:1.2",
		"containerImageDigest": "sha256:ab", "k8sNamespace": "web", "k8sPodName": "app-1", "k8sPodId": "pod-1",
		"clusterName": "prod", "clusterId": "c-1", "objectUser": "root", "osName": "Linux", "src": "10.0.0.1",
		"spt": 5000, "dst": "203.0.113.1", "dpt": 443, "proto": 6, "policyId": "p-1", "policyName": "Default",
		"tags": []any{"MITREV9.T1059.004"}, "filterRiskLevel": "medium",
	}
	identity := map[string]any{
		"uuid": "u-i", "eventTime": at, "eventName": "SignIn", "eventCategory": "SignInLogs", "userId": "user-1",
		"principalName": "ann@contoso.com", "userDisplayName": "Ann", "ipAddress": "198.51.100.7",
		"locationCity": "Taipei", "locationCountry": "TW", "locationLatitude": "25.03", "locationLongitude": "121.56",
		"clientOS": "Windows 10", "targetResourceDisplayName": "Microsoft Graph", "targetResourceId": "app-g",
		"result": "success", "resultReason": "success", "status": "0",
		"statusDetail": "MFA requirement satisfied by claim in the token", "operationType": "SignIn",
		"actionName": "Sign-in activity", "initiatedByUserId": "admin-1", "initiatedByAppDisplayName": "Intune",
		"initiatedByServicePrincipalName": "Intune", "idpName": "Microsoft Entra ID", "idpId": "aad",
	}
	trail := map[string]any{
		"uuid": "u-t", "eventTime": at, "eventName": "DescribeInstances", "eventSource": "ec2.amazonaws.com",
		"eventSubId": "DescribeInstances", "awsRegion": "us-east-1", "recipientAccountId": "111122223333",
		"sourceIPAddress": "198.51.100.1", "userAgent": "aws-cli/2", "readOnly": true, "requestID": "r-1",
		"eventID": "e-1", "eventVersion": "1.08", "productCode": "sct",
	}
	flow := map[string]any{
		"eventTime": at, "productCode": "vpc", "vpcFlowLogsVersion": 5, "cloudAccountId": "111122223333",
		"networkInterfaceId": "eni-1", "instanceId": "i-1", "src": "203.0.113.5", "dst": "10.0.0.9", "spt": 40000,
		"dpt": 22, "ipProto": 6, "packets": 3, "bytes": 180, "start": at/1000 - 60, "end": at / 1000,
		"action": "REJECT", "logStatus": "OK", "flowDirection": "ingress", "flowType": "IPv4", "regionCode": "us-east-1",
		"pktSrcAddr": "203.0.113.5", "subLocationType": "-", "filterRiskLevel": "low",
	}

	tests := []struct {
		name   string
		source string
		base   map[string]any
		set    map[string]any
		want   map[string]string // path → value; "<absent>" for none
	}{
		// Email.
		{name: "an external sender is inbound; the scan is the activity", source: "emailActivities", base: email,
			want: map[string]string{
				"class_uid": "4009", "activity_id": "3", "direction_id": "1", "email.from": "bob@evil.example",
				"email.to.0": "ann@contoso.com", "email.message_uid": "<m1@evil.example>", "email.uid": "AAMk1",
				"email.urls.0.url_string": "https://evil.example/x", "src_endpoint.ip": "203.0.113.9",
				"src_endpoint.domain": "evil.example", "metadata.tenant_uid": "org-1",
				"email.raw_header": "From: bob@evil.example\r\nTo: ann@contoso.com", "unmapped": "<absent>",
			}},
		{name: "a sender of the mailbox's domain is internal", source: "emailActivities", base: email,
			set: map[string]any{"mailSourceDomain": "Contoso.com"}, want: map[string]string{"direction_id": "3"}},
		{name: "the mailbox's own message is outbound", source: "emailActivities", base: email,
			set:  map[string]any{"mailFromAddresses": []any{"ann@contoso.com"}},
			want: map[string]string{"direction_id": "2"}},
		{name: "no mailbox: direction unknown", source: "emailActivities", base: email,
			set: map[string]any{"mailbox": nil}, want: map[string]string{"direction_id": "0"}},
		{name: "a visible link unlike the real one stays unmapped", source: "emailActivities", base: email,
			set:  map[string]any{"mailUrlsVisibleLink": []any{"https://login.example/"}},
			want: map[string]string{"unmapped.mailUrlsVisibleLink.0": "https://login.example/"}},
		{name: "a sender IP that is no address stays unmapped", source: "emailActivities", base: email,
			set:  map[string]any{"mailSenderIp": "xx.yy.zz.ww"},
			want: map[string]string{"unmapped.mailSenderIp": "xx.yy.zz.ww", "src_endpoint.ip": "<absent>"}},
		{name: "odd from and to: the mailbox is the recipient", source: "emailActivities", base: email,
			set:  map[string]any{"mailFromAddresses": 7, "mailToAddresses": []any{1}},
			want: map[string]string{"email.to.0": "ann@contoso.com", "unmapped.mailFromAddresses": "7"}},
		{name: "one attachment with its hashes", source: "emailActivities", base: email,
			set: map[string]any{"attachmentFileName": []any{"a.pdf"}, "attachmentSha256": "aa", "attachmentMd5": "cc"},
			want: map[string]string{"email.files.0.name": "a.pdf", "email.files.0.hashes.0.algorithm_id": "1",
				"email.files.0.hashes.0.value": "cc", "email.files.0.hashes.1.algorithm_id": "3", "email.files.0.hashes.1.value": "aa"}},

		// Mobile.
		{name: "a web access is HTTP Activity", source: "mobileActivities", base: mobile, want: map[string]string{
			"class_uid": "4002", "activity_id": "0", "http_request.url.url_string": "https://evil.example/a",
			"dst_endpoint.hostname": "evil.example", "actor.app_name": "Chrome", "actor.user.name": "ann@contoso.com",
			"device.type_id": "5", "device.os.type_id": "201", "device.ip": "10.0.0.5",
			"device.network_interfaces.1.ip": "fe80::1", "attacks.0.technique.uid": "T1437",
			"metadata.labels.1": "XSAE.F1", "risk_level_id": "1", "metadata.event_code": "7",
		}},
		{name: "a web event without its URL is still HTTP Activity", source: "mobileActivities", base: mobile,
			set: map[string]any{"request": nil}, want: map[string]string{"class_uid": "4002", "http_request.url": "<absent>"}},
		{name: "eventTimeDT of the same moment is the time; the uuid the record's", source: "mobileActivities", base: mobile,
			set: map[string]any{"eventTimeDT": "2024-05-14T08:45:00Z"}, want: map[string]string{
				"metadata.logged_time": "<absent>", "unmapped.eventTimeDT": "<absent>", "unmapped.uuid": "<absent>",
				"metadata.uid": "u-m"}},
		{name: "a later eventTimeDT is when the log was collected", source: "mobileActivities", base: mobile,
			set:  map[string]any{"eventTimeDT": "2024-05-14T08:46:00.5Z"},
			want: map[string]string{"metadata.logged_time": strconv.FormatInt(at+60500, 10), "time": strconv.FormatInt(at, 10)}},
		{name: "an integer event id (the OAT detail's type)", source: "mobileActivities", base: mobile,
			set: map[string]any{"eventId": 7}, want: map[string]string{"class_uid": "4002", "metadata.event_code": "7"}},
		{name: "an app install is Application Lifecycle Install", source: "mobileActivities", base: mobile,
			set: map[string]any{"eventId": "15", "eventSubId": 1203}, want: map[string]string{
				"class_uid": "6002", "activity_id": "1", "app.name": "Torch", "app.uid": "com.torch", "app.version": "42",
			}},
		{name: "an app behaviour is Other, named by it", source: "mobileActivities", base: mobile,
			set:  map[string]any{"eventId": "15", "eventSubId": 1205, "objectAppBehavior": "APP_HIDE_ICON"},
			want: map[string]string{"class_uid": "6002", "activity_id": "99", "activity_name": "APP_HIDE_ICON"}},
		{name: "a file event is File System Activity", source: "mobileActivities", base: mobile,
			set:  map[string]any{"eventId": "2", "eventSubId": 103, "objectFilePath": "/sdcard/a.apk"},
			want: map[string]string{"class_uid": "1001", "activity_id": "4", "file.name": "a.apk"}},
		{name: "no event id, no URL: the app", source: "mobileActivities", base: mobile,
			set: map[string]any{"eventId": nil, "request": nil}, want: map[string]string{"class_uid": "6002", "activity_id": "0"}},
		{name: "several logged-on users stay unmapped", source: "mobileActivities", base: mobile,
			set:  map[string]any{"logonUser": []any{"a", "b"}},
			want: map[string]string{"actor.user": "<absent>", "unmapped.logonUser.1": "b"}},

		// Container.
		{name: "a process created in a container is a Launch", source: "containerActivities", base: container,
			want: map[string]string{
				"class_uid": "1007", "activity_id": "1", "process.pid": "784", "process.name": "bash",
				"process.file.path": "/usr/bin/bash", "process.user.name": "root", "process.parent_process.pid": "792",
				"actor.process.pid": "792", "process.container.uid": "7d1e00176d78",
				"process.container.image.uid": "sha256:ab", "process.container.image.tag": "1.2",
				"process.container.pod_uuid": "pod-1", "process.container.tags.0.name": "k8s.namespace.name",
				"process.container.orchestrator": "Kubernetes", "device.hostname": "node-1", "device.os.type_id": "200",
				"policy.uid": "p-1", "attacks.0.sub_technique.uid": "T1059.004", "attacks.0.technique.uid": "T1059",
				"unmapped.src": "10.0.0.1",
			}},
		{name: "a registry port is no image tag", source: "containerActivities", base: container,
			set:  map[string]any{"containerImage": "registry.example.com:5000/app"},
			want: map[string]string{"process.container.image.tag": "<absent>"}},
		{name: "a terminated process", source: "containerActivities", base: container,
			set: map[string]any{"eventSubId": 3}, want: map[string]string{"activity_id": "2"}},
		{name: "a connection is Network Activity", source: "containerActivities", base: container,
			set: map[string]any{"eventId": "3", "eventSubId": 204}, want: map[string]string{
				"class_uid": "4001", "activity_id": "1", "src_endpoint.ip": "10.0.0.1", "dst_endpoint.port": "443",
				"connection_info.protocol_name": "tcp", "actor.process.pid": "784",
			}},
		{name: "a file event is File System Activity", source: "containerActivities", base: container,
			set:  map[string]any{"eventId": "2", "eventSubId": 101, "objectFilePath": "/tmp/x"},
			want: map[string]string{"class_uid": "1001", "activity_id": "1", "file.path": "/tmp/x", "actor.process.pid": "784"}},
		{name: "pids as text; no image digest keeps the image unmapped", source: "containerActivities", base: container,
			set: map[string]any{"processPid": "12", "containerImageDigest": nil},
			want: map[string]string{"process.pid": "12", "process.container.image": "<absent>",
				"unmapped.containerImage": "registry.example.com:5000/app:1.2"}},

		// Identity.
		{name: "a sign-in is an Authentication Logon", source: "identityActivities", base: identity,
			want: map[string]string{
				"class_uid": "3002", "activity_id": "1", "user.uid": "user-1", "user.name": "ann@contoso.com",
				"src_endpoint.ip": "198.51.100.7", "src_endpoint.location.city": "Taipei",
				"src_endpoint.location.lat": "25.03", "src_endpoint.os.type_id": "100", "service.name": "Microsoft Graph",
				"status_id": "1", "status_code": "0", "is_mfa": "true", "actor.user.uid": "admin-1",
				"actor.app_name": "Intune", "actor.idp.name": "Microsoft Entra ID", "message": "Sign-in activity",
				"unmapped.eventCategory": "<absent>", "unmapped.initiatedByServicePrincipalName": "<absent>",
			}},
		{name: "a failed sign-in", source: "identityActivities", base: identity, set: map[string]any{
			"result": "failure", "status": "50126", "statusDetail": "Error validating credentials",
		}, want: map[string]string{"status_id": "2", "status_code": "50126", "is_mfa": "<absent>"}},
		{name: "a Windows logoff event id", source: "identityActivities", base: identity,
			set: map[string]any{"eventCategory": nil, "eventName": "4634"}, want: map[string]string{"class_uid": "3002", "activity_id": "2"}},
		{name: "a user added is an Account Change Create", source: "identityActivities", base: identity, set: map[string]any{
			"eventCategory": "UserManagement", "eventName": "AuditLogs", "operationType": "Add", "actionName": "Add user",
			"initiatedByUserIpAddress": "192.0.2.4",
		}, want: map[string]string{"class_uid": "3001", "activity_id": "1", "user.uid": "user-1",
			"src_endpoint.ip": "192.0.2.4", "unmapped.eventCategory": "UserManagement"}},
		{name: "a role member added attaches a policy", source: "identityActivities", base: identity, set: map[string]any{
			"eventCategory": "RoleManagement", "operationType": "Update", "actionName": "Add member to role",
		}, want: map[string]string{"class_uid": "3001", "activity_id": "7"}},
		{name: "a deletion by its operation type", source: "identityActivities", base: identity, set: map[string]any{
			"eventCategory": "UserManagement", "operationType": "Delete", "actionName": "Purge user",
		}, want: map[string]string{"activity_id": "6"}},
		{name: "another change is Other, named by its action", source: "identityActivities", base: identity, set: map[string]any{
			"eventCategory": "UserManagement", "operationType": "Update", "actionName": "Update user",
		}, want: map[string]string{"activity_id": "99", "activity_name": "Update user"}},
		{name: "no user fields: the one target resource of type User", source: "identityActivities", base: identity, set: map[string]any{
			"eventCategory": "UserManagement", "operationType": "Add", "userId": nil, "principalName": nil, "userDisplayName": nil,
			"targetResources": []any{map[string]any{"id": "t-1", "type": "User", "userPrincipalName": "t@contoso.com"}},
		}, want: map[string]string{"user.uid": "t-1", "user.name": "t@contoso.com", "unmapped.targetResources.0.id": "t-1"}},
		{name: "coordinates that are not numbers stay unmapped", source: "identityActivities", base: identity,
			set:  map[string]any{"locationLatitude": "N/A"},
			want: map[string]string{"unmapped.locationLatitude": "N/A", "src_endpoint.location.long": "121.56"}},

		// Cloud.
		{name: "a CloudTrail read is API Activity Read", source: "cloudActivities", base: trail, want: map[string]string{
			"class_uid": "6003", "activity_id": "2", "api.operation": "DescribeInstances",
			"api.service.name": "ec2.amazonaws.com", "api.request.uid": "r-1", "src_endpoint.ip": "198.51.100.1",
			"cloud.provider": "AWS", "cloud.region": "us-east-1", "cloud.account.uid": "111122223333",
			"actor.app_name": "aws-cli/2", "http_request.user_agent": "aws-cli/2", "metadata.original_event_uid": "e-1",
			"metadata.profiles.0": "cloud", "unmapped.eventSubId": "<absent>",
		}},
		{name: "Run creates", source: "cloudActivities", base: trail,
			set: map[string]any{"eventName": "RunInstances", "readOnly": false}, want: map[string]string{"activity_id": "1"}},
		{name: "Put updates", source: "cloudActivities", base: trail,
			set: map[string]any{"eventName": "PutBucketPolicy"}, want: map[string]string{"activity_id": "3"}},
		{name: "Delete deletes", source: "cloudActivities", base: trail,
			set: map[string]any{"eventName": "DeleteTrail"}, want: map[string]string{"activity_id": "4"}},
		{name: "another verb is Other, named by the operation", source: "cloudActivities", base: trail,
			set:  map[string]any{"eventName": "AssumeRole", "readOnly": false},
			want: map[string]string{"activity_id": "99", "activity_name": "AssumeRole"}},
		{name: "an unknown verb that only reads is a Read", source: "cloudActivities", base: trail,
			set: map[string]any{"eventName": "BatchGetThings", "readOnly": "true"}, want: map[string]string{"activity_id": "2"}},
		{name: "userIdentity as JSON text: its top-level members; the text kept", source: "cloudActivities", base: trail,
			set: map[string]any{"userIdentity": `{"sessionContext":{"sessionIssuer":{"type":"Role","arn":"arn:aws:iam::1:role/x"}},` +
				`"type":"AssumedRole","arn":"arn:aws:sts::1:assumed-role/x/ann","accountId":"1"}`},
			want: map[string]string{"actor.user.uid": "arn:aws:sts::1:assumed-role/x/ann", "actor.user.name": "ann",
				"actor.user.type_id": "1", "actor.user.account.uid": "1", "actor.app_name": "<absent>",
				"unmapped.userIdentity": "<present>"}},
		{name: "userIdentity as an object: read field by field", source: "cloudActivities", base: trail,
			set: map[string]any{"userIdentity": map[string]any{"type": "Root", "arn": "arn:aws:iam::1:root", "extra": 1}},
			want: map[string]string{"actor.user.type_id": "2", "actor.user.uid": "arn:aws:iam::1:root",
				"unmapped.userIdentity.extra": "1", "unmapped.userIdentity.arn": "<absent>"}},
		{name: "an AWS service as source is a domain", source: "cloudActivities", base: trail,
			set: map[string]any{"sourceIPAddress": "ec2.amazonaws.com"}, want: map[string]string{"src_endpoint.domain": "ec2.amazonaws.com"}},
		{name: "a VPC flow is Network Activity Traffic", source: "cloudActivities", base: flow, want: map[string]string{
			"class_uid": "4001", "activity_id": "6", "src_endpoint.ip": "203.0.113.5", "dst_endpoint.port": "22",
			"dst_endpoint.interface_uid": "eni-1", "dst_endpoint.instance_uid": "i-1", "connection_info.direction_id": "1",
			"connection_info.protocol_num": "6", "connection_info.protocol_ver_id": "4", "traffic.bytes": "180",
			"start_time": strconv.FormatInt(at-60000, 10), "action_id": "2", "disposition_id": "2", "status_id": "1",
			"cloud.provider": "AWS", "cloud.account.uid": "111122223333", "metadata.log_version": "5", "unmapped.productCode": "vpc", "unmapped.pktSrcAddr": "<absent>",
			"unmapped.subLocationType": "<absent>", "unmapped.flowDirection": "<absent>",
		}},
		{name: "an egress flow has the interface on its source", source: "cloudActivities", base: flow,
			set:  map[string]any{"flowDirection": "egress", "action": "ACCEPT"},
			want: map[string]string{"src_endpoint.interface_uid": "eni-1", "connection_info.direction_id": "2", "action_id": "1"}},
		{name: "a flow by its fields, without productCode or AWS's version", source: "cloudActivities", base: flow,
			set:  map[string]any{"productCode": nil, "vpcFlowLogsVersion": nil, "flowDirection": "sideways"},
			want: map[string]string{"class_uid": "4001", "cloud": "<absent>", "connection_info.direction_id": "0"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			item := withFields(tt.base, tt.set)
			event := actEventOf(t, tt.source, item)
			assert.Empty(t, ocsf.Validate(event))
			for path, want := range tt.want {
				got, ok := pathValue(event, path)
				switch want {
				case "<absent>":
					assert.False(t, ok, "%s: %v", path, got)
				case "<present>":
					assert.True(t, ok, "%s missing", path)
				default:
					if assert.True(t, ok, "%s missing", path) {
						assert.Equal(t, want, fmt.Sprint(got), path)
					}
				}
			}
		})
	}
}

// TestOCSFActivitiesOddInput: every activity mapping writes a valid event
// from an item whose fields are all missing, null, of the wrong type or
// arrays, and keeps in unmapped what it could not map.
func TestOCSFActivitiesOddInput(t *testing.T) {
	fields := []string{
		"mailbox", "mailFromAddresses", "mailToAddresses", "mailSenderIp", "mailSourceDomain", "mailUrlsRealLink",
		"eventId", "eventSubId", "endpointIp", "endpointHostName", "osName", "logonUser", "request", "objectFilePath",
		"processPid", "parentPid", "containerImageDigest", "src", "dst", "spt", "dpt", "proto", "ipProto",
		"eventName", "eventCategory", "operationType", "userId", "principalName", "ipAddress", "result", "status",
		"productCode", "userIdentity", "sourceIPAddress", "awsRegion", "flowDirection", "start", "tags",
		"filterRiskLevel", "targetResources", "locationCity", "locationLatitude",
	}
	odd := map[string]any{"null": nil, "number": 1.5, "object": map[string]any{"a": 1}, "list": []any{1, "x", nil}}
	for _, source := range []string{"emailActivities", "mobileActivities", "containerActivities", "identityActivities", "cloudActivities"} {
		for oddName, v := range odd {
			t.Run(source+"/"+oddName, func(t *testing.T) {
				item := map[string]any{"eventTime": int64(1715676300000)}
				for _, f := range fields {
					item[f] = v
				}
				event := actEventOf(t, source, item)
				assert.Empty(t, ocsf.Validate(event))
				if oddName != "null" {
					_, ok := pathValue(event, "unmapped.mailbox")
					assert.True(t, ok, "an odd field is kept in unmapped")
				}
			})
		}
		t.Run(source+"/empty", func(t *testing.T) {
			assert.Empty(t, ocsf.Validate(actEventOf(t, source, map[string]any{"eventTime": int64(1715676300000)})))
		})
	}
}

// TestCloudJSONMember: the scan finds top-level string members only.
func TestCloudJSONMember(t *testing.T) {
	text := `{"sessionContext": {"arn": "inner"}, "arn" : "outer", "n": 1, "esc": "a\"b", "list": ["arn"]}`
	for k, want := range map[string]string{"arn": "outer", "n": "", "esc": "", "missing": "", "list": ""} {
		assert.Equal(t, want, cloudJSONMember(text, k), k)
	}
	assert.Equal(t, "", cloudJSONMember(`{"arn": "unterminated`, "arn"))
	assert.Equal(t, "", cloudJSONMember(`not json`, "arn"))
}

// actEventOf translates a search item of source in the OCSF mode and
// returns the event as ocsf.Validate reads it.
func actEventOf(t *testing.T, source string, item map[string]any) map[string]any {
	t.Helper()
	text, err := json.Marshal(item)
	require.NoError(t, err)
	tr, err := New(Options{Kind: Search, Source: source, EventName: "trendmicro.visionone.test", OCSF: true})
	require.NoError(t, err)
	lr := plog.NewLogRecord()
	_, err = tr.Translate(text, observedAt, lr)
	require.NoError(t, err)
	return lr.Body().Map().AsRaw()
}
