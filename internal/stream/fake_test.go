package stream

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/config/configretry"
	"go.opentelemetry.io/collector/consumer"
	"go.opentelemetry.io/collector/consumer/consumertest"
	"go.opentelemetry.io/collector/pdata/plog"

	"github.com/otel-visionone/trendmicrovisiononereceiver/internal/checkpoint"
	"github.com/otel-visionone/trendmicrovisiononereceiver/internal/client"
	"github.com/otel-visionone/trendmicrovisiononereceiver/internal/translate"
)

// t0 is "now" in these tests.
var t0 = time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)

// rec is one record the fake API holds.
type rec struct {
	name   string // test label, kept inside the item
	cursor time.Time
}

// item renders a record as the endpoint of the given translate kind returns it.
func (r rec) item(kind *translate.Kind) []byte {
	ts := r.cursor.UTC().Format(time.RFC3339)
	switch kind {
	case translate.AuditLog:
		return fmt.Appendf(nil, `{"loggedDateTime":%q,"ingestedDateTime":%q,"loggedUser":%q,"loggedRole":"Auditor",`+
			`"accessType":"API","category":"Search","activity":"Run query","result":"Successful","details":{}}`, ts, ts, r.name)
	case translate.OATDetection:
		return fmt.Appendf(nil, `{"uuid":%q,"detectedDateTime":%q,"ingestedDateTime":%q,"source":"detections",`+
			`"entityType":"endpoint","entityName":"h","filters":[],"detail":{}}`, r.name, ts, ts)
	case translate.PipelinePackage:
		return fmt.Appendf(nil, `{"id":%q,"createdDateTime":%q}`, r.name, ts)
	case translate.Search: // an email activity: no uuid, keyed by content
		return fmt.Appendf(nil, `{"eventTime":%d,"mailMsgSubject":%q}`, r.cursor.UnixMilli(), r.name)
	}
	panic("unsupported kind")
}

// fakeAPI serves records like the real endpoints: the window's start and
// end are inclusive at second precision (the stream must drop the end
// second itself), pages of pageSize, ascending or newest first, nextLinks
// that encode the page. fail may inject an error per call.
type fakeAPI struct {
	mu       sync.Mutex
	kind     *translate.Kind
	order    Order
	pageSize int
	records  []rec
	// fail is called before each page is served (page 0 = first page).
	fail func(call, page int, start, end time.Time) error
	// broken, if set, says which records are served as an item that cannot
	// be translated on a call.
	broken func(call int, r rec) bool
	// noTotal leaves totalCount out of pages, as search does.
	noTotal bool
	// unbounded ignores the query's range, as an endpoint without one
	// serves everything it holds.
	unbounded bool
	// maxResults, if set, ends a query's chain after that many matches
	// (the newest, in the API's order), saying nothing.
	maxResults int
	// hidden holds records (by name) the API serves only from the given
	// time on, clock's: late events.
	hidden map[string]time.Time
	clock  func() time.Time
	calls  int
	counts int
}

// visible reports whether r is served now.
func (f *fakeAPI) visible(r rec) bool {
	at, ok := f.hidden[r.name]
	return !ok || !f.clock().Before(at)
}

func (f *fakeAPI) FirstPage(ctx context.Context, req client.Request) (*client.Page, error) {
	start, _ := time.Parse(time.RFC3339, req.Query.Get("start"))
	end, _ := time.Parse(time.RFC3339, req.Query.Get("end"))
	return f.page(ctx, start, end, 0)
}

func (f *fakeAPI) NextPage(ctx context.Context, _ client.Request, link string) (*client.Page, error) {
	u, err := url.Parse(link)
	if err != nil {
		return nil, err
	}
	start, _ := time.Parse(time.RFC3339, u.Query().Get("start"))
	end, _ := time.Parse(time.RFC3339, u.Query().Get("end"))
	n, _ := strconv.Atoi(u.Query().Get("page"))
	return f.page(ctx, start, end, n)
}

func (f *fakeAPI) page(ctx context.Context, start, end time.Time, n int) (*client.Page, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	f.calls++
	if f.fail != nil {
		if err := f.fail(f.calls, n, start, end); err != nil {
			return nil, err
		}
	}
	var match []rec
	for _, r := range f.records {
		sec := r.cursor.Truncate(time.Second)
		if !f.visible(r) {
			continue
		}
		if f.unbounded || !sec.Before(start) && !sec.After(end) {
			match = append(match, r)
		}
	}
	slices.SortStableFunc(match, func(a, b rec) int {
		c := a.cursor.Compare(b.cursor)
		if f.order == NewestFirst {
			c = -c
		}
		if c == 0 {
			c = strings.Compare(a.name, b.name)
		}
		return c
	})
	if f.maxResults > 0 {
		match = match[:min(len(match), f.maxResults)]
	}
	lo, hi := min(n*f.pageSize, len(match)), min((n+1)*f.pageSize, len(match))
	p := &client.Page{}
	total := len(match)
	if !f.noTotal {
		p.TotalCount = &total
	}
	for _, r := range match[lo:hi] {
		item := r.item(f.kind)
		if f.broken != nil && f.broken(f.calls, r) {
			item = []byte(`{"uuid":"broken"}`) // no time: translation fails
		}
		p.Items = append(p.Items, item)
	}
	if hi < len(match) {
		p.NextLink = "https://api.example/next?" + url.Values{
			"start": {start.Format(time.RFC3339)}, "end": {end.Format(time.RFC3339)}, "page": {strconv.Itoa(n + 1)},
		}.Encode()
	}
	return p, nil
}

// sink is a consumer that records every batch and may refuse some.
type sink struct {
	consumertest.LogsSink
	mu      sync.Mutex
	refuse  func(batch int) error
	batches int
}

func (s *sink) ConsumeLogs(ctx context.Context, ld plog.Logs) error {
	s.mu.Lock()
	s.batches++
	n := s.batches
	s.mu.Unlock()
	if s.refuse != nil {
		if err := s.refuse(n); err != nil {
			return err
		}
	}
	return s.LogsSink.ConsumeLogs(ctx, ld)
}

func (s *sink) Capabilities() consumer.Capabilities { return consumer.Capabilities{} }

// keys lists the log.record.uid of every accepted record, in order.
func (s *sink) keys() []string {
	var out []string
	for _, ld := range s.AllLogs() {
		for _, rl := range ld.ResourceLogs().All() {
			for _, sl := range rl.ScopeLogs().All() {
				for _, lr := range sl.LogRecords().All() {
					uid, _ := lr.Attributes().Get("log.record.uid")
					out = append(out, uid.Str())
				}
			}
		}
	}
	return out
}

// maxBatch is the largest number of records handed over at once.
func (s *sink) maxBatch() int {
	m := 0
	for _, ld := range s.AllLogs() {
		m = max(m, ld.LogRecordCount())
	}
	return m
}

type testStream struct {
	*Stream
	api   *fakeAPI
	sink  *sink
	store *checkpoint.Store
}

func newTestStream(t *testing.T, api *fakeAPI, store *checkpoint.Store, sk *sink, mutate ...func(*Spec, *Settings)) testStream {
	t.Helper()
	tr, err := translate.New(translate.Options{Kind: api.kind, Source: "emailActivities", EventName: "test"})
	require.NoError(t, err)
	spec := Spec{
		Name:            "test_stream",
		Path:            "/v3.0/test",
		Order:           api.order,
		Query:           newTestQuery,
		Translator:      tr,
		Interval:        time.Minute,
		InitialLookback: time.Hour,
	}
	set := Settings{
		Pager:          api,
		Store:          store,
		Consumer:       sk,
		IngestionDelay: 0,
		MaxWindow:      time.Hour,
		BackOff:        configretry.NewDefaultBackOffConfig(),
		Now:            func() time.Time { return t0 },
		// -windows-in-flight runs every test reading windows ahead.
		WindowsInFlight: *windowsInFlight,
	}
	for _, m := range mutate {
		m(&spec, &set)
	}
	s := New(spec, set)
	require.True(t, s.load(context.Background()))
	return testStream{Stream: s, api: api, sink: sk, store: store}
}

// keyOf is the key translation gives a record.
func keyOf(t *testing.T, kind *translate.Kind, r rec) string {
	t.Helper()
	tr, err := translate.New(translate.Options{Kind: kind, Source: "emailActivities", EventName: "test"})
	require.NoError(t, err)
	meta, err := tr.Translate(r.item(kind), t0, plog.NewLogRecord())
	require.NoError(t, err)
	return meta.Key
}

var errAPIDown = errors.New("api down")

// newTestQuery is the fake API's query of a window.
func newTestQuery(w Window) url.Values {
	return url.Values{"start": {w.Start.Format(time.RFC3339)}, "end": {w.End.Format(time.RFC3339)}}
}

// windowsInFlight is every test stream's Settings.WindowsInFlight: the
// suite runs once one window at a time and once reading ahead (Makefile).
var windowsInFlight = flag.Int("windows-in-flight", 1, "Settings.WindowsInFlight of the test streams")

// Count answers a count query like search mode=countOnly.
func (f *fakeAPI) Count(ctx context.Context, req client.Request) (int, error) {
	f.mu.Lock()
	f.counts++
	f.mu.Unlock()
	start, _ := time.Parse(time.RFC3339, req.Query.Get("start"))
	end, _ := time.Parse(time.RFC3339, req.Query.Get("end"))
	n := 0
	for _, r := range f.records {
		if sec := r.cursor.Truncate(time.Second); f.visible(r) && !sec.Before(start) && !sec.After(end) {
			n++
		}
	}
	return n, ctx.Err()
}

// batchCount is how many batches were handed over (accepted or not).
func (s *sink) batchCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.batches
}
