package monitoring

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/common/model"
	"github.com/prometheus/common/promslog"
	"github.com/prometheus/prometheus/model/histogram"
	"github.com/prometheus/prometheus/model/labels"
	"github.com/prometheus/prometheus/model/rulefmt"
	"github.com/prometheus/prometheus/model/timestamp"
	"github.com/prometheus/prometheus/promql"
	"github.com/prometheus/prometheus/promql/parser"
	"github.com/prometheus/prometheus/storage"
	"github.com/prometheus/prometheus/template"
	"github.com/prometheus/prometheus/tsdb/chunkenc"
	"github.com/prometheus/prometheus/tsdb/chunks"
	"github.com/prometheus/prometheus/util/annotations"
	"go.yaml.in/yaml/v3"
)

// The rule tests are written in promtool's unit-test format
// (https://prometheus.io/docs/prometheus/latest/configuration/unit_testing_rules/),
// so `promtool test rules prometheus/alerts_test.yaml` runs them too (make
// promtool). Here they run on Prometheus's own rule parser (model/rulefmt),
// PromQL engine (promql) and template expander (template); the alert state
// machine of Prometheus's rules.AlertingRule.Eval is restated in alertRule
// below. promtool and the rules package are not used: through notifier and
// config they pull in Prometheus's service discovery and cloud SDKs, which
// take minutes to download and build cold.

const (
	rulesFile = "prometheus/alerts.yaml"
	testsFile = "prometheus/alerts_test.yaml"
)

// unitTestFile is the part of promtool's format the tests use. It is decoded
// strictly: a field this runner does not know fails rather than being
// silently ignored.
type unitTestFile struct {
	RuleFiles          []string    `yaml:"rule_files"`
	EvaluationInterval string      `yaml:"evaluation_interval"`
	Tests              []testGroup `yaml:"tests"`
}

type testGroup struct {
	Name           string          `yaml:"name"`
	Interval       string          `yaml:"interval"`
	InputSeries    []inputSeries   `yaml:"input_series"`
	AlertRuleTests []alertTestCase `yaml:"alert_rule_test"`
}

type inputSeries struct {
	Series string `yaml:"series"`
	Values string `yaml:"values"`
}

type alertTestCase struct {
	EvalTime  string     `yaml:"eval_time"`
	Alertname string     `yaml:"alertname"`
	ExpAlerts []expAlert `yaml:"exp_alerts"`
}

type expAlert struct {
	ExpLabels      map[string]string `yaml:"exp_labels"`
	ExpAnnotations map[string]string `yaml:"exp_annotations"`
}

func TestAlertRules(t *testing.T) {
	rules := loadRules(t)
	tests := loadTests(t)
	evalInterval := duration(t, tests.EvaluationInterval, time.Minute)

	for i, g := range tests.Tests {
		name := g.Name
		if name == "" {
			name = fmt.Sprintf("group%d", i)
			if len(g.AlertRuleTests) > 0 {
				name += "_" + g.AlertRuleTests[0].Alertname
			}
		}
		t.Run(name, func(t *testing.T) {
			runGroup(t, rules, g, evalInterval)
		})
	}
}

// TestAlertRulesCoverage: every alert has a case where it fires and one where
// it does not, and every case names an alert that exists (a misspelled name
// with exp_alerts: [] would pass without testing anything).
func TestAlertRulesCoverage(t *testing.T) {
	fires, quiet := map[string]int{}, map[string]int{}
	var names []string
	for _, r := range loadRules(t) {
		names = append(names, r.name)
	}
	for _, g := range loadTests(t).Tests {
		for _, c := range g.AlertRuleTests {
			if !slices.Contains(names, c.Alertname) {
				t.Errorf("%s: eval_time %s tests alert %q, which %s does not define", testsFile, c.EvalTime, c.Alertname, rulesFile)
			}
			if len(c.ExpAlerts) > 0 {
				fires[c.Alertname]++
			} else {
				quiet[c.Alertname]++
			}
		}
	}
	for _, n := range names {
		if fires[n] == 0 {
			t.Errorf("%s: no case where %s fires", testsFile, n)
		}
		if quiet[n] == 0 {
			t.Errorf("%s: no case where %s does not fire", testsFile, n)
		}
	}
}

func loadRules(t *testing.T) []*alertRule {
	t.Helper()
	groups, errs := rulefmt.ParseFile(rulesFile, false, model.UTF8Validation, parser.NewParser(parser.Options{}), promslog.NewNopLogger())
	if len(errs) > 0 {
		t.Fatal(errors.Join(errs...))
	}
	var out []*alertRule
	for _, g := range groups.Groups {
		for _, r := range g.Rules {
			switch {
			case r.Alert == "":
				t.Fatalf("%s: recording rule %s: this runner tests alerting rules only", rulesFile, r.Record)
			case r.KeepFiringFor != 0:
				// Not restated in alertRule.eval.
				t.Fatalf("%s: %s: keep_firing_for is not supported by this runner", rulesFile, r.Alert)
			}
			out = append(out, &alertRule{name: r.Alert, expr: r.Expr, hold: time.Duration(r.For), labels: r.Labels, annotations: r.Annotations})
		}
	}
	return out
}

func loadTests(t *testing.T) unitTestFile {
	t.Helper()
	raw, err := os.ReadFile(testsFile)
	if err != nil {
		t.Fatal(err)
	}
	var f unitTestFile
	dec := yaml.NewDecoder(bytes.NewReader(raw))
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil {
		t.Fatalf("%s: %v", testsFile, err)
	}
	// promtool resolves rule_files against the test file's directory.
	if want := []string{filepath.Base(rulesFile)}; !slices.Equal(f.RuleFiles, want) {
		t.Fatalf("%s: rule_files = %v, want %v", testsFile, f.RuleFiles, want)
	}
	return f
}

func duration(t *testing.T, s string, def time.Duration) time.Duration {
	t.Helper()
	if s == "" {
		return def
	}
	d, err := model.ParseDuration(s)
	if err != nil {
		t.Fatalf("%s: %v", testsFile, err)
	}
	return time.Duration(d)
}

// runGroup loads the group's series and evaluates every rule at each
// evaluation interval from 0 to the last eval_time, checking the firing
// alerts at each eval_time, as promtool does: a case at eval_time is checked
// against the evaluation at the last step at or before it.
func runGroup(t *testing.T, rules []*alertRule, g testGroup, evalInterval time.Duration) {
	ctx := context.Background()
	db := loadSeries(t, g.InputSeries, duration(t, g.Interval, time.Minute))
	engine := promql.NewEngine(promql.EngineOpts{
		Logger:     promslog.NewNopLogger(),
		MaxSamples: 1_000_000,
		Timeout:    time.Minute,
		// promqltest's engine (the one promtool uses) steps subqueries without
		// a step by a minute.
		NoStepSubqueryIntervalFn: func(int64) int64 { return time.Minute.Milliseconds() },
		EnableAtModifier:         true,
		EnableNegativeOffset:     true,
	})
	query := func(ctx context.Context, qs string, ts time.Time) (promql.Vector, error) {
		q, err := engine.NewInstantQuery(ctx, db, nil, qs, ts)
		if err != nil {
			return nil, err
		}
		defer q.Close()
		res := q.Exec(ctx)
		if res.Err != nil {
			return nil, res.Err
		}
		switch v := res.Value.(type) {
		case promql.Vector:
			return v, nil
		case promql.Scalar:
			return promql.Vector{{T: v.T, F: v.V, Metric: labels.EmptyLabels()}}, nil
		default:
			return nil, fmt.Errorf("rule result is a %s, not a vector or scalar", res.Value.Type())
		}
	}

	cases := slices.Clone(g.AlertRuleTests)
	at := make([]time.Duration, len(cases))
	var last time.Duration
	for i, c := range cases {
		at[i] = duration(t, c.EvalTime, 0)
		last = max(last, at[i])
	}
	for _, r := range rules {
		r.active = map[uint64]*alert{}
	}
	start := time.Unix(0, 0).UTC()
	for step := time.Duration(0); step <= last; step += evalInterval {
		ts := start.Add(step)
		for _, r := range rules {
			if err := r.eval(ctx, ts, query); err != nil {
				t.Fatalf("%s at %s: %v", r.name, step, err)
			}
		}
		for i, c := range cases {
			if step <= at[i] && at[i] < step+evalInterval {
				checkAlerts(t, c, rules)
			}
		}
	}
}

func checkAlerts(t *testing.T, c alertTestCase, rules []*alertRule) {
	t.Helper()
	var got []alertView
	for _, r := range rules {
		if r.name != c.Alertname {
			continue
		}
		for _, a := range r.active {
			if a.firing {
				l := a.labels.Map()
				delete(l, labels.AlertName)
				got = append(got, alertView{Labels: l, Annotations: a.annotations})
			}
		}
	}
	var want []alertView
	for _, e := range c.ExpAlerts {
		want = append(want, alertView{Labels: orEmpty(e.ExpLabels), Annotations: orEmpty(e.ExpAnnotations)})
	}
	sortViews(got)
	sortViews(want)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s at eval_time %s:\n got %s\nwant %s", c.Alertname, c.EvalTime, views(got), views(want))
	}
}

type alertView struct {
	Labels, Annotations map[string]string
}

func orEmpty(m map[string]string) map[string]string {
	if m == nil {
		return map[string]string{}
	}
	return m
}

func sortViews(v []alertView) {
	sort.Slice(v, func(i, j int) bool {
		return labels.FromMap(v[i].Labels).String() < labels.FromMap(v[j].Labels).String()
	})
}

func views(v []alertView) string {
	if len(v) == 0 {
		return "no firing alert"
	}
	var b strings.Builder
	for _, a := range v {
		fmt.Fprintf(&b, "\n    labels %s\n    annotations %s", labels.FromMap(a.Labels), labels.FromMap(a.Annotations))
	}
	return b.String()
}

// alertRule is one alerting rule and the state of its alerts.
type alertRule struct {
	name                string
	expr                string
	hold                time.Duration
	labels, annotations map[string]string
	active              map[uint64]*alert
}

type alert struct {
	labels      labels.Labels
	annotations map[string]string
	activeAt    time.Time
	firing      bool
}

// eval is Prometheus's rules.AlertingRule.Eval without what the tests
// do not use (keep_firing_for, the ALERTS series, resolved alerts kept for
// Alertmanager): each result sample is an alert, labelled with the sample's
// labels without __name__, the rule's labels and alertname, pending from the
// first evaluation it appears in and firing once it has been active for the
// rule's `for`; annotations are expanded with $labels and $value at every
// evaluation. An alert whose sample is gone is dropped.
func (r *alertRule) eval(ctx context.Context, ts time.Time, query template.QueryFunc) error {
	res, err := query(ctx, r.expr, ts)
	if err != nil {
		return err
	}
	defs := "{{$labels := .Labels}}{{$externalLabels := .ExternalLabels}}{{$externalURL := .ExternalURL}}{{$value := .Value}}"
	seen := map[uint64]bool{}
	for _, smpl := range res {
		data := template.AlertTemplateData(smpl.Metric.Map(), nil, "", smpl)
		expand := func(text string) string {
			tmpl := template.NewTemplateExpander(ctx, defs+text, "__alert_"+r.name, data,
				model.Time(timestamp.FromTime(ts)), query, nil, nil)
			out, err := tmpl.Expand()
			if err != nil {
				return fmt.Sprintf("<error expanding template: %s>", err)
			}
			return out
		}
		lb := labels.NewBuilder(smpl.Metric)
		lb.Del(labels.MetricName)
		for k, v := range r.labels {
			lb.Set(k, expand(v))
		}
		lb.Set(labels.AlertName, r.name)
		ann := map[string]string{}
		for k, v := range r.annotations {
			ann[k] = expand(v)
		}
		lbs := lb.Labels()
		h := lbs.Hash()
		if seen[h] {
			return fmt.Errorf("two result samples give the alert labels %s", lbs)
		}
		seen[h] = true
		if a, ok := r.active[h]; ok {
			a.annotations = ann
		} else {
			r.active[h] = &alert{labels: lbs, annotations: ann, activeAt: ts}
		}
	}
	for h, a := range r.active {
		if !seen[h] {
			delete(r.active, h)
			continue
		}
		if !a.firing && ts.Sub(a.activeAt) >= r.hold {
			a.firing = true
		}
	}
	return nil
}

// loadSeries turns the input series (promtool's expanding notation, parsed
// by PromQL's own parser: "1+2x3", "_" for a missing sample, "stale" for a
// staleness marker) into an in-memory storage, sample i at i*interval.
func loadSeries(t *testing.T, in []inputSeries, interval time.Duration) storage.Queryable {
	t.Helper()
	p := parser.NewParser(parser.Options{})
	var db memSeries
	for _, s := range in {
		lset, vals, err := p.ParseSeriesDesc(s.Series + " " + s.Values)
		if err != nil {
			t.Fatalf("%s: series %s: %v", testsFile, s.Series, err)
		}
		var pts []chunks.Sample
		for i, v := range vals {
			if v.Omitted {
				continue
			}
			if v.Histogram != nil {
				t.Fatalf("%s: series %s: histograms are not supported by this runner", testsFile, s.Series)
			}
			pts = append(pts, point{t: (time.Duration(i) * interval).Milliseconds(), f: v.Value})
		}
		db = append(db, storage.NewListSeries(lset, pts))
	}
	sort.Slice(db, func(i, j int) bool { return labels.Compare(db[i].Labels(), db[j].Labels()) < 0 })
	return db
}

// memSeries is a storage of a few float series, enough for the engine.
type memSeries []storage.Series

func (m memSeries) Querier(_, _ int64) (storage.Querier, error) { return m, nil }

func (m memSeries) Select(_ context.Context, _ bool, _ *storage.SelectHints, ms ...*labels.Matcher) storage.SeriesSet {
	var out []storage.Series
	for _, s := range m {
		if matches(s.Labels(), ms) {
			out = append(out, s)
		}
	}
	return &seriesSet{series: out, i: -1}
}

func (m memSeries) LabelValues(_ context.Context, name string, _ *storage.LabelHints, ms ...*labels.Matcher) ([]string, annotations.Annotations, error) {
	var out []string
	for _, s := range m {
		if v := s.Labels().Get(name); v != "" && matches(s.Labels(), ms) && !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	slices.Sort(out)
	return out, nil, nil
}

func (m memSeries) LabelNames(_ context.Context, _ *storage.LabelHints, ms ...*labels.Matcher) ([]string, annotations.Annotations, error) {
	var out []string
	for _, s := range m {
		if matches(s.Labels(), ms) {
			s.Labels().Range(func(l labels.Label) {
				if !slices.Contains(out, l.Name) {
					out = append(out, l.Name)
				}
			})
		}
	}
	slices.Sort(out)
	return out, nil, nil
}

func (memSeries) Close() error { return nil }

func matches(l labels.Labels, ms []*labels.Matcher) bool {
	for _, m := range ms {
		if !m.Matches(l.Get(m.Name)) {
			return false
		}
	}
	return true
}

type seriesSet struct {
	series []storage.Series
	i      int
}

func (s *seriesSet) Next() bool                      { s.i++; return s.i < len(s.series) }
func (s *seriesSet) At() storage.Series              { return s.series[s.i] }
func (*seriesSet) Err() error                        { return nil }
func (*seriesSet) Warnings() annotations.Annotations { return nil }

// point is a float sample. A "stale" value is already Prometheus's staleness
// marker (value.StaleNaN), which the engine treats as the series' end.
type point struct {
	t int64
	f float64
}

func (p point) T() int64                    { return p.t }
func (p point) ST() int64                   { return 0 }
func (p point) F() float64                  { return p.f }
func (point) H() *histogram.Histogram       { return nil }
func (point) FH() *histogram.FloatHistogram { return nil }
func (point) Type() chunkenc.ValueType      { return chunkenc.ValFloat }
func (p point) Copy() chunks.Sample         { return p }
