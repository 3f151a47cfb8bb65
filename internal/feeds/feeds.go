// Package feeds is the registry of the Vision One log feeds the receiver
// reads: every feed declared once. The receiver's configuration (sections,
// defaults, validation), its streams, their translation and the README's
// per-feed tables follow from it, and the end-to-end tests and benchmarks
// iterate over it; the engine (internal/stream, internal/client,
// internal/checkpoint) knows no feed. docs/adding-a-feed.md says how to add
// one.
package feeds // import "github.com/otel-visionone/trendmicrovisiononereceiver/internal/feeds"

import (
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/otel-visionone/trendmicrovisiononereceiver/internal/stream"
	"github.com/otel-visionone/trendmicrovisiononereceiver/internal/translate"
)

// A Section is one configuration section: a feed (workbench, oat, audit) or
// a group of feeds configured together (search and its sources).
type Section struct {
	Key     string // configuration key
	Title   string // the log type, as the README's permissions table names it
	Enabled bool   // on by default
	// PageSizes are the documented `top` values and PageSize this
	// receiver's default; none when the API's page size is fixed, at
	// FixedPageSize.
	PageSizes     []int
	PageSize      int
	FixedPageSize int
	// Filter is the section's filter setting; for a group, each member's.
	Filter FilterRule
	// Members, for a group, is the key of the map of members to read (the
	// member names are the feeds' names), and DefaultMembers what is read
	// when it is empty.
	Members        string
	DefaultMembers []string
	// Feeds are the section's feeds: one, or the group's members.
	Feeds []Feed
	// Updates, if set, is a second stream of the section's feed, read when
	// `updates: true`: later states of its items (workbench_alert_updates).
	Updates *Feed
	// Pipeline, if set, makes the section a data pipeline: its feeds read
	// packages, not pages of items.
	Pipeline *Pipeline
}

// Pipeline is a data pipeline API (docs/visionone-api.md §6.8). Each feed of
// the section is one pipeline, configured by id or found by its
// description, else registered by the receiver; the stream lists its
// packages by createdDateTime and reads each, one record per line. A feed's
// Kind and Event are its lines' (an OAT detection, a search item).
type Pipeline struct {
	// Path lists and registers the pipelines, e.g. /v3.0/oat/dataPipelines;
	// a pipeline's packages are under Path/{id}/packages.
	Path string
	// ManagePermission says what registering a pipeline needs (the
	// feed's Permission reads one).
	ManagePermission string
	// Single: the API keeps one pipeline per tenant (OAT): a registration
	// refused as "already exists" reads the one there is.
	Single bool
	// RiskLevels: the section takes risk_levels and has_detail (OAT).
	RiskLevels bool
	// Register returns the registration body of feed f's pipeline.
	Register func(f *Feed, description string, s PipelineSettings) map[string]any
}

// PipelineSettings are a pipeline's registration settings.
type PipelineSettings struct {
	RiskLevels []string
	HasDetail  bool
}

// RiskLevelNames are the OAT pipeline's riskLevels.
var RiskLevelNames = []string{"info", "low", "medium", "high", "critical"}

// FilterRule is how a feed is filtered: the setting's key, the header (or
// query parameter) the API takes it in, its length cap, its syntax check
// and its default.
type FilterRule struct {
	Key    string // "filter", or "query" for search
	Header string // TMV1-Filter or TMV1-Query; "" when Param
	Param  string // the query parameter the API takes it in instead
	MaxLen int
	Check  func(string) error
	// Default is the value when none is configured ("" sends no header).
	Default string
}

// Feed is one Vision One log feed as a stream reads it.
type Feed struct {
	Name   string // the member name in a group (a search source); "" otherwise
	Stream string // the stream: checkpoint key, metric and log attribute
	Path   string
	Order  stream.Order
	// Window is the item field the windows are on; Ingestion tells that it
	// is the ingestion time, so a late event lands in a window not read yet.
	Window    string
	Ingestion bool
	// Retention is how far back the API serves (0: no limit applied).
	Retention time.Duration
	// MaxResults is the most records the API returns for one query, if it
	// documents a cap (0: none): a window that reaches it is read again
	// smaller.
	MaxResults int
	// Packages: the listed items are data pipeline packages, and Kind and
	// Event are their lines' (the section's Pipeline).
	Packages bool
	// MaxWindow caps the window below max_window and MinDelay raises
	// ingestion_delay, where the API bounds a query (0: none).
	MaxWindow, MinDelay time.Duration
	// Permission is what the API key's role needs (README).
	Permission string
	Kind       *translate.Kind
	Event      string // the records' event name
	// KeyText and Timestamp say, for the README, what a record is keyed by
	// and stamped with.
	KeyText, Timestamp string
	// Query returns the first page's parameters of a window; top is the
	// page size ("" when the API's page is fixed). CountQuery, if set, asks
	// for the number of matches instead.
	Query      func(w stream.Window, top string) url.Values
	CountQuery func(w stream.Window) url.Values
}

// SimulatorFeed names the feed as the simulator does: its path under /v3.0.
func (f *Feed) SimulatorFeed() string { return strings.TrimPrefix(f.Path, "/v3.0/") }

// LateEvents reports whether the feed's stream re-checks the spans it read
// for events the API made visible late: a list feed windowed on the event's
// own time. Not one windowed on ingestion (a late event is in a window not
// read yet), not a data pipeline (packages are listed by creation), not one
// without a time range, and not an updates stream, which reads changes the
// first stream's items went through, not events.
func (f *Feed) LateEvents(sec *Section) bool {
	return !f.Ingestion && !f.Packages && f.Order != stream.Latest && f != sec.Updates
}

// Permissions, as the console names them (docs/visionone-api.md §1.2).
const (
	permWorkbench = "Workbench › View, filter, and search"
	permOAT       = "Observed Attack Techniques › View, filter, and search"
	permSearch    = "Search › View, filter, and search (newer consoles: XDR Data Explorer › View queries)"
	permAudit     = "Audit Logs › View, filter, and search **and** Export and Download"
	permContainer = "Container Protection › View"
	permCases     = "Case Management › View"
	permResponse  = "Response Management › View, filter, and search (Task List tab)"
	permPlaybooks = "Security Playbooks › View, filter, and search, with View on Third-party Integration, " +
		"Cyber Risk Overview, Threat and Exposure Management, Workbench, Response Management, " +
		"Detection Model Management and Case Management"
	permEndpointTasks = "Endpoint Inventory › View"
	permRiskReports   = "Reports › View **and** Configure and download (and Cyber Risk Exposure Management credits)"
	// The pipelines: Trend's document asks the same permission for
	// registering a pipeline as for reading it (docs/visionone-api.md §6.8).
	permOATPipeline = permOAT
	permDatalake    = permSearch
	// pipelineRegister is what the README says of registering.
	pipelineRegister = "the same permission, as Trend's document states; a custom role that may only read " +
		"pipelines it is registered to gets 403: set `pipeline_id` to one an administrator registered"
	pipelineRetention  = 7*24*time.Hour - 10*time.Minute // 7 days, a margin inside
	pipelineWindow     = time.Hour
	pipelinePackageAge = time.Minute // packages at least 30 s old, with a margin
)

var (
	tmv1Filter = FilterRule{Key: "filter", Header: "TMV1-Filter", Check: CheckFilterSyntax}
	tmv1Query  = FilterRule{Key: "query", Header: "TMV1-Query", MaxLen: 2048, Check: CheckQuerySyntax, Default: "*"}
	// filterParam: response tasks take their filter as the `filter` query
	// parameter, in the TMV1-Filter language (docs/visionone-api.md §6.3).
	filterParam = FilterRule{Key: "filter", Param: "filter", MaxLen: 2048, Check: CheckFilterSyntax}
)

// Retention of the feeds added after the first four (docs/visionone-api.md §6).
const (
	containerRetention = 30 * 24 * time.Hour
	taskRetention      = 180 * 24 * time.Hour
)

// withCap is r with the length cap an endpoint documents for it.
func (r FilterRule) withCap(n int) FilterRule { r.MaxLen = n; return r }

// Registry lists the sections in the order the README and the streams
// follow.
var Registry = []Section{
	{
		Key: "workbench", Title: "Workbench alerts", Enabled: true,
		FixedPageSize: 10, // docs/visionone-api.md §2.1
		Filter:        tmv1Filter.withCap(5000),
		Feeds: []Feed{{
			Stream: "workbench_alerts", Path: "/v3.0/workbench/alerts",
			// Oldest first on the windowed field, so the checkpoint can move
			// page by page (docs/visionone-api.md §2.3).
			Order: stream.Ascending, Window: "createdDateTime",
			Retention:  180 * 24 * time.Hour,
			Permission: permWorkbench,
			Kind:       translate.WorkbenchAlert, Event: "trendmicro.visionone.workbench_alert",
			KeyText: "`id`", Timestamp: "`createdDateTime`",
			Query: workbenchQuery("createdDateTime"),
		}},
		Updates: &Feed{
			Stream: "workbench_alert_updates", Path: "/v3.0/workbench/alerts",
			Order: stream.Ascending, Window: "updatedDateTime",
			Retention:  180 * 24 * time.Hour,
			Permission: permWorkbench,
			Kind:       translate.WorkbenchAlertUpdate, Event: "trendmicro.visionone.workbench_alert",
			KeyText: "`id@updatedDateTime`", Timestamp: "`updatedDateTime`",
			Query: workbenchQuery("updatedDateTime"),
		},
	},
	{
		Key: "oat", Title: "Observed Attack Techniques", Enabled: true,
		PageSizes: []int{50, 100, 200}, PageSize: 200,
		Filter: tmv1Filter.withCap(4000),
		Feeds: []Feed{{
			Stream: "oat_detections", Path: "/v3.0/oat/detections",
			Order:  stream.NewestFirst, // docs/visionone-api.md §3.3
			Window: "ingestedDateTime", Ingestion: true,
			// The detected range stays an hour inside the API's 365 days
			// (oatQuery), and so do the ingested windows.
			Retention:  oatRetention - oatDetectedMargin,
			Permission: permOAT,
			Kind:       translate.OATDetection, Event: "trendmicro.visionone.oat_detection",
			KeyText: "`uuid`", Timestamp: "`detectedDateTime`",
			Query: oatQuery,
		}},
	},
	{
		Key: "audit", Title: "Audit logs", Enabled: true,
		PageSizes: []int{50, 100, 200}, PageSize: 200,
		Filter: tmv1Filter.withCap(1024),
		Feeds: []Feed{{
			Stream: "audit_logs", Path: "/v3.0/audit/logs",
			Order: stream.Ascending, Window: "ingestedDateTime", Ingestion: true,
			Retention:  180 * 24 * time.Hour,
			Permission: permAudit,
			Kind:       translate.AuditLog, Event: "trendmicro.visionone.audit_log",
			KeyText: "SHA-256 of the item's canonical JSON", Timestamp: "`loggedDateTime`",
			// Ingestion time, oldest first; labels=all returns details in
			// full (docs/visionone-api.md §5.1).
			Query: func(w stream.Window, top string) url.Values {
				return url.Values{
					"startDateTime":  {apiTime(w.Start)},
					"endDateTime":    {apiTime(w.End)},
					"dateTimeTarget": {"ingestedDateTime"},
					"orderBy":        {"ingestedDateTime asc"},
					"top":            {top},
					"labels":         {"all"},
				}
			},
		}},
	},
	{
		Key: "search", Title: "Search", Enabled: false, // opt-in: activity data is voluminous
		// Search allows 5000, but such pages are reported to time out and
		// peers cap at 1000 (docs/visionone-api.md §4.1).
		PageSizes: []int{50, 100, 500, 1000, 5000}, PageSize: 1000,
		Filter:  tmv1Query,
		Members: "sources", DefaultMembers: []string{"detections"},
		Feeds: searchFeeds(
			"detections", "endpointActivities", "networkActivities", "emailActivities",
			"cloudActivities", "mobileActivities", "identityActivities", "containerActivities",
		),
	}, {
		Key: "container_security", Title: "Container Security event logs", Enabled: false,
		Filter:  tmv1Filter.withCap(1024),
		Members: "logs", DefaultMembers: []string{
			"kubernetesAuditEventLogs", "kubernetesSensorEventLogs", "kubernetesEvaluationEventLogs", "amazonEcsSensorEventLogs",
		},
		Feeds: []Feed{
			containerFeed("kubernetesAuditEventLogs", translate.ContainerAuditEvent, 0),
			containerFeed("kubernetesSensorEventLogs", translate.ContainerSensorEvent, 0),
			containerFeed("kubernetesEvaluationEventLogs", translate.ContainerEvaluationEvent, 0),
			containerFeed("amazonEcsSensorEventLogs", translate.ContainerSensorEvent, 10_000),
		},
	},
	{
		Key: "cases", Title: "Case Management cases", Enabled: false,
		PageSizes: []int{10, 50, 100}, PageSize: 100,
		Filter: tmv1Filter.withCap(270),
		Feeds: []Feed{{
			Stream: "cases", Path: "/v3.0/caseManagement/cases",
			// createdDateTime is sortable (docs/visionone-api.md §6.2).
			Order: stream.Ascending, Window: "createdDateTime",
			Permission: permCases,
			Kind:       translate.Case, Event: "trendmicro.visionone.case",
			KeyText: "`id`", Timestamp: "`createdDateTime`",
			Query: rangeQuery("createdDateTime", "createdDateTime asc"),
		}},
		Updates: &Feed{
			Stream: "case_updates", Path: "/v3.0/caseManagement/cases",
			// updatedDateTime is not sortable: the window is pinned.
			Order: stream.NewestFirst, Window: "updatedDateTime",
			Permission: permCases,
			Kind:       translate.CaseUpdate, Event: "trendmicro.visionone.case",
			KeyText: "`id@updatedDateTime`", Timestamp: "`updatedDateTime`",
			Query: rangeQuery("updatedDateTime", ""),
		},
	},
	{
		Key: "response_tasks", Title: "Response tasks", Enabled: false,
		PageSizes: []int{50, 100, 200}, PageSize: 200,
		Filter: filterParam,
		Feeds: []Feed{{
			Stream: "response_tasks", Path: "/v3.0/response/tasks",
			// No orderBy and no documented order (docs/visionone-api.md §6.3).
			Order: stream.NewestFirst, Window: "createdDateTime",
			Retention:  taskRetention,
			Permission: permResponse,
			Kind:       translate.ResponseTask, Event: "trendmicro.visionone.response_task",
			KeyText: "`id`", Timestamp: "`createdDateTime`",
			Query: rangeQuery("createdDateTime", ""),
		}},
		Updates: &Feed{
			Stream: "response_task_updates", Path: "/v3.0/response/tasks",
			Order: stream.NewestFirst, Window: "lastActionDateTime",
			Retention:  taskRetention,
			Permission: permResponse,
			Kind:       translate.ResponseTaskUpdate, Event: "trendmicro.visionone.response_task",
			KeyText: "`id@lastActionDateTime`", Timestamp: "`lastActionDateTime`",
			Query: rangeQuery("lastActionDateTime", ""),
		},
	},
	{
		Key: "playbook_tasks", Title: "Security playbook tasks", Enabled: false,
		PageSizes: []int{10, 20, 50, 100}, PageSize: 100,
		Filter: tmv1Filter.withCap(1024),
		Feeds: []Feed{{
			Stream: "playbook_tasks", Path: "/v3.0/securityPlaybooks/tasks",
			Order: stream.Ascending, Window: "createdDateTime", // docs/visionone-api.md §6.4
			Retention:  taskRetention,
			Permission: permPlaybooks,
			Kind:       translate.PlaybookTask, Event: "trendmicro.visionone.playbook_task",
			KeyText: "`id`", Timestamp: "`createdDateTime`",
			Query: rangeQuery("createdDateTime", "createdDateTime asc"),
		}},
	},
	{
		Key: "endpoint_security_tasks", Title: "Endpoint security tasks", Enabled: false,
		PageSizes: []int{10, 50, 100, 200, 1000}, PageSize: 1000,
		Filter: tmv1Filter.withCap(1024),
		Feeds: []Feed{{
			Stream: "endpoint_security_tasks", Path: "/v3.0/endpointSecurity/tasks",
			Order: stream.Ascending, Window: "createdDateTime", // docs/visionone-api.md §6.5
			Retention:  taskRetention,
			Permission: permEndpointTasks,
			Kind:       translate.EndpointSecurityTask, Event: "trendmicro.visionone.endpoint_security_task",
			KeyText: "`id`", Timestamp: "`createdDateTime`",
			Query: rangeQuery("createdDateTime", "createdDateTime asc"),
		}},
		Updates: &Feed{
			Stream: "endpoint_security_task_updates", Path: "/v3.0/endpointSecurity/tasks",
			Order: stream.Ascending, Window: "lastActionDateTime",
			Retention:  taskRetention,
			Permission: permEndpointTasks,
			Kind:       translate.EndpointSecurityTaskUpdate, Event: "trendmicro.visionone.endpoint_security_task",
			KeyText: "`id@lastActionDateTime`", Timestamp: "`lastActionDateTime`",
			Query: rangeQuery("lastActionDateTime", "lastActionDateTime asc"),
		},
	},
	{
		Key: "account_compromise", Title: "Account compromise indicators", Enabled: false,
		// Every cycle reads its first page whole, however little of it is
		// new: the API's default keeps that small.
		PageSizes: []int{10, 50, 100, 200, 500, 1000}, PageSize: 100,
		Filter: tmv1Filter.withCap(1024),
		Feeds: []Feed{{
			Stream: "account_compromise_indicators", Path: "/v3.0/asrm/accountCompromiseIndicators",
			// No time range: newest first down to the checkpoint
			// (docs/visionone-api.md §6.6).
			Order: stream.Latest, Window: "detectedDateTime",
			Permission: permRiskReports,
			Kind:       translate.AccountCompromiseIndicator, Event: "trendmicro.visionone.account_compromise_indicator",
			KeyText: "`id@detectedDateTime/riskEvent.eventId`", Timestamp: "`detectedDateTime`",
			Query: func(_ stream.Window, top string) url.Values {
				return url.Values{"orderBy": {"detectedDateTime desc"}, "top": {top}}
			},
		}},
	},
	{
		Key: "oat_pipeline", Title: "Observed Attack Techniques data pipeline", Enabled: false,
		PageSizes: []int{50, 100, 200, 500}, PageSize: 500,
		Pipeline: &Pipeline{
			Path: "/v3.0/oat/dataPipelines", ManagePermission: pipelineRegister, Single: true, RiskLevels: true,
			Register: func(_ *Feed, description string, s PipelineSettings) map[string]any {
				return map[string]any{"riskLevels": s.RiskLevels, "hasDetail": s.HasDetail, "description": description}
			},
		},
		Feeds: []Feed{pipelineFeed("", "oat_pipeline", "/v3.0/oat/dataPipelines", permOATPipeline,
			translate.OATDetection, "trendmicro.visionone.oat_detection", "`uuid`")},
	},
	{
		Key: "datalake_pipeline", Title: "Data Lake pipeline", Enabled: false,
		PageSizes: []int{50, 100, 200, 500}, PageSize: 500,
		Members: "sources", DefaultMembers: []string{"endpointActivities"},
		Pipeline: &Pipeline{
			Path: "/v3.0/datalake/dataPipelines", ManagePermission: pipelineRegister,
			// One pipeline per source, so that every line's source is
			// known (a package of several subTypes does not say).
			Register: func(f *Feed, description string, _ PipelineSettings) map[string]any {
				if f.Name == "detections" {
					return map[string]any{"type": "detection", "description": description}
				}
				subType := strings.TrimSuffix(f.Name, "ies") + "y" // endpointActivities: endpointActivity
				return map[string]any{"type": "telemetry", "subType": []string{subType}, "description": description}
			},
		},
		Feeds: datalakeFeeds("endpointActivities", "networkActivities", "emailActivities", "cloudActivities",
			"mobileActivities", "identityActivities", "containerActivities", "detections"),
	},
}

// pipelineFeed declares one data pipeline's stream: its package list,
// windowed on createdDateTime, and the kind of its lines.
func pipelineFeed(name, streamName, path, permission string, lines *translate.Kind, event, key string) Feed {
	return Feed{
		Name: name, Stream: streamName, Path: path, Packages: true,
		// The list's order is not documented: the stream sorts each
		// window's list itself.
		Order: stream.Ascending, Window: "createdDateTime", Ingestion: true,
		Retention: pipelineRetention, MaxWindow: pipelineWindow, MinDelay: pipelinePackageAge,
		Permission: permission,
		Kind:       lines, Event: event,
		KeyText: key, Timestamp: "the line's own time, as its stream stamps it",
		Query: func(w stream.Window, top string) url.Values {
			return url.Values{"startDateTime": {apiTime(w.Start)}, "endDateTime": {apiTime(w.End)}, "top": {top}}
		},
	}
}

// datalakeFeeds declares a Data Lake pipeline per search source: its lines
// are that source's items, translated as its search stream's.
func datalakeFeeds(sources ...string) []Feed {
	feeds := make([]Feed, len(sources))
	for i, source := range sources {
		key := "`uuid`; for items without one, SHA-256 of the item's canonical JSON"
		feeds[i] = pipelineFeed(source, "datalake_pipeline."+source, "/v3.0/datalake/dataPipelines", permDatalake,
			translate.Search, "trendmicro.visionone.search."+SingularSnake(source), key)
	}
	return feeds
}

// searchFeeds declares the /v3.0/search sources, which differ only in name.
func searchFeeds(sources ...string) []Feed {
	feeds := make([]Feed, len(sources))
	for i, source := range sources {
		feeds[i] = Feed{
			Name: source, Stream: "search." + source, Path: "/v3.0/search/" + source,
			Order: stream.NewestFirst, // docs/visionone-api.md §4.3
			// Event time: search offers no ingestion-time filter, so
			// ingestion_delay is what waits for late events.
			Window:     "eventTime",
			Permission: permSearch,
			Kind:       translate.Search, Event: "trendmicro.visionone.search." + SingularSnake(source),
			KeyText:   "`uuid`; for items without one (email, network, VPC flows), SHA-256 of the item's canonical JSON",
			Timestamp: "`eventTime`",
			Query: func(w stream.Window, top string) url.Values {
				return url.Values{"startDateTime": {apiTime(w.Start)}, "endDateTime": {apiTime(w.End)}, "top": {top}}
			},
			// Search pages carry no totalCount; countOnly mode answers
			// with one alone.
			CountQuery: func(w stream.Window) url.Values {
				return url.Values{"startDateTime": {apiTime(w.Start)}, "endDateTime": {apiTime(w.End)}, "mode": {"countOnly"}}
			},
		}
	}
	return feeds
}

// containerFeed declares a Container Security event log: they differ in
// name and translation only (docs/visionone-api.md §6.1).
// maxResults is the cap the API documents for one query (ECS sensor events:
// 10,000), or 0.
func containerFeed(log string, kind *translate.Kind, maxResults int) Feed {
	return Feed{
		MaxResults: maxResults,
		Name:       log, Stream: "container_security." + log, Path: "/v3.0/containerSecurity/" + log,
		Order: stream.NewestFirst, // documented: newest first by createdDateTime
		// No ingestion-time filter, like search: ingestion_delay is what
		// waits for late events.
		Window:     "createdDateTime",
		Retention:  containerRetention,
		Permission: permContainer,
		Kind:       kind, Event: "trendmicro.visionone.container_security." + SingularSnake(log),
		KeyText: "`id`", Timestamp: "`createdDateTime`",
		Query: func(w stream.Window, _ string) url.Values {
			return url.Values{"startDateTime": {apiTime(w.Start)}, "endDateTime": {apiTime(w.End)}}
		},
	}
}

// rangeQuery is the first page of a window on target, sorted by orderBy
// ("": the API's own order, for a pinned window).
func rangeQuery(target, orderBy string) func(stream.Window, string) url.Values {
	return func(w stream.Window, top string) url.Values {
		q := url.Values{
			"startDateTime":  {apiTime(w.Start)},
			"endDateTime":    {apiTime(w.End)},
			"dateTimeTarget": {target},
			"top":            {top},
		}
		if orderBy != "" {
			q.Set("orderBy", orderBy)
		}
		return q
	}
}

// SingularSnake names a group member in event names: endpointActivities is
// endpoint_activity, detections detection.
func SingularSnake(name string) string {
	var b strings.Builder
	for _, c := range name {
		if c >= 'A' && c <= 'Z' {
			b.WriteByte('_')
			c += 'a' - 'A'
		}
		b.WriteRune(c)
	}
	s := b.String()
	if t, ok := strings.CutSuffix(s, "ies"); ok {
		return t + "y"
	}
	return strings.TrimSuffix(s, "s")
}

func workbenchQuery(target string) func(stream.Window, string) url.Values {
	return func(w stream.Window, _ string) url.Values {
		return url.Values{
			"startDateTime":  {apiTime(w.Start)},
			"endDateTime":    {apiTime(w.End)},
			"dateTimeTarget": {target},
			"orderBy":        {target + " asc"},
		}
	}
}

const (
	// oatRetention: OAT serves 365 days (docs/visionone-api.md §1.9).
	oatRetention = 365 * 24 * time.Hour
	// oatDetectedMargin: OAT's detected range starts this far inside the
	// API's 365 days, so that a request that waits for the budget or is
	// retried for a while is not refused for reaching back too far. Its
	// ingested windows keep the same margin, so the two ranges agree.
	oatDetectedMargin = time.Hour
)

// oatQuery windows on ingestion time: a detection ingested late still falls
// in a window not yet read. The detected pair must be sent too: the API
// documents a default for it (the last hour), which would empty every window
// older than that. About the widest range it accepts (365 days back, no
// future end) excludes nothing an ingested window holds, since a detection
// is ingested after it is detected. It ends a minute before now, so that a
// clock a little ahead of the API's is no future end, and never before the
// window, which holds what it must.
func oatQuery(w stream.Window, top string) url.Values {
	detectedEnd := w.Now.Add(-time.Minute)
	if detectedEnd.Before(w.End) {
		detectedEnd = w.End
	}
	return url.Values{
		"detectedStartDateTime": {apiTime(w.Now.Add(-oatRetention + oatDetectedMargin))},
		"detectedEndDateTime":   {apiTime(detectedEnd)},
		"ingestedStartDateTime": {apiTime(w.Start)},
		"ingestedEndDateTime":   {apiTime(w.End)},
		"top":                   {top},
	}
}

// apiTime formats a window bound as every endpoint accepts it: UTC, whole
// seconds, "Z" (docs/visionone-api.md §1.4).
func apiTime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05Z") }

// LinesFeed is, for a pipeline's feed, the list feed whose items its lines
// are (the same kind and event name), whose stream translates them alike;
// nil for any other feed.
func (f *Feed) LinesFeed() *Feed {
	if !f.Packages {
		return nil
	}
	for _, g := range Streams() {
		if !g.Packages && g.Kind == f.Kind && g.Event == f.Event {
			return g
		}
	}
	return nil
}

// Lookup returns the section with key, or nil.
func Lookup(key string) *Section {
	for i := range Registry {
		if Registry[i].Key == key {
			return &Registry[i]
		}
	}
	return nil
}

// Member returns the group member with name, or nil.
func (s *Section) Member(name string) *Feed {
	for i := range s.Feeds {
		if s.Feeds[i].Name == name {
			return &s.Feeds[i]
		}
	}
	return nil
}

// MemberNames lists a group's members in the registry's order.
func (s *Section) MemberNames() []string {
	names := make([]string, len(s.Feeds))
	for i, f := range s.Feeds {
		names[i] = f.Name
	}
	return names
}

// Top is a page size as the API takes it; "" when the page is fixed.
func (s *Section) Top(size int) string {
	if len(s.PageSizes) == 0 {
		return ""
	}
	return strconv.Itoa(size)
}

// Streams lists every stream the registry declares, updates streams
// included, in the registry's order.
func Streams() []*Feed {
	var out []*Feed
	for i := range Registry {
		for j := range Registry[i].Feeds {
			out = append(out, &Registry[i].Feeds[j])
		}
		if u := Registry[i].Updates; u != nil {
			out = append(out, u)
		}
	}
	return out
}
