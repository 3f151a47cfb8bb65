package client

import (
	"cmp"
	"context"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"go.opentelemetry.io/collector/config/configopaque"
	"go.opentelemetry.io/collector/config/configretry"
	"go.uber.org/zap"
	"golang.org/x/time/rate"
)

// DefaultMaxBodyBytes caps a response body when Settings.MaxBodyBytes is 0.
// The largest documented page is a Workbench page of up to 50 MB, beyond
// which the API sends one alert per page (§1.8); a 5000-item search page is
// a few tens of MB. 128 MiB leaves room above both while bounding memory per
// page (the body, which the items share, and its decoded records).
const DefaultMaxBodyBytes int64 = 128 << 20

// DefaultTimeout is the HTTP timeout of a request, the receiver's default
// too. It is longer than the API's own 60 s request timeout (§1.8) so that
// the API's 504, which says "shrink the window", arrives first.
const DefaultTimeout = 75 * time.Second

const (
	defaultUserAgent = "trendmicrovisiononereceiver"
	pingPath         = "/v3.0/healthcheck/connectivity" // §6.7
)

// Observer receives the client's telemetry (the receiver turns it into
// metrics). Calls come from the goroutine that called the Client.
type Observer interface {
	// ObserveRequest is called once per HTTP attempt; status 0 means no
	// response (transport error or timeout).
	ObserveRequest(stream string, status int)
	// ObserveRetry is called before each retry with the reason:
	// "rate_limited", "server_error" or "transport".
	ObserveRetry(stream string, reason string)
	// ObserveServerTime is called with the Date header of every response
	// that has one, as soon as its headers arrive: the API's clock.
	ObserveServerTime(date time.Time)
}

// Settings configures a Client.
type Settings struct {
	// Endpoint is the base URL, scheme://host[:port], http or https; a
	// trailing "/" is accepted, any other path is an error.
	Endpoint string
	// Token is the API key, sent only as "Authorization: Bearer <key>" to
	// Endpoint's scheme and host (§1.2).
	Token configopaque.String
	// HTTPClient is built by the receiver from confighttp. The Client uses a
	// copy that refuses redirects; nil means a client with DefaultTimeout.
	HTTPClient *http.Client
	// Limiter is the request budget shared by the receiver's streams; every
	// attempt, retries included, waits for it. nil means unlimited.
	Limiter *rate.Limiter
	// Retry drives retries of 429s without Retry-After, of 500/502/503 and
	// of transport errors. Enabled false means no retries.
	Retry configretry.BackOffConfig
	// MaxBodyBytes caps a response body; 0 means DefaultMaxBodyBytes.
	MaxBodyBytes int64
	// UserAgent defaults to "trendmicrovisiononereceiver".
	UserAgent string
	// Observer may be nil.
	Observer Observer
	// Logger gets a warning when retried failures begin (unreachable API,
	// 429s) and a debug entry per retry; nil means no logging.
	Logger *zap.Logger
}

// Request describes the first page of one window of one stream.
type Request struct {
	// Stream names the stream in telemetry and errors, e.g. "oat_detections".
	Stream string
	// Path is the endpoint path, e.g. "/v3.0/oat/detections".
	Path string
	// Query holds the time range, top, orderBy and so on.
	Query url.Values
	// Header holds TMV1-Filter / TMV1-Query. It is sent on the first page
	// and again on every nextLink page (§1.5).
	Header http.Header
}

// Client calls the Vision One API. It is safe for concurrent use.
type Client struct {
	endpoint *url.URL
	// token is behind a pointer so that formatting a Client (%+v) prints an
	// address: fmt ignores String methods of unexported fields.
	token *configopaque.String
	http  *http.Client
	// download is http without its overall timeout, which would cut a
	// large package off mid-body; idle bounds a download's silences instead.
	download  *http.Client
	idle      time.Duration
	limiter   *rate.Limiter
	retry     configretry.BackOffConfig
	maxBody   int64
	userAgent string
	observer  Observer
	logger    *zap.Logger
	episodes  *episodes

	// Hooks for tests, which check waits without spending real time.
	now   func() time.Time
	sleep func(ctx context.Context, d time.Duration) error
}

// New validates s and returns a Client. Its errors never contain the token
// nor the endpoint (which could carry credentials as userinfo).
func New(s Settings) (*Client, error) {
	endpoint, err := parseEndpoint(s.Endpoint)
	if err != nil {
		return nil, err
	}
	if err := checkToken(s.Token); err != nil {
		return nil, err
	}
	httpClient := http.Client{Timeout: DefaultTimeout}
	if s.HTTPClient != nil {
		httpClient = *s.HTTPClient // a copy: the receiver's client keeps its own redirect policy
	}
	httpClient.CheckRedirect = refuseRedirect
	downloads := httpClient
	downloads.Timeout = 0
	c := &Client{
		endpoint:  endpoint,
		token:     &s.Token,
		http:      &httpClient,
		download:  &downloads,
		idle:      cmp.Or(httpClient.Timeout, DefaultTimeout),
		limiter:   s.Limiter,
		retry:     s.Retry,
		maxBody:   s.MaxBodyBytes,
		userAgent: s.UserAgent,
		observer:  s.Observer,
		logger:    s.Logger,
		episodes:  &episodes{},
		now:       time.Now,
		sleep:     sleepContext,
	}
	if c.maxBody <= 0 {
		c.maxBody = DefaultMaxBodyBytes
	}
	if c.userAgent == "" {
		c.userAgent = defaultUserAgent
	}
	if c.observer == nil {
		c.observer = nopObserver{}
	}
	if c.logger == nil {
		c.logger = zap.NewNop()
	}
	return c, nil
}

// refuseRedirect makes the client return a 3xx as it is, which then surfaces
// as an *APIError. The API documents no redirects, and refusing them all,
// rather than only those to another host, keeps the key on the one host and
// scheme it was configured for.
func refuseRedirect(*http.Request, []*http.Request) error {
	return http.ErrUseLastResponse
}

// CheckEndpoint reports whether raw is an endpoint New accepts. Its error
// never contains raw, which may carry credentials.
func CheckEndpoint(raw string) error {
	_, err := parseEndpoint(raw)
	return err
}

func parseEndpoint(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	switch {
	case err != nil:
		return nil, errors.New("endpoint is not a valid URL")
	case u.Scheme != "http" && u.Scheme != "https":
		return nil, errors.New(`endpoint scheme must be "https" or "http"`)
	case u.User != nil:
		return nil, errors.New("endpoint must not contain user information")
	case u.Host == "" || u.Hostname() == "":
		return nil, errors.New("endpoint has no host")
	case u.Path != "" && u.Path != "/", u.RawQuery != "", u.Fragment != "", u.Opaque != "":
		return nil, errors.New(`endpoint must be scheme://host[:port], without a path (the API paths start with "/v3.0")`)
	}
	return &url.URL{Scheme: u.Scheme, Host: u.Host}, nil
}

// checkToken rejects a key that cannot be sent as a header value. A hand-
// written check rather than httpguts: it is two lines, and the stricter rule
// (visible ASCII, as RFC 6750 token68 and JWTs use) gives a clear error at
// start instead of an opaque one on the first request.
func checkToken(token configopaque.String) error {
	if token == "" {
		return errors.New("API key is empty")
	}
	for i := 0; i < len(token); i++ {
		if token[i] <= ' ' || token[i] > '~' {
			return errors.New("API key contains characters other than visible ASCII")
		}
	}
	return nil
}

// FirstPage requests the first page of req.
func (c *Client) FirstPage(ctx context.Context, req Request) (*Page, error) {
	u, err := c.requestURL(req)
	if err != nil {
		return nil, err
	}
	return c.page(ctx, req, u)
}

// requestURL is req's path and query on the endpoint.
func (c *Client) requestURL(req Request) (*url.URL, error) {
	if !strings.HasPrefix(req.Path, "/") {
		return nil, errors.New(requestName(req.Stream, req.Path) + `: path must start with "/"`)
	}
	u := *c.endpoint
	u.Path = req.Path
	u.RawQuery = encodeQuery(req.Query)
	return &u, nil
}

// NextPage requests the page a nextLink points to, with req's headers. The
// link is followed only if its scheme, host and port are the endpoint's;
// otherwise it returns ErrForeignNextLink and makes no request.
func (c *Client) NextPage(ctx context.Context, req Request, nextLink string) (*Page, error) {
	u, err := resolveNextLink(c.endpoint, nextLink)
	if err != nil {
		// The link is not echoed: it may point anywhere and carry anything.
		return nil, &requestError{stream: req.Stream, path: "<nextLink>", kind: err}
	}
	page, err := c.page(ctx, req, u)
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		apiErr.followUp = true
	}
	return page, err
}

// Post sends one POST with a JSON body (a data pipeline's registration,
// docs/visionone-api.md §6.8) and returns the response's headers, where the
// new resource's Location is. It is not retried: a registration whose
// answer was lost may have succeeded, so the caller looks for what it
// registered before it registers again.
func (c *Client) Post(ctx context.Context, stream, path string, body []byte) (http.Header, error) {
	u, err := c.requestURL(Request{Stream: stream, Path: path})
	if err != nil {
		return nil, err
	}
	r := c.newCall(stream, u, nil)
	r.method, r.body = http.MethodPost, body
	resp, err := c.send(ctx, r)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
	return resp.Header, nil
}

// Download starts the download of a data pipeline package (docs/visionone-api.md
// §6.8): Request.Path and Query name it. It is retried like a page until its
// body begins; the body is returned as sent, gzip, for the caller to decode
// while it reads (a package may be larger than any page, so it is never
// read whole here), and must be closed.
func (c *Client) Download(ctx context.Context, req Request) (io.ReadCloser, error) {
	u, err := c.requestURL(req)
	if err != nil {
		return nil, err
	}
	r := c.newCall(req.Stream, u, req.Header)
	r.raw = true
	var body io.ReadCloser
	err = c.retrying(ctx, r, func() error {
		// The timeout applies to the answer's start and to each silence
		// while the body streams, not to the whole download.
		attemptCtx, cancel := context.WithCancel(ctx)
		idle := &idleBody{timer: time.AfterFunc(c.idle, cancel), idle: c.idle, cancel: cancel}
		resp, err := c.send(attemptCtx, r)
		if err != nil {
			fired := !idle.timer.Stop()
			cancel()
			if fired && ctx.Err() == nil {
				return r.fail(ErrTimeout, "no answer within "+c.idle.String())
			}
			return err
		}
		idle.rc, body = resp.Body, idle
		return nil
	})
	return body, err
}

// idleBody cancels a download that stays silent for idle.
type idleBody struct {
	rc     io.ReadCloser
	timer  *time.Timer
	idle   time.Duration
	cancel context.CancelFunc
}

func (b *idleBody) Read(p []byte) (int, error) {
	n, err := b.rc.Read(p)
	if n > 0 {
		b.timer.Reset(b.idle)
	}
	return n, err
}

func (b *idleBody) Close() error {
	b.stop()
	return b.rc.Close()
}

func (b *idleBody) stop() {
	b.timer.Stop()
	b.cancel()
}

// Count requests a count query (req's Query asks for one, e.g. search
// mode=countOnly) and returns its totalCount.
func (c *Client) Count(ctx context.Context, req Request) (int, error) {
	u, err := c.requestURL(req)
	if err != nil {
		return 0, err
	}
	r := c.newCall(req.Stream, u, req.Header)
	body, err := c.get(ctx, r)
	if err != nil {
		return 0, err
	}
	n, err := decodeCount(body)
	var apiErr *APIError
	switch {
	case errors.As(err, &apiErr):
		return 0, c.describe(apiErr, r)
	case err != nil:
		return 0, r.fail(ErrMalformedResponse, sanitize(err.Error(), *c.token))
	}
	return n, nil
}

// Ping requests GET /v3.0/healthcheck/connectivity, which checks the
// endpoint and the key (§6.7). stream names the caller in telemetry.
func (c *Client) Ping(ctx context.Context, stream string) error {
	u := *c.endpoint
	u.Path = pingPath
	_, err := c.get(ctx, c.newCall(stream, &u, nil))
	return err
}

func (c *Client) page(ctx context.Context, req Request, u *url.URL) (*Page, error) {
	r := c.newCall(req.Stream, u, req.Header)
	body, err := c.get(ctx, r)
	if err != nil {
		return nil, err
	}
	page, err := decodePage(body)
	var apiErr *APIError
	switch {
	case errors.As(err, &apiErr):
		return nil, c.describe(apiErr, r)
	case err != nil:
		return nil, r.fail(ErrMalformedResponse, sanitize(err.Error(), *c.token))
	}
	return page, nil
}

// encodeQuery encodes spaces as %20 rather than "+": the API's own links
// do (§1.5, "orderBy=score%20desc"), and a literal "+" is already "%2B".
func encodeQuery(q url.Values) string {
	return strings.ReplaceAll(q.Encode(), "+", "%20")
}

func sleepContext(ctx context.Context, d time.Duration) error {
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-timer.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

type nopObserver struct{}

func (nopObserver) ObserveRequest(string, int)  {}
func (nopObserver) ObserveRetry(string, string) {}
func (nopObserver) ObserveServerTime(time.Time) {}
