package translate

import (
	"net/netip"
	"strings"

	"go.opentelemetry.io/collector/pdata/pcommon"
)

// ocsfEmailActivity maps a /search/emailActivities item (§4.2: the 15
// declared fields of a Cloud App Security mailbox scan) to Email Activity
// (4009). The item is the record of a scan of the message in a mailbox, so
// the activity is Scan; the direction compares the sender's domain with the
// scanned mailbox's.
func ocsfEmailActivity(in *ocsfItem, ev *ocsfEvent) {
	ev.m.EnsureCapacity(actEventKeys) // grown once, not key by key
	ev.begin(classEmailActivity, 3, "Scan")
	actCommon(in, ev)

	mailbox := in.peek("mailbox")
	from := actStrs(in, "mailFromAddresses")
	id, caption := emailDirection(mailbox, in.peek("mailSourceDomain"), from)
	ev.m.PutInt("direction_id", id)
	ev.str("direction", caption)

	e := ev.obj("email")
	if len(from) > 0 {
		e.str("from", from[0])
		if len(from) > 1 {
			e.strs("from_list", from)
		}
	}
	e.strs("to", actStrs(in, "mailToAddresses"))
	e.strs("cc", actStrs(in, "mailCcAddresses"))
	if s, ok := actOne(in, "mailMsgSubject"); ok {
		e.str("subject", s)
	}
	if s, ok := actOne(in, "mailMsgId"); ok {
		e.str("message_uid", s)
	}
	if s, ok := actOne(in, "msgUuid"); ok {
		e.str("uid", s)
	}
	if s, ok := actOne(in, "mailbox"); ok {
		e.str("delivered_to", s)
	}
	if n, ok := actInt(in, "mailMsgSize"); ok {
		e.int("size", n, true)
	}
	if h := actStrs(in, "mailWholeHeader"); len(h) > 0 {
		// The header's lines, as RFC 5322 separates them.
		e.str("raw_header", strings.Join(h, "\r\n"))
	}
	// The real links are the URLs; the visible text of each is kept
	// (unmapped) only where it differs from the link it hides.
	real := actStrs(in, "mailUrlsRealLink")
	if len(real) > 0 {
		add := e.list("urls")
		for _, u := range real {
			add().str("url_string", u)
		}
	}
	if v, ok := in.m.Get("mailUrlsVisibleLink"); ok && sameStrings(v, real) {
		in.value("mailUrlsVisibleLink")
	}
	emailAttachment(in, e)
	// email requires from or to: an item with neither still names its
	// mailbox, the recipient whose copy was scanned; with no mailbox either
	// the recipient is written as unknown.
	_, hasFrom := e.m.Get("from")
	_, hasTo := e.m.Get("to")
	if !hasFrom && !hasTo {
		to := mailbox
		if to == "" {
			to = "unknown"
		}
		e.strs("to", []string{to})
	}

	src := ocsfObject{pcommon.NewMap()}
	actIP(in, src, "ip", "mailSenderIp")
	if s, ok := actOne(in, "mailSourceDomain"); ok {
		src.str("domain", s)
	}
	if src.m.Len() > 0 {
		src.m.MoveTo(ev.m.PutEmptyMap("src_endpoint"))
	}
	if s, ok := actOne(in, "org_id"); ok {
		ev.metadata().str("tenant_uid", s)
	}
}

// emailDirection is the direction of a message relative to the
// organisation whose mailbox was scanned: a sender of the mailbox's own
// domain is internal, a message from the mailbox itself outbound, any other
// inbound. Without a mailbox it is unknown.
func emailDirection(mailbox, sourceDomain string, from []string) (int64, string) {
	at := strings.LastIndexByte(mailbox, '@')
	if at < 0 {
		return 0, "Unknown"
	}
	for _, f := range from {
		if strings.EqualFold(f, mailbox) {
			return 2, "Outbound"
		}
	}
	if sourceDomain == "" {
		return 0, "Unknown"
	}
	if strings.EqualFold(mailbox[at+1:], sourceDomain) {
		return 3, "Internal"
	}
	return 1, "Inbound"
}

// emailAttachment maps the attachment fields the email search fields list
// (§4.1: attachmentSha1/Md5/Sha256) with the attachment's name to one file
// of email.files. Only a single attachment is mapped: with several, which
// hash belongs to which name is not said, so the fields stay unmapped.
func emailAttachment(in *ocsfItem, e ocsfObject) {
	name, ok := actOne(in, "attachmentFileName")
	if !ok {
		return
	}
	f := e.list("files")()
	f.str("name", name)
	f.m.PutInt("type_id", 1)
	f.str("type", "Regular File")
	actHashes(in, f, "attachmentSha256", "attachmentSha1", "attachmentMd5")
	if n, ok := actInt(in, "attachmentFileSize"); ok {
		f.int("size", n, true)
	}
}

// sameStrings reports whether v is a string array equal to want (or, when
// want has one element, that string).
func sameStrings(v pcommon.Value, want []string) bool {
	switch v.Type() {
	case pcommon.ValueTypeStr:
		return len(want) == 1 && v.Str() == want[0]
	case pcommon.ValueTypeSlice:
		s := v.Slice()
		if s.Len() != len(want) {
			return false
		}
		for i := range s.Len() {
			if e := s.At(i); e.Type() != pcommon.ValueTypeStr || e.Str() != want[i] {
				return false
			}
		}
		return true
	}
	return false
}

// The helpers below are shared by the activity mappers (ocsf_email.go,
// ocsf_mobile.go, ocsf_container_activity.go, ocsf_identity.go,
// ocsf_cloud.go). Unlike ocsfItem's readers, they mark a field read only
// when its value went into the event: a field of an odd type stays in
// unmapped rather than being lost.

// actEventKeys is about the number of top-level attributes an activity
// event gets (begin's and the class's).
const actEventKeys = 28

// actOne returns field k as a non-empty string, or an array of exactly one,
// and marks it read only then.
func actOne(in *ocsfItem, k string) (string, bool) {
	v, ok := in.m.Get(k)
	if !ok {
		return "", false
	}
	s, ok := scalarString(v)
	if ok {
		in.value(k)
	}
	return s, ok
}

// actStrs returns field k as strings (a string, or an array of non-empty
// strings) and marks it read only then; an empty array is read as nothing.
func actStrs(in *ocsfItem, k string) []string {
	v, ok := in.m.Get(k)
	if !ok {
		return nil
	}
	switch v.Type() {
	case pcommon.ValueTypeStr:
		if v.Str() == "" {
			return nil
		}
		in.value(k)
		return []string{v.Str()}
	case pcommon.ValueTypeSlice:
		s := v.Slice()
		out := make([]string, 0, s.Len())
		for i := range s.Len() {
			e := s.At(i)
			if e.Type() != pcommon.ValueTypeStr || e.Str() == "" {
				return nil
			}
			out = append(out, e.Str())
		}
		in.value(k)
		return out
	}
	return nil
}

// actInt returns field k as an integer (intValue) and marks it read only
// then.
func actInt(in *ocsfItem, k string) (int64, bool) {
	v, ok := in.m.Get(k)
	if !ok {
		return 0, false
	}
	n, ok := intValue(v)
	if ok {
		in.value(k)
	}
	return n, ok
}

// actBool returns field k as a boolean (true/false or its text) and marks
// it read only then.
func actBool(in *ocsfItem, k string) (bool, bool) {
	v, ok := in.m.Get(k)
	if !ok {
		return false, false
	}
	switch v.Type() {
	case pcommon.ValueTypeBool:
		in.value(k)
		return v.Bool(), true
	case pcommon.ValueTypeStr:
		switch v.Str() {
		case "true", "True", "TRUE":
			in.value(k)
			return true, true
		case "false", "False", "FALSE":
			in.value(k)
			return false, true
		}
	}
	return false, false
}

// actTime returns field k as milliseconds since the epoch and marks it read
// only then.
func actTime(in *ocsfItem, k string) (int64, bool) {
	v, ok := in.m.Get(k)
	if !ok {
		return 0, false
	}
	t, err := timeValue(v)
	if err != nil {
		return 0, false
	}
	in.value(k)
	return t.UnixMilli(), true
}

// actIP sets o[attr] from field k when it is an IP address (a string or an
// array of one) and marks it read only then.
func actIP(in *ocsfItem, o ocsfObject, attr, k string) bool {
	v, ok := in.m.Get(k)
	if !ok {
		return false
	}
	s, ok := scalarString(v)
	if !ok || !o.ip(attr, s) {
		return false
	}
	in.value(k)
	return true
}

// actSame marks field k read when it repeats want, a value already mapped
// (Trend's items carry some values twice, normalised and not).
func actSame(in *ocsfItem, k, want string) {
	if want == "" {
		return
	}
	if v, ok := in.m.Get(k); ok && v.Type() == pcommon.ValueTypeStr && v.Str() == want {
		in.value(k)
	}
}

// actIsIP reports whether s is an IP address.
func actIsIP(s string) bool {
	_, err := netip.ParseAddr(s)
	return err == nil
}

// actHashes adds fingerprints to file f from the hash fields given as
// SHA-256, SHA-1 and MD5 field names ("" for none); fields that are not a
// single string stay unmapped.
func actHashes(in *ocsfItem, f ocsfObject, sha256, sha1, md5 string) {
	var add func() ocsfObject
	for _, h := range [...]struct {
		field string
		id    int64
		name  string
	}{{sha256, 3, "SHA-256"}, {sha1, 2, "SHA-1"}, {md5, 1, "MD5"}} {
		if h.field == "" {
			continue
		}
		s, ok := actOne(in, h.field)
		if !ok {
			continue
		}
		if add == nil {
			add = f.list("hashes")
		}
		fp := add()
		fp.m.PutInt("algorithm_id", h.id)
		fp.str("algorithm", h.name)
		fp.str("value", s)
	}
}

// actCommon maps what every search activity item has: uuid, eventTime (the
// event's time, which begin set) and eventTimeDT (the same moment unless it
// says otherwise: then when the log was collected, §4.2), filterRiskLevel
// (the record's severity; also risk_level) and tags (metadata.labels, and
// the MITRE ATT&CK techniques among them as attacks).
func actCommon(in *ocsfItem, ev *ocsfEvent) {
	// uuid is the record's key, metadata.uid (begin).
	if !ev.head.meta.Hashed {
		actSame(in, "uuid", ev.head.meta.Key)
	}
	at, hasAt := actTime(in, "eventTime")
	if dt, ok := actTime(in, "eventTimeDT"); ok && hasAt && dt != at {
		ev.metadata().m.PutInt("logged_time", dt)
	}
	if s, ok := actOne(in, "filterRiskLevel"); ok {
		id, caption := actRiskLevel(s)
		ev.m.PutInt("risk_level_id", id)
		ev.str("risk_level", caption)
		actProfile(ev, "security_control")
	}
	tags := actStrs(in, "tags")
	if len(tags) == 0 {
		return
	}
	ev.metadata().strs("labels", tags)
	var add func() ocsfObject
	for _, t := range tags {
		uid, ok := actTechnique(t)
		if !ok {
			continue
		}
		if add == nil {
			add = ev.list("attacks")
			actProfile(ev, "security_control")
		}
		a := add()
		if dot := strings.IndexByte(uid, '.'); dot > 0 {
			a.obj("technique").str("uid", uid[:dot])
			a.obj("sub_technique").str("uid", uid)
		} else {
			a.obj("technique").str("uid", uid)
		}
	}
}

// actTechnique is the ATT&CK technique of a Vision One tag: "MITREV9.T1057"
// or "MITRE.T1071" name T1057 and T1071 (the tags field, §3.2); other tags
// (XSAE.F2924, a detection filter) name none.
func actTechnique(tag string) (string, bool) {
	if !strings.HasPrefix(tag, "MITRE") {
		return "", false
	}
	dot := strings.IndexByte(tag, '.')
	if dot < 0 || dot+2 > len(tag) || tag[dot+1] != 'T' {
		return "", false
	}
	return tag[dot+1:], true
}

// actRiskLevel maps a Vision One risk level (§3.2: info, low, medium, high,
// critical) to OCSF's risk_level_id, whose 0 is Info; another value is
// Other with its text.
func actRiskLevel(s string) (int64, string) {
	for i, l := range [...]string{"Info", "Low", "Medium", "High", "Critical"} {
		if strings.EqualFold(s, l) {
			return int64(i), l
		}
	}
	return 99, s
}

// actProfile names an OCSF profile in metadata.profiles, once: the
// attributes of a profile (security_control's risk_level and attacks,
// host's device, cloud's cloud) are used only with it declared.
func actProfile(ev *ocsfEvent, name string) {
	md := ev.metadata().m
	v, ok := md.Get("profiles")
	if !ok {
		md.PutEmptySlice("profiles").AppendEmpty().SetStr(name)
		return
	}
	s := v.Slice()
	for i := range s.Len() {
		if s.At(i).Str() == name {
			return
		}
	}
	s.AppendEmpty().SetStr(name)
}

// actOS writes os o from an OS name and version; type_id is guessed from
// the name's start (Windows, Linux, Android, macOS, iOS, iPadOS), else
// Unknown.
func actOS(o ocsfObject, name, version string) {
	o.str("name", name)
	o.str("version", version)
	id, caption := int64(0), "Unknown"
	for _, t := range actOSTypes {
		if len(name) >= len(t.prefix) && strings.EqualFold(name[:len(t.prefix)], t.prefix) {
			id, caption = t.id, t.caption
			break
		}
	}
	o.m.PutInt("type_id", id)
	o.str("type", caption)
}

var actOSTypes = [...]struct {
	prefix, caption string
	id              int64
}{
	{"windows", "Windows", 100}, {"linux", "Linux", 200}, {"android", "Android", 201},
	{"macos", "macOS", 300}, {"mac os", "macOS", 300}, {"ipados", "iPadOS", 302}, {"ios", "iOS", 301},
	{"ubuntu", "Linux", 200}, {"debian", "Linux", 200}, {"red hat", "Linux", 200}, {"centos", "Linux", 200},
	{"amazon linux", "Linux", 200},
}

// actProtocolName is the IANA protocol number's name as OCSF writes
// protocol_name (lower case), for the protocols activity data carries.
func actProtocolName(n int64) string {
	switch n {
	case 1:
		return "icmp"
	case 6:
		return "tcp"
	case 17:
		return "udp"
	case 58:
		return "ipv6-icmp"
	}
	return ""
}

// actBase is the last element of a path, / or \ separated.
func actBase(p string) string {
	if i := strings.LastIndexAny(p, `/\`); i >= 0 {
		return p[i+1:]
	}
	return p
}
