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
	parts := strings.Split(string(token), ".")
	if len(parts) != 3 {
		return time.Time{}, false
	}
	// RFC 7515 drops the padding; tolerate it anyway.
	payload, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(parts[1], "="))
	if err != nil {
		return time.Time{}, false
	}
	var claims struct {
		Exp *float64 `json:"exp"` // NumericDate: seconds, possibly fractional (RFC 7519 §2)
	}
	if json.Unmarshal(payload, &claims) != nil || claims.Exp == nil {
		return time.Time{}, false
	}
	exp := *claims.Exp
	if !(exp > 0 && exp <= maxExp) {
		return time.Time{}, false
	}
	seconds, fraction := math.Modf(exp)
	return time.Unix(int64(seconds), int64(fraction*1e9)).UTC(), true
}
