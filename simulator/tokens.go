package simulator

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"errors"
)

// pageToken is the state a nextLink carries (skipToken / nextBatchToken).
// Upstream tokens are opaque base64 with an expiry (§1.5); these are
// base64url of a compact binary encoding plus an 8-byte MAC, so a garbled or
// edited token is detected, and short: the audit nextLink, which carries the
// token only, must fit the 256 characters Trend's OpenAPI document for v3.0
// allows it (GET /v3.0/audit/logs, nextLink maxLength).
type pageToken struct {
	Fingerprint string // hash of the query parameters and filter header (hex, fingerprintLen bytes)
	AsOf        int64  // snapshot time, Unix ms: pages of a chain all see this instant
	Stop        int64  // arrivals stop time in force at the snapshot, Unix ms (0: none)
	Offset      int    // items of the chain already served
	Expiry      int64  // Unix ms on the simulated clock
	Epoch       uint64 // the feed's token epoch (tokenEpochOf) when issued
	Empty       int    // consecutive empty pages served (search performance mode)
	// FilterHash identifies the filter header of the chain (filterHash),
	// when the follow-up request need not repeat the parameters (audit) or
	// the header (lenient mode); nil otherwise.
	FilterHash []byte
	// Params are the request parameters, for a feed whose nextLink carries
	// none (audit, see linkParams); nil otherwise.
	Params []byte
}

const (
	tokenVersion   = 1
	tokenMACLen    = 8
	fingerprintLen = 12
	filterHashLen  = 8

	tokenHasFilterHash = 1 << 0
	tokenHasParams     = 1 << 1
)

var errGarbledToken = errors.New("garbled page token")

// tokenCodec signs tokens with a key derived from the seed, so two
// simulators with the same seed and clock issue identical nextLinks.
type tokenCodec struct{ key []byte }

func newTokenCodec(seed uint64) tokenCodec {
	sum := sha256.Sum256(binary.LittleEndian.AppendUint64([]byte("visionone-sim page token"), seed))
	return tokenCodec{key: sum[:]}
}

// mac signs the payload for one feed: a token of another feed does not verify.
func (c tokenCodec) mac(feed string, payload []byte) []byte {
	m := hmac.New(sha256.New, c.key)
	m.Write([]byte(feed))
	m.Write([]byte{0})
	m.Write(payload)
	return m.Sum(nil)[:tokenMACLen]
}

func (c tokenCodec) encode(feed string, t pageToken) string {
	fp, _ := hex.DecodeString(t.Fingerprint) // fingerprint() writes fingerprintLen bytes of hex
	b := append(make([]byte, 0, 96), tokenVersion)
	b = append(b, fp...)
	b = binary.AppendVarint(b, t.AsOf)
	b = binary.AppendVarint(b, t.Stop)
	b = binary.AppendUvarint(b, uint64(t.Offset))
	b = binary.AppendVarint(b, t.Expiry-t.AsOf)
	b = binary.AppendUvarint(b, t.Epoch)
	b = binary.AppendUvarint(b, uint64(t.Empty))
	var flags byte
	if t.FilterHash != nil {
		flags |= tokenHasFilterHash
	}
	if t.Params != nil {
		flags |= tokenHasParams
	}
	b = append(b, flags)
	if t.FilterHash != nil {
		b = append(b, t.FilterHash...)
	}
	if t.Params != nil {
		b = binary.AppendUvarint(b, uint64(len(t.Params)))
		b = append(b, t.Params...)
	}
	return base64.RawURLEncoding.EncodeToString(append(b, c.mac(feed, b)...))
}

func (c tokenCodec) decode(feed, s string) (pageToken, error) {
	raw, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil || len(raw) <= tokenMACLen+1+fingerprintLen {
		return pageToken{}, errGarbledToken
	}
	payload, mac := raw[:len(raw)-tokenMACLen], raw[len(raw)-tokenMACLen:]
	if !hmac.Equal(mac, c.mac(feed, payload)) || payload[0] != tokenVersion {
		return pageToken{}, errGarbledToken
	}
	r := tokenReader{b: payload[1+fingerprintLen:]}
	t := pageToken{Fingerprint: hex.EncodeToString(payload[1 : 1+fingerprintLen])}
	t.AsOf = r.varint()
	t.Stop = r.varint()
	t.Offset = int(r.uvarint())
	t.Expiry = t.AsOf + r.varint()
	t.Epoch = r.uvarint()
	t.Empty = int(r.uvarint())
	flags := r.bytes(1)
	if r.err == nil && flags[0]&tokenHasFilterHash != 0 {
		t.FilterHash = r.bytes(filterHashLen)
	}
	if r.err == nil && flags[0]&tokenHasParams != 0 {
		t.Params = r.bytes(int(r.uvarint()))
	}
	if r.err != nil || len(r.b) != 0 || t.Offset < 0 || t.Empty < 0 {
		return pageToken{}, errGarbledToken
	}
	return t, nil
}

// tokenReader reads a token's fields, remembering the first error.
type tokenReader struct {
	b   []byte
	err error
}

func (r *tokenReader) varint() int64 {
	v, n := binary.Varint(r.b)
	if n <= 0 {
		r.err = errGarbledToken
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *tokenReader) uvarint() uint64 {
	v, n := binary.Uvarint(r.b)
	if n <= 0 || v > 1<<40 {
		r.err = errGarbledToken
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *tokenReader) bytes(n int) []byte {
	if r.err != nil || n < 0 || n > len(r.b) {
		r.err = errGarbledToken
		return nil
	}
	out := r.b[:n:n]
	r.b = r.b[n:]
	return out
}

// filterHash identifies a filter header in a token.
func filterHash(filter string) []byte {
	sum := sha256.Sum256([]byte("filter\x00" + filter))
	return sum[:filterHashLen]
}
