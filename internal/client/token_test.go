package client

import (
	"encoding/base64"
	"testing"
	"time"

	"go.opentelemetry.io/collector/config/configopaque"
)

func jwt(payload string) configopaque.String {
	enc := base64.RawURLEncoding
	return configopaque.String(enc.EncodeToString([]byte(`{"alg":"HS256","typ":"JWT"}`)) + "." +
		enc.EncodeToString([]byte(payload)) + ".c2lnbmF0dXJl")
}

func TestTokenExpiry(t *testing.T) {
	padded := configopaque.String(base64.RawURLEncoding.EncodeToString([]byte(`{}`)) + "." +
		base64.URLEncoding.EncodeToString([]byte(`{"exp":1893456000}`)) + ".sig")
	tests := []struct {
		name  string
		token configopaque.String
		want  time.Time
		ok    bool
	}{
		{name: "integer exp", token: jwt(`{"exp":1893456000,"cid":"x"}`), want: time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC), ok: true},
		{name: "fractional exp", token: jwt(`{"exp":1893456000.5}`), want: time.Date(2030, 1, 1, 0, 0, 0, 5e8, time.UTC), ok: true},
		{name: "padded payload", token: padded, want: time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC), ok: true},
		{name: "test token", token: testToken, want: time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC), ok: true},
		{name: "no exp", token: jwt(`{"iat":1}`)},
		{name: "exp null", token: jwt(`{"exp":null}`)},
		{name: "exp string", token: jwt(`{"exp":"1893456000"}`)},
		{name: "exp zero", token: jwt(`{"exp":0}`)},
		{name: "exp negative", token: jwt(`{"exp":-5}`)},
		{name: "exp past year 9999", token: jwt(`{"exp":1e300}`)},
		{name: "payload not an object", token: jwt(`[1]`)},
		{name: "payload not JSON", token: jwt(`exp`)},
		{name: "payload not base64url", token: "a.b*c.d"},
		{name: "two parts", token: "eyJhbGciOiJIUzI1NiJ9.eyJleHAiOjE4OTM0NTYwMDB9"},
		{name: "four parts", token: testToken + ".x"},
		{name: "opaque key", token: "0123456789abcdef"},
		{name: "empty", token: ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := TokenExpiry(tt.token)
			if ok != tt.ok || !got.Equal(tt.want) {
				t.Errorf("TokenExpiry = %v, %v; want %v, %v", got, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestTokenCompanyID(t *testing.T) {
	tests := []struct {
		name  string
		token configopaque.String
		want  string
	}{
		{"cid", jwt(`{"exp":1893456000,"cid":"9011075d-a2d7-4ff0-8660-47645735d0e7"}`), "9011075d-a2d7-4ff0-8660-47645735d0e7"},
		{"no cid", jwt(`{"exp":1893456000}`), ""},
		{"empty cid", jwt(`{"cid":""}`), ""},
		{"cid not a string", jwt(`{"cid":42}`), ""},
		{"opaque key", "0123456789abcdef", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := TokenCompanyID(tt.token)
			if got != tt.want || ok != (tt.want != "") {
				t.Errorf("TokenCompanyID = %q, %v; want %q", got, ok, tt.want)
			}
		})
	}
}
