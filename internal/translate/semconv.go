package translate

import (
	"net/netip"
	"strings"

	"go.opentelemetry.io/collector/pdata/pcommon"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"
)

// Semantic-convention attributes promoted from activity data (README,
// Records). Semconv v1.43 defines no file.hash.* and no email.* attributes,
// so hashes and mail fields stay in the body.
const (
	attrSourceAddress      = string(semconv.SourceAddressKey)
	attrSourcePort         = string(semconv.SourcePortKey)
	attrDestinationAddress = string(semconv.DestinationAddressKey)
	attrDestinationPort    = string(semconv.DestinationPortKey)
	attrNetworkTransport   = string(semconv.NetworkTransportKey)
	attrProcessPID         = string(semconv.ProcessPIDKey)
	attrProcessParentPID   = string(semconv.ProcessParentPIDKey)
	attrProcessExePath     = string(semconv.ProcessExecutablePathKey)
	attrProcessExeName     = string(semconv.ProcessExecutableNameKey)
	attrProcessCommandLine = string(semconv.ProcessCommandLineKey)
	attrFileName           = string(semconv.FileNameKey)
	attrFilePath           = string(semconv.FilePathKey)
	attrUserID             = string(semconv.UserIDKey)
	attrUserFullName       = string(semconv.UserFullNameKey)
	attrHostIP             = string(semconv.HostIPKey)
	attrCloudProvider      = string(semconv.CloudProviderKey)
	attrCloudRegion        = string(semconv.CloudRegionKey)
	attrCloudAccountID     = string(semconv.CloudAccountIDKey)
	attrURLFull            = string(semconv.URLFullKey)
	attrDNSQuestionName    = string(semconv.DNSQuestionNameKey)
	attrRuleName           = string(semconv.SecurityRuleNameKey)
	attrRuleUUID           = string(semconv.SecurityRuleUUIDKey)
)

// The activity fields promoteActivity reads, as indexes into activity.v.
const (
	aSrc = iota
	aDst
	aSpt
	aDpt
	aProto
	aIPProto
	aPID
	aParentPID
	aProcessPath
	aProcessCmd
	aObjectPath
	aObjectName
	aFileName
	aRequest
	aObjectHost
	aEventID
	aLogonUser
	aPrincipal
	aUPN
	aUserID
	aUserDisplay
	aEndpointGUID
	aEndpointIP
	aAWSRegion
	aRecipientAccount
	aCloudAccount
	aRegionCode
	aSourceIP
	aIPAddress
	aRuleName
	aRuleUUID
	aCount
)

// activityField names the item field behind each index. One switch over the
// item's keys finds them all in a single pass: a Get per field would scan
// the item's ~50–100 fields some 30 times.
func activityField(k string) int {
	switch k {
	case "src":
		return aSrc
	case "dst":
		return aDst
	case "spt":
		return aSpt
	case "dpt":
		return aDpt
	case "proto":
		return aProto
	case "ipProto":
		return aIPProto
	case "processPid":
		return aPID
	case "parentPid":
		return aParentPID
	case "processFilePath":
		return aProcessPath
	case "processCmd":
		return aProcessCmd
	case "objectFilePath":
		return aObjectPath
	case "objectFileName":
		return aObjectName
	case "fileName":
		return aFileName
	case "request":
		return aRequest
	case "objectHostName":
		return aObjectHost
	case "eventId":
		return aEventID
	case "logonUser":
		return aLogonUser
	case "principalName":
		return aPrincipal
	case "userPrincipalName":
		return aUPN
	case "userId":
		return aUserID
	case "userDisplayName":
		return aUserDisplay
	case "endpointGuid":
		return aEndpointGUID
	case "endpointIp":
		return aEndpointIP
	case "awsRegion":
		return aAWSRegion
	case "recipientAccountId":
		return aRecipientAccount
	case "cloudAccountId":
		return aCloudAccount
	case "regionCode":
		return aRegionCode
	case "sourceIPAddress":
		return aSourceIP
	case "ipAddress":
		return aIPAddress
	case "ruleName":
		return aRuleName
	case "ruleUuid":
		return aRuleUUID
	}
	return -1
}

// activity holds the fields of one item that promoteActivity reads.
type activity struct {
	v   [aCount]pcommon.Value
	has uint64
}

func (a *activity) get(i int) (pcommon.Value, bool) {
	if a.has&(1<<i) == 0 {
		return pcommon.Value{}, false
	}
	return a.v[i], true
}

// str returns field i if it is a non-empty string.
func (a *activity) str(i int) (string, bool) {
	v, ok := a.get(i)
	if !ok || v.Type() != pcommon.ValueTypeStr || v.Str() == "" {
		return "", false
	}
	return v.Str(), true
}

// scalar returns field i as a string: a non-empty string, or an array of
// exactly one, which detections and OAT details serve for fields that hold
// one value (dst, fileName, logonUser). An array of several is ambiguous
// for a scalar attribute and is not promoted.
func (a *activity) scalar(i int) (string, bool) {
	v, ok := a.get(i)
	if !ok {
		return "", false
	}
	return scalarString(v)
}

// promoteActivity promotes the semantic-convention attributes of an
// activity item: a search item (every source) or an OAT detection's detail.
// A value is promoted only when it has semconv's type; host.* and
// security_rule.* set by the caller from the item's own fields win.
func promoteActivity(m, attrs pcommon.Map) {
	var a activity
	m.Range(func(k string, v pcommon.Value) bool {
		if i := activityField(k); i >= 0 {
			a.v[i], a.has = v, a.has|1<<i
		}
		return true
	})
	if a.has == 0 {
		return
	}

	// Network: an address must be an IP (Vision One's src/dst are, and
	// redacted or free-text values such as "xx.xx.x.xxx" are not); a port
	// is promoted only beside its address, since activity without a
	// network part carries src "" and spt 0.
	if a.putAddress(attrs, attrSourceAddress, aSrc) || a.putAddress(attrs, attrSourceAddress, aSourceIP) ||
		a.putAddress(attrs, attrSourceAddress, aIPAddress) {
		a.putPort(attrs, attrSourcePort, aSpt)
	}
	if a.putAddress(attrs, attrDestinationAddress, aDst) {
		a.putPort(attrs, attrDestinationPort, aDpt)
	}
	if !a.putTransport(attrs, aProto) {
		a.putTransport(attrs, aIPProto)
	}

	// Process.
	a.putPID(attrs, attrProcessPID, aPID)
	a.putPID(attrs, attrProcessParentPID, aParentPID)
	if s, ok := a.str(aProcessPath); ok {
		attrs.PutStr(attrProcessExePath, s)
	}
	if s, ok := a.str(aProcessCmd); ok {
		attrs.PutStr(attrProcessCommandLine, s)
	}

	// File: the endpoint's object file, else a detection's or web
	// gateway's file.
	if s, ok := a.str(aObjectPath); ok {
		attrs.PutStr(attrFilePath, s)
	}
	if s, ok := a.str(aObjectName); ok {
		attrs.PutStr(attrFileName, s)
	} else if s, ok := a.scalar(aFileName); ok {
		attrs.PutStr(attrFileName, s)
	}

	// url.full only for an absolute URL: request is the URL in endpoint,
	// network, mobile and detection items.
	if s, ok := a.str(aRequest); ok && strings.Contains(s, "://") {
		attrs.PutStr(attrURLFull, s)
	}
	// eventId 4 is TELEMETRY_DNS (docs/visionone-api.md §4.2 enums):
	// there objectHostName is the name queried.
	if id, ok := a.str(aEventID); ok && id == "4" {
		if s, ok := a.str(aObjectHost); ok {
			attrs.PutStr(attrDNSQuestionName, s)
		}
	}

	// User: the identity's UPN, the web gateway's principal, or the one
	// logged-on user.
	for _, i := range [...]int{aUPN, aPrincipal, aLogonUser} {
		if s, ok := a.scalar(i); ok {
			attrs.PutStr(attrUserName, s)
			break
		}
	}
	if s, ok := a.str(aUserID); ok {
		attrs.PutStr(attrUserID, s)
	}
	if s, ok := a.str(aUserDisplay); ok {
		attrs.PutStr(attrUserFullName, s)
	}

	// Host.
	if s, ok := a.str(aEndpointGUID); ok {
		putIfAbsent(attrs, attrHostID, s)
	}
	if v, ok := a.get(aEndpointIP); ok {
		if _, set := attrs.Get(attrHostIP); !set {
			putStrings(attrs, attrHostIP, v)
		}
	}

	// Cloud: awsRegion is a CloudTrail field, so its provider is AWS; VPC
	// flows name no provider and get none.
	if s, ok := a.str(aAWSRegion); ok {
		attrs.PutStr(attrCloudProvider, semconv.CloudProviderAWS.Value.AsString())
		attrs.PutStr(attrCloudRegion, s)
	} else if s, ok := a.str(aRegionCode); ok {
		attrs.PutStr(attrCloudRegion, s)
	}
	if s, ok := a.str(aRecipientAccount); ok {
		attrs.PutStr(attrCloudAccountID, s)
	} else if s, ok := a.str(aCloudAccount); ok {
		attrs.PutStr(attrCloudAccountID, s)
	}

	// The matched rule (web gateway, network detections).
	if s, ok := a.str(aRuleName); ok {
		putIfAbsent(attrs, attrRuleName, s)
	}
	if s, ok := a.str(aRuleUUID); ok {
		putIfAbsent(attrs, attrRuleUUID, s)
	}
}

// putAddress promotes field i as an address if it is one IP.
func (a *activity) putAddress(attrs pcommon.Map, to string, i int) bool {
	s, ok := a.scalar(i)
	if !ok {
		return false
	}
	if _, err := netip.ParseAddr(s); err != nil {
		return false
	}
	attrs.PutStr(to, s)
	return true
}

// putPort promotes field i if it is an integer port.
func (a *activity) putPort(attrs pcommon.Map, to string, i int) {
	if v, ok := a.get(i); ok && v.Type() == pcommon.ValueTypeInt && v.Int() >= 0 && v.Int() <= 65535 {
		attrs.PutInt(to, v.Int())
	}
}

// putPID promotes field i if it is a positive integer.
func (a *activity) putPID(attrs pcommon.Map, to string, i int) {
	if v, ok := a.get(i); ok && v.Type() == pcommon.ValueTypeInt && v.Int() > 0 {
		attrs.PutInt(to, v.Int())
	}
}

// putTransport promotes network.transport from a protocol name (TCP, udp)
// or an IANA protocol number (6, 17: VPC flow logs' ipProto); any other
// protocol has no semconv value and is not promoted.
func (a *activity) putTransport(attrs pcommon.Map, i int) bool {
	v, ok := a.get(i)
	if !ok {
		return false
	}
	var t string
	switch v.Type() {
	case pcommon.ValueTypeStr:
		switch strings.ToLower(v.Str()) {
		case "tcp", "6":
			t = semconv.NetworkTransportTCP.Value.AsString()
		case "udp", "17":
			t = semconv.NetworkTransportUDP.Value.AsString()
		}
	case pcommon.ValueTypeInt:
		switch v.Int() {
		case 6:
			t = semconv.NetworkTransportTCP.Value.AsString()
		case 17:
			t = semconv.NetworkTransportUDP.Value.AsString()
		}
	}
	if t == "" {
		return false
	}
	attrs.PutStr(attrNetworkTransport, t)
	return true
}

// putIfAbsent sets attrs[name] = s unless it is set.
func putIfAbsent(attrs pcommon.Map, name, s string) {
	if _, set := attrs.Get(name); !set {
		attrs.PutStr(name, s)
	}
}

// putStrings copies the non-empty strings of the array v to attrs[name]
// (a string[] attribute), if there are any.
func putStrings(attrs pcommon.Map, name string, v pcommon.Value) {
	if v.Type() != pcommon.ValueTypeSlice {
		return
	}
	var set stringSet
	s := v.Slice()
	for i := 0; i < s.Len(); i++ {
		if e := s.At(i); e.Type() == pcommon.ValueTypeStr {
			set.add(e.Str())
		}
	}
	set.put(attrs, name)
}

// promoteOneFilter promotes security_rule.name and security_rule.uuid from
// OAT's filters when exactly one filter matched: semconv's security_rule.*
// are scalars, and of several filters none is the rule (all their ids stay
// in trendmicro.visionone.oat.filter_ids).
func promoteOneFilter(body, attrs pcommon.Map) {
	v, ok := body.Get("filters")
	if !ok || v.Type() != pcommon.ValueTypeSlice || v.Slice().Len() != 1 || v.Slice().At(0).Type() != pcommon.ValueTypeMap {
		return
	}
	f := v.Slice().At(0).Map()
	putStr(attrs, attrRuleName, f, "name")
	putStr(attrs, attrRuleUUID, f, "id")
}

// promoteRuntimeProcess promotes the process and user of a container
// runtime event's Falco-style details (docs/visionone-api.md §6.1):
// proc.name is the executable's name, proc.exepath its path.
func promoteRuntimeProcess(details, attrs pcommon.Map) {
	if v, ok := details.Get("proc.pid"); ok && v.Type() == pcommon.ValueTypeInt && v.Int() > 0 {
		attrs.PutInt(attrProcessPID, v.Int())
	}
	if v, ok := details.Get("proc.ppid"); ok && v.Type() == pcommon.ValueTypeInt && v.Int() > 0 {
		attrs.PutInt(attrProcessParentPID, v.Int())
	}
	putStr(attrs, attrProcessExeName, details, "proc.name")
	putStr(attrs, attrProcessExePath, details, "proc.exepath")
	putStr(attrs, attrProcessCommandLine, details, "proc.cmdline")
	putStr(attrs, attrUserName, details, "user.name")
}

// promoteImpactScope promotes the host and the account of a workbench
// alert's impactScope.entities when the scope has exactly one of each: with
// several, no one of them is the alert's host or user. A host's entityValue
// is an object (guid, name, ips), an account's a string; other shapes are
// not promoted.
func promoteImpactScope(body, attrs pcommon.Map) {
	scope, ok := mapField(body, "impactScope")
	if !ok {
		return
	}
	var host pcommon.Map
	var hostOK bool
	var account string
	hosts, accounts := 0, 0
	objects(scope, "entities", func(e pcommon.Map) {
		t, _ := str(e, "entityType")
		switch t {
		case "host":
			hosts++
			host, hostOK = mapField(e, "entityValue")
		case "account":
			accounts++
			account, _ = str(e, "entityValue")
		}
	})
	if hosts == 1 && hostOK {
		putStr(attrs, attrHostName, host, "name")
		putStr(attrs, attrHostID, host, "guid")
		if ips, ok := host.Get("ips"); ok {
			putStrings(attrs, attrHostIP, ips)
		}
	}
	if accounts == 1 && account != "" {
		attrs.PutStr(attrUserName, account)
	}
}
