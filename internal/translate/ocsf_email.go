package translate

import (
	"strings"

	"go.opentelemetry.io/collector/pdata/pcommon"
)

// ocsfEmailActivity maps a /search/emailActivities item (§4.2: the 15
// declared fields of a Cloud App Security mailbox scan) to Email Activity
// (4009). The item is the record of a scan of the message in a mailbox, so
// the activity is Scan; the direction compares the sender's domain with the
// scanned mailbox's.
func ocsfEmailActivity(in *ocsfItem, ev *ocsfEvent) {
	ev.begin(classEmailActivity, 3, "Scan")
	activityCommon(in, ev)

	mailbox := in.peek("mailbox")
	from := in.strs("mailFromAddresses")
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
	e.moveStrs("to", in, "mailToAddresses")
	e.moveStrs("cc", in, "mailCcAddresses")
	e.move("subject", in, "mailMsgSubject")
	e.move("message_uid", in, "mailMsgId")
	e.move("uid", in, "msgUuid")
	e.move("delivered_to", in, "mailbox")
	if n, ok := in.int("mailMsgSize"); ok {
		e.int("size", n, true)
	}
	if h := in.strs("mailWholeHeader"); len(h) > 0 {
		// The header's lines, as RFC 5322 separates them.
		e.str("raw_header", strings.Join(h, "\r\n"))
	}
	// The real links are the URLs; the visible text of each is kept
	// (unmapped) only where it differs from the link it hides.
	real := in.strs("mailUrlsRealLink")
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

	src := ev.newObject()
	src.ip("ip", in.ip("mailSenderIp"))
	src.move("domain", in, "mailSourceDomain")
	if src.m.Len() > 0 {
		src.m.MoveTo(ev.m.PutEmptyMap("src_endpoint"))
	}
	ev.metadata().move("tenant_uid", in, "org_id")
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
	name, ok := in.str("attachmentFileName")
	if !ok {
		return
	}
	f := e.list("files")()
	f.str("name", name)
	f.m.PutInt("type_id", 1)
	f.str("type", "Regular File")
	putHashes(in, f, "attachmentMd5", "attachmentSha1", "attachmentSha256")
	if n, ok := in.int("attachmentFileSize"); ok {
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
