package client

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"testing"
	"time"

	"golang.org/x/time/rate"
)

// blockingServer holds every request until the client goes away (or a
// safety bound passes), signalling each arrival.
func blockingServer(t *testing.T) (*scriptedServer, <-chan struct{}) {
	t.Helper()
	arrived := make(chan struct{}, 16)
	srv := newScriptedServer(t)
	srv.Config.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		arrived <- struct{}{}
		select {
		case <-r.Context().Done():
		case <-time.After(10 * time.Second):
		}
	})
	return srv, arrived
}

// TestCallerCancellation: cancelling the caller's context during a request
// returns context.Canceled, is not a timeout and is not retried.
func TestCallerCancellation(t *testing.T) {
	srv, arrived := blockingServer(t)
	c := newTestClient(t, srv.URL, withRetry(testRetry()))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		<-arrived
		cancel()
	}()

	_, err := c.FirstPage(ctx, testRequest())

	if !errors.Is(err, context.Canceled) || errors.Is(err, ErrTimeout) || errors.Is(err, ErrTransport) {
		t.Fatalf("err = %v, want context.Canceled only", err)
	}
	if got := c.observer.Statuses(); !slices.Equal(got, []int{0}) {
		t.Errorf("observed statuses = %v, want one attempt", got)
	}
	if len(c.clock.Waits()) != 0 {
		t.Errorf("waits = %v, want none", c.clock.Waits())
	}
}

// TestCallerDeadline: the caller's own deadline is its error, not ErrTimeout.
func TestCallerDeadline(t *testing.T) {
	srv, _ := blockingServer(t)
	c := newTestClient(t, srv.URL, withRetry(testRetry()))
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()

	_, err := c.FirstPage(ctx, testRequest())

	if !errors.Is(err, context.DeadlineExceeded) || errors.Is(err, ErrTimeout) {
		t.Fatalf("err = %v, want context.DeadlineExceeded and not ErrTimeout", err)
	}
}

// TestClientTimeout: the HTTP client's own timeout is ErrTimeout, not
// retried, and does not read as the caller's context ending.
func TestClientTimeout(t *testing.T) {
	srv, _ := blockingServer(t)
	c := newTestClient(t, srv.URL, withRetry(testRetry()), func(s *Settings) {
		s.HTTPClient = &http.Client{Timeout: 100 * time.Millisecond}
	})

	_, err := c.FirstPage(context.Background(), testRequest())

	if !errors.Is(err, ErrTimeout) || errors.Is(err, context.DeadlineExceeded) || errors.Is(err, ErrTransport) {
		t.Fatalf("err = %v, want ErrTimeout only", err)
	}
	if got := c.observer.Statuses(); !slices.Equal(got, []int{0}) {
		t.Errorf("observed statuses = %v, want one attempt", got)
	}
}

// TestCancelledDuringRetryWait: a context ending while waiting to retry
// returns at once with the context's error.
func TestCancelledDuringRetryWait(t *testing.T) {
	srv := newScriptedServer(t, rep(503))
	cfg := testRetry()
	cfg.MaxElapsedTime = 0
	c := newTestClient(t, srv.URL, withRetry(cfg))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	c.clock.onSleep = cancel

	_, err := c.FirstPage(ctx, testRequest())

	if !errors.Is(err, context.Canceled) || errors.Is(err, ErrServerError) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if n := len(srv.requests()); n != 1 {
		t.Errorf("server received %d requests, want 1", n)
	}
}

func TestAlreadyCancelled(t *testing.T) {
	srv := newScriptedServer(t)
	c := newTestClient(t, srv.URL)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()

	_, err := c.FirstPage(ctx, testRequest())

	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if n := len(srv.requests()); n != 0 {
		t.Errorf("server received %d requests", n)
	}
}

// TestLimiterPacesEveryAttempt: with a budget of N requests and a
// negligible refill, retries included, attempt N+1 waits until the context
// ends and is never sent.
func TestLimiterPacesEveryAttempt(t *testing.T) {
	tests := []struct {
		name     string
		replies  []reply
		calls    int // FirstPage calls that succeed before the budget is spent
		deadline bool
	}{
		{name: "pages, deadline", replies: []reply{ok}, calls: 3, deadline: true},
		{name: "pages, cancel", replies: []reply{ok}, calls: 3},
		{name: "retries", replies: []reply{rep(503)}, calls: 0, deadline: true},
	}
	const burst = 3
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newScriptedServer(t, tt.replies...)
			limiter := rate.NewLimiter(rate.Every(24*time.Hour), burst)
			cfg := testRetry()
			cfg.MaxElapsedTime = 0
			c := newTestClient(t, srv.URL, withRetry(cfg), func(s *Settings) { s.Limiter = limiter })
			for i := range tt.calls {
				if _, err := c.FirstPage(context.Background(), testRequest()); err != nil {
					t.Fatalf("call %d: %v", i, err)
				}
			}

			var ctx context.Context
			var cancel context.CancelFunc
			if tt.deadline {
				ctx, cancel = context.WithTimeout(context.Background(), 5*time.Second)
			} else {
				ctx, cancel = context.WithCancel(context.Background())
				time.AfterFunc(50*time.Millisecond, cancel)
			}
			defer cancel()
			_, err := c.FirstPage(ctx, testRequest())

			want := context.Canceled
			if tt.deadline {
				want = context.DeadlineExceeded
			}
			if !errors.Is(err, want) {
				t.Fatalf("err = %v, want %v", err, want)
			}
			if n := len(srv.requests()); n != burst {
				t.Errorf("server received %d requests, want %d", n, burst)
			}
		})
	}
}
