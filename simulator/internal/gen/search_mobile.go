package gen

import (
	"fmt"
	"strconv"
	"strings"
)

// /search/mobileActivities items, shaped like the sample
// search_mobileActivities_page.json of §4.4 (Mobile Security app and web
// events). Numbers that the sample quotes ("objectAppSize": "22651909") stay strings.

type mobileApp struct{ pkg, label string }

var (
	mobileApps = []mobileApp{
		{"com.google.android.googlequicksearchbox", "Google"}, {"org.mozilla.firefox", "Firefox"},
		{"com.microsoft.teams", "Microsoft Teams"}, {"com.whatsapp", "WhatsApp"},
		{"com.android.chrome", "Chrome"}, {"com.supercell.clashofclans", "Clash of Clans"},
		{"com.flashlight.torch.free", "Super Torch Free"}, {"com.pdf.viewer.fast", "Fast PDF Viewer"},
	}
	mobileDevices = []struct{ model, os, ver string }{
		{"Pixel 8", "Android", "14"}, {"Pixel 3", "Android", "11"}, {"SM-S911B", "Android", "14"},
		{"iPhone15,2", "iOS", "17.4.1"}, {"iPhone14,5", "iOS", "16.7.2"},
	}
)

func mobileActivityItem(d *draw, scenario string) map[string]any {
	t := d.rec.Time
	user := pick(d, people)
	dev := pick(d, mobileDevices)
	app, browser := pick(d, mobileApps), pick(d, mobileApps[:5])
	domain := d.domain(0.05)
	risk := "info"
	if scenario != "" || strings.Contains(app.pkg, "torch") || strings.Contains(app.pkg, "pdf") {
		domain, risk = pick(d, badDomains), "low"
	}
	tags := []string{}
	if risk != "info" {
		tags = []string{mitreTag(d, "T1437")}
	}
	installed := t.UnixMilli() - int64(d.between(3_600_000, 400*86_400_000))
	return map[string]any{
		"endpointGuid":           d.uuid(),
		"endpointHostName":       fmt.Sprintf("%s's %s", user.display, dev.model),
		"endpointIp":             []string{d.internalIP(), fmt.Sprintf("fe80::%x:%x:%x:%x", d.IntN(0xffff), d.IntN(0xffff), d.IntN(0xffff), d.IntN(0xffff))},
		"endpointModel":          dev.model,
		"osName":                 dev.os,
		"osVer":                  dev.ver,
		"eventId":                "7",
		"eventSubId":             101,
		"firstSeen":              strconv.FormatInt(installed, 10),
		"logonUser":              []string{user.upn},
		"userType":               "AzureAD",
		"pname":                  "Mobile Security as a Service",
		"pver":                   "1056028",
		"objectAppPackageName":   app.pkg,
		"objectAppInstalledTime": strconv.FormatInt(installed, 10),
		"objectAppLabel":         app.label,
		"objectAppSize":          strconv.Itoa(d.between(2_000_000, 200_000_000)),
		"objectAppIsSystemApp":   false,
		"objectAppVerCode":       strconv.Itoa(d.between(1000, 999_999_999)),
		"objectAppSha256":        strings.ToUpper(d.hex(64)),
		"objectAppPublicKeySha1": strings.ToUpper(d.hex(40)),
		"request":                d.url(domain),
		"appLabel":               browser.label,
		"appPkgName":             browser.pkg,
		"appPublicKeySha1":       strings.ToUpper(d.hex(40)),
		"appSize":                strconv.Itoa(d.between(20_000_000, 300_000_000)),
		"appIsSystem":            false,
		"objectHostName":         domain,
		"appVerCode":             strconv.Itoa(d.between(1000, 999_999_999)),
		"tags":                   tags,
		"productCode":            "ams",
		"filterRiskLevel":        risk,
		"eventTimeDT":            offsetMicros(t),
	}
}
