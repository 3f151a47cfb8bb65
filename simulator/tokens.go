package simulator

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"errors"
)

// pageToken is the state a nextLink carries (skipToken / nextBatchToken).
// Upstream tokens are opaque base64 JSON with an expiry (§1.5); these are
// base64url(JSON + 8-byte MAC), so a garbled or edited token is detected.
type pageToken struct {
	Feed        string `json:"f"`
	Fingerprint string `json:"h"`           // hash of the query parameters and filter header
	AsOf        int64  `json:"s"`           // snapshot time, Unix ms: pages of a chain all see this instant
	Stop        int64  `json:"x,omitempty"` // arrivals stop time in force at the snapshot, Unix ms
	Offset      int    `json:"o"`           // items of the chain already served
	Expiry      int64  `json:"e"`           // Unix ms on the simulated clock
	Epoch       uint64 `json:"g"`           // the feed's token epoch (tokenEpochOf) when issued
	Empty       int    `json:"z,omitempty"` // consecutive empty pages served (search performance mode)
	Filter      string `json:"q,omitempty"` // the filter header, lenient mode only
}

var errGarbledToken = errors.New("garbled page token")

// tokenCodec signs tokens with a key derived from the seed, so two
// simulators with the same seed and clock issue identical nextLinks.
type tokenCodec struct{ key []byte }

func newTokenCodec(seed uint64) tokenCodec {
	sum := sha256.Sum256(binary.LittleEndian.AppendUint64([]byte("visionone-sim page token"), seed))
	return tokenCodec{key: sum[:]}
}

const tokenMACLen = 8

func (c tokenCodec) mac(payload []byte) []byte {
	m := hmac.New(sha256.New, c.key)
	m.Write(payload)
	return m.Sum(nil)[:tokenMACLen]
}

func (c tokenCodec) encode(t pageToken) string {
	payload, _ := json.Marshal(t) // cannot fail: strings and integers only
	return base64.RawURLEncoding.EncodeToString(append(payload, c.mac(payload)...))
}

func (c tokenCodec) decode(s string) (pageToken, error) {
	raw, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil || len(raw) <= tokenMACLen {
		return pageToken{}, errGarbledToken
	}
	payload, mac := raw[:len(raw)-tokenMACLen], raw[len(raw)-tokenMACLen:]
	if !hmac.Equal(mac, c.mac(payload)) {
		return pageToken{}, errGarbledToken
	}
	var t pageToken
	dec := json.NewDecoder(bytes.NewReader(payload))
	dec.DisallowUnknownFields()
	if dec.Decode(&t) != nil {
		return pageToken{}, errGarbledToken
	}
	return t, nil
}
