package client

import (
	"context"
	"crypto/tls"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/cenkalti/backoff/v5"
	"go.uber.org/zap"
)

// maxRetryAfter caps the wait a 429's Retry-After asks for. The API counts
// requests in 60 s windows (§1.8), so a longer wait never helps, and a
// broken header cannot park a stream for hours.
const maxRetryAfter = 60 * time.Second

// Retry reasons given to Observer.ObserveRetry.
const (
	reasonRateLimited = "rate_limited"
	reasonServerError = "server_error"
	reasonTransport   = "transport"
)

// get runs one logical request: attempts until one succeeds, fails in a way
// that is not retried, or the retry budget (MaxElapsedTime) is spent.
//
// The loop is written here rather than with backoff.Retry because the waits
// must be injectable (tests check them without real time: backoff.Retry's
// timer is unexported) and a Retry-After wait must count against
// MaxElapsedTime like any other. The backoff itself is backoff's.
func (c *Client) get(ctx context.Context, r *call) ([]byte, error) {
	var body []byte
	err := c.retrying(ctx, r, func() (err error) {
		body, err = c.attempt(ctx, r)
		return err
	})
	return body, err
}

// retrying runs attempt until it succeeds, fails in a way that is not
// retried, or the retry budget is spent (see get).
func (c *Client) retrying(ctx context.Context, r *call, attempt func() error) error {
	var policy *backoff.ExponentialBackOff // nil: retries disabled
	if c.retry.Enabled {
		policy = &backoff.ExponentialBackOff{
			InitialInterval:     c.retry.InitialInterval,
			RandomizationFactor: c.retry.RandomizationFactor,
			Multiplier:          c.retry.Multiplier,
			MaxInterval:         c.retry.MaxInterval,
		}
		policy.Reset()
	}
	start := c.now()
	for n := 1; ; n++ {
		err := attempt()
		if err == nil {
			return nil
		}
		if ctxErr := ctx.Err(); ctxErr != nil {
			return r.contextError(ctxErr)
		}
		if policy == nil {
			return err
		}
		reason, wait := nextWait(err, policy)
		if reason == "" {
			return err
		}
		if limit := c.retry.MaxElapsedTime; limit > 0 && c.now().Sub(start)+wait > limit {
			return err
		}
		c.observer.ObserveRetry(r.stream, reason)
		c.episodes.note(c.logger, c.now(), reason, r, err)
		c.logger.Debug("Retrying Vision One request",
			zap.String("stream", r.stream),
			zap.String("path", r.path),
			zap.String("reason", reason),
			zap.Int("attempt", n),
			zap.Stringer("wait", wait),
			zap.Error(err))
		if err := c.sleep(ctx, wait); err != nil {
			return r.contextError(err)
		}
	}
}

// nextWait returns why and how long to wait before retrying err, or ""
// when err is not retried: 504/408 and timeouts are left to the caller,
// which shrinks the window; other 4xx would fail again (§1.7).
func nextWait(err error, policy *backoff.ExponentialBackOff) (reason string, wait time.Duration) {
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		switch apiErr.Status {
		case http.StatusTooManyRequests:
			if apiErr.RetryAfter > 0 {
				return reasonRateLimited, apiErr.RetryAfter
			}
			return reasonRateLimited, policy.NextBackOff()
		case http.StatusInternalServerError, http.StatusBadGateway, http.StatusServiceUnavailable:
			return reasonServerError, policy.NextBackOff()
		}
		return "", 0
	}
	// A certificate the client does not trust will not become trusted.
	var certErr *tls.CertificateVerificationError
	if errors.Is(err, ErrTransport) && !errors.As(err, &certErr) {
		return reasonTransport, policy.NextBackOff()
	}
	return "", 0
}

// parseRetryAfter reads Retry-After as delay-seconds or an HTTP date
// (RFC 9110 §10.2.3), capped at maxRetryAfter; 0 means absent or unusable,
// and the backoff applies instead.
func parseRetryAfter(value string, now time.Time) time.Duration {
	value = strings.TrimSpace(value)
	if value == "" {
		return 0
	}
	var wait time.Duration
	if seconds, err := strconv.ParseInt(value, 10, 64); err == nil {
		wait = time.Duration(min(max(seconds, 0), int64(maxRetryAfter/time.Second))) * time.Second
	} else if date, err := http.ParseTime(value); err == nil {
		wait = date.Sub(now)
	}
	return min(max(wait, 0), maxRetryAfter)
}

// episodeGap ends an episode of retried failures: a failure of the same kind
// within it belongs to the episode. The API counts requests per minute, so a
// rate-limited receiver may see a 429 as seldom as that.
const episodeGap = time.Minute

// Hints of the retried failures that begin an episode.
var episodeHints = map[string]string{
	reasonTransport: "no response from the Vision One API: check the endpoint or region, DNS, proxy_url and TLS " +
		"settings; the request is retried and the streams wait",
	reasonRateLimited: "the Vision One API answered 429 Too Many Requests: the key's rate limit is below this " +
		"receiver's requests_per_minute (or other clients share the key); lower requests_per_minute",
}

// episodes logs the first retried failure of an episode as a warning, at
// once rather than when the request's retries run out (a request to an
// unreachable API is retried for retry_on_failure.max_elapsed_time, five
// minutes by default). One warning per episode for the whole receiver: its
// streams share the client, the endpoint and the budget.
type episodes struct {
	mu   sync.Mutex
	last map[string]time.Time // reason -> latest failure of that kind
}

func (e *episodes) note(log *zap.Logger, now time.Time, reason string, r *call, err error) {
	hint, ok := episodeHints[reason]
	if !ok {
		return // 5xx bursts are absorbed by retries; a request that still fails is the stream's to report
	}
	e.mu.Lock()
	last, seen := e.last[reason]
	if e.last == nil {
		e.last = map[string]time.Time{}
	}
	e.last[reason] = now
	e.mu.Unlock()
	if seen && now.Sub(last) < episodeGap {
		return
	}
	log.Warn("Vision One requests are failing; retrying",
		zap.String("stream", r.stream), zap.String("path", r.path), zap.String("reason", reason),
		zap.Error(err), zap.String("hint", hint))
}
