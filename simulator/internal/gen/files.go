package gen

import (
	"crypto/sha256"
	"crypto/sha512"
	"encoding/binary"
	"encoding/hex"
	"path"
	"strings"
)

// fileFacts is what the telemetry says about one executable or file.
type fileFacts struct {
	path              string
	md5, sha1, sha256 string // lowercase hex
	signer            string // "" when unsigned
	size              int
	created, modified int64 // epoch ms
	trueType          int   // Trend file true type: 7 PE, 3 ELF, 0 other (§3.2 detail example)
	hashID            int64 // Trend's own signed 64-bit file hash id
}

// base is the file name without its directory (Windows or POSIX separators).
func (f *fileFacts) base() string {
	if i := strings.LastIndexAny(f.path, `\/`); i >= 0 {
		return f.path[i+1:]
	}
	return f.path
}

// knownImages are signed system and application binaries. Their hashes are
// derived from the path, so one binary always has the same hashes.
var knownImages = func() map[string]*fileFacts {
	signed := map[string]string{
		`C:\Windows\System32\wininit.exe`:                                     "Microsoft Windows Publisher",
		`C:\Windows\System32\services.exe`:                                    "Microsoft Windows Publisher",
		`C:\Windows\System32\svchost.exe`:                                     "Microsoft Windows Publisher",
		`C:\Windows\System32\userinit.exe`:                                    "Microsoft Windows",
		`C:\Windows\explorer.exe`:                                             "Microsoft Windows",
		`C:\Windows\System32\cmd.exe`:                                         "Microsoft Windows",
		`C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe`:           "Microsoft Windows",
		`C:\Windows\System32\rundll32.exe`:                                    "Microsoft Windows",
		`C:\Windows\System32\reg.exe`:                                         "Microsoft Windows",
		`C:\Windows\System32\vssadmin.exe`:                                    "Microsoft Windows",
		`C:\Windows\System32\schtasks.exe`:                                    "Microsoft Windows",
		`C:\Windows\System32\certutil.exe`:                                    "Microsoft Windows",
		`C:\Windows\System32\net.exe`:                                         "Microsoft Windows",
		`C:\Windows\System32\tasklist.exe`:                                    "Microsoft Windows",
		`C:\Windows\System32\wbem\WMIC.exe`:                                   "Microsoft Windows",
		`C:\Windows\System32\sppsvc.exe`:                                      "Microsoft Windows",
		`C:\Windows\PSEXESVC.exe`:                                             "Microsoft Corporation",
		`C:\Program Files\Google\Chrome\Application\chrome.exe`:               "Google LLC",
		`C:\Program Files (x86)\Microsoft\Edge\Application\msedge.exe`:        "Microsoft Corporation",
		`C:\Program Files\Microsoft Office\root\Office16\WINWORD.EXE`:         "Microsoft Corporation",
		`C:\Program Files\Microsoft Office\root\Office16\OUTLOOK.EXE`:         "Microsoft Corporation",
		`C:\Program Files\Trend Micro\Endpoint Basecamp\EndpointBasecamp.exe`: "Trend Micro, Inc.",
		`/usr/sbin/sshd`:                                                      "",
		`/usr/bin/bash`:                                                       "",
		`/usr/bin/curl`:                                                       "",
		`/usr/bin/python3.10`:                                                 "",
		`/usr/bin/crontab`:                                                    "",
		`/usr/lib/systemd/systemd`:                                            "",
		`/usr/bin/containerd-shim`:                                            "",
		`/opt/nimsoft/bin/processes`:                                          "",
	}
	out := make(map[string]*fileFacts, len(signed))
	for p, signer := range signed {
		out[p] = derivedFacts(p, signer)
	}
	return out
}()

// derivedFacts computes stable facts for a path from its SHA-512.
func derivedFacts(p, signer string) *fileFacts {
	sum := sha512.Sum512([]byte("image:" + p))
	full := sha256.Sum256([]byte("image:" + p))
	seed := binary.BigEndian.Uint64(sum[40:48])
	f := &fileFacts{
		path:     p,
		md5:      hex.EncodeToString(sum[0:16]),
		sha1:     hex.EncodeToString(sum[16:36]),
		sha256:   hex.EncodeToString(full[:]),
		signer:   signer,
		size:     40_000 + int(seed%4_000_000),
		created:  1_600_000_000_000 + int64(seed%90_000_000_000),
		trueType: 7,
		hashID:   int64(binary.BigEndian.Uint64(sum[48:56])),
	}
	f.modified = f.created + int64(seed%5000)
	if strings.HasPrefix(p, "/") {
		f.trueType = 3
	}
	return f
}

// file returns the facts for path: a known image, or for anything else (a
// dropped payload, a downloaded document) an unsigned file with hashes unique
// to this record.
func (d *draw) file(p string) *fileFacts {
	if f, ok := knownImages[p]; ok {
		return f
	}
	f := &fileFacts{
		path:     p,
		md5:      d.hex(32),
		sha1:     d.hex(40),
		sha256:   d.hex(64),
		size:     d.between(8_000, 3_000_000),
		created:  d.rec.Time.UnixMilli() - int64(d.between(1_000, 600_000)),
		trueType: 7,
		hashID:   int64(d.Uint64()),
	}
	f.modified = f.created
	switch ext := strings.ToLower(path.Ext(strings.ReplaceAll(p, `\`, "/"))); ext {
	case ".exe", ".dll", ".dat":
	case "":
		f.trueType = 3
	default:
		f.trueType = 0
	}
	return f
}
