package simulator

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// chain is where a list request stands in its nextLink chain: a first page,
// or a follow-up page whose token pins the snapshot the first page saw.
type chain struct {
	feed        *feed
	params      url.Values // the request's parameters without the page token
	filter      string     // TMV1-Filter / TMV1-Query (or filter parameter) in force
	asOf        time.Time  // snapshot instant: every page of a chain sees the same records
	stop        int64      // arrivals stop time at the snapshot (Unix ms, 0: none)
	offset      int        // items already served
	empty       int        // consecutive empty pages (search performance mode)
	fingerprint string
	// ctx is the request's: a latency it waits out ends with it.
	ctx context.Context
}

// openChain reads the paging state of a request, rejecting bad, expired or
// mismatched tokens with the feed's 400 (§1.5, §3.3).
func (s *Simulator) openChain(r *http.Request, f *feed) (*chain, error) {
	q := r.URL.Query()
	c := &chain{feed: f, filter: f.filter.read(r), ctx: r.Context()}
	if len(c.filter) > f.filter.maxLen {
		return nil, badReq(badFilter, f.filter.name())
	}
	raw, followUp := q[f.tokenParam]
	q.Del(f.tokenParam)
	c.params = q
	now := s.clock.Now()
	if !followUp {
		c.asOf, c.stop = now, s.stopMs()
		c.fingerprint = fingerprint(f, q, c.filter)
		return c, nil
	}
	tok, err := s.tokens.decode(string(f.kind), raw[0])
	if err != nil {
		return nil, badReq(badTokenInvalid, f.tokenParam)
	}
	if tok.Epoch != s.tokenEpochOf(f.kind) || now.UnixMilli() >= tok.Expiry {
		return nil, badReq(badTokenExpired, f.tokenParam)
	}
	if c.filter == "" && s.opts.LenientHeaders && tok.FilterHash != nil {
		c.filter = s.lenientFilter(tok.FilterHash)
	}
	// Strict mode: the header must be re-sent unchanged on every page (§1.5).
	if tok.Params != nil && len(q) == 0 {
		// A nextLink with the token only (audit): the parameters come
		// from the token, the header must be the chain's.
		if c.params, err = decodeLinkParams(f.linkParams, tok.Params); err != nil {
			return nil, badReq(badTokenInvalid, f.tokenParam)
		}
		if !bytes.Equal(filterHash(c.filter), tok.FilterHash) {
			return nil, badReq(badFilter, f.filter.name())
		}
		c.fingerprint = tok.Fingerprint
	} else if c.fingerprint = fingerprint(f, q, c.filter); c.fingerprint != tok.Fingerprint {
		return nil, badReq(badFilter, f.filter.name())
	}
	c.asOf, c.stop, c.offset, c.empty = time.UnixMilli(tok.AsOf).UTC(), tok.Stop, tok.Offset, tok.Empty
	return c, nil
}

// fingerprint identifies a query: feed, parameters and filter header.
func fingerprint(f *feed, params url.Values, filter string) string {
	h := sha256.New()
	for _, part := range []string{string(f.kind), params.Encode(), filter} {
		h.Write([]byte(part))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil)[:fingerprintLen])
}

// rememberFilter returns the hash a lenient token carries for a filter
// header and keeps the header, so that a follow-up page without it gets it
// back (lenientFilter). The simulator holds one entry per distinct header.
func (s *Simulator) rememberFilter(filter string) []byte {
	h := filterHash(filter)
	s.filters.LoadOrStore(string(h), filter)
	return h
}

// lenientFilter is the filter header a lenient token's hash names, or "".
func (s *Simulator) lenientFilter(hash []byte) string {
	f, _ := s.filters.Load(string(hash))
	filter, _ := f.(string)
	return filter
}

// view returns the chain's feed as of its snapshot.
func (s *Simulator) view(c *chain) view {
	fs := s.stores[c.feed.kind]
	return view{fs: fs, recs: fs.snapshot(c.asOf), asOf: c.asOf.UnixMilli(), stop: c.stop}
}

// matches returns what sel matches in the chain's snapshot. Follow-up pages
// of a chain reuse the first page's result.
func (s *Simulator) matches(c *chain, sel selection) []int32 {
	key := fmt.Sprintf("%s@%d/%d", c.fingerprint, c.asOf.UnixMilli(), c.stop)
	if m, ok := s.matchCache.get(key); ok {
		return m
	}
	m := match(s.view(c), sel)
	s.matchCache.put(key, m)
	return m
}

// pageOf cuts the page at the chain's offset from m. With the duplicate
// fault a follow-up page starts with the previous page's last item; with the
// endless-chain fault the last page links on to (empty) pages.
func (s *Simulator) pageOf(c *chain, m []int32, size int) (page []int32, next int, more bool) {
	start := min(c.offset, len(m))
	end := min(start+size, len(m))
	page = m[start:end]
	if start > 0 {
		if _, ok := s.faults.take(string(c.feed.kind), FaultDuplicate); ok {
			page = append([]int32{m[start-1]}, page...)
		}
	}
	more = end < len(m)
	if !more {
		_, more = s.faults.take(string(c.feed.kind), FaultEndlessChain)
	}
	return page, end, more
}

// countedPage is the workbench and OAT envelope (§2.2, §3.2), in the
// documented field order.
type countedPage struct {
	TotalCount int              `json:"totalCount"`
	Count      int              `json:"count"`
	Items      []map[string]any `json:"items"`
	NextLink   string           `json:"nextLink,omitempty"`
}

// listPage runs sel in the chain's snapshot and cuts the page of size items
// at the chain's offset: the rendered items, the number of matches (at most
// sel.limit) and the nextLink ("" on the last page).
func (s *Simulator) listPage(r *http.Request, c *chain, sel selection, size int) (items []map[string]any, total int, nextLink string) {
	m := s.matches(c, sel)
	if sel.limit > 0 && len(m) > sel.limit {
		m = m[:sel.limit]
	}
	page, next, more := s.pageOf(c, m, size)
	if more {
		nextLink = s.nextLink(r, c, next, 0)
	}
	return s.render(c, page), len(m), nextLink
}

// nextLink builds the absolute URL of the chain's next page on the host the
// request came to (§1.5): the original query parameters plus a new token,
// or for audit the token only, which then carries the parameters
// (linkparams.go).
func (s *Simulator) nextLink(r *http.Request, c *chain, offset, empty int) string {
	now := s.clock.Now()
	kind := string(c.feed.kind)
	tok := pageToken{
		Fingerprint: c.fingerprint,
		AsOf:        c.asOf.UnixMilli(), Stop: c.stop, Offset: offset, Empty: empty,
		Expiry: now.Add(s.opts.TokenTTL).UnixMilli(), Epoch: s.tokenEpochOf(c.feed.kind),
	}
	if s.opts.LenientHeaders {
		tok.FilterHash = s.rememberFilter(c.filter)
	}
	var query string
	if c.feed.linkParams != nil {
		if params, err := encodeLinkParams(c.feed.linkParams, c.params, s.auditDefaultDesc); err == nil {
			tok.Params, tok.FilterHash = params, filterHash(c.filter)
			query = c.feed.tokenParam + "=" + s.tokens.encode(kind, tok)
		}
	}
	if query == "" {
		var parts []string
		for _, p := range strings.Split(r.URL.RawQuery, "&") {
			name, _, _ := strings.Cut(p, "=")
			if name, _ = url.QueryUnescape(name); p != "" && name != c.feed.tokenParam {
				parts = append(parts, p)
			}
		}
		query = strings.Join(append(parts, c.feed.tokenParam+"="+s.tokens.encode(kind, tok)), "&")
	}

	scheme, host := "http", r.Host
	if r.TLS != nil {
		scheme = "https"
	}
	endpoint := kind
	if f, ok := s.faults.take(endpoint, FaultForeignLink); ok {
		host = defaultForeignHost
		if f.Host != "" {
			host = f.Host
		}
	}
	if strings.Contains(query, "%20") || strings.Contains(query, "+") {
		if _, ok := s.faults.take(endpoint, FaultSpaceInLink); ok {
			query = strings.NewReplacer("%20", " ", "+", " ").Replace(query)
		}
	}
	return scheme + "://" + host + r.URL.Path + "?" + query
}
