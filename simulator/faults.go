package simulator

import (
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"time"
)

// FaultKind names a fault the simulator can inject.
type FaultKind string

// Fault kinds. Status, latency and expire-tokens act before a request is
// handled; the link and duplicate faults shape list pages (and fire only on
// a page they can change); the body faults alter a 200 response.
const (
	FaultStatus       FaultKind = "status"        // answer Status (429, 500, 502, 503, 504; 408 on search) with the endpoint's body
	FaultError        FaultKind = "error"         // answer the endpoint's documented 400 body of error Number (OAT 1010420, 1000520)
	FaultLatency      FaultKind = "latency"       // wait Latency first; 504 if it exceeds the request deadline
	FaultExpireTokens FaultKind = "expire-tokens" // expire the outstanding page tokens of the endpoint it fires on, then serve
	FaultDuplicate    FaultKind = "duplicate"     // repeat the previous page's last item first on a follow-up page
	FaultForeignLink  FaultKind = "foreign-link"  // nextLink on another host (Host, default foreign.invalid)
	FaultEndlessChain FaultKind = "endless-chain" // a nextLink on the last page (leading to empty pages)
	FaultSpaceInLink  FaultKind = "space-in-link" // nextLink with unencoded spaces, e.g. `orderBy=createdDateTime asc` (§1.5)
	FaultTruncate     FaultKind = "truncate"      // close the connection after Percent of the body (JSON pages, package downloads)
	FaultMalformed    FaultKind = "malformed"     // a 200 whose body is not valid JSON
	FaultHugeBody     FaultKind = "huge-body"     // pad the body with SizeMB MiB of whitespace
	FaultGone         FaultKind = "gone"          // a package download answers the documented 404 (the package has gone)
)

var faultKinds = []FaultKind{
	FaultStatus, FaultError, FaultLatency, FaultExpireTokens, FaultDuplicate, FaultForeignLink,
	FaultEndlessChain, FaultSpaceInLink, FaultTruncate, FaultMalformed, FaultHugeBody, FaultGone,
}

const defaultForeignHost = "foreign.invalid"

// Fault is one injection rule. It fires on the next Count matching requests,
// or with Probability on each (drawn from an RNG seeded by Options.Seed, so
// runs repeat).
type Fault struct {
	Kind FaultKind
	// Endpoint is a feed Kind (e.g. "oat/detections"), "healthcheck/connectivity",
	// "search/*" for every search source, a data pipeline endpoint
	// ("oat/dataPipelines", "oat/dataPipelines/packages",
	// "oat/dataPipelines/packages/{packageId}", the same under
	// "datalake/dataPipelines"), "oat/dataPipelines/*" or
	// "datalake/dataPipelines/*" for all of one pipeline API's, or "" /
	// "*" for all.
	Endpoint    string
	Status      int           // FaultStatus
	Number      int           // FaultError: a documented error number
	Latency     time.Duration // FaultLatency
	SizeMB      int           // FaultHugeBody
	Host        string        // FaultForeignLink
	Percent     int           // FaultTruncate: how much of the body is sent, 1..99; 0: half
	Count       int
	Probability float64
}

// percent is how much of the body a truncate fault sends.
func (f Fault) percent() int {
	if f.Percent == 0 {
		return 50
	}
	return f.Percent
}

// faultJSON is Fault on the admin API, with the latency as a Go duration string.
type faultJSON struct {
	Kind        FaultKind `json:"kind"`
	Endpoint    string    `json:"endpoint,omitempty"`
	Status      int       `json:"status,omitempty"`
	Number      int       `json:"number,omitempty"`
	Latency     string    `json:"latency,omitempty"`
	SizeMB      int       `json:"sizeMB,omitempty"`
	Host        string    `json:"host,omitempty"`
	Percent     int       `json:"percent,omitempty"`
	Count       int       `json:"count,omitempty"`
	Probability float64   `json:"probability,omitempty"`
}

// MarshalJSON writes the latency as a duration string ("250ms").
func (f Fault) MarshalJSON() ([]byte, error) {
	j := faultJSON{f.Kind, f.Endpoint, f.Status, f.Number, "", f.SizeMB, f.Host, f.Percent, f.Count, f.Probability}
	if f.Latency != 0 {
		j.Latency = f.Latency.String()
	}
	return json.Marshal(j)
}

// UnmarshalJSON reads the form MarshalJSON writes.
func (f *Fault) UnmarshalJSON(b []byte) error {
	var j faultJSON
	dec := json.NewDecoder(strings.NewReader(string(b)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&j); err != nil {
		return err
	}
	*f = Fault{Kind: j.Kind, Endpoint: j.Endpoint, Status: j.Status, Number: j.Number, SizeMB: j.SizeMB, Host: j.Host,
		Percent: j.Percent, Count: j.Count, Probability: j.Probability}
	if j.Latency != "" {
		d, err := time.ParseDuration(j.Latency)
		if err != nil {
			return fmt.Errorf("latency: %w", err)
		}
		f.Latency = d
	}
	return nil
}

func (f Fault) validate() error {
	var errs []error
	if !slices.Contains(faultKinds, f.Kind) {
		errs = append(errs, fmt.Errorf("unknown kind %q (want one of %v)", f.Kind, faultKinds))
	}
	switch f.Endpoint {
	case "", "*":
	default:
		if !knownEndpoint(f.Endpoint) && !knownGroup(f.Endpoint) {
			errs = append(errs, fmt.Errorf("unknown endpoint %q", f.Endpoint))
		}
	}
	switch {
	case f.Kind == FaultStatus && !slices.Contains([]int{408, 429, 500, 502, 503, 504}, f.Status):
		errs = append(errs, fmt.Errorf("status %d: want 429, 500, 502, 503, 504 or 408", f.Status))
	case f.Kind == FaultError && !documentedNumber(f.Number):
		errs = append(errs, fmt.Errorf("number %d: want one of %v", f.Number, errorNumbers()))
	case f.Kind == FaultLatency && f.Latency <= 0:
		errs = append(errs, errors.New("latency must be positive"))
	case f.Kind == FaultHugeBody && (f.SizeMB <= 0 || f.SizeMB > 1024):
		errs = append(errs, errors.New("sizeMB must be in 1..1024"))
	case f.Percent < 0 || f.Percent > 99 || f.Percent != 0 && f.Kind != FaultTruncate:
		errs = append(errs, errors.New("percent must be in 1..99, on a truncate fault only"))
	}
	if (f.Count > 0) == (f.Probability > 0) || f.Count < 0 || f.Probability < 0 || f.Probability > 1 {
		errs = append(errs, errors.New("set exactly one of count (> 0) or probability (0 < p <= 1)"))
	}
	return errors.Join(errs...)
}

// matches reports whether the rule applies to an endpoint. A 408 exists on
// the endpoints that document it only (search, §1.7), an error number on
// the endpoints that document it, so neither fires elsewhere.
func (f Fault) matches(endpoint string) bool {
	fd := feedByKind(Feed(endpoint))
	if f.Kind == FaultStatus && f.Status == 408 && (fd == nil || !fd.requestTimeout) {
		return false
	}
	if f.Kind == FaultError && numberedError(endpoint, f.Number) == nil {
		return false
	}
	if f.Kind == FaultGone && !isDownloadEndpoint(endpoint) { // only a package can be gone
		return false
	}
	switch f.Endpoint {
	case "", "*":
		return true
	}
	pa := pipelineEndpoint(endpoint)
	return f.Endpoint == endpoint || fd != nil && fd.inGroup(f.Endpoint) || pa != nil && f.Endpoint == pa.group()
}

// knownGroup reports whether pattern is "<group>/*" for a group of feeds,
// or of a pipeline API's endpoints.
func knownGroup(pattern string) bool {
	return slices.ContainsFunc(feedList, func(f *feed) bool { return f.inGroup(pattern) }) ||
		slices.ContainsFunc(pipelineAPIs, func(a *pipelineAPI) bool { return a.group() == pattern })
}

// errorNumbers lists the error numbers the error fault can inject, by feed.
func errorNumbers() map[Feed][]int {
	m := map[Feed][]int{}
	for _, f := range feedList {
		if len(f.errorNumbers) > 0 {
			m[f.kind] = f.errorNumbers
		}
	}
	return m
}

// documentedNumber reports whether some endpoint documents number.
func documentedNumber(number int) bool {
	return slices.ContainsFunc(feedList, func(f *feed) bool { return slices.Contains(f.errorNumbers, number) })
}

// numberedError is the body of an injected error number on an endpoint,
// or nil when the endpoint does not document the number.
func numberedError(endpoint string, number int) *apiError {
	f := feedByKind(Feed(endpoint))
	if f == nil || !slices.Contains(f.errorNumbers, number) {
		return nil
	}
	return f.numberedError(number)
}

// faultSet holds the active rules.
type faultSet struct {
	mu    sync.Mutex
	rules []Fault
	rng   *rand.Rand
}

func newFaultSet(seed uint64, rules []Fault) *faultSet {
	return &faultSet{rules: slices.Clone(rules), rng: rand.New(rand.NewPCG(seed, 0xfa017))}
}

// take returns the first rule of kind that fires for endpoint, consuming one
// of its counts. Callers ask only when the fault could change the answer.
func (s *faultSet) take(endpoint string, kind FaultKind) (Fault, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, f := range s.rules {
		if f.Kind != kind || !f.matches(endpoint) {
			continue
		}
		if f.Count > 0 {
			if s.rules[i].Count--; s.rules[i].Count == 0 {
				s.rules = slices.Delete(s.rules, i, i+1)
			}
			return f, true
		}
		if s.rng.Float64() < f.Probability {
			return f, true
		}
	}
	return Fault{}, false
}

func (s *faultSet) list() []Fault {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.rules)
}

func (s *faultSet) replace(rules []Fault) error {
	for i, f := range rules {
		if err := f.validate(); err != nil {
			return fmt.Errorf("fault %d: %w", i+1, err)
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rules = slices.Clone(rules)
	return nil
}

// ParseFault reads a fault written as comma-separated key=value pairs, the
// form the command's -fault flag takes, e.g.
// `kind=status,status=503,endpoint=oat/detections,count=2` or
// `kind=latency,latency=2s,probability=0.1`.
func ParseFault(spec string) (Fault, error) {
	var f Fault
	for _, pair := range strings.Split(spec, ",") {
		k, v, ok := strings.Cut(strings.TrimSpace(pair), "=")
		if !ok {
			return Fault{}, fmt.Errorf("fault %q: want key=value pairs", spec)
		}
		var err error
		switch k {
		case "kind":
			f.Kind = FaultKind(v)
		case "endpoint":
			f.Endpoint = v
		case "host":
			f.Host = v
		case "status":
			_, err = fmt.Sscan(v, &f.Status)
		case "number":
			_, err = fmt.Sscan(v, &f.Number)
		case "sizeMB":
			_, err = fmt.Sscan(v, &f.SizeMB)
		case "percent":
			_, err = fmt.Sscan(v, &f.Percent)
		case "count":
			_, err = fmt.Sscan(v, &f.Count)
		case "probability":
			_, err = fmt.Sscan(v, &f.Probability)
		case "latency":
			f.Latency, err = time.ParseDuration(v)
		default:
			err = errors.New("unknown key")
		}
		if err != nil {
			return Fault{}, fmt.Errorf("fault %q: %s: %w", spec, k, err)
		}
	}
	return f, f.validate()
}
