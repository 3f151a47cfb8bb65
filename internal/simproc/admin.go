package simproc

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// StatusError is an admin API answer outside 2xx.
type StatusError struct {
	Method, Path string
	StatusCode   int
	Status       string // e.g. "400 Bad Request"
	// Body is the start of the answer: the simulator says there what was
	// wrong with the call.
	Body string
}

func (e *StatusError) Error() string {
	msg := fmt.Sprintf("simulator %s %s: %s", e.Method, e.Path, e.Status)
	if e.Body != "" {
		msg += ": " + e.Body
	}
	return msg
}

// maxErrorBody is as much of an error answer as StatusError keeps.
const maxErrorBody = 4 << 10

// Admin calls the simulator's admin API: method on path (from "/admin/"),
// with in (if not nil) as the JSON body and the JSON answer decoded into
// out (if not nil). ctx bounds the call; Admin sets no timeout of its own.
func (s *Sim) Admin(ctx context.Context, method, path string, in, out any) error {
	var body io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return fmt.Errorf("simulator %s %s: %w", method, path, err)
		}
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, s.base+path, body)
	if err != nil {
		return err
	}
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err // a *url.Error: it names the method and URL
	}
	defer resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		msg, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
		return &StatusError{Method: method, Path: path, StatusCode: resp.StatusCode, Status: resp.Status,
			Body: strings.TrimSpace(string(msg))}
	}
	if out == nil {
		_, _ = io.Copy(io.Discard, resp.Body) // so the connection is reused
		return nil
	}
	if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
		return fmt.Errorf("simulator %s %s: decoding the answer: %w", method, path, err)
	}
	return nil
}

// Now is the simulator's clock.
func (s *Sim) Now(ctx context.Context) (time.Time, error) {
	var c struct {
		Now time.Time `json:"now"`
	}
	err := s.Admin(ctx, http.MethodGet, "/admin/clock", nil, &c)
	return c.Now, err
}

// StopArrivals ends the data at at: no record has an event time at or
// after it.
func (s *Sim) StopArrivals(ctx context.Context, at time.Time) error {
	return s.Admin(ctx, http.MethodPut, "/admin/arrivals", map[string]time.Time{"stopTime": at}, nil)
}

// Query selects ground truth: the records of Feed whose Target time is in
// [Start, End). Times are sent to the second.
type Query struct {
	Feed   string // the API path after /v3.0/, e.g. "oat/detections"
	Target string // the record's time field, e.g. "detectedDateTime"
	Start  time.Time
	End    time.Time
	// Versions lists workbench alerts once per version, as
	// id@updatedDateTime.
	Versions bool
}

// Truth is the simulator's ground truth for a Query.
type Truth struct {
	Count int      `json:"count"`
	Keys  []string `json:"keys"` // the records' keys
}

// GroundTruth lists the records q selects.
func (s *Sim) GroundTruth(ctx context.Context, q Query) (Truth, error) {
	v := url.Values{
		"feed": {q.Feed}, "target": {q.Target}, "versions": {strconv.FormatBool(q.Versions)},
		"start": {q.Start.UTC().Format(time.RFC3339)}, "end": {q.End.UTC().Format(time.RFC3339)},
	}
	var tr Truth
	err := s.Admin(ctx, http.MethodGet, "/admin/groundtruth?"+v.Encode(), nil, &tr)
	return tr, err
}

// PipelineQuery selects a data pipeline's ground truth: the packages of
// pipeline ID (OAT or Data Lake) created in [Start, End). Times are sent
// to the second.
type PipelineQuery struct {
	ID    string
	Start time.Time
	End   time.Time
}

// PipelineTruth is the simulator's ground truth for a PipelineQuery
// (simulator.Simulator.PipelineTruth, as /admin/pipelinetruth serves it).
type PipelineTruth struct {
	Packages []string `json:"packages"` // package ids, oldest first
	Count    int      `json:"count"`    // of keys
	// Keys are the keys of every line of those packages, in package and
	// line order: uuid, or for an item without one the SHA-256 of its
	// canonical JSON.
	Keys []string `json:"keys"`
}

// PipelineTruth lists the packages and line keys q selects.
func (s *Sim) PipelineTruth(ctx context.Context, q PipelineQuery) (PipelineTruth, error) {
	v := url.Values{"id": {q.ID}, "start": {q.Start.UTC().Format(time.RFC3339)}, "end": {q.End.UTC().Format(time.RFC3339)}}
	var tr PipelineTruth
	err := s.Admin(ctx, http.MethodGet, "/admin/pipelinetruth?"+v.Encode(), nil, &tr)
	return tr, err
}

// Stats is what the simulator counted since it started or ResetStats
// (simulator.Stats, as /admin/stats serves it).
type Stats struct {
	// Requests counts answers by key name, endpoint and HTTP status.
	Requests map[string]map[string]map[int]int `json:"requests"`
	// Throttled counts 429 answers.
	Throttled int `json:"throttled"`
	// PeakPerMinute is, per key name, the most requests in any 60 s.
	PeakPerMinute map[string]int `json:"peakPerMinute"`
}

// Stats reads the simulator's counters.
func (s *Sim) Stats(ctx context.Context) (Stats, error) {
	var st Stats
	err := s.Admin(ctx, http.MethodGet, "/admin/stats", nil, &st)
	return st, err
}

// ResetStats zeroes the simulator's counters.
func (s *Sim) ResetStats(ctx context.Context) error {
	return s.Admin(ctx, http.MethodDelete, "/admin/stats", nil, nil)
}

// SetFaults replaces the simulator's armed faults with rules, a JSON list
// of fault rules (such as []simulator.Fault: this package does not import
// the simulator).
func (s *Sim) SetFaults(ctx context.Context, rules any) error {
	return s.Admin(ctx, http.MethodPut, "/admin/faults", rules, nil)
}

// Faults decodes the faults still armed (not yet fired) into into, e.g. a
// *[]simulator.Fault.
func (s *Sim) Faults(ctx context.Context, into any) error {
	return s.Admin(ctx, http.MethodGet, "/admin/faults", nil, into)
}
