package gen

import "fmt"

// /search/cloudActivities items come in two shapes, the two items variants
// of Trend's OpenAPI document for v3.0 (§4.2, §8 on its oneOf): AWS
// CloudTrail records (22 fields, as in the sample
// search_cloudActivities_page.json of §4.4, whose eventTimeDT ends in .000Z;
// productCode sct) and XDR for Cloud VPC flow log records (productCode vpc),
// with the VPC variant's field names (src, dst, spt, dpt, cloudAccountId,
// networkInterfaceId, ipProto, …) and, like that variant, no uuid.

// cloudTrailEvent is one AWS API call; OAT cloud filters name them.
type cloudTrailEvent struct {
	name, source, eventType, category string
	readOnly                          bool
}

var cloudTrailEvents = []weighted[*cloudTrailEvent]{
	{30, &cloudTrailEvent{"DescribeInstances", "ec2.amazonaws.com", "AwsApiCall", "Management", true}},
	{20, &cloudTrailEvent{"GetObject", "s3.amazonaws.com", "AwsApiCall", "Data", true}},
	{15, &cloudTrailEvent{"AssumeRole", "sts.amazonaws.com", "AwsApiCall", "Management", false}},
	{10, &cloudTrailEvent{"ConsoleLogin", "signin.amazonaws.com", "AwsConsoleSignIn", "Management", false}},
	{10, &cloudTrailEvent{"RunInstances", "ec2.amazonaws.com", "AwsApiCall", "Management", false}},
	{5, &cloudTrailEvent{"CreateAccessKey", "iam.amazonaws.com", "AwsApiCall", "Management", false}},
	{5, &cloudTrailEvent{"PutBucketPolicy", "s3.amazonaws.com", "AwsApiCall", "Management", false}},
	{5, &cloudTrailEvent{"StopLogging", "cloudtrail.amazonaws.com", "AwsApiCall", "Management", false}},
}

var cloudTrailByName = byName(cloudTrailEvents, func(x *cloudTrailEvent) string { return x.name })

var (
	awsRegions  = []string{"us-east-1", "us-east-2", "us-west-2", "eu-central-1", "ap-northeast-1"}
	awsZoneIDs  = []string{"use1-az4", "use2-az1", "usw2-az2", "euc1-az3", "apne1-az1"} // one per region
	awsAccounts = []string{"985266316733", "412873300184", "730335512906"}
	awsClients  = []string{
		"aws-sdk-java/1.12.640 Linux/5.10.209-198.858.amzn2.x86_64 OpenJDK_64-Bit_Server_VM/17.0.10+7-LTS java/17.0.10",
		"aws-cli/2.15.30 Python/3.11.8 Windows/10 exe/AMD64 prompt/off command/s3.cp",
		"Boto3/1.34.69 md/Botocore#1.34.69 ua/2.0 os/linux#5.15.0 md/arch#x86_64 lang/python#3.11.8",
		"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
		"console.amazonaws.com",
	}
)

func cloudActivityItem(d *draw, scenario string) map[string]any {
	if scenario == "" && d.chance(0.35) {
		return vpcFlowRecord(d)
	}
	return cloudTrailRecord(d, scenario)
}

func cloudTrailRecord(d *draw, scenario string) map[string]any {
	ev := cloudTrailByName[scenario]
	if ev == nil {
		ev = pickWeighted(d, cloudTrailEvents)
	}
	t := d.rec.Time
	account := pick(d, awsAccounts)
	m := map[string]any{
		"eventTimeDT":        isoMillis(t),
		"awsRegion":          pick(d, awsRegions),
		"customerId":         customerID,
		"eventCategory":      ev.category,
		"eventID":            d.uuid(),
		"eventName":          ev.name,
		"eventSource":        ev.source,
		"eventSubId":         ev.name,
		"eventCase":          ev.source,
		"eventType":          ev.eventType,
		"eventVersion":       "1.08",
		"managementEvent":    ev.category == "Management",
		"packageTraceId":     d.uuid(),
		"productCode":        "sct",
		"readOnly":           ev.readOnly,
		"recipientAccountId": account,
		"uuid":               uuidFor(d.rec.Seed),
		"requestID":          d.uuid(),
		"responseElements":   "None",
		"sourceIPAddress":    pick(d, externalIPs),
		"userAgent":          pick(d, awsClients),
	}
	if d.chance(0.5) { // the declared userIdentity, as Trend forwards it: a JSON string
		user := pick(d, people)
		m["userIdentity"] = fmt.Sprintf(`{"type":"AssumedRole","arn":"arn:aws:sts::%s:assumed-role/aad-admin/%s","accountId":"%s"}`,
			account, user.sam, account)
	}
	return m
}

// vpcFlowRecord is a VPC flow log v5 record in the fields of the VPC flow
// variant of Trend's OpenAPI document for v3.0 (ase-cloudVPCActivityData):
// AWS's srcaddr is src, dstport dpt, account-id cloudAccountId, and so on.
// eventTime is added by searchItem; the variant has no uuid.
func vpcFlowRecord(d *draw) map[string]any {
	t := d.rec.Time
	h := hostFor(d, "linux")
	peer := pick(d, externalIPs)
	r := d.IntN(len(awsRegions))
	inbound := d.chance(0.4)
	src, dst, sport, dport := h.ips[0], peer, d.between(32768, 60999), pick(d, []int{443, 443, 80, 5432, 22})
	if inbound {
		src, dst, sport, dport = peer, h.ips[0], d.between(32768, 60999), pick(d, []int{443, 22, 3389})
	}
	action, risk := "ACCEPT", "info"
	if inbound && dport != 443 && d.chance(0.7) {
		action, risk = "REJECT", "low"
	}
	direction := "egress"
	if inbound {
		direction = "ingress"
	}
	return map[string]any{
		"productCode":            "vpc",
		"pname":                  "XDR for Cloud",
		"vpcFlowLogsVersion":     5,
		"cloudAccountId":         pick(d, awsAccounts),
		"networkInterfaceId":     "eni-" + d.hex(18)[:17],
		"src":                    src,
		"dst":                    dst,
		"spt":                    sport,
		"dpt":                    dport,
		"ipProto":                6,
		"packets":                d.between(1, 400),
		"bytes":                  d.between(40, 600_000),
		"start":                  t.Unix() - 60,
		"end":                    t.Unix(),
		"action":                 action,
		"logStatus":              "OK",
		"vpcId":                  "vpc-" + d.hex(18)[:17],
		"subnetId":               "subnet-" + d.hex(18)[:17],
		"instanceId":             "i-" + d.hex(18)[:17],
		"tcpFlags":               pick(d, []int{2, 3, 18, 19}),
		"flowType":               "IPv4",
		"pktSrcAddr":             src,
		"pktDstAddr":             dst,
		"regionCode":             awsRegions[r],
		"azId":                   awsZoneIDs[r],
		"subLocationType":        "-",
		"subLocationId":          "-",
		"pktSrcCloudServiceName": "-",
		"pktDstCloudServiceName": "-",
		"flowDirection":          direction,
		"trafficPath":            1,
		"filterRiskLevel":        risk,
	}
}
