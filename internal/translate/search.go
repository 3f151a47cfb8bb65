package translate

import (
	"go.opentelemetry.io/collector/pdata/pcommon"
)

// Search is an item of a /v3.0/search source (Options.Source).
var Search = &Kind{head: searchHead, promote: func(body, attrs pcommon.Map, o Options) { promoteSearch(body, attrs, o.Source) }, ocsf: ocsfSearch}

// searchHead reads a search detection or activity item (§4.2): keyed by
// uuid, windowed on and stamped with eventTime (epoch ms; eventTimeDT when
// absent).
//
// Some sources serve items without uuid (email, network and VPC flow
// activity: their schemas declare none, §4.2). Such items are keyed like
// audit logs, by the SHA-256 of their canonical JSON (Meta.Hashed), so they
// are neither rejected (which would stall the stream on every page holding
// one) nor delivered twice, and two identical items stay two records. A
// uuid that is present but empty or not a string is still an error.
//
// Severity comes from filterRiskLevel, which activity data carries when a
// detection filter matched. Detections carry no filterRiskLevel in §4.2's
// field list; their integer severity (§4.2, cookbook) has no documented scale
// and cccaRiskLevel (0-3) covers C&C callbacks only, so neither is mapped and
// such records stay unspecified, the fields kept in the body.
func searchHead(it *item) (head, error) {
	var key string
	var err error
	_, hasUUID := present(it.body, "uuid")
	if hasUUID {
		key, err = requiredKey(it.body, "uuid")
	} else {
		key, err = contentKey(it)
	}
	if err != nil {
		return head{}, err
	}
	when, err := timeWithFallback(it.body, "eventTime", "eventTimeDT")
	if err != nil {
		return head{}, err
	}
	h := head{meta: Meta{Key: key, Hashed: !hasUUID, Cursor: when}, timestamp: when}
	h.severity, h.sevText = riskField(it.body, "filterRiskLevel")
	return h, nil
}

func promoteSearch(body, attrs pcommon.Map, source string) {
	attrs.PutStr(attrSearchSource, source)
	if name, ok := str(body, "endpointHostName"); ok {
		attrs.PutStr(attrHostName, name)
	} else {
		putStr(attrs, attrHostName, body, "hostName")
	}
	promoteActivity(body, attrs)
}
