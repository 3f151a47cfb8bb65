package translate

import (
	"go.opentelemetry.io/collector/pdata/pcommon"
)

// AuditLog is a /v3.0/audit/logs item.
// Its nine fields are §5.2's (all required); its record's attributes are
// event.name, log.record.uid and the six of promoteAudit.
var AuditLog = &Kind{head: auditHead, promote: func(body, attrs pcommon.Map, _ Options) { promoteAudit(body, attrs) }, ocsf: ocsfAuditLog, fields: 9, attrs: 8}

// auditHead reads an audit log entry (§5.2). It has no id: the key is the
// SHA-256 of its canonical JSON. Windowed on ingestedDateTime (loggedDateTime
// if absent), stamped with loggedDateTime, severity from result.
func auditHead(it *item) (head, error) {
	logged, err := requiredTime(it.body, "loggedDateTime")
	if err != nil {
		return head{}, err
	}
	cursor, err := timeWithFallback(it.body, "ingestedDateTime", "loggedDateTime")
	if err != nil {
		return head{}, err
	}
	key, err := contentKey(it)
	if err != nil {
		return head{}, err
	}
	h := head{meta: Meta{Key: key, Hashed: true, Cursor: cursor}, timestamp: logged}
	h.severity, h.sevText = auditResultSeverity(it.body)
	return h, nil
}

func promoteAudit(body, attrs pcommon.Map) {
	putStr(attrs, attrAuditCategory, body, "category")
	putStr(attrs, attrAuditActivity, body, "activity")
	putStr(attrs, attrAuditResult, body, "result")
	putStr(attrs, attrAuditAccessType, body, "accessType")
	putStr(attrs, attrUserName, body, "loggedUser")
	if role, ok := str(body, "loggedRole"); ok {
		attrs.PutEmptySlice(attrUserRoles).AppendEmpty().SetStr(role)
	}
}
