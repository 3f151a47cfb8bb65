package gen

import "strconv"

// /search/containerActivities items, shaped like the sample
// search_containerActivities_page.json (Container Security runtime events
// on Kubernetes), with single typed values (§4.4).

// containerRule is one runtime behaviour; OAT container filters name them.
type containerRule struct {
	name, ruleID, risk string
	filterID           string // the OAT filter that tags it
	process, cmd       string
	technique          string
}

var containerRules = []weighted[*containerRule]{
	{60, &containerRule{"process-probe", "TM-00000036", "info", "F2924", "/opt/nimsoft/bin/processes",
		"/bin/bash -c /opt/nimsoft/probes/system/processes/processes", "T1057"}},
	{20, &containerRule{"shell", "TM-00000012", "medium", "F9501", "/usr/bin/bash",
		"/bin/bash -i", "T1059.004"}},
	{10, &containerRule{"package-install", "TM-00000021", "low", "F9530", "/usr/bin/apt-get",
		"apt-get install -y curl netcat", "T1105"}},
	{10, &containerRule{"cryptominer", "TM-00000049", "high", "F9522", "/tmp/.x/xmrig",
		"/tmp/.x/xmrig -o stratum+tcp://pool.minexmr.com:4444 --donate-level 1", "T1496"}},
}

var containerRuleByName = byName(containerRules, func(x *containerRule) string { return x.name })

var (
	containerUsers = []string{"root", "root", "app", "www-data"}
	clusters       = []struct{ id, name string }{
		{"ProdCluster-2HJdImvH6eO1fgTnCBK3xYA7Sph", "prod-eks"},
		{"StageCluster-2HJe25H4GY4upSuNNAG1pci2BIm", "stage-aks"},
	}
	workloads = []struct{ namespace, app, image string }{
		{"default", "longrunl", "debian:latest"},
		{"payments", "payments-api", "registry.contoso.com/payments-api:2.14.1"},
		{"web", "storefront", "nginx:1.25.4"},
		{"data", "etl-worker", "python:3.11-slim"},
		{"kube-system", "coredns", "registry.k8s.io/coredns/coredns:v1.11.1"},
	}
)

func containerActivityItem(d *draw, scenario string) map[string]any {
	rule := containerRuleByName[scenario]
	if rule == nil {
		rule = pickWeighted(d, containerRules)
	}
	t := d.rec.Time
	node := hostFor(d, "linux")
	cl := pick(d, clusters)
	w := pick(d, workloads)
	podID := d.uuid()
	containerID := d.hex(64)
	launch := t.UnixMilli() - int64(d.between(5, 5000))
	return map[string]any{
		"endpointHostName":       node.name,
		"eventId":                "1",
		"eventSubId":             2,
		"objectFilePath":         rule.process,
		"srcFilePath":            "/usr/bin/bash",
		"tags":                   []string{mitreTag(d, rule.technique), "XSAE." + rule.filterID},
		"productCode":            "scs",
		"filterRiskLevel":        rule.risk,
		"eventSourceType":        1,
		"version":                "1.0",
		"customerId":             customerID,
		"receivedTime":           t.UnixMilli() + int64(d.between(500, 5000)),
		"bitwiseFilterRiskLevel": riskBits[rule.risk],
		"customFilterTags":       "XCUS.CF0131",
		"customFilterRiskLevel":  rule.risk,
		"tmFilterRiskLevel":      rule.risk,
		"clusterId":              cl.id,
		"clusterName":            cl.name,
		"k8sNamespace":           w.namespace,
		"k8sPodName":             w.app + "-" + d.hex(10)[:9] + "-" + d.hex(6)[:5],
		"k8sPodId":               podID,
		"containerName":          "k8s_" + w.app + "_" + w.app + "_" + w.namespace + "_" + podID + "_0",
		"containerId":            containerID[:12],
		"containerImage":         w.image,
		"containerImageDigest":   "sha256:" + d.hex(64),
		"ruleIdStr":              rule.ruleID,
		"policyId":               "DefaultPolicy-2HJe25H4GY4upSuNNAG1pci2BIm",
		"policyName":             "DefaultPolicy",
		"processCmd":             rule.cmd,
		"parentCmd":              "/usr/bin/containerd-shim-runc-v2 -namespace k8s.io -id " + containerID,
		"parentCmdNormalized":    "/usr/bin/containerd-shim-runc-v2",
		"processFilePath":        rule.process,
		"parentFilePath":         "/usr/bin/containerd-shim-runc-v2",
		"processLaunchTime":      strconv.FormatInt(launch, 10),
		"processName":            rule.process,
		"parentName":             "/usr/bin/containerd-shim-runc-v2",
		"parentLaunchTime":       strconv.FormatInt(launch-int64(d.between(60_000, 86_400_000)), 10),
		"processPid":             d.between(2, 40000),
		"parentPid":              d.between(2, 40000),
		"dpt":                    443,
		"dst":                    pick(d, externalIPs),
		"spt":                    d.between(32768, 60999),
		"src":                    node.ips[0],
		"proto":                  6,
		"objectUser":             pick(d, containerUsers),
		"osName":                 "Linux",
		"eventTimeDT":            eventTimeDT(t),
	}
}

// riskBits is Trend's bitwiseFilterRiskLevel for each risk level.
var riskBits = map[string]int{"info": 1, "low": 2, "medium": 4, "high": 8, "critical": 16}
