package translate

import (
	"go.opentelemetry.io/collector/pdata/pcommon"
)

// AccountCompromiseIndicator is a /v3.0/asrm/accountCompromiseIndicators
// item (docs/visionone-api.md §6.6): a risk event on an account. Its id is
// the account's, so the key is id@detectedDateTime, with the risk event's
// id when it has one (an account may have several events at once);
// windowed on and stamped with detectedDateTime; the event's risk level is
// the severity.
var AccountCompromiseIndicator = &Kind{head: compromiseHead, promote: promoteCompromise, ocsf: ocsfAccountCompromise}

func compromiseHead(it *item) (head, error) {
	id, err := requiredKey(it.body, "id")
	if err != nil {
		return head{}, err
	}
	detected, err := requiredTime(it.body, "detectedDateTime")
	if err != nil {
		return head{}, err
	}
	key := id + "@" + detected.Format(keyTimeLayout)
	h := head{meta: Meta{Cursor: detected}, timestamp: detected}
	if event, ok := mapField(it.body, "riskEvent"); ok {
		if eventID, ok := str(event, "eventId"); ok {
			key += "/" + eventID
		}
		h.severity, h.sevText = riskField(event, "riskLevel")
	}
	h.meta.Key = key
	return h, nil
}

func promoteCompromise(body, attrs pcommon.Map, _ Options) {
	putStr(attrs, attrUserName, body, "account")
	putStr(attrs, attrRiskDataSource, body, "dataSourceOrProcessor")
	if event, ok := mapField(body, "riskEvent"); ok {
		putStr(attrs, attrRiskEvent, event, "name")
		putStr(attrs, attrRiskLevel, event, "riskLevel")
	}
}

// mapField returns m[name] if it is an object.
func mapField(m pcommon.Map, name string) (pcommon.Map, bool) {
	v, ok := m.Get(name)
	if !ok || v.Type() != pcommon.ValueTypeMap {
		return pcommon.Map{}, false
	}
	return v.Map(), true
}
