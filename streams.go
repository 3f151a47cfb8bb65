package trendmicrovisiononereceiver // import "github.com/otel-visionone/trendmicrovisiononereceiver"

import (
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/otel-visionone/trendmicrovisiononereceiver/internal/stream"
	"github.com/otel-visionone/trendmicrovisiononereceiver/internal/translate"
)

// Stream names: checkpoint keys, metric attributes and log fields.
const (
	streamWorkbench        = "workbench_alerts"
	streamWorkbenchUpdates = "workbench_alert_updates"
	streamOAT              = "oat_detections"
	streamAudit            = "audit_logs"
	streamSearchPrefix     = "search."
)

// Retention of each API (visionone-api.md §1.9): a first run or an old
// checkpoint is clamped to it, since older data cannot be read.
const (
	workbenchRetention = 180 * 24 * time.Hour
	oatRetention       = 365 * 24 * time.Hour
	// oatDetectedMargin: OAT's detected range starts this far inside the
	// API's 365 days, so that a request that waits for the budget or is
	// retried for a while is not refused for reaching back too far. Its
	// ingested windows keep the same margin, so the two ranges agree.
	oatDetectedMargin = time.Hour
	auditRetention    = 180 * 24 * time.Hour
)

// apiTime formats a window bound as every endpoint accepts it: UTC, whole
// seconds, "Z" (visionone-api.md §1.4).
func apiTime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05Z") }

// streamSpecs builds the specs of every enabled stream.
func streamSpecs(cfg *Config) ([]stream.Spec, error) {
	body := cfg.BodyFormat == BodyFormatJSON
	var specs []stream.Spec
	add := func(spec stream.Spec, opts translate.Options) error {
		opts.BodyAsJSON = body
		tr, err := translate.New(opts)
		if err != nil {
			return err
		}
		spec.Translator = tr
		specs = append(specs, spec)
		return nil
	}

	if wb := cfg.Workbench; wb.Enabled {
		// Oldest first on the windowed field, so the checkpoint can move
		// page by page (visionone-api.md §2.3).
		created := workbenchSpec(streamWorkbench, wb, "createdDateTime")
		var updates stream.Spec
		if wb.Updates {
			updates = workbenchSpec(streamWorkbenchUpdates, wb, "updatedDateTime")
			// Changes from when updates mode is first enabled: an alert's
			// earlier history is in the current state workbench_alerts
			// delivers, and would only arrive twice.
			updates.InitialLookback = 0
			// The state workbench_alerts delivered is not an update: the
			// ledger says which it was, whenever it was read.
			ledger := stream.NewLedger()
			created.Announces, updates.Follows = ledger, ledger
		}
		if err := add(created, translate.Options{Kind: translate.WorkbenchAlert}); err != nil {
			return nil, err
		}
		if wb.Updates {
			if err := add(updates, translate.Options{Kind: translate.WorkbenchAlertUpdate}); err != nil {
				return nil, err
			}
		}
	}

	if oat := cfg.OAT; oat.Enabled {
		top := strconv.Itoa(oat.PageSize)
		spec := stream.Spec{
			Name:  streamOAT,
			Path:  "/v3.0/oat/detections",
			Order: stream.NewestFirst, // visionone-api.md §3.3
			// Windows on ingestion time: a detection ingested late still
			// falls in a window not yet read. The detected pair must be sent
			// too: the API documents a default for it (the last hour), which
			// would empty every window older than that. About the widest
			// range it accepts (365 days back, no future end) excludes
			// nothing an ingested window holds, since a detection is
			// ingested after it is detected. It ends a minute before now,
			// so that a clock a little ahead of the API's is no future end,
			// and never before the window, which holds what it must.
			Query: func(w stream.Window) url.Values {
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
			},
			Header:          filterHeader("TMV1-Filter", oat.Filter),
			Interval:        oat.CollectionInterval,
			InitialLookback: oat.InitialLookback,
			Retention:       oatRetention - oatDetectedMargin,
		}
		if err := add(spec, translate.Options{Kind: translate.OATDetection}); err != nil {
			return nil, err
		}
	}

	if audit := cfg.Audit; audit.Enabled {
		top := strconv.Itoa(audit.PageSize)
		spec := stream.Spec{
			Name:  streamAudit,
			Path:  "/v3.0/audit/logs",
			Order: stream.Ascending,
			// Ingestion time, oldest first; labels=all returns details in
			// full (visionone-api.md §5.1).
			Query: func(w stream.Window) url.Values {
				return url.Values{
					"startDateTime":  {apiTime(w.Start)},
					"endDateTime":    {apiTime(w.End)},
					"dateTimeTarget": {"ingestedDateTime"},
					"orderBy":        {"ingestedDateTime asc"},
					"top":            {top},
					"labels":         {"all"},
				}
			},
			Header:          filterHeader("TMV1-Filter", audit.Filter),
			Interval:        audit.CollectionInterval,
			InitialLookback: audit.InitialLookback,
			Retention:       auditRetention,
		}
		if err := add(spec, translate.Options{Kind: translate.AuditLog}); err != nil {
			return nil, err
		}
	}

	if search := cfg.Search; search.Enabled {
		top := strconv.Itoa(search.PageSize)
		for _, source := range search.enabledSources() {
			spec := stream.Spec{
				Name:  streamSearchPrefix + source,
				Path:  "/v3.0/search/" + source,
				Order: stream.NewestFirst, // visionone-api.md §4.3
				// Event time: search offers no ingestion-time filter, so
				// ingestion_delay is what waits for late events.
				Query: func(w stream.Window) url.Values {
					return url.Values{
						"startDateTime": {apiTime(w.Start)},
						"endDateTime":   {apiTime(w.End)},
						"top":           {top},
					}
				},
				// Search pages carry no totalCount; countOnly mode answers
				// with one alone.
				CountQuery: func(w stream.Window) url.Values {
					return url.Values{
						"startDateTime": {apiTime(w.Start)},
						"endDateTime":   {apiTime(w.End)},
						"mode":          {"countOnly"},
					}
				},
				Header:          filterHeader("TMV1-Query", search.query(source)),
				Interval:        search.CollectionInterval,
				InitialLookback: search.InitialLookback,
			}
			if err := add(spec, translate.Options{Kind: translate.Search, Source: source}); err != nil {
				return nil, err
			}
		}
	}
	return specs, nil
}

func workbenchSpec(name string, wb WorkbenchConfig, target string) stream.Spec {
	return stream.Spec{
		Name:  name,
		Path:  "/v3.0/workbench/alerts",
		Order: stream.Ascending,
		Query: func(w stream.Window) url.Values {
			return url.Values{
				"startDateTime":  {apiTime(w.Start)},
				"endDateTime":    {apiTime(w.End)},
				"dateTimeTarget": {target},
				"orderBy":        {target + " asc"},
			}
		},
		Header:          filterHeader("TMV1-Filter", wb.Filter),
		Interval:        wb.CollectionInterval,
		InitialLookback: wb.InitialLookback,
		Retention:       workbenchRetention,
	}
}

// filterHeader returns the header carrying a filter, or none if it is empty.
func filterHeader(name, value string) http.Header {
	if value == "" {
		return nil
	}
	h := http.Header{}
	h.Set(name, value)
	return h
}
