package client

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"

	"golang.org/x/time/rate"
)

// call is one logical request: what to send, and how errors name it.
type call struct {
	stream string
	url    *url.URL
	path   string // url.Path, sanitised for messages
	header http.Header
	raw    bool // a download: the body is left as sent (send)
	// method is GET unless set; body, JSON, goes with a POST.
	method string
	body   []byte
}

func (c *Client) newCall(stream string, u *url.URL, header http.Header) *call {
	return &call{stream: stream, url: u, path: sanitize(u.Path, *c.token), header: header}
}

func (r *call) name() string { return requestName(r.stream, r.path) }

func (r *call) fail(kind error, detail string) *requestError {
	return &requestError{stream: r.stream, path: r.path, kind: kind, detail: detail}
}

// contextError reports the caller's context ending as its own error, so
// that errors.Is(err, context.Canceled) holds and nothing reads as ErrTimeout.
func (r *call) contextError(err error) error {
	return fmt.Errorf("%s: %w", r.name(), err)
}

// attempt waits for the request budget, sends one HTTP request and reads
// its response: the body of a 2xx, an error otherwise.
func (c *Client) attempt(ctx context.Context, r *call) ([]byte, error) {
	resp, err := c.send(ctx, r)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	body, err := readBody(resp, c.maxBody)
	switch {
	case errors.Is(err, errBodyTooLarge):
		return nil, r.fail(ErrBodyTooLarge, "more than "+strconv.FormatInt(c.maxBody, 10)+" bytes")
	case err != nil:
		// A body cut short is a truncated page, never a partial one.
		return nil, c.failure(ctx, r, err, ErrMalformedResponse)
	}
	return body, nil
}

// send waits for the request budget and sends one HTTP request: a 2xx
// response with its body unread, an error otherwise.
func (c *Client) send(ctx context.Context, r *call) (*http.Response, error) {
	if err := c.waitBudget(ctx); err != nil {
		return nil, r.contextError(err)
	}
	method := cmp.Or(r.method, http.MethodGet)
	var payload io.Reader
	if r.body != nil {
		payload = bytes.NewReader(r.body)
	}
	req, err := http.NewRequestWithContext(ctx, method, r.url.String(), payload)
	if err != nil {
		return nil, errors.New(r.name() + ": " + sanitize(err.Error(), *c.token))
	}
	if r.header != nil {
		req.Header = r.header.Clone()
	}
	// Set after the caller's headers, so that these always win.
	req.Header.Set("Authorization", "Bearer "+string(*c.token))
	if r.body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if r.raw {
		// Asked for explicitly, gzip is left to the caller: the body is
		// read compressed (a package is gzip itself, §6.8).
		req.Header.Set("Accept-Encoding", "gzip")
	} else {
		req.Header.Set("Accept", "application/json")
	}
	req.Header.Set("User-Agent", c.userAgent)

	hc := c.http
	if r.raw {
		hc = c.download
	}
	resp, err := hc.Do(req)
	if err != nil {
		c.observer.ObserveRequest(r.stream, 0)
		return nil, c.failure(ctx, r, err, ErrTransport)
	}
	c.observer.ObserveRequest(r.stream, resp.StatusCode)
	if date, err := http.ParseTime(resp.Header.Get("Date")); err == nil {
		c.observer.ObserveServerTime(date)
	}

	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		defer resp.Body.Close()
		// A read error leaves a shorter snippet; the status still decides.
		apiErr := newAPIError(resp.StatusCode, readErrorBody(resp.Body, *c.token))
		if resp.StatusCode == http.StatusTooManyRequests {
			apiErr.RetryAfter = parseRetryAfter(resp.Header.Get("Retry-After"), c.now())
		}
		return nil, c.describe(apiErr, r)
	}
	return resp, nil
}

// waitBudget waits for the shared request budget.
func (c *Client) waitBudget(ctx context.Context) error {
	if c.limiter == nil {
		return nil
	}
	err := c.limiter.Wait(ctx)
	switch {
	case err == nil:
		return nil
	case ctx.Err() != nil:
		return ctx.Err()
	case c.limiter.Burst() < 1 && c.limiter.Limit() != rate.Inf:
		return fmt.Errorf("request budget allows no request: %w", err)
	}
	// rate.Limiter refuses at once a wait that would outlast the context's
	// deadline: report it as the deadline it is.
	return fmt.Errorf("waiting for the request budget would outlast the deadline: %w", context.DeadlineExceeded)
}

var errBodyTooLarge = errors.New("body too large")

// readBody reads at most limit bytes, reading one more to detect a larger body.
func readBody(resp *http.Response, limit int64) ([]byte, error) {
	if resp.ContentLength > limit {
		return nil, errBodyTooLarge
	}
	var buf bytes.Buffer
	if resp.ContentLength > 0 {
		// Room for the body and the final read that sees EOF: no regrowth.
		buf.Grow(int(resp.ContentLength) + bytes.MinRead)
	}
	if _, err := buf.ReadFrom(io.LimitReader(resp.Body, limit+1)); err != nil {
		return nil, err
	}
	if int64(buf.Len()) > limit {
		return nil, errBodyTooLarge
	}
	return buf.Bytes(), nil
}

// failure classifies an error that left no usable response: the caller's
// context ending, a client-side timeout (the HTTP client's Timeout, a
// dial or TLS timeout), or else kind.
func (c *Client) failure(ctx context.Context, r *call, err error, kind error) error {
	if ctxErr := ctx.Err(); ctxErr != nil {
		return r.contextError(ctxErr)
	}
	cause := err
	var urlErr *url.Error
	if errors.As(err, &urlErr) {
		cause = urlErr.Err // the message names the request already
	}
	detail := sanitize(cause.Error(), *c.token)
	var netErr net.Error
	if errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &netErr) && netErr.Timeout()) {
		// The cause is not wrapped: net/http's timeout errors match
		// context.DeadlineExceeded, which callers rightly read as their own
		// context ending.
		return r.fail(ErrTimeout, detail)
	}
	e := r.fail(kind, detail)
	e.cause = cause
	return e
}

// describe completes an *APIError with the request and sanitises every
// string the server sent.
func (c *Client) describe(e *APIError, r *call) *APIError {
	e.Stream, e.Method, e.Path = r.stream, cmp.Or(r.method, http.MethodGet), r.path
	e.Code = sanitize(e.Code, *c.token)
	e.Message = sanitize(e.Message, *c.token)
	e.Target = sanitize(e.Target, *c.token)
	e.InnerCode = sanitize(e.InnerCode, *c.token)
	return e
}
