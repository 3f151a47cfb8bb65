package client

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

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
		if entry.Level != zapcore.DebugLevel {
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
