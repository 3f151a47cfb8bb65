package stream

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"go.opentelemetry.io/collector/config/configretry"
	"golang.org/x/time/rate"

	"github.com/otel-visionone/trendmicrovisiononereceiver/internal/client"
	"github.com/otel-visionone/trendmicrovisiononereceiver/internal/translate"
)

// budgetPager is a fakeAPI behind a request budget shared with other
// streams, as the client's: every page waits for a token first.
type budgetPager struct {
	*fakeAPI
	budget *rate.Limiter
	n      *atomic.Int64
}

// wait counts the requests the budget let through: a wait cut short by the
// run's end sends nothing.
func (p budgetPager) wait(ctx context.Context) error {
	if err := p.budget.Wait(ctx); err != nil {
		return err
	}
	p.n.Add(1)
	return nil
}

func (p budgetPager) FirstPage(ctx context.Context, req client.Request) (*client.Page, error) {
	if err := p.wait(ctx); err != nil {
		return nil, err
	}
	return p.fakeAPI.FirstPage(ctx, req)
}

func (p budgetPager) NextPage(ctx context.Context, req client.Request, link string) (*client.Page, error) {
	if err := p.wait(ctx); err != nil {
		return nil, err
	}
	return p.fakeAPI.NextPage(ctx, req, link)
}

// BenchmarkBacklogShare: a rate-limited tenant, 20 requests a minute shared
// by five streams, four caught up and polling every 10 s, one with a month
// of backlog. Time runs 60 times faster than the wall (the budget is 20 a
// second, the polls every 166 ms), for 3 s of wall time, three minutes of
// the tenant's. backlog_share is the backlogged stream's part of the
// requests made, backlog_pages/min its pages a minute in the tenant's time;
// an even split would give it a fifth (4 a minute), read one window at a
// time it gets less, reading ahead more.
//
//	go test ./internal/stream -run '^$' -bench BenchmarkBacklogShare -benchtime 1x
func BenchmarkBacklogShare(b *testing.B) {
	const speed, streams = 60, 5
	for _, windows := range []int{1, 8} {
		b.Run(fmt.Sprintf("windows_in_flight=%d", windows), func(b *testing.B) {
			var shares, perMinute float64
			for b.Loop() {
				share, pages := backlogShare(b, windows, speed, streams)
				shares += share
				perMinute += pages
			}
			b.ReportMetric(shares/float64(b.N), "backlog_share")
			b.ReportMetric(perMinute/float64(b.N), "backlog_pages/min")
		})
	}
}

func backlogShare(b *testing.B, windows int, speed float64, streams int) (share, perMinute float64) {
	wall0 := time.Now()
	tenant0 := t0
	now := func() time.Time { return tenant0.Add(time.Duration(float64(time.Since(wall0)) * speed)) }
	budget := rate.NewLimiter(rate.Limit(20.0/60*speed), 1)
	var counts = make([]atomic.Int64, streams)
	var backlog []rec
	for i := range 30 * 24 * 12 { // a record every 5 minutes for a month
		backlog = append(backlog, rec{fmt.Sprintf("b%05d", i), t0.Add(-30*24*time.Hour + time.Duration(i)*5*time.Minute + time.Second)})
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	var wg sync.WaitGroup
	for i := range streams {
		api := &fakeAPI{kind: translate.AuditLog, order: Ascending, pageSize: 50}
		interval, lookback := time.Duration(float64(10*time.Second)/speed), time.Minute
		if i == 0 {
			api.records, interval, lookback = backlog, time.Minute, 31*24*time.Hour
		}
		tr, err := translate.New(translate.Options{Kind: api.kind, EventName: "bench"})
		if err != nil {
			b.Fatal(err)
		}
		s := New(Spec{
			Name: fmt.Sprint("s", i), Path: "/v3.0/test", Order: api.order, Translator: tr,
			Query:    newTestQuery,
			Interval: interval, InitialLookback: lookback,
		}, Settings{
			Pager: budgetPager{api, budget, &counts[i]}, Store: newStore(), Consumer: &sink{},
			MaxWindow: time.Hour, Now: now, WindowsInFlight: windows, BackOff: configretry.NewDefaultBackOffConfig(),
		})
		wg.Add(1)
		go func() { defer wg.Done(); s.Run(ctx) }()
	}
	wg.Wait()
	total := int64(0)
	for i := range counts {
		total += counts[i].Load()
	}
	tenantMinutes := float64(time.Since(wall0)) * speed / float64(time.Minute)
	return float64(counts[0].Load()) / float64(total), float64(counts[0].Load()) / tenantMinutes
}
