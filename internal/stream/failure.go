package stream // import "github.com/otel-visionone/trendmicrovisiononereceiver/internal/stream"

import (
	"errors"
	"time"

	"go.opentelemetry.io/collector/consumer/consumererror"
	"go.uber.org/zap"

	"github.com/otel-visionone/trendmicrovisiononereceiver/internal/checkpoint"
	"github.com/otel-visionone/trendmicrovisiononereceiver/internal/client"
	"github.com/otel-visionone/trendmicrovisiononereceiver/internal/translate"
)

// failureState remembers the current failure episode, so a fault is logged
// once when it starts (and when it changes kind), not on every retry.
type failureState struct {
	failing bool
	kind    string
	count   int
}

// noteFailure logs a failed cycle if it starts a new episode, and returns
// how long to wait before the next attempt.
func (s *Stream) noteFailure(err error) time.Duration {
	kind, hint := classify(err)
	wait := s.backoff.NextBackOff()
	if kind == "unauthorized" || kind == "forbidden" {
		wait = max(authRetryDelay, s.spec.Interval)
	}
	s.failure.count++
	fields := []zap.Field{zap.Error(err), zap.Stringer("retry_in", wait.Round(time.Millisecond))}
	if hint != "" {
		fields = append(fields, zap.String("hint", hint))
	}
	if s.failure.failing && s.failure.kind == kind {
		s.log.Debug("Stream still failing", append(fields, zap.Int("failed_cycles", s.failure.count))...)
		return wait
	}
	s.failure.failing, s.failure.kind = true, kind
	switch kind {
	case "unauthorized", "forbidden", "corrupt_response", "storage", "pipeline_permanent":
		s.log.Error("Stream failed", fields...)
	default:
		s.log.Warn("Stream failed", fields...)
	}
	return wait
}

// classify names the kind of a failure and, where it helps, what to do.
func classify(err error) (kind, hint string) {
	switch {
	case errors.Is(err, client.ErrUnauthorized):
		return "unauthorized", "the API key was rejected (401): check that it is valid, not expired, and belongs to this region"
	case errors.Is(err, client.ErrForbidden):
		return "forbidden", "the API key's role lacks this log type's permission (403): see the README's permissions table"
	case errors.Is(err, client.ErrRateLimited):
		return "rate_limited", "the API kept answering 429: lower requests_per_minute or share fewer streams per key"
	case errors.Is(err, client.ErrServerError):
		return "server_error", ""
	case errors.Is(err, client.ErrTransport):
		return "transport", "no response from the API: check the endpoint, DNS, proxy and TLS settings"
	case errors.Is(err, client.ErrTimeout):
		return "timeout", "the API timed out even on the smallest window"
	case errors.Is(err, client.ErrTokenExpired):
		return "token_expired", "page tokens keep expiring: the pipeline may be too slow for the chain"
	case errors.Is(err, client.ErrForeignNextLink):
		return "corrupt_response", "the API returned a nextLink to another host; it was not followed"
	case errors.Is(err, client.ErrMalformedResponse), errors.Is(err, client.ErrBodyTooLarge),
		errors.Is(err, translate.ErrInvalidItem):
		return "corrupt_response", "the window is read again; nothing of this page was delivered, " +
			"and what earlier pages delivered is skipped"
	case errors.Is(err, errEndlessChain):
		return "corrupt_response", "the window is read again; what its earlier pages delivered is skipped"
	case errors.Is(err, errConsumer) && consumererror.IsPermanent(err):
		return "pipeline_permanent", "the pipeline rejects these records permanently; they are read again, " +
			"and the stream does not advance until the pipeline accepts them"
	case errors.Is(err, errConsumer):
		return "pipeline", "records stay unacknowledged and are read again"
	case errors.Is(err, errStorage), errors.Is(err, checkpoint.ErrCorrupt):
		return "storage", ""
	default:
		return "other", ""
	}
}
