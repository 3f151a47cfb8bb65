package translate

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/pdata/plog"

	"github.com/otel-visionone/trendmicrovisiononereceiver/internal/ocsf"
)

// fndAbsent in a want says the attribute must not be there.
const fndAbsent = "<absent>"

// fndEvent translates item (a base with fields replaced by set; a nil value
// removes the field) in the OCSF mode and returns the event, which must
// match the OCSF schema.
func fndEvent(t *testing.T, o Options, base, set map[string]any) map[string]any {
	t.Helper()
	raw, err := json.Marshal(withFields(base, set))
	require.NoError(t, err)
	o.OCSF = true
	tr, err := New(named(o))
	require.NoError(t, err)
	lr := plog.NewLogRecord()
	_, err = tr.Translate(raw, observedAt, lr)
	require.NoError(t, err)
	body := lr.Body().Map().AsRaw()
	for _, d := range ocsf.Validate(body) {
		t.Errorf("off the schema: %v", d)
	}
	return body
}

// fndAt returns the value at path (a.b[0].c) of v, rendered as text
// (numbers without a fraction, arrays and objects as JSON).
func fndAt(v any, path string) (string, bool) {
	for _, part := range strings.Split(path, ".") {
		name, index := part, -1
		if i := strings.IndexByte(part, '['); i >= 0 {
			name = part[:i]
			index, _ = strconv.Atoi(strings.TrimSuffix(part[i+1:], "]"))
		}
		m, ok := v.(map[string]any)
		if !ok {
			return "", false
		}
		if v, ok = m[name]; !ok {
			return "", false
		}
		if index >= 0 {
			s, ok := v.([]any)
			if !ok || index >= len(s) {
				return "", false
			}
			v = s[index]
		}
	}
	switch x := v.(type) {
	case string:
		return x, true
	case int64:
		return strconv.FormatInt(x, 10), true
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64), true
	case bool:
		return strconv.FormatBool(x), true
	}
	b, _ := json.Marshal(v)
	return string(b), true
}

func fndCheck(t *testing.T, body map[string]any, want map[string]string) {
	t.Helper()
	for path, w := range want {
		got, ok := fndAt(body, path)
		if w == fndAbsent {
			assert.False(t, ok, "%s: want absent, got %s", path, got)
			continue
		}
		if assert.True(t, ok, "%s: missing (want %s)", path, w) {
			assert.Equal(t, w, got, path)
		}
	}
}

// TestOCSFEndpointActivity holds the class and activity each endpoint
// eventId/eventSubId maps to (ocsf_endpoint.go), the fallbacks when the
// record lacks the class's object, and the odd-typed inputs.
func TestOCSFEndpointActivity(t *testing.T) {
	base := map[string]any{
		"uuid": "u-1", "eventTime": 1715677376000, "endpointGuid": "g-1", "endpointHostName": "host-1",
		"hostName": "host-1", "endpointIp": []any{"10.0.0.1"}, "eventId": "1", "eventSubId": 2,
		"processCmd": `C:\Windows\system32\cmd.exe /c whoami`, "processFilePath": `C:\Windows\System32\cmd.exe`,
		"processFileHashSha1": "aa", "parentCmd": `C:\Windows\Explorer.EXE`, "parentFilePath": `C:\Windows\explorer.exe`,
		"objectCmd": "whoami", "objectFilePath": `C:\Windows\System32\whoami.exe`, "objectFileHashSha1": "BB",
		"logonUser": []any{"alice"}, "os": "Windows", "srcFilePath": `C:\Windows\System32\cmd.exe`,
		"objectRegistryKeyHandle": "", "objectRegistryValue": "", "objectRegistryData": "", "request": "",
		"src": "", "spt": 0, "dst": "", "dpt": 0, "objectIp": "", "objectIps": []any{}, "objectPort": 0, "objectHostName": "",
	}
	o := Options{Kind: Search, Source: "endpointActivities"}
	tests := []struct {
		name string
		set  map[string]any
		want map[string]string
	}{
		{"process create is Process Activity Launch", nil, map[string]string{
			"class_uid": "1007", "activity_id": "1", "type_uid": "100701", "metadata.event_code": "EVENT_PROCESS",
			"process.cmd_line": "whoami", "process.file.name": "whoami.exe", "process.file.hashes[0].algorithm_id": "2",
			"actor.process.name": "cmd.exe", "actor.process.parent_process.file.path": `C:\Windows\explorer.exe`,
			"actor.user.name": "alice", "device.hostname": "host-1", "device.ip": "10.0.0.1", "device.os.type_id": "100",
			// no pid: a uid naming the process within the event
			"process.uid": "u-1:object", "actor.process.uid": "u-1:process",
			// src* repeats the acting process's file; empty fields are not repeated
			"unmapped.srcFilePath": fndAbsent, "unmapped.objectRegistryData": fndAbsent, "unmapped.objectPort": "0",
		}},
		{"terminate", map[string]any{"eventSubId": 3}, map[string]string{"class_uid": "1007", "activity_id": "2"}},
		{"process open", map[string]any{"eventSubId": 1}, map[string]string{"activity_id": "3", "activity_name": "Open"}},
		{"image load is Module Activity Load", map[string]any{"eventSubId": 4}, map[string]string{
			"class_uid": "1005", "activity_id": "1", "module.file.path": `C:\Windows\System32\whoami.exe`, "module.load_type_id": "0"}},
		{"pid and integrity level", map[string]any{"objectPid": "3832", "objectIntegrityLevel": 16384, "processPid": []any{672}}, map[string]string{
			"process.pid": "3832", "process.uid": fndAbsent, "process.integrity_id": "5", "actor.process.pid": "672"}},
		{"integrity level 0 is no level", map[string]any{"objectIntegrityLevel": 0}, map[string]string{
			"process.integrity_id": fndAbsent, "unmapped.objectIntegrityLevel": "0"}},
		{"event id as a number, sub id as text", map[string]any{"eventId": 1, "eventSubId": "2"}, map[string]string{
			"class_uid": "1007", "activity_id": "1"}},
		{"file create", map[string]any{"eventId": "2", "eventSubId": 101, "objectFilePath": `C:\Users\a\doc.docx`}, map[string]string{
			"class_uid": "1001", "activity_id": "1", "file.name": "doc.docx", "file.parent_folder": `C:\Users\a`,
			"file.hashes[0].value": "BB", "actor.process.cmd_line": `C:\Windows\system32\cmd.exe /c whoami`}},
		{"file open", map[string]any{"eventId": "2", "eventSubId": 102}, map[string]string{"activity_id": "14"}},
		{"file delete", map[string]any{"eventId": "2", "eventSubId": 103}, map[string]string{"activity_id": "4"}},
		{"file set security", map[string]any{"eventId": "2", "eventSubId": 104}, map[string]string{"activity_id": "7"}},
		{"file copy is Other with Trend's name", map[string]any{"eventId": "2", "eventSubId": 105}, map[string]string{
			"activity_id": "99", "activity_name": "XDR_FILE_COPY"}},
		{"file move is a rename", map[string]any{"eventId": "2", "eventSubId": 106}, map[string]string{"activity_id": "5"}},
		{"file timestamps", map[string]any{"eventId": "2", "eventSubId": 108}, map[string]string{"activity_id": "6"}},
		{"file modify", map[string]any{"eventId": "2", "eventSubId": 109}, map[string]string{"activity_id": "3"}},
		{"no event id: the sub id's range decides", map[string]any{"eventId": nil, "eventSubId": 101}, map[string]string{
			"class_uid": "1001", "activity_id": "1", "metadata.event_code": "EVENT_FILE"}},
		{"a sub id of another event is no activity", map[string]any{"eventId": "2", "eventSubId": 2}, map[string]string{
			"class_uid": "1001", "activity_id": "0"}},
		{"an unknown event id", map[string]any{"eventId": "abc", "eventSubId": 0}, map[string]string{
			"class_uid": "1007", "activity_id": "0", "unmapped.eventId": "abc"}},
		{"file event without a file falls back to Process Activity", map[string]any{"eventId": "2", "eventSubId": 101,
			"objectFilePath": nil, "srcFilePath": nil}, map[string]string{"class_uid": "1007", "activity_id": "99"}},
		{"outbound connection", map[string]any{"eventId": "3", "eventSubId": 204, "src": "10.0.0.1", "spt": 50000,
			"dst": "203.0.113.9", "dpt": 443, "objectIp": "203.0.113.9", "objectIps": []any{"203.0.113.9"}, "objectPort": 443,
			"objectHostName": "evil.example", "request": "https://evil.example:8443/a/b?x=1"}, map[string]string{
			"class_uid": "4001", "activity_id": "1", "connection_info.direction_id": "2",
			"src_endpoint.ip": "10.0.0.1", "src_endpoint.port": "50000", "dst_endpoint.ip": "203.0.113.9",
			"dst_endpoint.port": "443", "dst_endpoint.hostname": "evil.example", "url.hostname": "evil.example",
			"url.port": "8443", "url.path": "/a/b", "url.query_string": "x=1", "unmapped.objectIps": fndAbsent,
			"unmapped.objectPort": fndAbsent}},
		{"inbound connection", map[string]any{"eventId": "3", "eventSubId": 203, "dst": "10.0.0.9"}, map[string]string{
			"connection_info.direction_id": "1"}},
		{"listen", map[string]any{"eventId": "3", "eventSubId": 202, "src": "10.0.0.1", "spt": 22}, map[string]string{
			"activity_id": "7", "connection_info": fndAbsent}},
		{"port out of range stays unmapped", map[string]any{"eventId": "3", "eventSubId": 201, "dst": "10.0.0.9", "dpt": "70000"}, map[string]string{
			"dst_endpoint.port": fndAbsent, "unmapped.dpt": "70000"}},
		{"an address that is none stays unmapped", map[string]any{"eventId": "3", "eventSubId": 201, "dst": "N/A", "objectIp": "10.0.0.9"}, map[string]string{
			"dst_endpoint.ip": "10.0.0.9", "unmapped.dst": "N/A"}},
		{"DNS query", map[string]any{"eventId": "4", "eventSubId": 301, "src": "10.0.0.1", "dst": "10.0.0.53", "dpt": 53,
			"objectHostName": "login.example", "objectIp": "198.51.100.7", "objectIps": []any{"198.51.100.7"}}, map[string]string{
			"class_uid": "4003", "activity_id": "1", "query.hostname": "login.example", "answers[0].rdata": "198.51.100.7",
			"dst_endpoint.port": "53", "unmapped.objectIp": fndAbsent}},
		{"DNS without a query is Network Activity", map[string]any{"eventId": "4", "eventSubId": 301, "dst": "10.0.0.53"}, map[string]string{
			"class_uid": "4001", "activity_id": "99", "activity_name": "Query"}},
		{"registry set is File System Activity on the value", map[string]any{"eventId": "5", "eventSubId": 402,
			"objectRegistryKeyHandle": `hkcu\software\run`, "objectRegistryValue": "updater", "objectRegistryData": `C:\x.exe`}, map[string]string{
			"class_uid": "1001", "activity_id": "3", "file.type_id": "99", "file.type": "Registry Value",
			"file.path": `hkcu\software\run\updater`, "file.parent_folder": `hkcu\software\run`, "file.name": "updater",
			"unmapped.objectRegistryData": `C:\x.exe`}},
		{"registry key create", map[string]any{"eventId": "5", "eventSubId": 401, "objectRegistryKeyHandle": `hklm\software\evil`}, map[string]string{
			"activity_id": "1", "file.type": "Registry Key", "file.name": "evil", "file.parent_folder": `hklm\software`}},
		{"registry delete", map[string]any{"eventId": "5", "eventSubId": 403, "objectRegistryKeyHandle": `hklm\a`}, map[string]string{"activity_id": "4"}},
		{"registry rename", map[string]any{"eventId": "5", "eventSubId": 404, "objectRegistryKeyHandle": `hklm\a`}, map[string]string{"activity_id": "5"}},
		{"registry event without a key", map[string]any{"eventId": "5", "eventSubId": 402}, map[string]string{
			"class_uid": "1007", "activity_id": "99", "activity_name": "Update"}},
		{"account add is Account Change Create", map[string]any{"eventId": "6", "eventSubId": 501, "objectUser": "mallory",
			"objectUserDomain": "CONTOSO"}, map[string]string{"class_uid": "3001", "activity_id": "1", "user.name": "mallory", "user.domain": "CONTOSO"}},
		{"account delete", map[string]any{"eventId": "6", "eventSubId": 502, "objectUser": "mallory"}, map[string]string{"activity_id": "6"}},
		{"account event without a user", map[string]any{"eventId": "6", "eventSubId": 501}, map[string]string{"class_uid": "1007", "activity_id": "99"}},
		{"internet download is HTTP Get", map[string]any{"eventId": "7", "eventSubId": 603, "request": "http://x.example/p.exe"}, map[string]string{
			"class_uid": "4002", "activity_id": "3", "http_request.url.url_string": "http://x.example/p.exe"}},
		{"internet connect", map[string]any{"eventId": "7", "eventSubId": 602, "request": "http://x.example/"}, map[string]string{"activity_id": "1"}},
		{"remote thread is an injection", map[string]any{"eventId": "8", "eventSubId": 701}, map[string]string{"class_uid": "1007", "activity_id": "4"}},
		{"reading another process is opening it", map[string]any{"eventId": "8", "eventSubId": 704}, map[string]string{"activity_id": "3"}},
		{"a Windows hook is an injection", map[string]any{"eventId": "9", "eventSubId": 801}, map[string]string{"class_uid": "1007", "activity_id": "4"}},
		{"AMSI is Script Activity", map[string]any{"eventId": "11", "eventSubId": 901, "objectRawDataStr": "IEX(New-Object Net.WebClient)"}, map[string]string{
			"class_uid": "1009", "activity_id": "1", "script.script_content.value": "IEX(New-Object Net.WebClient)"}},
		{"AMSI without content", map[string]any{"eventId": "11", "eventSubId": 901}, map[string]string{"class_uid": "1007", "activity_id": "99"}},
		{"WMI is Other with Trend's name", map[string]any{"eventId": "12", "eventSubId": 0}, map[string]string{
			"class_uid": "1007", "activity_id": "99", "activity_name": "EVENT_WMI"}},
		{"memory read", map[string]any{"eventId": "13", "eventSubId": 1003}, map[string]string{"activity_id": "99", "activity_name": "TELEMETRY_MEMORY_READ"}},
		{"behaviour monitoring", map[string]any{"eventId": "14", "eventSubId": 1102}, map[string]string{"activity_id": "99", "activity_name": "TELEMETRY_BM_INVOKE_API"}},
		{"rich record", map[string]any{"timezone": "UTC-04:30", "processLaunchTime": "1646826182237", "processFileSize": "714856",
			"processUser": "SYSTEM", "processUserDomain": "NT AUTHORITY", "processFileHashMd5": "cc", "processFileHashSha256": "dd",
			"osName": "Windows", "osVer": "10.0.19044", "osDescription": "Windows 10 Enterprise", "endpointMacAddress": []any{"00:50:56:89:09:9b"},
			"endpointIp": []any{"10.0.0.1", "fe80::1"}}, map[string]string{
			"timezone_offset": "-270", "actor.process.created_time": "1646826182237", "actor.process.file.size": "714856",
			"actor.process.user.name": "SYSTEM", "actor.process.user.domain": "NT AUTHORITY",
			"actor.process.file.hashes[0].algorithm": "MD5", "actor.process.file.hashes[2].algorithm_id": "3",
			"device.os.version": "10.0.19044", "device.desc": "Windows 10 Enterprise", "device.mac": "00:50:56:89:09:9b",
			"device.network_interfaces[1].ip": "fe80::1", "unmapped.os": fndAbsent}},
		{"odd types", map[string]any{"processCmd": 12, "endpointIp": "not an ip", "logonUser": []any{"a", "b"}, "tags": []any{1}}, map[string]string{
			"unmapped.processCmd": "12", "unmapped.endpointIp": "not an ip", "unmapped.logonUser": `["a","b"]`, "device.ip": fndAbsent}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fndCheck(t, fndEvent(t, o, base, tt.set), tt.want)
		})
	}
}

// TestOCSFNetworkActivity holds the network record's class choice
// (ocsf_network.go) and its mapping of gateway and flow fields.
func TestOCSFNetworkActivity(t *testing.T) {
	swg := map[string]any{
		"eventTime": 1599465660, "eventName": "SWG_ACTIVITY_LOG", "endpointHostName": "m", "endpointGuid": "g",
		"src": "100.100.100.100", "spt": 57763, "dst": "10.10.10.10", "dpt": 443, "clientIp": "10.1.1.1",
		"request": "https://www.example.com/x", "requestBase": "www.example.com", "requestMethod": "GET",
		"userAgent": "UA", "serverProtocol": "HTTP/1.1", "serverTls": "TLS 1.3", "principalName": "ann@example.com",
		"suid": "Ann", "userDomain": "example.com", "companyName": "Contoso", "userDepartment": "Sales",
		"ruleName": "Access", "ruleUuid": "r-1", "policyUuid": "p-1", "profile": "default", "score": 81,
		"fileName": "", "malName": "", "duration": 28, "start": 1599465632,
	}
	flow := map[string]any{
		"eventTime": 1715677376000, "eventName": "NETWORK_FLOW", "flowId": "42", "src": "10.0.0.1", "dst": "203.0.113.9",
		"spt": 50000, "dpt": 22, "clientIp": "10.0.0.1", "serverIp": "203.0.113.9", "clientPort": 50000, "serverPort": 22,
		"proto": "TCP", "bytesIn": 100, "bytesOut": "20", "tags": []any{},
	}
	o := Options{Kind: Search, Source: "networkActivities"}
	tests := []struct {
		name      string
		base, set map[string]any
		want      map[string]string
	}{
		{"gateway GET is HTTP Activity Get", swg, nil, map[string]string{
			"class_uid": "4002", "activity_id": "3", "http_request.http_method": "GET", "http_request.user_agent": "UA",
			"http_request.url.hostname": "www.example.com", "http_request.version": "HTTP/1.1", "tls.version": "TLS 1.3",
			"src_endpoint.ip": "100.100.100.100", "device.ip": "10.1.1.1", "dst_endpoint.hostname": "www.example.com",
			"actor.user.email_addr": "ann@example.com", "actor.user.full_name": "Ann", "actor.user.org.ou_name": "Sales",
			"firewall_rule.uid": "r-1", "policy.uid": "p-1", "risk_score": "81", "metadata.profiles[0]": "security_control",
			"duration": "28000", "start_time": "1599465632000", "metadata.event_code": "SWG_ACTIVITY_LOG",
			"file": fndAbsent, "malware": fndAbsent, "unmapped.fileName": fndAbsent}},
		{"POST", swg, map[string]any{"requestMethod": "post"}, map[string]string{"activity_id": "6"}},
		{"CONNECT", swg, map[string]any{"requestMethod": "CONNECT"}, map[string]string{"activity_id": "1"}},
		{"a method OCSF has no id for", swg, map[string]any{"requestMethod": "PROPFIND"}, map[string]string{"activity_id": "99"}},
		{"a URL without a method", swg, map[string]any{"requestMethod": nil}, map[string]string{"class_uid": "4002", "activity_id": "0"}},
		{"a download with malware", swg, map[string]any{"fileName": "a.doc", "fileHash": "aa", "fileHashSha256": "bb", "fileSize": "12",
			"malName": "BadZip"}, map[string]string{
			"file.name": "a.doc", "file.size": "12", "file.hashes[0].algorithm_id": "2", "file.hashes[1].algorithm_id": "3",
			"malware[0].name": "BadZip", "malware[0].classification_ids": "[0]"}},
		{"a flow is Network Activity Traffic", flow, nil, map[string]string{
			"class_uid": "4001", "activity_id": "6", "connection_info.uid": "42", "connection_info.protocol_num": "6",
			"connection_info.protocol_name": "tcp", "traffic.bytes": "120", "dst_endpoint.port": "22",
			"unmapped.serverIp": fndAbsent, "unmapped.clientPort": fndAbsent, "unmapped.clientIp": fndAbsent}},
		{"a flow with a request is HTTP", flow, map[string]any{"request": "https://x.example/", "requestMethod": "CONNECT", "respCode": 200}, map[string]string{
			"class_uid": "4002", "activity_id": "1", "http_response.code": "200"}},
		{"a DNS query", flow, map[string]any{"flowId": nil, "dnsQuery": "x.example"}, map[string]string{
			"class_uid": "4003", "activity_id": "1", "query.hostname": "x.example"}},
		{"nothing to go by", flow, map[string]any{"flowId": nil}, map[string]string{"class_uid": "4001", "activity_id": "0"}},
		{"only the flow's server fields", flow, map[string]any{"src": nil, "dst": nil, "spt": nil, "dpt": nil}, map[string]string{
			"src_endpoint.ip": "10.0.0.1", "src_endpoint.port": "50000", "dst_endpoint.ip": "203.0.113.9"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fndCheck(t, fndEvent(t, o, tt.base, tt.set), tt.want)
		})
	}
}

// TestOCSFSearchDetection holds a detection's disposition, malware
// classification, ATT&CK parsing and file choices (ocsf_detection.go).
func TestOCSFSearchDetection(t *testing.T) {
	base := map[string]any{
		"uuid": "d-1", "eventTime": 1715676500000, "eventId": "100117", "eventName": "MALWARE_DETECTION",
		"eventSubName": "File", "malName": "TROJ_GEN.R002C0DE524", "malType": "Trojan", "threatName": "TROJ_GEN.R002C0DE524",
		"act": []any{"Quarantine"}, "actResult": []any{"File quarantined"}, "detectionType": "File",
		"mitreMapping": []any{"T1204.002 (TA0002)"}, "tacticId": []any{"TA0002"}, "mitreVersion": "v14",
		"endpointGUID": "g-1", "endpointHostName": "h-1", "endpointIp": []any{"10.0.0.1"},
		"fileName": []any{"p.exe"}, "filePath": `C:\Users\a\Downloads`, "filePathName": `C:\Users\a\Downloads\p.exe`,
		"fullPath": `C:\Users\a\Downloads\p.exe`, "fileHash": "aa", "objectFilePath": `C:\Users\a\Downloads\p.exe`,
		"objectFileHashSha1": "AA", "objectFileHashSha256": "BB", "objectFileHashMd5": "CC",
		"pname": "Apex One", "pver": "14.0", "productCode": "sao", "cnt": "3", "severity": 2,
	}
	o := Options{Kind: Search, Source: "detections"}
	tests := []struct {
		name string
		set  map[string]any
		want map[string]string
	}{
		{"a quarantined trojan", nil, map[string]string{
			"class_uid": "2004", "activity_id": "1", "finding_info.uid": "d-1", "finding_info.title": "TROJ_GEN.R002C0DE524",
			"finding_info.types": `["MALWARE_DETECTION","File"]`, "finding_info.product.uid": "sao",
			"disposition_id": "3", "action_id": "2", "status_detail": "File quarantined",
			"malware[0].classification_ids": "[18]", "finding_info.attacks[0].sub_technique.uid": "T1204.002",
			"finding_info.attacks[0].technique.uid": "T1204", "finding_info.attacks[0].tactic.name": "Execution",
			"finding_info.attacks[0].version": "v14", "count": "3", "metadata.event_code": "100117",
			"evidences[0].file.path": `C:\Users\a\Downloads\p.exe`, "evidences[0].file.parent_folder": `C:\Users\a\Downloads`,
			"evidences[0].file.hashes": `[{"algorithm":"MD5","algorithm_id":1,"value":"CC"},{"algorithm":"SHA-1","algorithm_id":2,"value":"aa"},{"algorithm":"SHA-256","algorithm_id":3,"value":"BB"}]`,
			"device.hostname":          "h-1",
			// severity's scale is undocumented (searchHead): kept, not mapped
			"severity_id": "0", "unmapped.severity": "2",
			"unmapped.threatName": fndAbsent, "unmapped.tacticId": fndAbsent, "unmapped.objectFileHashSha1": fndAbsent}},
		{"cleaned", map[string]any{"act": "Clean", "actResult": "File cleaned"}, map[string]string{"disposition_id": "11", "action_id": "4"}},
		{"clean failed", map[string]any{"act": "Clean", "actResult": "Unable to clean file"}, map[string]string{"disposition_id": "13", "action_id": "3"}},
		{"deleted", map[string]any{"act": []any{"Delete"}}, map[string]string{"disposition_id": "5"}},
		{"blocked", map[string]any{"act": "blocked"}, map[string]string{"disposition_id": "2", "action_id": "2"}},
		{"deny access", map[string]any{"act": []any{"Deny Access"}, "actResult": []any{"Access denied"}}, map[string]string{"disposition_id": "2"}},
		{"passed", map[string]any{"act": "Pass"}, map[string]string{"disposition_id": "1", "action_id": "1"}},
		{"not blocked", map[string]any{"act": "not blocked"}, map[string]string{"disposition_id": "1"}},
		{"an act OCSF has no id for", map[string]any{"act": "Encrypt"}, map[string]string{"disposition_id": "99", "disposition": "Encrypt", "action_id": "0"}},
		{"two acts stay unmapped", map[string]any{"act": []any{"Clean", "Quarantine"}}, map[string]string{
			"disposition_id": fndAbsent, "unmapped.act": `["Clean","Quarantine"]`}},
		{"ransomware", map[string]any{"malType": "Ransomware"}, map[string]string{"malware[0].classification_ids": "[10]"}},
		{"virus", map[string]any{"malType": "Virus/Malware"}, map[string]string{"malware[0].classification_ids": "[19]"}},
		{"a malware type OCSF has none for", map[string]any{"malType": "Hacktool"}, map[string]string{
			"malware[0].classification_ids": "[99]", "malware[0].classifications": `["Hacktool"]`}},
		{"tactics alone", map[string]any{"mitreMapping": nil, "tacticId": []any{"TA0011", "TA0040"}}, map[string]string{
			"finding_info.attacks[1].tactic.name": "Impact", "finding_info.attacks[0].technique": fndAbsent}},
		{"a rule detection", map[string]any{"detectionType": "Rule", "ruleUuid": "r-1"}, map[string]string{
			"finding_info.analytic.type_id": "1", "finding_info.analytic.uid": "r-1"}},
		{"filePath is the file when it ends in its name", map[string]any{"filePathName": nil, "fullPath": nil,
			"filePath": `/tmp/.cache/x`, "fileName": []any{"x"}, "objectFilePath": nil, "objectFileHashSha1": nil}, map[string]string{
			"evidences[0].file.path": "/tmp/.cache/x", "unmapped.filePath": fndAbsent}},
		{"no uuid: the record's content key", map[string]any{"uuid": nil}, map[string]string{
			"finding_info.uid": "c157c5e9c15b9b95c95feed9d8b11e00fad6446f383fcab15bc90ae9e32773e4"}},
		{"no file fields: the object file", map[string]any{"fileName": nil, "filePath": nil, "filePathName": nil,
			"fullPath": nil, "fileHash": nil}, map[string]string{"evidences[0].file.name": "p.exe", "evidences[0].file.hashes[1].value": "AA"}},
		{"web gateway block", map[string]any{"malName": nil, "threatName": nil, "malType": nil, "fileName": nil, "filePath": nil,
			"filePathName": nil, "fullPath": nil, "fileHash": nil, "objectFilePath": nil, "objectFileHashSha1": nil,
			"objectFileHashSha256": nil, "objectFileHashMd5": nil, "eventName": "WEB_POLICY_VIOLATION", "act": []any{"Block"},
			"request": "http://bad.example/", "urlCat": []any{"Phishing"}, "src": []any{"198.51.100.1"}, "clientIp": []any{"198.51.100.1"},
			"suid": "ann", "principalName": "ann@example.com", "policyName": "default", "policyUuid": "p-1"}, map[string]string{
			"finding_info.title": "WEB_POLICY_VIOLATION", "disposition_id": "2", "evidences[0].url.categories": `["Phishing"]`,
			"evidences[0].src_endpoint.ip": "198.51.100.1", "evidences[0].user.name": "ann", "evidences[0].user.email_addr": "ann@example.com",
			"policy.uid": "p-1", "malware": fndAbsent, "unmapped.clientIp": fndAbsent}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fndCheck(t, fndEvent(t, o, base, tt.set), tt.want)
		})
	}
}

// TestOCSFOATDetection holds an OAT detection's finding (filters), device,
// resource and evidence by detail source (ocsf_oat.go).
func TestOCSFOATDetection(t *testing.T) {
	filter := func(id, risk string, tactics, techniques []any, hl ...any) map[string]any {
		return map[string]any{"id": id, "name": "Filter " + id, "description": "desc " + id, "riskLevel": risk,
			"type": "preset", "mitreTacticIds": tactics, "mitreTechniqueIds": techniques, "highlightedObjects": hl}
	}
	detail := map[string]any{
		"eventTime": "1715677376000", "uuid": "o-1", "eventId": "1", "eventSubId": 2, "endpointGuid": "g-1",
		"endpointHostName": "h-1", "endpointIp": []any{"10.0.0.1"}, "processCmd": "services.exe", "processPid": 672,
		"processFilePath": `C:\Windows\System32\services.exe`, "objectCmd": "sppsvc.exe", "objectPid": 3832,
		"objectFilePath": `C:\Windows\System32\sppsvc.exe`, "objectIps": []any{}, "filterRiskLevel": "high",
	}
	base := map[string]any{
		"uuid": "o-1", "source": "endpointActivityData", "detectedDateTime": "2024-05-14T09:02:56Z",
		"ingestedDateTime": "2024-05-14T09:05:11Z", "entityType": "endpoint", "entityName": "h-1(10.0.0.1)",
		"endpoint": map[string]any{"endpointName": "h-1", "agentGuid": "g-1", "ips": []any{"10.0.0.1", "fe80::1"}},
		"filters": []any{
			filter("F1", "low", []any{"TA0002"}, []any{"T1569.002"},
				map[string]any{"type": "command_line", "field": "objectCmd", "value": "sppsvc.exe"}),
			filter("F2", "high", []any{"TA0002", "TA0007"}, []any{"T1057"},
				map[string]any{"type": "port", "field": "objectPort", "value": 443},
				map[string]any{"type": "ip", "field": "objectIps", "value": []any{"10.0.0.2", "10.0.0.3"}},
				map[string]any{"type": "weird", "field": "x", "value": "y"}),
		},
		"detail": detail,
	}
	o := Options{Kind: OATDetection}
	tests := []struct {
		name string
		set  map[string]any
		want map[string]string
	}{
		{"endpoint activity", nil, map[string]string{
			"class_uid": "2004", "activity_id": "1", "finding_info.uid": "o-1", "finding_info.title": "Filter F1",
			"finding_info.desc": "desc F1", "finding_info.analytic.uid": "F1", "finding_info.analytic.type_id": "1",
			"finding_info.analytic.category": "preset", "finding_info.related_analytics[0].uid": "F2",
			"finding_info.created_time": "1715677376000", "metadata.logged_time": "1715677511000",
			"finding_info.data_sources":                 `["endpointActivityData"]`,
			"finding_info.attacks[0].sub_technique.uid": "T1569.002", "finding_info.attacks[0].tactic.uid": "TA0002",
			"finding_info.attacks[1].technique.uid": "T1057", "finding_info.attacks[1].tactics[1].name": "Discovery",
			// the highest filter risk level
			"risk_level_id": "3", "risk_level": "High", "severity_id": "4",
			"observables[0].type_id": "13", "observables[0].name": "objectCmd", "observables[1].value": "443",
			"observables[1].type_id": "11", "observables[3].value": "10.0.0.3", "observables[4].type_id": "99",
			"observables[4].type": "weird",
			"device.hostname":     "h-1", "device.ip": "10.0.0.1", "device.network_interfaces[1].ip": "fe80::1",
			"resources[0].name": "h-1(10.0.0.1)", "resources[0].type": "endpoint",
			"evidences[0].name": "EVENT_PROCESS", "evidences[0].process.pid": "3832", "evidences[0].actor.process.pid": "672",
			"evidences[0].device.uid": "g-1", "unmapped.detail.uuid": fndAbsent, "unmapped.detail.eventSubId": "2",
			"unmapped.detail.filterRiskLevel": "high", "unmapped.detail.objectIps": fndAbsent}},
		{"a filter without name or id is no analytic", map[string]any{"filters": []any{map[string]any{"riskLevel": "medium"}}}, map[string]string{
			"finding_info.analytic": fndAbsent, "risk_level_id": "2", "finding_info.attacks": fndAbsent}},
		{"filters not an array", map[string]any{"filters": "F1"}, map[string]string{"finding_info.analytic": fndAbsent}},
		{"no endpoint (a non-endpoint source)", map[string]any{"endpoint": nil, "source": "cloudActivityData",
			"detail": map[string]any{"eventName": "ConsoleLogin", "recipientAccountId": "123"}}, map[string]string{
			"device": fndAbsent, "evidences": fndAbsent, "unmapped.detail.eventName": "ConsoleLogin"}},
		{"endpoint ips a string", map[string]any{"endpoint": map[string]any{"endpointName": "h-1", "ips": "10.0.0.9"}}, map[string]string{
			"device.ip": "10.0.0.9"}},
		{"a network detail", map[string]any{"endpoint": nil, "source": "networkActivityData", "entityType": "network",
			"detail": map[string]any{"src": "10.0.0.1", "dst": "203.0.113.9", "dpt": 443, "request": "https://bad.example/",
				"requestMethod": "GET", "userAgent": "UA", "principalName": "ann@example.com", "eventTime": 1715677376000}}, map[string]string{
			"evidences[0].dst_endpoint.ip": "203.0.113.9", "evidences[0].http_request.http_method": "GET",
			"evidences[0].http_request.url.hostname": "bad.example", "evidences[0].actor.user.name": "ann@example.com"}},
		{"a detection detail", map[string]any{"source": "detections", "detail": map[string]any{"malName": "Eicar", "malType": "Virus",
			"fileName": []any{"e.com"}, "fileHash": "aa", "endpointHostName": "h-1", "act": []any{"Clean"}}}, map[string]string{
			"evidences[0].name": "detection", "evidences[0].file.name": "e.com", "evidences[0].device.hostname": "h-1",
			"malware[0].name": "Eicar", "unmapped.detail.act": `["Clean"]`}},
		{"a DNS detail keeps its answers in unmapped", map[string]any{"detail": map[string]any{"eventId": "4", "eventSubId": 301,
			"objectHostName": "x.example", "objectIps": []any{"198.51.100.7"}, "dst": "10.0.0.53", "endpointHostName": "h-1"}}, map[string]string{
			"evidences[0].query.hostname": "x.example", "evidences[0].answers": fndAbsent, "unmapped.detail.objectIps": `["198.51.100.7"]`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fndCheck(t, fndEvent(t, o, base, tt.set), tt.want)
		})
	}
}

// TestOCSFFindingsOddInput: every field of the four kinds' items may be
// missing or of any JSON type; the mappings never panic and their events
// match the schema.
func TestOCSFFindingsOddInput(t *testing.T) {
	odd := []any{nil, "", "x", 0, -1, 1.5, true, []any{}, []any{"a", 1}, map[string]any{"a": 1}}
	fields := []string{"eventId", "eventSubId", "processPid", "processCmd", "processFilePath", "objectFilePath", "objectPid",
		"endpointIp", "src", "dst", "spt", "dpt", "request", "requestMethod", "objectHostName", "objectIps", "act",
		"actResult", "malName", "mitreMapping", "tacticId", "fileName", "filePath", "objectRegistryKeyHandle",
		"objectRegistryValue", "timezone", "filters", "endpoint", "detail", "logonUser", "principalName", "bytesIn"}
	cases := []struct {
		name string
		o    Options
		base map[string]any
	}{
		// activity records always name their host (§4.2)
		{"endpoint", Options{Kind: Search, Source: "endpointActivities"}, map[string]any{"uuid": "u", "eventTime": 1715677376000,
			"eventId": "3", "eventSubId": 201, "endpointGuid": "g"}},
		{"process", Options{Kind: Search, Source: "endpointActivities"}, map[string]any{"uuid": "u", "eventTime": 1715677376000,
			"eventId": "1", "eventSubId": 2, "endpointGuid": "g"}},
		{"network", Options{Kind: Search, Source: "networkActivities"}, map[string]any{"uuid": "u", "eventTime": 1715677376000,
			"endpointGuid": "g", "src": "10.0.0.1"}},
		{"detection", Options{Kind: Search, Source: "detections"}, map[string]any{"uuid": "u", "eventTime": 1715677376000}},
		{"oat", Options{Kind: OATDetection}, map[string]any{"uuid": "u", "detectedDateTime": "2024-05-14T09:02:56Z",
			"detail": map[string]any{"eventId": "1", "eventSubId": 2}}},
	}
	for _, c := range cases {
		for _, f := range fields {
			for i, v := range odd {
				if v == nil {
					continue
				}
				t.Run(fmt.Sprintf("%s/%s/%d", c.name, f, i), func(t *testing.T) {
					fndEvent(t, c.o, c.base, map[string]any{f: v})
				})
			}
		}
	}
}
