package simulator

import (
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/otel-visionone/trendmicrovisiononereceiver/simulator/internal/gen"
)

// PipelineTruth lists, for the pipeline id (OAT or Data Lake), the packages
// that exist now whose createdDateTime lies in [from, to), oldest first,
// and the key of every line of those packages, in package and line order:
// the record's key as GroundTruth gives it (uuid; for the email, network and
// VPC flow items, which carry none, the SHA-256 of the item's canonical
// JSON, which is also the line's). An unknown id is an error.
func (s *Simulator) PipelineTruth(id string, from, to time.Time) (packages []string, keys []string, err error) {
	p := s.pipelines.get(nil, id)
	if p == nil {
		return nil, nil, fmt.Errorf("no pipeline %q", id)
	}
	now := s.clock.Now()
	c := s.packageClock()
	lo, hi := c.packages(from.UnixMilli(), to.UnixMilli(), now.UnixMilli())
	packages, keys = []string{}, []string{}
	for k := lo; k < hi; k++ {
		packages = append(packages, s.packageID(c, id, k))
		err := s.eachLine(s.contentOf(c, p, k, now), func(v view, i int32, _ map[string]any) error {
			keys = append(keys, gen.Key(v.genRecord(i)))
			return nil
		})
		if err != nil {
			return nil, nil, err
		}
	}
	return packages, keys, nil
}

type pipelineTruthJSON struct {
	ID       string    `json:"id"`
	Start    time.Time `json:"start"`
	End      time.Time `json:"end"`
	Packages []string  `json:"packages"`
	Count    int       `json:"count"` // of keys
	Keys     []string  `json:"keys"`
}

// adminPipelineTruth serves PipelineTruth: GET
// /admin/pipelinetruth?id=<pipeline>&start=<RFC 3339>&end=<RFC 3339>.
func (s *Simulator) adminPipelineTruth(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	start, end, errs := timeRangeParams(q)
	res := pipelineTruthJSON{ID: q.Get("id"), Start: start, End: end}
	if err := errors.Join(errs...); err != nil {
		adminError(w, http.StatusBadRequest, err)
		return
	}
	var err error
	if res.Packages, res.Keys, err = s.PipelineTruth(res.ID, res.Start, res.End); err != nil {
		adminError(w, http.StatusNotFound, err)
		return
	}
	res.Count = len(res.Keys)
	writeAdmin(w, http.StatusOK, res)
}
