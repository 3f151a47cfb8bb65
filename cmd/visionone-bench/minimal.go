package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/otel-visionone/trendmicrovisiononereceiver/internal/stream"
)

// minimalLoop is the end-to-end ceiling: the same pages as the receiver
// (the same windows, queries and page sizes, one goroutine per stream, no
// request budget), fetched with plain net/http and decoded with
// json.Unmarshal into any, nothing else: no validation of items, no
// translation, no dedup, no checkpoint.
func minimalLoop(ctx context.Context, sc scenario, endpoint, token string) (usage, error) {
	const window, ingestionDelay = time.Hour, 30 * time.Second // the receiver's settings
	cpu0, _ := selfCPU()
	start := time.Now()
	first := start.Add(-sc.lookback()).Truncate(time.Second).UTC()
	end := start.Add(-ingestionDelay).Truncate(time.Second).UTC()

	var items atomic.Int64
	client := &http.Client{Timeout: 75 * time.Second}
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	var wg sync.WaitGroup
	for _, f := range sc.feeds {
		wg.Go(func() {
			for from := first; from.Before(end); from = from.Add(window) {
				to := from.Add(window)
				if to.After(end) {
					to = end
				}
				link := endpoint + "/v3.0/" + f.name + "?" + windowQuery(f, from, to)
				for link != "" {
					n, next, err := fetch(ctx, client, link, token, f)
					if err != nil {
						cancel(err)
						return
					}
					items.Add(int64(n))
					link = next
				}
			}
		})
	}
	wg.Wait()
	if err := context.Cause(ctx); err != nil {
		return usage{}, err
	}
	elapsed := since(start)
	cpu, rss := selfCPU()
	return usage{Records: int(items.Load()), Seconds: elapsed, CPU: cpu - cpu0, PeakRSS: rss}, nil
}

// windowQuery is the receiver's first-page query of a window, from the
// registry.
func windowQuery(f feed, from, to time.Time) string {
	q := f.reg.Query(stream.Window{Start: from, End: to, Now: to}, f.sec.Top(f.pageSize))
	return strings.ReplaceAll(q.Encode(), "+", "%20")
}

// fetch reads one page and returns its item count and nextLink.
func fetch(ctx context.Context, client *http.Client, link, token string, f feed) (int, string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, link, nil)
	if err != nil {
		return 0, "", err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	if def := f.sec.Filter.Default; def != "" {
		req.Header.Set(f.sec.Filter.Header, def)
	}
	resp, err := client.Do(req)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return 0, "", err
	}
	if resp.StatusCode != http.StatusOK {
		return 0, "", fmt.Errorf("%s: %s", f.name, resp.Status)
	}
	var page any
	if err := json.Unmarshal(body, &page); err != nil {
		return 0, "", err
	}
	m, _ := page.(map[string]any)
	list, _ := m["items"].([]any)
	next, _ := m["nextLink"].(string)
	return len(list), next, nil
}
