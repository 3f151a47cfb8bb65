package client

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"

	segjson "github.com/segmentio/encoding/json"
)

// Page is one decoded response page.
type Page struct {
	// Items is the raw JSON of each item, decoded later by translation:
	// sub-slices of the response body, which must not be modified.
	Items []json.RawMessage
	// NextLink is the absolute URL of the next page, "" on the last page (§1.5).
	NextLink string
	// TotalCount and Count are sent by Workbench and OAT pages, TotalCount
	// alone by search countOnly; ProgressRate by search data pages (§1.5, §4.2).
	TotalCount   *int
	Count        *int
	ProgressRate *int
	// Bytes is the size of the response body.
	Bytes int
}

// envelope is the page shape shared by the four log endpoints (§1.5, §2.2,
// §3.2, §4.2, §5.2). Other members (audit "labels") are ignored.
type envelope struct {
	// Items is required and must be an array: absent, null or any other
	// value would silently read as an empty page and move a checkpoint over
	// data. (Search countOnly answers {"totalCount": N} without items,
	// §4.2; the receiver never asks for it.)
	Items        json.RawMessage `json:"items"`
	NextLink     string          `json:"nextLink"`
	TotalCount   *int            `json:"totalCount"`
	Count        *int            `json:"count"`
	ProgressRate *int            `json:"progressRate"`
	Error        *errorBody      `json:"error"`
}

var (
	errItemsNotArray = errors.New(`"items" is not an array`)
	errNoItems       = errors.New(`no "items" array`)
)

var (
	errNotObject   = errors.New("body is not a JSON object")
	errInvalidJSON = errors.New("body is not valid JSON")
)

// itemsEnvelope is envelope with the items split by the decoder itself: its
// parse of the array is the only scan of the items after validation.
type itemsEnvelope struct {
	Items        []json.RawMessage `json:"items"`
	NextLink     string            `json:"nextLink"`
	TotalCount   *int              `json:"totalCount"`
	Count        *int              `json:"count"`
	ProgressRate *int              `json:"progressRate"`
	Error        *errorBody        `json:"error"`
}

// decodePage decodes a 2xx body strictly: anything but one complete JSON
// object whose members have their documented types is ErrMalformedResponse,
// never a partial page. A body carrying the error envelope is returned as an
// unsanitised *APIError with status 200.
func decodePage(body []byte) (*Page, error) {
	if trimmed := bytes.TrimLeft(body, " \t\r\n"); len(trimmed) == 0 || trimmed[0] != '{' {
		return nil, errNotObject
	}
	// The whole body is validated first, so truncated JSON and trailing
	// garbage fail before anything is kept. segmentio/encoding's json is a
	// drop-in encoding/json (the same syntax and type rules, which
	// FuzzDecodePage checks against encoding/json), several times faster on
	// large pages (BENCHMARKS.md, section 1).
	if !segjson.Valid(body) {
		return nil, errInvalidJSON
	}
	// The common page, items a non-empty array and no error member, is
	// decoded with the items split by the decoder (DontCopyRawMessage: as
	// sub-slices of body), which scans them once; items kept whole and then
	// split (decodePageSplit) scanned them twice, the second scan about a
	// tenth of an audit page's time (BENCHMARKS.md, section 1, "The audit
	// key (issue 15)"). Anything else (a
	// type error, no items, null or empty items, an error envelope) is
	// decoded again by decodePageSplit, so that every such page gives the
	// same result and error as before; TestDecodePageSplit and
	// FuzzDecodePageSplit check the two agree.
	var env itemsEnvelope
	if _, err := segjson.Parse(body, &env, segjson.DontCopyRawMessage); err == nil && len(env.Items) > 0 && env.Error == nil {
		return newPage(env.Items, env.NextLink, env.TotalCount, env.Count, env.ProgressRate, body), nil
	}
	return decodePageSplit(body)
}

func newPage(items []json.RawMessage, nextLink string, total, count, progress *int, body []byte) *Page {
	return &Page{Items: items, NextLink: nextLink, TotalCount: total, Count: count, ProgressRate: progress, Bytes: len(body)}
}

// decodePageSplit decodes a valid JSON object body with the items kept whole
// and then split: the definition of decodePage's result for every body.
func decodePageSplit(body []byte) (*Page, error) {
	var env envelope
	// DontCopyRawMessage leaves the items as sub-slices of body, which the
	// page owns, rather than a copy as large as the body.
	if _, err := segjson.Parse(body, &env, segjson.DontCopyRawMessage); err != nil {
		return nil, err
	}
	if env.Error != nil {
		return nil, env.Error.apiError(http.StatusOK)
	}
	if env.Items == nil {
		return nil, errNoItems
	}
	if env.Items[0] != '[' {
		return nil, errItemsNotArray
	}
	return newPage(splitArray(env.Items), env.NextLink, env.TotalCount, env.Count, env.ProgressRate, body), nil
}

// splitArray returns the elements of a JSON array as sub-slices of it.
// Hand-written because decoding into []json.RawMessage copies every element
// into an allocation of its own; and short because the page was validated
// already, so only strings (which may hold brackets and commas) and nesting
// need tracking. FuzzDecodePage checks it against encoding/json.
func splitArray(array []byte) []json.RawMessage {
	var items []json.RawMessage
	depth, start, inString := 0, -1, false
	for i := 1; i < len(array)-1; i++ { // inside the outer brackets
		c := array[i]
		if inString {
			switch c {
			case '\\':
				i++ // the escaped byte cannot end the string
			case '"':
				inString = false
			}
			continue
		}
		switch c {
		case ' ', '\t', '\r', '\n':
			continue
		case ',':
			if depth == 0 {
				items = append(items, trimRightSpace(array[start:i]))
				start = -1
				continue
			}
		case '"':
			inString = true
		case '{', '[':
			depth++
		case '}', ']':
			depth--
		}
		if start < 0 {
			start = i
		}
	}
	if start >= 0 {
		items = append(items, trimRightSpace(array[start:len(array)-1]))
	}
	return items
}

func trimRightSpace(b []byte) []byte {
	return bytes.TrimRight(b, " \t\r\n")
}

// countEnvelope is the answer of a count query (search mode=countOnly).
type countEnvelope struct {
	TotalCount *int       `json:"totalCount"`
	Error      *errorBody `json:"error"`
}

var errNoTotalCount = errors.New(`no "totalCount" number`)

// decodeCount decodes a count answer as strictly as decodePage a page.
func decodeCount(body []byte) (int, error) {
	if trimmed := bytes.TrimLeft(body, " \t\r\n"); len(trimmed) == 0 || trimmed[0] != '{' {
		return 0, errNotObject
	}
	var env countEnvelope
	if err := json.Unmarshal(body, &env); err != nil {
		return 0, err
	}
	switch {
	case env.Error != nil:
		return 0, env.Error.apiError(http.StatusOK)
	case env.TotalCount == nil || *env.TotalCount < 0:
		return 0, errNoTotalCount
	}
	return *env.TotalCount, nil
}
