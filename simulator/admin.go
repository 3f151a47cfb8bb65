package simulator

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"
)

// The admin API (JSON, outside /v3.0/, unauthenticated: the simulator is a
// loopback test fixture) exposes the Go methods of Simulator over HTTP.
func (s *Simulator) registerAdmin(mux *http.ServeMux) {
	mux.HandleFunc("GET /admin/clock", s.adminClock)
	mux.HandleFunc("POST /admin/clock/advance", s.adminAdvance)
	mux.HandleFunc("POST /admin/clock/set", s.adminSetClock)
	mux.HandleFunc("GET /admin/faults", s.adminFaults)
	mux.HandleFunc("PUT /admin/faults", s.adminReplaceFaults)
	mux.HandleFunc("POST /admin/faults", s.adminAddFault)
	mux.HandleFunc("DELETE /admin/faults", s.adminClearFaults)
	mux.HandleFunc("POST /admin/tokens/expire", s.adminExpireTokens)
	mux.HandleFunc("GET /admin/groundtruth", s.adminGroundTruth)
	mux.HandleFunc("GET /admin/pipelinetruth", s.adminPipelineTruth)
	mux.HandleFunc("GET /admin/stats", s.adminStats)
	mux.HandleFunc("DELETE /admin/stats", s.adminResetStats)
	mux.HandleFunc("GET /admin/arrivals", s.adminArrivals)
	mux.HandleFunc("PUT /admin/arrivals", s.adminSetArrivals)
	mux.HandleFunc("DELETE /admin/arrivals", s.adminClearArrivals)
}

type clockJSON struct {
	Now  time.Time `json:"now"`
	Mode ClockMode `json:"mode"`
}

func (s *Simulator) adminClock(w http.ResponseWriter, _ *http.Request) {
	writeAdmin(w, http.StatusOK, clockJSON{Now: s.Now(), Mode: s.clock.Mode()})
}

func (s *Simulator) adminAdvance(w http.ResponseWriter, r *http.Request) {
	var req struct {
		By string `json:"by"` // a Go duration, e.g. "5m"
	}
	if !readAdmin(w, r, &req) {
		return
	}
	d, err := time.ParseDuration(req.By)
	if err != nil {
		adminError(w, http.StatusBadRequest, fmt.Errorf("by: %w", err))
		return
	}
	s.Advance(d)
	s.adminClock(w, r)
}

func (s *Simulator) adminSetClock(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Time time.Time `json:"time"`
	}
	if !readAdmin(w, r, &req) {
		return
	}
	s.SetTime(req.Time)
	s.adminClock(w, r)
}

func (s *Simulator) adminFaults(w http.ResponseWriter, _ *http.Request) {
	writeAdmin(w, http.StatusOK, s.Faults())
}

func (s *Simulator) adminReplaceFaults(w http.ResponseWriter, r *http.Request) {
	var rules []Fault
	if !readAdmin(w, r, &rules) {
		return
	}
	if err := s.SetFaults(rules...); err != nil {
		adminError(w, http.StatusBadRequest, err)
		return
	}
	writeAdmin(w, http.StatusOK, s.Faults())
}

func (s *Simulator) adminAddFault(w http.ResponseWriter, r *http.Request) {
	var rule Fault
	if !readAdmin(w, r, &rule) {
		return
	}
	if err := s.SetFaults(append(s.Faults(), rule)...); err != nil {
		adminError(w, http.StatusBadRequest, err)
		return
	}
	writeAdmin(w, http.StatusOK, s.Faults())
}

func (s *Simulator) adminClearFaults(w http.ResponseWriter, _ *http.Request) {
	s.ClearFaults()
	writeAdmin(w, http.StatusOK, []Fault{})
}

func (s *Simulator) adminExpireTokens(w http.ResponseWriter, _ *http.Request) {
	s.ExpireTokens()
	w.WriteHeader(http.StatusNoContent)
}

type groundTruthJSON struct {
	Feed   Feed      `json:"feed"`
	Target string    `json:"target"`
	Start  time.Time `json:"start"`
	End    time.Time `json:"end"`
	Count  int       `json:"count"`
	Keys   []string  `json:"keys"`
}

// timeRangeParams reads an admin query's start and end (RFC 3339), with an
// error naming each that does not parse.
func timeRangeParams(q url.Values) (start, end time.Time, errs []error) {
	parse := func(name string) time.Time {
		t, err := time.Parse(time.RFC3339Nano, q.Get(name))
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", name, err))
		}
		return t
	}
	return parse("start"), parse("end"), errs
}

func (s *Simulator) adminGroundTruth(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	start, end, errs := timeRangeParams(q)
	res := groundTruthJSON{Feed: Feed(q.Get("feed")), Target: q.Get("target"), Start: start, End: end}
	versions, err := strconv.ParseBool(cmp.Or(q.Get("versions"), "false"))
	if err != nil {
		errs = append(errs, fmt.Errorf("versions: %w", err))
	}
	if err := errors.Join(errs...); err != nil {
		adminError(w, http.StatusBadRequest, err)
		return
	}
	res.Keys, err = s.GroundTruth(res.Feed, res.Target, res.Start, res.End, versions)
	if err != nil {
		adminError(w, http.StatusBadRequest, err)
		return
	}
	if res.Keys == nil {
		res.Keys = []string{}
	}
	res.Count = len(res.Keys)
	writeAdmin(w, http.StatusOK, res)
}

func (s *Simulator) adminStats(w http.ResponseWriter, _ *http.Request) {
	writeAdmin(w, http.StatusOK, s.Stats())
}

func (s *Simulator) adminResetStats(w http.ResponseWriter, _ *http.Request) {
	s.ResetStats()
	w.WriteHeader(http.StatusNoContent)
}

type arrivalsJSON struct {
	StopTime *time.Time `json:"stopTime"` // null: arrivals continue
}

func (s *Simulator) adminArrivals(w http.ResponseWriter, _ *http.Request) {
	var res arrivalsJSON
	if t := s.StopTime(); !t.IsZero() {
		res.StopTime = &t
	}
	writeAdmin(w, http.StatusOK, res)
}

func (s *Simulator) adminSetArrivals(w http.ResponseWriter, r *http.Request) {
	var req arrivalsJSON
	if !readAdmin(w, r, &req) {
		return
	}
	if req.StopTime == nil {
		s.ClearStopTime()
	} else {
		s.SetStopTime(*req.StopTime)
	}
	s.adminArrivals(w, r)
}

func (s *Simulator) adminClearArrivals(w http.ResponseWriter, r *http.Request) {
	s.ClearStopTime()
	s.adminArrivals(w, r)
}

// readAdmin decodes a JSON request body strictly; on failure it answers 400.
func readAdmin(w http.ResponseWriter, r *http.Request, v any) bool {
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<20))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		adminError(w, http.StatusBadRequest, fmt.Errorf("request body: %w", err))
		return false
	}
	return true
}

func writeAdmin(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func adminError(w http.ResponseWriter, status int, err error) {
	writeAdmin(w, status, map[string]string{"error": err.Error()})
}
