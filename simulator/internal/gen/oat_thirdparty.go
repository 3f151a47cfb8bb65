package gen

// thirdPartyRecord is the detail of a thirdPartyLogData OAT event: a
// third-party firewall log forwarded through a Service Gateway (§3.2 lists
// the source; its dictionary is not in the reference, so the fields follow
// the common CEF firewall names the other sources also use). act, src and
// dst are string arrays, as the OAT thirdPartyLogData schema of Trend's
// OpenAPI document for v3.0 declares them (scalars with Record.Quirks).
func thirdPartyRecord(d *draw, scenario string) map[string]any {
	t := d.rec.Time
	h := pick(d, hosts)
	dst, dpt, act := pick(d, externalIPs), 443, "allow"
	if scenario == "scan" {
		dst, dpt, act = d.internalIP(), pick(d, []int{22, 135, 445, 3389, 5985}), "deny"
	}
	return map[string]any{
		"eventTimeDT":      eventTimeDT(t),
		"vendor":           "Palo Alto Networks",
		"productName":      "PAN-OS",
		"deviceHostName":   "fw-edge-01",
		"logType":          "TRAFFIC",
		"eventName":        "end",
		"act":              scalarOrList(d, act),
		"src":              scalarOrList(d, h.ips[0]),
		"dst":              scalarOrList(d, dst),
		"spt":              d.between(49152, 65535),
		"dpt":              dpt,
		"proto":            "tcp",
		"app":              "ssl",
		"ruleName":         "outbound-default",
		"bytesIn":          d.between(60, 900_000),
		"bytesOut":         d.between(60, 90_000),
		"endpointHostName": h.name,
		"productCode":      "tpl",
		"searchDL":         "TDL",
	}
}
