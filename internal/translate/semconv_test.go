package translate

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/pdata/plog"
)

// semconvAttrs are the semantic-convention attributes semconv.go promotes
// (host.name and user.name also come from the feeds' own fields).
var semconvAttrs = []string{
	attrSourceAddress, attrSourcePort, attrDestinationAddress, attrDestinationPort, attrNetworkTransport,
	attrProcessPID, attrProcessParentPID, attrProcessExePath, attrProcessExeName, attrProcessCommandLine,
	attrFileName, attrFilePath, attrUserName, attrUserID, attrUserFullName,
	attrHostName, attrHostID, attrHostIP, attrCloudProvider, attrCloudRegion, attrCloudAccountID,
	attrURLFull, attrDNSQuestionName, attrRuleName, attrRuleUUID,
}

// TestSemconvAttributes covers each feed's semantic-convention promotions:
// each value only from its field with semconv's type, never a guess.
func TestSemconvAttributes(t *testing.T) {
	const (
		wb     = `"id":"WB-1","createdDateTime":"2024-05-14T08:00:00Z"`
		oat    = `"uuid":"u","detectedDateTime":"2024-05-14T08:00:00Z"`
		search = `"uuid":"u","eventTime":1715676500000`
		ctr    = `"id":"c1","createdDateTime":"2024-05-14T08:00:00Z"`
	)
	tests := []struct {
		name string
		opts Options
		item string
		want map[string]any
	}{
		{
			name: "workbench model and single host and account", opts: Options{Kind: WorkbenchAlert},
			item: `{` + wb + `,"model":"Credential Dumping","modelId":"1ebd","impactScope":{"entities":[
				{"entityType":"account","entityValue":"corp\\sam"},
				{"entityType":"host","entityValue":{"guid":"35FA","name":"nimda","ips":["10.10.58.51"]}},
				{"entityType":"emailAddress","entityValue":"a@example.com"}]}}`,
			want: map[string]any{
				attrRuleName: "Credential Dumping", attrRuleUUID: "1ebd",
				attrHostName: "nimda", attrHostID: "35FA", attrHostIP: []any{"10.10.58.51"}, attrUserName: `corp\sam`,
			},
		},
		{
			name: "workbench several hosts and accounts are ambiguous", opts: Options{Kind: WorkbenchAlertUpdate},
			item: `{` + wb + `,"updatedDateTime":"2024-05-14T09:00:00Z","impactScope":{"entities":[
				{"entityType":"account","entityValue":"a"},{"entityType":"account","entityValue":"b"},
				{"entityType":"host","entityValue":{"name":"h1"}},{"entityType":"host","entityValue":{"name":"h2"}}]}}`,
			want: map[string]any{},
		},
		{
			name: "workbench host as a string is not an object", opts: Options{Kind: WorkbenchAlert},
			item: `{` + wb + `,"impactScope":{"entities":[{"entityType":"host","entityValue":"nimda"},{"entityType":"account","entityValue":{"name":"x"}}]}}`,
			want: map[string]any{},
		},
		{
			name: "oat one filter and endpoint detail", opts: Options{Kind: OATDetection},
			item: `{` + oat + `,"filters":[{"id":"F4231","name":"Service Execution"}],
				"endpoint":{"endpointName":"LAB-1","agentGuid":"cedd","ips":["10.209.14.33","fe80::1"]},
				"detail":{"endpointGuid":"other","endpointIp":["192.0.2.1"],"processPid":672,"parentPid":600,
					"processFilePath":"C:\\Windows\\System32\\services.exe","processCmd":"services.exe -k",
					"objectFilePath":"C:\\Windows\\System32\\sppsvc.exe","objectFileName":"sppsvc.exe",
					"src":"10.209.14.33","spt":49152,"dst":["111.111.111.111"],"dpt":53,"logonUser":["posuser"],
					"ruleName":"not the filter"}}`,
			want: map[string]any{
				attrRuleName: "Service Execution", attrRuleUUID: "F4231",
				attrHostName: "LAB-1", attrHostID: "cedd", attrHostIP: []any{"10.209.14.33", "fe80::1"},
				attrProcessPID: int64(672), attrProcessParentPID: int64(600),
				attrProcessExePath: `C:\Windows\System32\services.exe`, attrProcessCommandLine: "services.exe -k",
				attrFilePath: `C:\Windows\System32\sppsvc.exe`, attrFileName: "sppsvc.exe",
				attrSourceAddress: "10.209.14.33", attrSourcePort: int64(49152),
				attrDestinationAddress: "111.111.111.111", attrDestinationPort: int64(53), attrUserName: "posuser",
			},
		},
		{
			name: "oat several filters name no rule", opts: Options{Kind: OATDetection},
			item: `{` + oat + `,"filters":[{"id":"F1","name":"a"},{"id":"F2","name":"b"}],
				"detail":{"src":["Malicious_identified_CnC"],"spt":1,"processPid":"672","logonUser":["a","b"]}}`,
			want: map[string]any{},
		},
		{
			name: "endpoint dns query", opts: Options{Kind: Search, Source: "endpointActivities"},
			item: `{` + search + `,"eventId":"4","objectHostName":"evil.example","src":"10.0.0.2","spt":53001,
				"dst":"10.0.0.53","dpt":53,"request":"","endpointGuid":"g","endpointIp":["10.0.0.2",""]}`,
			want: map[string]any{
				attrDNSQuestionName: "evil.example", attrSourceAddress: "10.0.0.2", attrSourcePort: int64(53001),
				attrDestinationAddress: "10.0.0.53", attrDestinationPort: int64(53), attrHostID: "g", attrHostIP: []any{"10.0.0.2"},
			},
		},
		{
			name: "endpoint without a network part", opts: Options{Kind: Search, Source: "endpointActivities"},
			item: `{` + search + `,"eventId":"1","objectHostName":"not.a.query","src":"","spt":0,"dst":"","dpt":0,
				"request":"www.example.com","processPid":0}`,
			want: map[string]any{},
		},
		{
			name: "port out of range or not an integer", opts: Options{Kind: Search, Source: "networkActivities"},
			item: `{` + search + `,"src":"100.100.100.100","spt":65536,"dst":"10.10.10.10","dpt":"443","proto":"ICMP"}`,
			want: map[string]any{attrSourceAddress: "100.100.100.100", attrDestinationAddress: "10.10.10.10"},
		},
		{
			name: "network web gateway", opts: Options{Kind: Search, Source: "networkActivities"},
			item: `{` + search + `,"src":"100.100.100.100","spt":57763,"dst":"10.10.10.10","dpt":443,"proto":"TCP",
				"request":"https://google.com","principalName":"u@example.com","fileName":"word.doc",
				"ruleName":"ETL_Access","ruleUuid":"1234"}`,
			want: map[string]any{
				attrSourceAddress: "100.100.100.100", attrSourcePort: int64(57763),
				attrDestinationAddress: "10.10.10.10", attrDestinationPort: int64(443), attrNetworkTransport: "tcp",
				attrURLFull: "https://google.com", attrUserName: "u@example.com", attrFileName: "word.doc",
				attrRuleName: "ETL_Access", attrRuleUUID: "1234",
			},
		},
		{
			name: "cloudtrail", opts: Options{Kind: Search, Source: "cloudActivities"},
			item: `{` + search + `,"awsRegion":"us-east-2","recipientAccountId":"123456789012","sourceIPAddress":"203.0.113.7"}`,
			want: map[string]any{
				attrCloudProvider: "aws", attrCloudRegion: "us-east-2", attrCloudAccountID: "123456789012",
				attrSourceAddress: "203.0.113.7",
			},
		},
		{
			name: "vpc flow", opts: Options{Kind: Search, Source: "cloudActivities"},
			item: `{` + search + `,"regionCode":"eu-west-1","cloudAccountId":"210987654321","src":"10.1.0.4","spt":40000,
				"dst":"198.51.100.9","dpt":22,"ipProto":17,"sourceIPAddress":"xx.xx.x.xxx"}`,
			want: map[string]any{
				attrCloudRegion: "eu-west-1", attrCloudAccountID: "210987654321",
				attrSourceAddress: "10.1.0.4", attrSourcePort: int64(40000),
				attrDestinationAddress: "198.51.100.9", attrDestinationPort: int64(22), attrNetworkTransport: "udp",
			},
		},
		{
			name: "identity sign-in", opts: Options{Kind: Search, Source: "identityActivities"},
			item: `{` + search + `,"ipAddress":"10.10.10.10","userPrincipalName":"a@example.com","principalName":"other",
				"userId":"9b1c","userDisplayName":"Test User"}`,
			want: map[string]any{
				attrSourceAddress: "10.10.10.10", attrUserName: "a@example.com", attrUserID: "9b1c", attrUserFullName: "Test User",
			},
		},
		{
			name: "email has no semconv attributes", opts: Options{Kind: Search, Source: "emailActivities"},
			item: `{` + search + `,"mailMsgSubject":"s","mailFromAddresses":["a@example.com"],"mailToAddresses":["b@example.com"]}`,
			want: map[string]any{},
		},
		{
			name: "container runtime process", opts: Options{Kind: ContainerSensorEvent},
			item: `{` + ctr + `,"ruleId":"FALCO-001234","ruleName":"Set Setuid","details":{"proc.pid":9864,"proc.ppid":9697,
				"proc.name":"chmod","proc.exepath":"/usr/bin/chmod","proc.cmdline":"chmod +x /tmp/data","user.name":"root"}}`,
			want: map[string]any{
				attrRuleName: "Set Setuid", attrRuleUUID: "FALCO-001234",
				attrProcessPID: int64(9864), attrProcessParentPID: int64(9697), attrProcessExeName: "chmod",
				attrProcessExePath: "/usr/bin/chmod", attrProcessCommandLine: "chmod +x /tmp/data", attrUserName: "root",
			},
		},
		{
			name: "container pid as a string", opts: Options{Kind: ContainerSensorEvent},
			item: `{` + ctr + `,"details":{"proc.pid":"1390","proc.ppid":"7"}}`,
			want: map[string]any{},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := tt.opts
			o.EventName = "trendmicro.visionone.test"
			tr, err := New(o)
			require.NoError(t, err)
			lr := plog.NewLogRecord()
			_, err = tr.Translate([]byte(tt.item), observedAt, lr)
			require.NoError(t, err)
			got := map[string]any{}
			for _, k := range semconvAttrs {
				if v, ok := lr.Attributes().Get(k); ok {
					got[k] = v.AsRaw()
				}
			}
			assert.Equal(t, tt.want, got)
		})
	}
}
