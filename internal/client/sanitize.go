package client

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"unicode"
	"unicode/utf8"

	"go.opentelemetry.io/collector/config/configopaque"
)

const (
	// maxErrorBodyBytes bounds what is read of an error response: the
	// documented envelopes are a few hundred bytes (§1.7).
	maxErrorBodyBytes = 64 << 10
	// maxSnippetBytes is how much of a non-envelope body goes into an error
	// message before sanitising; maxMessageRunes bounds the message after.
	maxSnippetBytes = 4 << 10
	maxMessageRunes = 256
)

// errorEnvelope is the error shape of every endpoint (§1.7).
type errorEnvelope struct {
	Error *errorBody `json:"error"`
}

type errorBody struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	// Number is documented as an integer; json.Number also takes "1010550".
	Number     json.Number `json:"number"`
	Target     string      `json:"target"`
	InnerError *struct {
		Code string `json:"code"`
	} `json:"innererror"`
}

func (b *errorBody) apiError(status int) *APIError {
	e := &APIError{Status: status, Code: b.Code, Message: b.Message, Target: b.Target}
	if n, err := b.Number.Int64(); err == nil {
		e.Number = int(n)
	}
	if b.InnerError != nil {
		e.InnerCode = b.InnerError.Code
	}
	return e
}

// readErrorBody reads at most maxErrorBodyBytes of an error response and
// redacts the key before anything cuts the body, so that no cut leaves part
// of it. A read stopped by the limit or an error can end in a prefix of the
// key; a body of exactly the limit may be whole, but redacting its end is harmless.
func readErrorBody(r io.Reader, secret configopaque.String) []byte {
	body, err := io.ReadAll(io.LimitReader(r, maxErrorBodyBytes))
	cut := err != nil || len(body) >= maxErrorBodyBytes
	return []byte(redact(string(body), secret, cut))
}

// newAPIError parses an error response read by readErrorBody. Bodies that are
// not the envelope (proxies, load balancers, HTML pages) keep the status text
// and the start of the body, as Trend's pytmv1 SDK does. The envelope's strings are
// unescaped JSON, which may spell the key differently: the client sanitises them.
func newAPIError(status int, body []byte) *APIError {
	var env errorEnvelope
	if json.Unmarshal(body, &env) == nil && env.Error != nil && (env.Error.Code != "" || env.Error.Message != "") {
		return env.Error.apiError(status)
	}
	msg := http.StatusText(status)
	if len(body) > 0 {
		msg += ": " + string(body[:min(len(body), maxSnippetBytes)])
	}
	return &APIError{Status: status, Message: msg}
}

const redacted = "[REDACTED]"

// sanitize makes text that came from the network fit for an error message or
// a log line: it removes the API key (so that not even a server echoing the
// Authorization header can leak it), keeps printable text only (one space
// for any run of spaces or control characters) and at most maxMessageRunes
// runes. Redaction comes first so that truncation cannot leave part of a key.
func sanitize(s string, secret configopaque.String) string {
	s = redact(s, secret, false)
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.Join(strings.FieldsFunc(s, func(c rune) bool {
		return unicode.IsSpace(c) || !unicode.IsPrint(c)
	}), " ")
	if utf8.RuneCountInString(s) <= maxMessageRunes {
		return s
	}
	runes := []rune(s)
	return string(runes[:maxMessageRunes]) + "…"
}

// redact replaces every occurrence of secret in s and, if s was cut short of
// what the server sent, a prefix of secret that s ends with.
func redact(s string, secret configopaque.String, cut bool) string {
	if secret == "" {
		return s
	}
	s = strings.ReplaceAll(s, string(secret), redacted)
	if cut {
		for n := min(len(secret)-1, len(s)); n > 0; n-- {
			if strings.HasSuffix(s, string(secret[:n])) {
				return s[:len(s)-n] + redacted
			}
		}
	}
	return s
}
