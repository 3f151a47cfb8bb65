package simulator

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"io"
	"net/http"
	"net/url"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/otel-visionone/trendmicrovisiononereceiver/simulator/internal/gen"
)

// Packages. Every pipeline makes one package per PackageInterval, aligned
// on the Unix epoch: package k holds the records that became visible
// (ingestedDateTime for OAT, the visibility instant for search sources) in
// [k·interval, (k+1)·interval) and is created PackageDelay after that
// interval ends. Packages exist for every interval that ends after the
// history start, whether the pipeline was registered then or not (the
// document: after registration the pipeline "starts saving data for the
// last seven days"), appear at their createdDateTime and expire
// PackageRetention after it. A package's body is rendered on request from
// the stores, so it is as deterministic as the feeds (downloadPackage).

const (
	packageWindow       = 3600 * time.Second // the document: end - start cannot exceed 3600 seconds
	packageDefaultStart = 15 * time.Minute   // the document's default start: 15 minutes before the request
)

// packageBufferLimit is the largest gzip body held in memory: a larger
// package goes to a temporary file, so that its Content-Length is known
// before it is sent without holding it whole. A variable so that tests can
// spill small packages.
var packageBufferLimit = 4 << 20

var packageTops = []int{50, 100, 200, 500}

// packageClock places packages in time, in Unix milliseconds.
type packageClock struct{ interval, delay, retention, history int64 }

func (s *Simulator) packageClock() packageClock {
	return packageClock{
		interval:  s.opts.PackageInterval.Milliseconds(),
		delay:     s.opts.PackageDelay.Milliseconds(),
		retention: s.opts.PackageRetention.Milliseconds(),
		history:   s.historyStart.UnixMilli(),
	}
}

// created is package k's createdDateTime.
func (c packageClock) created(k int64) int64 { return (k+1)*c.interval + c.delay }

// packages returns the packages [lo, hi) created in [from, to) that exist
// at now: their interval ends after the history start, they are created at
// or before now and have not expired.
func (c packageClock) packages(from, to, now int64) (lo, hi int64) {
	lo = max(ceilDiv(from-c.delay, c.interval)-1, // created >= from
		floorDiv(c.history, c.interval),               // (k+1)·interval > history start
		floorDiv(now-c.retention-c.delay, c.interval)) // created + retention > now
	hi = min(ceilDiv(to-c.delay, c.interval)-1, // created < to
		floorDiv(now-c.delay, c.interval)) // created <= now
	return lo, max(lo, hi)
}

func (c packageClock) exists(k, now int64) bool {
	lo, hi := c.packages(c.created(k), c.created(k)+1, now)
	return k >= lo && k < hi
}

func ceilDiv(a, b int64) int64 { return -floorDiv(-a, b) }

// packageID is package k's id, shaped like the document's examples
// ("2021103019-7898c20d-fc91-443b-9a4e-f8ec3ab745ab"): the UTC hour of its
// createdDateTime, then a UUID derived from the seed, the pipeline and k.
func (s *Simulator) packageID(c packageClock, pipelineID string, k int64) string {
	h := sha256.New()
	h.Write(binary.LittleEndian.AppendUint64([]byte("visionone-sim package\x00"), s.opts.Seed))
	h.Write([]byte(pipelineID))
	h.Write(binary.LittleEndian.AppendUint64(nil, uint64(k)))
	return time.UnixMilli(c.created(k)).UTC().Format("2006010215") + "-" + formatUUID(h.Sum(nil)[:16])
}

// packageIndex finds the k of a package id: one of the packages created in
// the hour its prefix names.
func (s *Simulator) packageIndex(c packageClock, pipelineID, packageID string) (int64, bool) {
	prefix, _, ok := strings.Cut(packageID, "-")
	if !ok || len(prefix) != 10 {
		return 0, false
	}
	hour, err := time.Parse("2006010215", prefix)
	if err != nil {
		return 0, false
	}
	from := hour.UnixMilli()
	for k := ceilDiv(from-c.delay, c.interval) - 1; c.created(k) < from+int64(time.Hour/time.Millisecond); k++ {
		if c.created(k) >= from && s.packageID(c, pipelineID, k) == packageID {
			return k, true
		}
	}
	return 0, false
}

// packageItem is one entry of a package list.
type packageItem struct {
	ID              string `json:"id"`
	CreatedDateTime string `json:"createdDateTime"`
}

// packageList is the package list envelope, in the document's member order.
type packageList struct {
	Items                        []packageItem `json:"items"`
	Count                        int           `json:"count"`
	TotalCount                   int           `json:"totalCount"`
	RequestedDateTime            string        `json:"requestedDateTime"`
	LatestPackageCreatedDateTime string        `json:"latestPackageCreatedDateTime,omitempty"`
	NextLink                     string        `json:"nextLink,omitempty"`
}

const packageTokenParam = "skipToken"

// listPackages answers GET <base>/{id}/packages: the packages created in
// [startDateTime, endDateTime), oldest first (ties by id), top a page, and
// a nextLink whose token pins the first page's instant, as the feeds' do.
func (s *Simulator) listPackages(w http.ResponseWriter, r *http.Request, a *pipelineAPI, id string) {
	p := s.pipelines.get(a, id)
	if p == nil {
		writeError(w, errPipelineNotFound(a.listNotFound))
		return
	}
	endpoint := a.packagesEndpoint()
	q := r.URL.Query()
	raw, followUp := q[packageTokenParam]
	q.Del(packageTokenParam)
	fp := packageFingerprint(endpoint, id, q)
	now := s.clock.Now()
	asOf, offset := now, 0
	if followUp {
		tok, err := s.tokens.decode(endpoint, raw[0])
		switch {
		case err != nil || tok.Fingerprint != fp:
			writeError(w, errPipelineBadRequest(packageTokenParam, innerBadToken))
			return
		case tok.Epoch != s.pipelineEpoch(endpoint) || now.UnixMilli() >= tok.Expiry:
			writeError(w, errPipelineBadRequest(packageTokenParam, innerExpiredToken))
			return
		}
		asOf, offset = time.UnixMilli(tok.AsOf).UTC(), tok.Offset
	}
	from, to, top, e := s.packageParams(q, asOf)
	if e != nil {
		writeError(w, e)
		return
	}
	c := s.packageClock()
	lo, hi := c.packages(from.UnixMilli(), to.UnixMilli(), asOf.UnixMilli())
	total := int(hi - lo)
	items := make([]packageItem, 0, min(top, max(total-offset, 0))+1)
	if offset > 0 && offset <= total {
		if _, ok := s.faults.take(endpoint, FaultDuplicate); ok {
			items = append(items, s.packageItem(c, id, lo+int64(offset)-1))
		}
	}
	end := min(offset+top, total)
	for k := lo + int64(offset); k < lo+int64(end); k++ {
		items = append(items, s.packageItem(c, id, k))
	}
	res := packageList{Items: items, Count: len(items), TotalCount: total, RequestedDateTime: isoSecond(now)}
	if total > 0 {
		res.LatestPackageCreatedDateTime = isoSecond(time.UnixMilli(c.created(hi - 1)))
	}
	more := end < total
	if !more {
		_, more = s.faults.take(endpoint, FaultEndlessChain)
	}
	if more {
		// Past the end only with the endless-chain fault: empty pages follow.
		tok := pageToken{Fingerprint: fp, AsOf: asOf.UnixMilli(), Offset: offset + top,
			Expiry: now.Add(s.opts.TokenTTL).UnixMilli(), Epoch: s.pipelineEpoch(endpoint)}
		res.NextLink = s.packageLink(r, endpoint, s.tokens.encode(endpoint, tok))
	}
	s.writeOK(w, endpoint, res)
}

func (s *Simulator) packageItem(c packageClock, pipelineID string, k int64) packageItem {
	return packageItem{ID: s.packageID(c, pipelineID, k), CreatedDateTime: isoSecond(time.UnixMilli(c.created(k)))}
}

// packageParams reads a package list's parameters at the chain's instant:
// startDateTime (default 15 minutes back, at most PackageRetention back:
// OutOfRetentionTime), endDateTime (default now, not before the start, at
// most 3600 s after it) and top.
func (s *Simulator) packageParams(q url.Values, asOf time.Time) (from, to time.Time, top int, e *apiError) {
	now := asOf.UTC().Truncate(time.Second)
	start, err := timeParam(q, "startDateTime", now.Add(-packageDefaultStart))
	if err != nil {
		return from, to, 0, errPipelineBadRequest("startDateTime", innerInvalidOptional)
	}
	end, err := timeParam(q, "endDateTime", now)
	if err != nil {
		return from, to, 0, errPipelineBadRequest("endDateTime", innerInvalidOptional)
	}
	switch {
	case start.Before(now.Add(-s.opts.PackageRetention)):
		return from, to, 0, errPipelineBadRequest("startDateTime", innerOutOfRetention)
	case end.Before(start):
		return from, to, 0, errPipelineBadRequest("startDateTime", innerInvalidOptional)
	case end.Sub(start) > packageWindow:
		return from, to, 0, errPipelineBadRequest("endDateTime", innerInvalidOptional)
	}
	top, err = topParam(q, packageTops, 500)
	if err != nil {
		return from, to, 0, errPipelineBadRequest("top", innerInvalidOptional)
	}
	return start, end, top, nil
}

// packageFingerprint identifies a package list query: endpoint, pipeline
// and parameters.
func packageFingerprint(endpoint, id string, q url.Values) string {
	h := sha256.New()
	for _, part := range []string{endpoint, id, q.Encode()} {
		h.Write([]byte(part))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil)[:fingerprintLen])
}

// pipelineEpoch is the epoch a package list's tokens carry: ExpireTokens
// and the endpoint's expire-tokens faults move it.
func (s *Simulator) pipelineEpoch(endpoint string) uint64 {
	e := s.tokenEpoch.Load()
	if ep := s.pipelines.epochs[endpoint]; ep != nil {
		e += ep.Load()
	}
	return e
}

// packageLink is the URL of the next page: the request's parameters in
// their order, the new token last, on the host the request came to (or
// the foreign-link fault's).
func (s *Simulator) packageLink(r *http.Request, endpoint, token string) string {
	var parts []string
	for _, p := range strings.Split(r.URL.RawQuery, "&") {
		name, _, _ := strings.Cut(p, "=")
		if name, _ = url.QueryUnescape(name); p != "" && name != packageTokenParam {
			parts = append(parts, p)
		}
	}
	parts = append(parts, packageTokenParam+"="+token)
	base := requestBase(r)
	if f, ok := s.faults.take(endpoint, FaultForeignLink); ok {
		base = "http://" + defaultForeignHost
		if f.Host != "" {
			base = "http://" + f.Host
		}
	}
	return base + r.URL.Path + "?" + strings.Join(parts, "&")
}

// packageContent says which lines package k of a pipeline holds.
type packageContent struct {
	pipelineID string
	k          int64
	sources    []gen.Kind
	from, to   int64 // the visibility range, Unix ms
	risk       []string
	oat        bool
	hasDetail  bool
	stop       int64 // arrivals stop time (Unix ms, 0: none)
	asOf       int64
}

// contentOf is package k of p as of now: the settings in force at its
// creation decide its sources and filters.
func (s *Simulator) contentOf(c packageClock, p *pipeline, k int64, now time.Time) packageContent {
	set := p.settingsAt(time.UnixMilli(c.created(k)))
	pc := packageContent{pipelineID: p.id, k: k, from: k * c.interval, to: (k + 1) * c.interval,
		stop: s.stopMs(), asOf: now.UnixMilli()}
	switch {
	case p.api.oat:
		pc.sources, pc.oat, pc.risk, pc.hasDetail = []gen.Kind{gen.OAT}, true, set.RiskLevels, set.HasDetail
	case set.Type == typeDetection:
		pc.sources = []gen.Kind{gen.SearchDetections}
	default:
		for _, st := range subTypeSources {
			if slices.Contains(set.SubType, subTypeAll) || slices.Contains(set.SubType, st.name) {
				pc.sources = append(pc.sources, st.kind)
			}
		}
	}
	return pc
}

// packageSource is one source's records a package may hold: those that
// became visible in the package's interval, in event-time order.
type packageSource struct {
	v   view
	idx []int32
}

// sources lists the package's candidate records, source by source (the
// subType enum's order), without rendering them.
func (s *Simulator) sources(pc packageContent) []packageSource {
	out := make([]packageSource, 0, len(pc.sources))
	for _, kind := range pc.sources {
		fs := s.stores[kind]
		src := packageSource{v: view{fs: fs, recs: fs.snapshot(time.UnixMilli(pc.asOf)), asOf: pc.asOf, stop: pc.stop}}
		lo, hi := eventRange(src.v.recs, fs.firstMs, pc.asOf+1)
		lo, hi = narrow(src.v.recs, lo, hi, pc.from-fs.maxDelayMs(), pc.to)
		for i := lo; i < hi; i++ {
			r := src.v.recs[i]
			if t := fs.ingestedMs(r); t >= pc.from && t < pc.to && src.v.visible(r) {
				src.idx = append(src.idx, int32(i))
			}
		}
		out = append(out, src)
	}
	return out
}

// line renders record i as the package's line, or reports that the
// package leaves it out: an OAT item is kept if its highest
// filters[].riskLevel is one of the pipeline's, and loses its detail when
// the pipeline has no hasDetail.
func (pc packageContent) line(v view, i int32) (map[string]any, bool) {
	item := v.item(i)
	if pc.oat {
		if !slices.Contains(pc.risk, highestRisk(item)) {
			return nil, false
		}
		if !pc.hasDetail {
			delete(item, "detail")
		}
	}
	return item, true
}

// eachLine calls fn with every item of the package, in order.
func (s *Simulator) eachLine(pc packageContent, fn func(v view, i int32, item map[string]any) error) error {
	for _, src := range s.sources(pc) {
		for _, i := range src.idx {
			if item, ok := pc.line(src.v, i); ok {
				if err := fn(src.v, i, item); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// highestRisk is an OAT item's highest filters[].riskLevel.
func highestRisk(item map[string]any) string {
	best, rank := "", -1
	filters, _ := item["filters"].([]any)
	for _, f := range filters {
		level, _ := f.(map[string]any)["riskLevel"].(string)
		if i := slices.Index(riskLevelValues, level); i > rank {
			best, rank = level, i
		}
	}
	return best
}

// packageChunk is how many records one worker renders at a time.
const packageChunk = 256

// writePackage writes the package's gzip body: each item's JSON (as
// gen.CanonicalJSON encodes it, so a client's content hash of a line is the
// ground truth's key) on its own line, "\n"-terminated. Rendering and JSON
// encoding, most of the cost, run on every core, chunk by chunk; the chunks
// are compressed in order, a bounded number ahead of the writer.
func (s *Simulator) writePackage(w io.Writer, pc packageContent) error {
	zw, err := gzip.NewWriterLevel(w, gzip.BestSpeed)
	if err != nil {
		return err
	}
	workers := runtime.GOMAXPROCS(0)
	futures := make(chan chan []byte, 2*workers)
	sem := make(chan struct{}, workers)
	done := make(chan struct{})
	defer close(done)
	go func() {
		defer close(futures)
		for _, src := range s.sources(pc) {
			for lo := 0; lo < len(src.idx); lo += packageChunk {
				idx := src.idx[lo:min(lo+packageChunk, len(src.idx))]
				f := make(chan []byte, 1)
				select {
				case futures <- f:
				case <-done:
					return
				}
				sem <- struct{}{}
				go func(v view) {
					defer func() { <-sem }()
					var buf bytes.Buffer
					for _, i := range idx {
						if item, ok := pc.line(v, i); ok {
							encodeJSON(&buf, item)
						}
					}
					f <- buf.Bytes()
				}(src.v)
			}
		}
	}()
	for f := range futures {
		if _, err := zw.Write(<-f); err != nil {
			return err
		}
	}
	return zw.Close()
}

// spillWriter keeps what is written in memory up to limit bytes, the rest
// in a temporary file; if no file can be made, it only counts.
type spillWriter struct {
	n     int64
	mem   bytes.Buffer
	limit int
	file  *os.File
	count bool // counting only: the body must be made again
}

func (sw *spillWriter) Write(b []byte) (int, error) {
	sw.n += int64(len(b))
	switch {
	case sw.count:
	case sw.file != nil:
		return sw.file.Write(b)
	case sw.mem.Len()+len(b) <= sw.limit:
		sw.mem.Write(b)
	default:
		f, err := os.CreateTemp("", "visionone-sim-package-*.gz")
		if err != nil {
			sw.count = true
			return len(b), nil
		}
		sw.file = f
		if _, err := f.Write(sw.mem.Bytes()); err != nil {
			return 0, err
		}
		sw.mem = bytes.Buffer{}
		return f.Write(b)
	}
	return len(b), nil
}

// body returns the bytes kept, from the start.
func (sw *spillWriter) body() (io.Reader, error) {
	if sw.file == nil {
		return bytes.NewReader(sw.mem.Bytes()), nil
	}
	_, err := sw.file.Seek(0, io.SeekStart)
	return sw.file, err
}

func (sw *spillWriter) close() {
	if sw.file != nil {
		_ = sw.file.Close()
		_ = os.Remove(sw.file.Name())
	}
}

// errCut stops a truncated download.
var errCut = errors.New("package cut")

// cutWriter passes on the first n bytes, then fails.
type cutWriter struct {
	w io.Writer
	n int64
}

func (c *cutWriter) Write(b []byte) (int, error) {
	if int64(len(b)) > c.n {
		_, _ = c.w.Write(b[:c.n])
		c.n = 0
		return 0, errCut
	}
	c.n -= int64(len(b))
	return c.w.Write(b)
}

// downloadPackage answers GET <base>/{id}/packages/{packageId}: the gzip
// bytes as they are (Content-Encoding gzip, Content-Type text/plain,
// Content-Length), never re-compressed. The body is made once, kept in
// memory up to packageBufferLimit and beyond in a temporary file, then
// sent. An unknown, not yet created or expired package is the documented
// 404; so is the gone fault on a package that exists. The truncate fault
// sends Percent of the bytes (default half) and closes the connection.
func (s *Simulator) downloadPackage(w http.ResponseWriter, r *http.Request, a *pipelineAPI, id, packageID string) {
	endpoint := a.downloadEndpoint()
	p := s.pipelines.get(a, id)
	if p == nil {
		writeError(w, errPipelineNotFound(a.packageNotFound))
		return
	}
	now := s.clock.Now()
	c := s.packageClock()
	k, ok := s.packageIndex(c, id, packageID)
	if !ok || !c.exists(k, now.UnixMilli()) {
		writeError(w, errPipelineNotFound(a.packageNotFound))
		return
	}
	if _, gone := s.faults.take(endpoint, FaultGone); gone {
		writeError(w, errPipelineNotFound(a.packageNotFound))
		return
	}
	pc := s.contentOf(c, p, k, now)
	sw := &spillWriter{limit: packageBufferLimit}
	defer sw.close()
	err := s.writePackage(sw, pc)
	var body io.Reader
	if err == nil && !sw.count {
		body, err = sw.body()
	}
	if err != nil {
		writeError(w, errPipelineInternal())
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/plain")
	h.Set("Content-Encoding", "gzip")
	h.Set("Content-Length", strconv.FormatInt(sw.n, 10))
	out := io.Writer(w)
	cut := false
	if f, ok := s.faults.take(endpoint, FaultTruncate); ok {
		out, cut = &cutWriter{w: w, n: sw.n * int64(f.percent()) / 100}, true
	}
	w.WriteHeader(http.StatusOK)
	if body != nil {
		_, err = io.Copy(out, body)
	} else {
		err = s.writePackage(out, pc) // no temporary file: made again
	}
	if cut || err != nil {
		// A cut body, or a client gone away: close the connection, as
		// the truncate fault does on JSON pages.
		_ = http.NewResponseController(w).Flush()
		panic(http.ErrAbortHandler)
	}
}
