package translate

import (
	"strings"

	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/plog"
)

// riskSeverity maps Vision One severities and risk levels (workbench
// severity §2.2, OAT filters[].riskLevel §3.2, search filterRiskLevel §4.2)
// to OpenTelemetry severity numbers. "undefined" and anything else stay
// unspecified, with the original text kept as SeverityText.
var riskSeverity = map[string]plog.SeverityNumber{
	"info":     plog.SeverityNumberInfo,
	"low":      plog.SeverityNumberWarn,
	"medium":   plog.SeverityNumberWarn3,
	"high":     plog.SeverityNumberError,
	"critical": plog.SeverityNumberFatal,
}

// riskLevel maps one severity or risk level, ignoring case.
func riskLevel(s string) plog.SeverityNumber {
	if n, ok := riskSeverity[s]; ok {
		return n
	}
	return riskSeverity[strings.ToLower(s)]
}

// riskField maps m[name], a severity or risk level string.
func riskField(m pcommon.Map, name string) (plog.SeverityNumber, string) {
	s, ok := str(m, name)
	if !ok {
		return plog.SeverityNumberUnspecified, ""
	}
	return riskLevel(s), s
}

// highestRisk returns the most severe riskLevel of the OAT filters (§3.2). If
// none is known, the severity is unspecified and the text the first level
// seen.
func highestRisk(item pcommon.Map) (plog.SeverityNumber, string) {
	best, text := plog.SeverityNumberUnspecified, ""
	objects(item, "filters", func(f pcommon.Map) {
		s, ok := str(f, "riskLevel")
		if !ok {
			return
		}
		if n := riskLevel(s); n > best || text == "" {
			best, text = n, s
		}
	})
	return best, text
}

// auditResultSeverity maps the audit result (§5.2): Successful → INFO,
// Unsuccessful → WARN, anything else unspecified with its text.
func auditResultSeverity(m pcommon.Map) (plog.SeverityNumber, string) {
	s, ok := str(m, "result")
	switch {
	case !ok:
		return plog.SeverityNumberUnspecified, ""
	case strings.EqualFold(s, "Successful"):
		return plog.SeverityNumberInfo, s
	case strings.EqualFold(s, "Unsuccessful"):
		return plog.SeverityNumberWarn, s
	default:
		return plog.SeverityNumberUnspecified, s
	}
}
