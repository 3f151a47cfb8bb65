package gen

import "strconv"

// /search/networkActivities items (§4.2): Secure Web Gateway activity logs
// shaped like the sample search_networkActivities_page.json (§4.4), and
// network sensor connection records using the §4.1 query fields (flowId,
// serverIp, clientPort, ja3Hash, sslCert*, …). Both carry src/dst/spt/dpt and
// request, which OAT network filters highlight.

var webApps = []struct{ app, domain string }{
	{"Microsoft OneDrive", "onedrive.live.com"}, {"Facebook", "www.facebook.com"},
	{"Google Drive", "drive.google.com"}, {"Dropbox", "www.dropbox.com"},
	{"Slack", "slack.com"}, {"Zoom", "zoom.us"}, {"GitHub", "github.com"},
}

func networkActivityItem(d *draw, scenario string) map[string]any {
	if scenario == "" && d.chance(0.4) {
		return connectionRecord(d, scenario)
	}
	return webGatewayRecord(d, scenario)
}

// webGatewayRecord: rt and start are epoch seconds in the sample, unlike eventTime.
func webGatewayRecord(d *draw, scenario string) map[string]any {
	t := d.rec.Time
	h := hostFor(d, pick(d, desktopFamilies))
	app := pick(d, webApps)
	domain := app.domain
	act, score := "1", d.between(0, 30)
	if scenario != "" || d.chance(0.05) {
		domain, act, score = pick(d, badDomains), "4", d.between(70, 99)
	}
	dur := d.between(1, 600)
	// file fields describe a downloaded file, empty for plain page views
	fileName, sha1, sha256, size, fileType, malName := "", "", "", "0", "", ""
	if d.chance(0.3) {
		f := d.file("report_" + d.hex(6) + ".docx")
		fileName, sha1, sha256, size, fileType = f.base(), f.sha1, f.sha256, strconv.Itoa(f.size), "Microsoft Word"
		if act == "4" {
			malName = pick(d, malwareFamilies).name
		}
	}
	return map[string]any{
		"fileName":         fileName,
		"fileHash":         sha1,
		"fileHashSha256":   sha256,
		"fileSize":         size,
		"fileType":         fileType,
		"malName":          malName,
		"endpointHostName": h.name,
		"customerId":       customerID,
		"osName":           h.os.name + " " + h.os.ver,
		"dst":              pick(d, externalIPs),
		"endpointGuid":     h.guid,
		"principalName":    h.owner.upn,
		"request":          d.url(domain),
		"act":              act,
		"src":              pick(d, externalIPs),
		"serverTls":        "TLS 1.3",
		"serverProtocol":   "HTTP/1.1",
		"userAgent":        pick(d, userAgents),
		"rt":               t.Unix(),
		"tenantGuid":       "66f0cb71-4150-4437-ba8b-91151bb09876",
		"eventName":        "SWG_ACTIVITY_LOG",
		"eventTimeDT":      eventTimeDT(t),
		"application":      app.app,
		"ruleName":         "Contoso_Access",
		"clientIp":         h.ips[len(h.ips)-1],
		"requestBase":      domain,
		"score":            score,
		"userDomain":       tenantDomain,
		"suid":             h.owner.display,
		"duration":         dur,
		"eventSubName":     app.app + " access",
		"mimeType":         "text/html",
		"sender":           "Contoso VPN",
		"detectionType":    "60",
		"profile":          "default",
		"userDepartment":   h.owner.dept,
		"requestMethod":    pick(d, []string{"GET", "GET", "POST"}),
		"pname":            "2200",
		"pver":             "1.0",
		"deviceGUID":       "d1142f61-5bdf-4a48-bee8-b35f7b6c2376",
		"requestMimeType":  "application/json",
		"ruleType":         "access",
		"ruleUuid":         "12340518-abd7-43e1-9b73-2f55c4c95a8e",
		"objectId":         d.uuid(),
		"spt":              d.between(49152, 65535),
		"policyUuid":       "afef0518-abd7-43e1-9b73-2f55c4c95a8e",
		"dpt":              443,
		"companyName":      "Contoso Ltd",
		"start":            t.Unix() - int64(dur),
	}
}

// connectionRecord is a network sensor flow between an internal host and a peer.
func connectionRecord(d *draw, scenario string) map[string]any {
	t := d.rec.Time
	h := pick(d, hosts)
	server := pick(d, externalIPs)
	domain := d.domain(0.05)
	if scenario != "" {
		domain = pick(d, badDomains)
	}
	port := pick(d, []int{443, 443, 443, 80, 8443, 22})
	sport := d.between(49152, 65535)
	return map[string]any{
		"flowId":                  strconv.FormatUint(d.Uint64()>>1, 10),
		"eventName":               "NETWORK_FLOW",
		"eventTimeDT":             eventTimeDT(t),
		"endpointHostName":        h.name,
		"endpointGuid":            h.guid,
		"src":                     h.ips[0],
		"dst":                     server,
		"spt":                     sport,
		"dpt":                     port,
		"clientIp":                h.ips[0],
		"serverIp":                server,
		"clientPort":              sport,
		"serverPort":              port,
		"app":                     "HTTPS",
		"proto":                   "TCP",
		"request":                 "https://" + domain + "/",
		"requestMethod":           "CONNECT",
		"respCode":                200,
		"sslCertCommonName":       domain,
		"sslCertIssuerCommonName": pick(d, []string{"R3", "DigiCert Global G2 TLS RSA SHA256 2020 CA1", "GTS CA 1C3"}),
		"ja3Hash":                 d.hex(32),
		"ja3sHash":                d.hex(32),
		"principalName":           h.owner.upn,
		"ruleName":                "Default allow",
		"bytesIn":                 d.between(200, 2_000_000),
		"bytesOut":                d.between(200, 200_000),
		"pname":                   "Network Sensor",
		"productCode":             "pdi",
		"searchDL":                "NDL",
		"tags":                    []string{},
	}
}
