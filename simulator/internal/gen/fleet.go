package gen

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

// The simulated tenant: one company (Contoso) with a fixed set of people and
// managed hosts. Records pick from these pools, so the same host name, GUID
// and IPs recur across feeds the way they do in a real tenant. The pools are
// built once from a fixed seed and never change.

const (
	tenantDomain  = "contoso.com"
	tenantNetBIOS = "CONTOSO"
	// customerID is the tenant id the data lake stamps on activity records.
	customerID = "9011075d-a2d7-4ff0-8660-47645735d0e7"
)

// person is a tenant user.
type person struct {
	sam     string // jsmith
	display string // James Smith
	upn     string // james.smith@contoso.com
	id      string // directory object id (uuid)
	dept    string
}

func (p *person) account() string { return tenantNetBIOS + `\` + p.sam }

// osInfo describes an endpoint operating system the way agents report it.
type osInfo struct {
	name, ver, description, osType string
	family                         string // windows, macos, linux
}

// host is a managed endpoint.
type host struct {
	name   string
	guid   string // agent GUID, lowercase
	ips    []string
	mac    string
	os     *osInfo
	server bool
	owner  *person
}

var operatingSystems = []*osInfo{
	{"Windows", "10.0.19045", "Windows 10 Enterprise (64 bit) build 19045", "0x00000004", "windows"},
	{"Windows", "10.0.22631", "Windows 11 Enterprise (64 bit) build 22631", "0x00000004", "windows"},
	{"Windows", "10.0.19044", "Windows 10 Pro (64 bit) build 19044", "0x00000030", "windows"},
	{"Windows", "10.0.17763", "Windows Server 2019 Standard (64 bit) build 17763", "0x00000008", "windows"},
	{"Windows", "10.0.20348", "Windows Server 2022 Datacenter (64 bit) build 20348", "0x00000008", "windows"},
	{"macOS", "14.4.1", "macOS Sonoma 14.4.1", "0x00000010", "macos"},
	{"Linux", "5.15.0-105-generic", "Ubuntu 22.04.4 LTS (64 bit)", "0x00000020", "linux"},
	{"Linux", "4.18.0-513.el8.x86_64", "Red Hat Enterprise Linux 8.9 (64 bit)", "0x00000020", "linux"},
}

var (
	firstNames = strings.Fields(`james mary robert patricia john jennifer michael linda david elizabeth
		william barbara richard susan joseph jessica thomas sarah charles karen wei yuki aiko hiroshi
		priya rahul carlos sofia lucas emma noah olivia liam ana mateo mei kenji fatima omar lena jonas`)
	lastNames = strings.Fields(`smith johnson williams brown jones garcia miller davis rodriguez
		martinez hernandez lopez gonzalez wilson anderson thomas taylor moore jackson martin lee tanaka
		suzuki wang zhang kumar patel silva costa muller schmidt nguyen tran kim park`)
	departments = []string{"FIN", "HR", "ENG", "MKT", "OPS", "SALES", "IT", "LEGAL"}
	serverRoles = []string{"DC", "SQL", "FILE", "EXCH", "WEB", "APP", "PRINT", "BKP"}
)

var (
	people = buildPeople(rand.New(rand.NewPCG(1, 0xc0)), 240)
	hosts  = buildHosts(rand.New(rand.NewPCG(2, 0xc0)), 320)
	// analysts are the SOC staff ids that show up in workbench ownerIds.
	analysts = buildIDs(rand.New(rand.NewPCG(3, 0xc0)), 8)
)

func buildPeople(rng *rand.Rand, n int) []*person {
	seen := map[string]bool{}
	out := make([]*person, 0, n)
	for len(out) < n {
		first := firstNames[rng.IntN(len(firstNames))]
		last := lastNames[rng.IntN(len(lastNames))]
		if seen[first+last] {
			continue
		}
		seen[first+last] = true
		p := &person{
			sam:     first[:1] + last,
			display: title(first) + " " + title(last),
			upn:     first + "." + last + "@" + tenantDomain,
			id:      formatUUID(rng.Uint64(), rng.Uint64()),
			dept:    departments[rng.IntN(len(departments))],
		}
		if seen[p.sam] {
			p.sam += fmt.Sprint(len(out) % 10)
		}
		seen[p.sam] = true
		out = append(out, p)
	}
	return out
}

func buildHosts(rng *rand.Rand, n int) []*host {
	out := make([]*host, 0, n)
	for i := range n {
		h := &host{
			guid:  formatUUID(rng.Uint64(), rng.Uint64()),
			mac:   macAddress(rng),
			owner: people[rng.IntN(len(people))],
		}
		site := 10 + rng.IntN(40)
		h.ips = []string{fmt.Sprintf("10.%d.%d.%d", site, rng.IntN(32), 2+rng.IntN(250))}
		switch roll := rng.IntN(100); {
		case roll < 62: // Windows desktops and laptops
			h.os = operatingSystems[rng.IntN(3)]
			switch rng.IntN(3) {
			case 0:
				h.name = fmt.Sprintf("WKS-%s-%04d", h.owner.dept, 100+i)
			case 1:
				h.name = "LAPTOP-" + strings.ToUpper(alnum(rng, 7))
			default:
				h.name = "DESKTOP-" + strings.ToUpper(alnum(rng, 7))
			}
		case roll < 72: // Macs
			h.os = operatingSystems[5]
			h.name = title(strings.SplitN(h.owner.upn, ".", 2)[0]) + "s-MacBook-Pro"
		case roll < 88: // Windows servers
			h.os = operatingSystems[3+rng.IntN(2)]
			h.server = true
			h.name = fmt.Sprintf("SRV-%s-%02d", serverRoles[rng.IntN(len(serverRoles))], 1+i%40)
		default: // Linux servers, half of them in AWS
			h.os = operatingSystems[6+rng.IntN(2)]
			h.server = true
			if rng.IntN(2) == 0 {
				h.name = "ip-" + strings.ReplaceAll(h.ips[0], ".", "-") + ".ec2.internal"
			} else {
				h.name = fmt.Sprintf("%s-prod-%02d", []string{"web", "api", "db", "k8s-node"}[rng.IntN(4)], 1+i%30)
			}
		}
		if rng.IntN(4) == 0 { // dual-stack hosts also report a link-local IPv6 address
			h.ips = append(h.ips, fmt.Sprintf("fe80::%x:%x:%x:%x", rng.IntN(0xffff), rng.IntN(0xffff), rng.IntN(0xffff), rng.IntN(0xffff)))
		}
		out = append(out, h)
	}
	return out
}

func buildIDs(rng *rand.Rand, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = formatUUID(rng.Uint64(), rng.Uint64())
	}
	return out
}

func macAddress(rng *rand.Rand) string {
	return fmt.Sprintf("00:50:56:%02x:%02x:%02x", rng.IntN(256), rng.IntN(256), rng.IntN(256))
}

func alnum(rng *rand.Rand, n int) string {
	const chars = "abcdefghijklmnopqrstuvwxyz0123456789"
	b := make([]byte, n)
	for i := range b {
		b[i] = chars[rng.IntN(len(chars))]
	}
	return string(b)
}

func title(s string) string { return strings.ToUpper(s[:1]) + s[1:] }

// hostsOf groups the hosts by OS family, so a behaviour can be placed on a
// host that can run it.
var hostsOf = func() map[string][]*host {
	m := map[string][]*host{}
	for _, h := range hosts {
		m[h.os.family] = append(m[h.os.family], h)
	}
	return m
}()

// hostFor picks a host of the OS family ("windows", "macos", "linux").
func hostFor(d *draw, family string) *host { return pick(d, hostsOf[family]) }
