package client

import (
	"encoding/base64"
	"encoding/json"
	"math"
	"strings"
	"time"

	"go.opentelemetry.io/collector/config/configopaque"
)

// maxExp bounds the exp claim to year 9999, so a forged value cannot overflow.
const maxExp = 253402300799

// TokenExpiry reads the exp claim of a JWT-shaped API key (Vision One keys
// are JWTs, §1.2) without verifying the signature: it only tells when the
// key will stop working. It returns false for anything that is not a
// three-part token whose payload is base64url JSON with a positive numeric exp.
func TokenExpiry(token configopaque.String) (time.Time, bool) {
	claims, ok := tokenClaims(token)
	if !ok || claims.Exp == nil {
		return time.Time{}, false
	}
	exp := *claims.Exp
	if !(exp > 0 && exp <= maxExp) {
		return time.Time{}, false
	}
	seconds, fraction := math.Modf(exp)
	return time.Unix(int64(seconds), int64(fraction*1e9)).UTC(), true
}

// TokenCompanyID reads the cid claim of a JWT-shaped API key: the Vision One
// company (tenant) the key belongs to. One company may hold a key per region,
// so the company id tells tenants apart where the region does not.
func TokenCompanyID(token configopaque.String) (string, bool) {
	claims, ok := tokenClaims(token)
	if !ok || claims.CID == nil || *claims.CID == "" {
		return "", false
	}
	return *claims.CID, true
}

// claims are the claims of an API key the receiver reads.
type claims struct {
	Exp *float64 `json:"exp"` // NumericDate: seconds, possibly fractional (RFC 7519 §2)
	CID *string  `json:"cid"`
}

// tokenClaims decodes a three-part token's payload, false for anything else.
func tokenClaims(token configopaque.String) (claims, bool) {
	parts := strings.Split(string(token), ".")
	if len(parts) != 3 {
		return claims{}, false
	}
	// RFC 7515 drops the padding; tolerate it anyway.
	payload, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(parts[1], "="))
	if err != nil {
		return claims{}, false
	}
	var c claims
	if json.Unmarshal(payload, &c) != nil {
		return claims{}, false
	}
	return c, true
}
