package gen

import (
	"fmt"
	"math/rand/v2"
)

// Outside-world values: the domains, addresses and clients that the tenant's
// hosts talk to. Suspicious names are made up; benign ones are well-known
// services so the data reads like a real network.

var (
	badDomains = []string{
		"update-cdn-microsoft.net", "secure-login-office365.co", "drive-share-docs.info",
		"cdn.jqueryupdate.xyz", "telemetry-win.org", "mail-verify-account.com",
		"files.pastebinn.ru", "api.syncfolder.top", "img.rnicrosoft.com", "docs-view.online",
		"x7k2p.duckdns.org", "payload.ngrok-free.app",
	}
	goodDomains = []string{
		"www.google.com", "login.microsoftonline.com", "outlook.office365.com", "github.com",
		"slack.com", "zoom.us", "www.salesforce.com", "update.googleapis.com",
		"ctldl.windowsupdate.com", "s3.amazonaws.com", "www.bing.com", "teams.microsoft.com",
	}
	userAgents = []string{
		"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
		"Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:125.0) Gecko/20100101 Firefox/125.0",
		"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15",
		"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Edg/124.0.2478.67",
		"Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.17531; Pro)",
		"python-requests/2.31.0",
		"curl/8.5.0",
	}
	countries = []weighted[location]{
		{40, location{"US", "Seattle", "Washington", "-122.332", "47.606"}},
		{10, location{"US", "New York", "New York", "-74.006", "40.713"}},
		{10, location{"DE", "Frankfurt", "Hesse", "8.682", "50.110"}},
		{8, location{"JP", "Tokyo", "Tokyo", "139.650", "35.676"}},
		{8, location{"SG", "Singapore", "Central Singapore", "103.820", "1.352"}},
		{5, location{"GB", "London", "England", "-0.128", "51.507"}},
		// rare for Contoso: foreign sign-ins come from these
		{3, location{"RU", "Moscow", "Moscow", "37.618", "55.756"}},
		{3, location{"NG", "Lagos", "Lagos", "3.379", "6.524"}},
		{3, location{"BR", "Sao Paulo", "Sao Paulo", "-46.633", "-23.550"}},
	}
	urlPaths = []string{"/", "/index.html", "/download/update.exe", "/api/v2/telemetry", "/s/invoice_0524.zip",
		"/wp-content/uploads/2024/05/a.php", "/login?continue=%2Fmail", "/static/js/app.js"}
	// externalIPs are public addresses outside the tenant (a fixed pool, so
	// the same "attacker" address recurs).
	externalIPs = buildExternalIPs(rand.New(rand.NewPCG(4, 0xc0)), 400)
)

func buildExternalIPs(rng *rand.Rand, n int) []string {
	firstOctets := []int{23, 34, 45, 52, 81, 91, 103, 104, 142, 151, 172, 185, 193, 203, 212}
	out := make([]string, n)
	for i := range out {
		o := firstOctets[rng.IntN(len(firstOctets))]
		out[i] = fmt.Sprintf("%d.%d.%d.%d", o, rng.IntN(256), rng.IntN(256), 1+rng.IntN(254))
	}
	return out
}

// location is where a sign-in came from (longitude and latitude are strings
// in the identity sample).
type location struct{ country, city, state, longitude, latitude string }

// domain returns a destination domain, suspicious with probability bad.
func (d *draw) domain(bad float64) string {
	if d.chance(bad) {
		return pick(d, badDomains)
	}
	return pick(d, goodDomains)
}

// url returns an http(s) URL on domain.
func (d *draw) url(domain string) string {
	scheme := "https://"
	if d.chance(0.15) {
		scheme = "http://"
	}
	return scheme + domain + pick(d, urlPaths)
}

// internalIP returns an address inside the tenant's 10/8 network.
func (d *draw) internalIP() string {
	return fmt.Sprintf("10.%d.%d.%d", 10+d.IntN(40), d.IntN(32), 2+d.IntN(250))
}
