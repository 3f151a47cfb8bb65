package client

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"go.opentelemetry.io/collector/config/configopaque"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
	"go.uber.org/zap/zaptest/observer"
)

// TestKeyNeverLeaks drives every error path against a server that echoes
// the Authorization header wherever it can, with a debug logger, and checks
// that the key appears in no error string, no error field and no log entry.
func TestKeyNeverLeaks(t *testing.T) {
	core, logs := observer.New(zapcore.DebugLevel)
	logger := zap.New(core)

	srv := newScriptedServer(t)
	echo := func(w http.ResponseWriter, r *http.Request) string {
		auth := r.Header.Get("Authorization")
		w.Header().Set("Content-Type", "application/json")
		return strings.TrimPrefix(auth, "Bearer ") + " " + auth
	}
	srv.Config.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		leak := echo(w, r)
		switch r.URL.Query().Get("case") {
		case "401":
			w.WriteHeader(401)
			fmt.Fprintf(w, `{"error":{"code":"InvalidCredentials","message":"bad token %s","innererror":{"code":%q}}}`, leak, leak)
		case "500":
			w.WriteHeader(500)
			fmt.Fprintf(w, "<html>\x00%s\n%s</html>", leak, leak)
		case "429":
			w.Header().Set("Retry-After", leak)
			w.WriteHeader(429)
			fmt.Fprintf(w, `{"error":{"code":%q,"message":%q,"target":%q}}`, leak, leak, leak)
		case "200error":
			fmt.Fprintf(w, `{"error":{"code":%q,"message":%q,"number":1010550,"target":%q}}`, leak, leak, leak)
		case "malformed":
			fmt.Fprintf(w, `{"items":[%q, %s`, leak, leak)
		case "large":
			fmt.Fprintf(w, `{"items":[%q]}`, strings.Repeat(leak, 100))
		case "foreign":
			fmt.Fprintf(w, `{"items":[],"nextLink":"http://%s@evil.example/%s"}`, leak, leak)
		case "slow":
			<-r.Context().Done()
		default:
			w.WriteHeader(404)
			fmt.Fprintf(w, "no such path: %s (%s)", r.URL.Path, leak)
		}
	})
	refused := func() string {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		defer ln.Close()
		return "http://" + ln.Addr().String()
	}()

	edit := func(s *Settings) {
		s.Logger = logger
		s.MaxBodyBytes = 1024
		s.HTTPClient = &http.Client{Timeout: 200 * time.Millisecond}
	}
	c := newTestClient(t, srv.URL, withRetry(testRetry()), edit)
	dead := newTestClient(t, refused, withRetry(testRetry()), edit)
	request := func(query string) Request {
		r := testRequest()
		r.Query.Set("case", query)
		return r
	}
	ctx := context.Background()

	var errs []error
	for _, q := range []string{"401", "500", "429", "200error", "malformed", "large", "slow", "404"} {
		_, err := c.FirstPage(ctx, request(q))
		errs = append(errs, err)
	}
	page, err := c.FirstPage(ctx, request("foreign"))
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.NextPage(ctx, testRequest(), page.NextLink)
	errs = append(errs, err)
	_, err = c.NextPage(ctx, testRequest(), srv.URL+"/v3.0/"+string(testToken)+"?x=1")
	errs = append(errs, err)
	errs = append(errs, c.Ping(ctx, "ping"))
	_, err = dead.FirstPage(ctx, testRequest())
	errs = append(errs, err)
	_, err = New(Settings{Endpoint: "https://u:" + string(testToken) + "@api.xdr.trendmicro.com", Token: testToken})
	errs = append(errs, err)
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	_, err = c.FirstPage(cancelled, request("500"))
	errs = append(errs, err)

	secrets := []string{string(testToken), "S3CR3T-s1gnature"}
	for i, err := range errs {
		if err == nil {
			t.Errorf("path %d: no error", i)
			continue
		}
		texts := []string{err.Error(), fmt.Sprintf("%+v", err)}
		var apiErr *APIError
		if errors.As(err, &apiErr) {
			texts = append(texts, fmt.Sprintf("%#v", *apiErr))
		}
		for _, text := range texts {
			for _, secret := range secrets {
				if strings.Contains(text, secret) {
					t.Errorf("path %d: error contains the key: %s", i, text)
				}
			}
		}
	}

	entries := logs.All()
	if len(entries) == 0 {
		t.Fatal("no log entries: the retry paths did not log")
	}
	for _, entry := range entries {
		if entry.Level > zapcore.WarnLevel {
			t.Errorf("log entry at %v: %q", entry.Level, entry.Message)
		}
		text := entry.Message + fmt.Sprint(entry.ContextMap())
		for _, secret := range secrets {
			if strings.Contains(text, secret) {
				t.Errorf("log entry contains the key: %s", text)
			}
		}
	}
	if fmt.Sprintf("%+v", *c.Client) == "" || strings.Contains(fmt.Sprintf("%+v", *c.Client), string(testToken)) {
		t.Error("formatting the client shows the key")
	}
}

// longToken is shaped like a real key (a 158-character JWT) and random, so
// that any 8 characters of it in an error are a leak.
const longToken configopaque.String = "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.MQ3JPasfpQpZlNufCncKOCP5X6FnMCC3EaFy19HNXUKQrFHYBA_kQmIclVu_TjTw4jJSz5Ow6eui5klT.sSqKvXlh9dnsyWwJ71jxFcWi5YHYiusN5ZsjdXM_"

// keyFragment returns the longest substring of key of 8 or more bytes that
// text contains, or "".
func keyFragment(text, key string) string {
	const minFragment = 8
	longest := ""
	for i := 0; i+minFragment <= len(key); i++ {
		j := i + minFragment
		if !strings.Contains(text, key[i:j]) {
			continue
		}
		for j < len(key) && strings.Contains(text, key[i:j+1]) {
			j++
		}
		if j-i > len(longest) {
			longest = key[i:j]
		}
	}
	return longest
}

// whitespace returns n bytes of spaces, tabs and line breaks, which
// sanitising collapses: what lies far into such a body reaches the message.
func whitespace(n int) string {
	return strings.Repeat(" \r\n\t    ", n/8+1)[:n]
}

// TestCutKeyNeverLeaks echoes the key in non-envelope bodies at every
// offset around each place a body is cut: the snippet the message keeps,
// the message's rune limit, the read limit, and a connection closed
// mid-key. No cut may leave a fragment of the key in the error.
func TestCutKeyNeverLeaks(t *testing.T) {
	key := string(longToken)
	const echo = "Authorization: Bearer "
	// page is mostly whitespace, with the key starting at byte off.
	page := func(off int) string {
		const head = "<html>\n<body>\n<pre>\n"
		return head + whitespace(off-len(head)-len(echo)) + echo + key + "\n</pre>" + whitespace(1024) + "</body></html>\n"
	}
	// headers is JSON, but not the error envelope.
	headers := func(off int) string {
		const head, quoted = `{"request":{"headers":`, `{"Authorization":"Bearer `
		return head + whitespace(off-len(head)-len(quoted)) + quoted + key + `"}}}`
	}
	// dashes has no whitespace: the key straddles the message's last rune.
	dashes := func(off int) string {
		return strings.Repeat("-", off-len(echo)) + echo + key + " end"
	}
	tests := []struct {
		name      string
		status    int
		from, to  int // the offsets tried, to included
		body      func(off int) string
		closed    bool // the connection is closed after body, short of its Content-Length
		wantInMsg string
	}{
		{name: "snippet cut", status: 502, from: maxSnippetBytes - 200, to: maxSnippetBytes + 200, body: page, wantInMsg: "Bad Gateway: <html> <body> <pre>"},
		{name: "snippet cut, JSON", status: 400, from: maxSnippetBytes - 200, to: maxSnippetBytes + 200, body: headers, wantInMsg: `Bad Request: {"request":{"headers":`},
		{name: "message cut", status: 500, from: maxMessageRunes - 200, to: maxMessageRunes + 200, body: dashes, wantInMsg: "Internal Server Error: ---"},
		{name: "read limit", status: 500, from: maxErrorBodyBytes - 200, to: maxErrorBodyBytes + 200, body: page, wantInMsg: "Internal Server Error: <html> <body> <pre>"},
		// off is how much of the key was sent.
		{name: "connection closed mid-key", status: 503, from: 1, to: len(key) - 1, closed: true, wantInMsg: "Service Unavailable: <html> <body> <pre> " + echo + "[REDACTED]",
			body: func(off int) string { return page(1000)[:1000+off] }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				off, _ := strconv.Atoi(r.URL.Query().Get("off"))
				body := tt.body(off)
				w.Header().Set("Content-Type", "text/html")
				if tt.closed {
					w.Header().Set("Content-Length", strconv.Itoa(len(body)+100))
				}
				w.WriteHeader(tt.status)
				_, _ = w.Write([]byte(body))
				if tt.closed {
					_ = http.NewResponseController(w).Flush()
					panic(http.ErrAbortHandler)
				}
			}))
			t.Cleanup(srv.Close)
			c := newTestClient(t, srv.URL, func(s *Settings) { s.Token = longToken })

			// check returns what is wrong with the error at offset off, or "".
			check := func(off int) string {
				req := testRequest()
				req.Query.Set("off", strconv.Itoa(off))
				_, err := c.FirstPage(context.Background(), req)

				var apiErr *APIError
				if !errors.As(err, &apiErr) || apiErr.Status != tt.status {
					return fmt.Sprintf("error %v (%T), want an *APIError with status %d", err, err, tt.status)
				}
				texts := []struct{ name, text string }{
					{"Error()", err.Error()}, {"Message", apiErr.Message}, {"Code", apiErr.Code},
					{"Target", apiErr.Target}, {"InnerCode", apiErr.InnerCode}, {"%#v", fmt.Sprintf("%#v", *apiErr)},
				}
				for _, x := range texts {
					if frag := keyFragment(x.text, key); frag != "" {
						return fmt.Sprintf("%s has %d of the key's %d characters: %q", x.name, len(frag), len(key), x.text)
					}
				}
				if !strings.Contains(apiErr.Message, tt.wantInMsg) {
					return fmt.Sprintf("Message = %q, want it to contain %q", apiErr.Message, tt.wantInMsg)
				}
				return ""
			}
			// Only the first failure is shown: neighbouring offsets fail alike.
			failed := 0
			for off := tt.from; off <= tt.to; off++ {
				if problem := check(off); problem != "" {
					if failed == 0 {
						t.Errorf("offset %d: %s", off, problem)
					}
					failed++
				}
			}
			if failed > 0 {
				t.Errorf("%d of %d offsets fail", failed, tt.to-tt.from+1)
			}
		})
	}
}

// TestReadErrorBody: what is read of an error body has the key redacted,
// including the prefix of it left where the read limit or a failed read cut
// the body; a body read whole is otherwise unchanged.
func TestReadErrorBody(t *testing.T) {
	key := string(longToken)
	limited := func(off int) string { return whitespace(off) + "Bearer " + key + whitespace(1000) }
	tests := []struct {
		name string
		body string
		fail bool // the read fails after body
		want string
	}{
		{name: "no key", body: "<html>\n<b>eyJ</b>\n</html>", want: "<html>\n<b>eyJ</b>\n</html>"},
		{name: "keys", body: key + " Bearer " + key + "\n", want: "[REDACTED] Bearer [REDACTED]\n"},
		{name: "whole body ending like the key", body: "Bearer e", want: "Bearer e"},
		{name: "failed read mid-key", body: "Bearer " + key[:100], fail: true, want: "Bearer [REDACTED]"},
		{name: "failed read after the key", body: "Bearer " + key, fail: true, want: "Bearer [REDACTED]"},
		{name: "failed read elsewhere", body: "Bearer " + key + " x", fail: true, want: "Bearer [REDACTED] x"},
		{name: "read limit mid-key", body: limited(maxErrorBodyBytes - 100), want: whitespace(maxErrorBodyBytes-100) + "Bearer [REDACTED]"},
		{name: "read limit after the key", body: limited(maxErrorBodyBytes - 1000),
			want: (whitespace(maxErrorBodyBytes-1000) + "Bearer [REDACTED]" + whitespace(1000))[:maxErrorBodyBytes-len(key)+len(redacted)]},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var r io.Reader = strings.NewReader(tt.body)
			if tt.fail {
				r = io.MultiReader(r, iotest.ErrReader(errors.New("connection reset")))
			}
			if got := string(readErrorBody(r, longToken)); got != tt.want {
				t.Errorf("readErrorBody = %d bytes ending in %q, want %d ending in %q", len(got), tail(got), len(tt.want), tail(tt.want))
			}
		})
	}

	// The key at every offset around the limit: no fragment of it is left.
	for off := maxErrorBodyBytes - 200; off <= maxErrorBodyBytes+200; off++ {
		got := string(readErrorBody(strings.NewReader(limited(off)), longToken))
		if frag := keyFragment(got, key); frag != "" || strings.HasSuffix(got, key[:1]) {
			t.Fatalf("offset %d: %d bytes read end in %q", off, len(got), tail(got))
		}
	}
}

// tail is the end of a long body, enough to show the key.
func tail(s string) string { return s[max(0, len(s)-200):] }
