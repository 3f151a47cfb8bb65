package simulator

import (
	"net/http"
	"time"

	"github.com/otel-visionone/trendmicrovisiononereceiver/simulator/internal/gen"
)

// feed is the descriptor of one list endpoint: everything that differs from
// one feed to the next is a field here, filled once in feedList
// (feeds.go); the rest of the simulator reads it and knows no feed.
type feed struct {
	// kind is the feed's path under /v3.0; gen declares its generator and
	// key rule under the same name (gen/feeds.go).
	kind gen.Kind
	// group, if set, is the group of feeds a fault rule can name as
	// "<group>/*" (the search sources).
	group string
	// role is the permission a key needs (§1.2).
	role Role
	// serve answers one page of the feed (workbench.go, oat.go, …).
	serve func(s *Simulator, w http.ResponseWriter, r *http.Request, c *chain) error

	// tokenParam carries the page token: skipToken, or nextBatchToken for
	// OAT (§1.5).
	tokenParam string
	// linkParams, when set, are the parameters the page token carries
	// instead of the nextLink (audit: its nextLink is capped, linkparams.go).
	linkParams []linkParam
	// filter is the feed's filter header: its name, cap, language and fields.
	filter filterRule

	// badRequest renders the feed's documented 400 body for a rejection;
	// internalError its documented 500 body.
	badRequest    func(badRequest) *apiError
	internalError func() *apiError
	// requestTimeout: the feed documents a 408 body, so the status fault
	// may answer 408 (the search sources, §1.7).
	requestTimeout bool
	// errorNumbers are the documented error numbers the error fault can
	// inject: those that describe the service's state rather than the
	// request; numberedError renders one.
	errorNumbers  []int
	numberedError func(number int) *apiError

	// groundTruth maps each time field GroundTruth can range over to the
	// record time it is. Whether versions can be listed is the generator's
	// (gen.HasVersions).
	groundTruth map[string]timeField
	// visibility says when records become visible and how their times are
	// kept (store.go).
	visibility visibility
	// rate is the default number of records per hour: a small tenant's
	// plausible volume.
	rate float64
}

// visibility is when a feed's records can be seen, and at what precision
// their times are kept.
type visibility struct {
	// delayed records become visible an ingestion delay after their event
	// time (Options.IngestDelayMin/Max); the others at their event time.
	delayed bool
	// ingestionTime: items carry their ingestion time (ingestedDateTime),
	// in whole seconds. Otherwise the ingestion instant only says when a
	// record becomes visible, to the millisecond.
	ingestionTime bool
	// precision of event times: time.Second, or time.Millisecond where the
	// API serves milliseconds (§1.4).
	precision time.Duration
}

// feedsByKind indexes feedList. It is filled by init, not by an
// initialiser: the handlers feedList names look feeds up themselves, and
// Go would see a cycle.
var feedsByKind map[gen.Kind]*feed

func init() {
	feedsByKind = make(map[gen.Kind]*feed, len(feedList))
	for _, f := range feedList {
		feedsByKind[f.kind] = f
	}
}

// feedByKind returns a feed's descriptor, or nil for an unknown name.
func feedByKind(k gen.Kind) *feed { return feedsByKind[k] }

// inGroup reports whether a fault's endpoint pattern "<group>/*" names f.
func (f *feed) inGroup(pattern string) bool {
	return f.group != "" && pattern == f.group+"/*"
}
