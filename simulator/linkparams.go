package simulator

import (
	"encoding/binary"
	"errors"
	"net/url"
	"slices"
	"strings"
	"time"
)

// Audit nextLinks carry the page token only, as the example of Trend's
// OpenAPI document for v3.0 shows them
// (https://api.xdr.trendmicro.com/v3.0/audit/logs?skipToken=<skipToken>),
// and must fit its 256 characters (nextLink maxLength): a first request's
// parameters alone could exceed that. So the token carries the parameters,
// compactly, and a follow-up request without parameters gets them back.
// The other feeds' nextLinks keep the original parameters (§1.5), and have
// no length cap.

// linkParam is one parameter a token carries: a time (Unix seconds), a
// value of enum, or an orderBy over the fields of order.
type linkParam struct {
	name  string
	enum  []string
	order []string
}

var auditLinkParams = []linkParam{
	{name: "startDateTime"},
	{name: "endDateTime"},
	{name: "dateTimeTarget", enum: []string{"loggedDateTime", "ingestedDateTime"}},
	{name: "orderBy", order: []string{"loggedDateTime", "accessType", "ingestedDateTime"}},
	{name: "top", enum: []string{"50", "100", "200"}},
	{name: "labels", enum: []string{"none", "matched", "all"}},
}

var errLinkParam = errors.New("parameter not representable in a token")

// encodeLinkParams encodes the parameters of q that ps names. It runs on
// parameters the endpoint accepted, so each has a valid value; a term of
// orderBy without a direction is written with defaultDesc, the direction
// the endpoint gave it. Other parameters are dropped: the endpoint ignores
// them.
func encodeLinkParams(ps []linkParam, q url.Values, defaultDesc bool) ([]byte, error) {
	var mask uint64
	var body []byte
	for i, p := range ps {
		if !q.Has(p.name) {
			continue
		}
		mask |= 1 << i
		v := q.Get(p.name)
		switch {
		case p.enum != nil:
			idx := slices.Index(p.enum, v)
			if idx < 0 {
				return nil, errLinkParam
			}
			body = binary.AppendUvarint(body, uint64(idx))
		case p.order != nil:
			keys, err := parseOrderBy(v, setOf(p.order...), defaultDesc)
			if err != nil {
				return nil, errLinkParam
			}
			body = binary.AppendUvarint(body, uint64(len(keys)))
			for _, k := range keys {
				term := uint64(slices.Index(p.order, k.field)) << 1
				if k.desc {
					term |= 1
				}
				body = binary.AppendUvarint(body, term)
			}
		default:
			if v == "" { // an empty time takes the default, like an absent one
				mask &^= 1 << i
				continue
			}
			t, err := time.Parse(time.RFC3339, v)
			if err != nil || t.UTC().Format(time.RFC3339) != v {
				return nil, errLinkParam
			}
			body = binary.AppendVarint(body, t.Unix())
		}
	}
	return append(binary.AppendUvarint(nil, mask), body...), nil
}

// decodeLinkParams is the inverse of encodeLinkParams: the parameters as
// the endpoint reads them.
func decodeLinkParams(ps []linkParam, b []byte) (url.Values, error) {
	r := tokenReader{b: b}
	mask := r.uvarint()
	q := url.Values{}
	for i, p := range ps {
		if mask&(1<<i) == 0 {
			continue
		}
		switch {
		case p.enum != nil:
			idx := r.uvarint()
			if r.err != nil || idx >= uint64(len(p.enum)) {
				return nil, errGarbledToken
			}
			q.Set(p.name, p.enum[idx])
		case p.order != nil:
			n := r.uvarint()
			if n == 0 || n > 64 {
				return nil, errGarbledToken
			}
			terms := make([]string, n)
			for j := range terms {
				term := r.uvarint()
				if r.err != nil || term>>1 >= uint64(len(p.order)) {
					return nil, errGarbledToken
				}
				dir := " asc"
				if term&1 == 1 {
					dir = " desc"
				}
				terms[j] = p.order[term>>1] + dir
			}
			q.Set(p.name, strings.Join(terms, ","))
		default:
			q.Set(p.name, time.Unix(r.varint(), 0).UTC().Format(time.RFC3339))
		}
	}
	if r.err != nil || mask>>len(ps) != 0 || len(r.b) != 0 {
		return nil, errGarbledToken
	}
	return q, nil
}
