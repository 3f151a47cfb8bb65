package trendmicrovisiononereceiver

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"
)

// The monitoring kit (monitoring/; README, Monitoring) is held here to the
// metrics the receiver declares in metadata.yaml, under the names the
// collector really exposes them (monitoring/testdata/collector-metrics.txt,
// a scrape of otelcol-visionone): every query of the Grafana dashboard and
// of the alert rules reads only those, and the dashboard shows each of the
// receiver's metrics. What the rules do is tested in monitoring/ itself, a
// module of its own so that Prometheus's packages stay out of this go.mod;
// here the queries are read by the small PromQL scanner below.

const (
	monitoringDashboard = "monitoring/grafana/trendmicro-visionone.json"
	monitoringRules     = "monitoring/prometheus/alerts.yaml"
	monitoringScrape    = "monitoring/testdata/collector-metrics.txt"
)

// exposedName is how the collector's Prometheus reader names an instrument
// of metadata.yaml: with an "otelcol_" prefix and no suffix, neither "_total"
// on counters nor the unit (collector-metrics.txt;
// TestMonitoringNamesAreTheCollectors holds the mapping to it).
func exposedName(instrument string) string { return "otelcol_" + instrument }

// promMetric is a metric as Prometheus stores it.
type promMetric struct {
	kind   string              // counter or gauge (the scrape's # TYPE)
	labels []string            // sorted
	enums  map[string][]string // the values of labels whose attribute declares an enum
}

// collectorMetrics are the collector's own metrics the kit reads besides the
// receiver's: receiverhelper's per-receiver counters, whose `receiver` label
// is the receiver's component ID (the `instance` of the receiver's metrics).
var collectorMetrics = map[string]promMetric{
	"otelcol_receiver_accepted_log_records": {kind: "counter", labels: []string{"receiver", "transport"}},
	"otelcol_receiver_refused_log_records":  {kind: "counter", labels: []string{"receiver", "transport"}},
	"otelcol_receiver_failed_log_records":   {kind: "counter", labels: []string{"receiver", "transport"}},
}

// targetLabels are what the scrape job adds to every series
// (monitoring/prometheus/scrape.yaml): the alerts keep them.
var targetLabels = []string{"collector", "job"}

// receiverMetrics reads metadata.yaml's telemetry.metrics, keyed by their
// exposed names.
func receiverMetrics(t *testing.T) map[string]promMetric {
	t.Helper()
	raw, err := os.ReadFile("metadata.yaml")
	require.NoError(t, err)
	var md struct {
		Attributes map[string]struct {
			NameOverride string   `yaml:"name_override"`
			Enum         []string `yaml:"enum"`
		} `yaml:"attributes"`
		Telemetry struct {
			Metrics map[string]struct {
				Sum *struct {
					Monotonic bool `yaml:"monotonic"`
				} `yaml:"sum"`
				Gauge      *struct{} `yaml:"gauge"`
				Attributes []string  `yaml:"attributes"`
			} `yaml:"metrics"`
		} `yaml:"telemetry"`
	}
	require.NoError(t, yaml.Unmarshal(raw, &md))
	require.NotEmpty(t, md.Telemetry.Metrics, "metadata.yaml declares no telemetry.metrics")
	out := map[string]promMetric{}
	for name, m := range md.Telemetry.Metrics {
		pm := promMetric{kind: "gauge", enums: map[string][]string{}}
		// A non-monotonic sum is exposed as a gauge (OpenTelemetry's
		// Prometheus compatibility: an UpDownCounter is not a counter).
		if m.Sum != nil && m.Sum.Monotonic {
			pm.kind = "counter"
		}
		for _, a := range m.Attributes {
			attr, ok := md.Attributes[a]
			require.True(t, ok, "metadata.yaml: %s names an undeclared attribute %s", name, a)
			label := a
			if attr.NameOverride != "" {
				label = attr.NameOverride
			}
			pm.labels = append(pm.labels, label)
			if len(attr.Enum) > 0 {
				pm.enums[label] = attr.Enum
			}
		}
		sort.Strings(pm.labels)
		out[exposedName(name)] = pm
	}
	return out
}

// knownMetrics is everything the kit may query.
func knownMetrics(t *testing.T) map[string]promMetric {
	known := receiverMetrics(t)
	for name, m := range collectorMetrics {
		known[name] = m
	}
	return known
}

// TestMonitoringNamesAreTheCollectors: the names, types and labels the kit
// is checked against are those of the real scrape, both ways.
func TestMonitoringNamesAreTheCollectors(t *testing.T) {
	scraped := scrapedFamilies(t)
	for name, m := range knownMetrics(t) {
		got, ok := scraped[name]
		if !assert.True(t, ok, "%s: no family %s: the exposed names changed, or the scrape predates the metric (refresh it as its header says)", monitoringScrape, name) {
			continue
		}
		assert.Equal(t, m.kind, got.kind, "%s: type", name)
		assert.Equal(t, m.labels, got.labels, "%s: label names", name)
	}
	receivers := receiverMetrics(t)
	for name := range scraped {
		if strings.HasPrefix(name, exposedName("trendmicro_visionone_receiver_")) {
			assert.Contains(t, receivers, name, "%s is exposed but not derived from metadata.yaml", name)
		}
	}
}

type scrapedFamily struct {
	kind   string
	labels []string // the union of its samples' label names, sorted
}

// scrapedFamilies reads the Prometheus text format of the scrape.
func scrapedFamilies(t *testing.T) map[string]scrapedFamily {
	t.Helper()
	f, err := os.Open(monitoringScrape)
	require.NoError(t, err)
	defer f.Close()
	out := map[string]scrapedFamily{}
	sample := regexp.MustCompile(`^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+\S+$`)
	labelName := regexp.MustCompile(`([a-zA-Z_][a-zA-Z0-9_]*)="(?:[^"\\]|\\.)*"`)
	lines := bufio.NewScanner(f)
	for lines.Scan() {
		line := lines.Text()
		if rest, ok := strings.CutPrefix(line, "# TYPE "); ok {
			name, kind, _ := strings.Cut(rest, " ")
			fam := out[name]
			fam.kind = kind
			out[name] = fam
			continue
		}
		m := sample.FindStringSubmatch(line)
		if m == nil || strings.HasPrefix(line, "#") {
			continue
		}
		fam := out[m[1]]
		for _, l := range labelName.FindAllStringSubmatch(m[2], -1) {
			if !slices.Contains(fam.labels, l[1]) {
				fam.labels = append(fam.labels, l[1])
			}
		}
		sort.Strings(fam.labels)
		out[m[1]] = fam
	}
	require.NoError(t, lines.Err())
	require.NotEmpty(t, out)
	return out
}

// TestMonitoringDashboardQueriesExportedMetrics: every query of the
// dashboard (panels and variables) reads metrics the collector exports, by
// their labels and the values metadata.yaml declares; every metric of the
// receiver is on some panel.
func TestMonitoringDashboardQueriesExportedMetrics(t *testing.T) {
	known := knownMetrics(t)
	raw, err := os.ReadFile(monitoringDashboard)
	require.NoError(t, err)
	var dash struct {
		Templating struct {
			List []struct {
				Name  string          `json:"name"`
				Type  string          `json:"type"`
				Query json.RawMessage `json:"query"`
			} `json:"list"`
		} `json:"templating"`
		Panels []dashPanel `json:"panels"`
	}
	require.NoError(t, json.Unmarshal(raw, &dash))

	var vars []string
	labelValues := regexp.MustCompile(`^label_values\((.+),\s*([a-zA-Z_][a-zA-Z0-9_]*)\)$`)
	for _, v := range dash.Templating.List {
		vars = append(vars, v.Name)
		if v.Type != "query" {
			continue
		}
		var q struct {
			Query string `json:"query"`
		}
		require.NoError(t, json.Unmarshal(v.Query, &q), "variable %s", v.Name)
		m := labelValues.FindStringSubmatch(q.Query)
		if !assert.NotNil(t, m, "variable %s: %q is not label_values(selector, label)", v.Name, q.Query) {
			continue
		}
		used, errs := checkPromQL(m[1], known)
		assert.Empty(t, errs, "variable %s: %s", v.Name, q.Query)
		for _, name := range used {
			assert.Contains(t, known[name].labels, m[2], "variable %s: %s has no label %s", v.Name, name, m[2])
		}
	}
	assert.Subset(t, vars, []string{"datasource", "instance", "stream"}, "the dashboard's variables")

	shown := map[string]bool{}
	var walk func(panels []dashPanel)
	walk = func(panels []dashPanel) {
		for _, p := range panels {
			if p.Type == "row" {
				walk(p.Panels)
				continue
			}
			if !assert.NotEmpty(t, p.Targets, "panel %q has no query", p.Title) {
				continue
			}
			assert.Equal(t, "${datasource}", p.Datasource.UID, "panel %q: the data source is the dashboard's variable", p.Title)
			for _, tg := range p.Targets {
				used, errs := checkPromQL(tg.Expr, known)
				assert.Empty(t, errs, "panel %q: %s", p.Title, tg.Expr)
				assert.NotEmpty(t, used, "panel %q: %s reads no metric", p.Title, tg.Expr)
				for _, name := range used {
					shown[name] = true
				}
			}
		}
	}
	walk(dash.Panels)
	for name := range receiverMetrics(t) {
		assert.True(t, shown[name], "no panel of %s shows %s", monitoringDashboard, name)
	}
}

type dashPanel struct {
	Type       string `json:"type"`
	Title      string `json:"title"`
	Datasource struct {
		UID string `json:"uid"`
	} `json:"datasource"`
	Targets []struct {
		Expr string `json:"expr"`
	} `json:"targets"`
	Panels []dashPanel `json:"panels"` // a row's
}

// TestMonitoringAlertRulesQueryExportedMetrics: every alert rule reads
// metrics the collector exports, and carries a severity and the annotations
// Alertmanager shows, naming only labels its metrics have.
func TestMonitoringAlertRulesQueryExportedMetrics(t *testing.T) {
	known := knownMetrics(t)
	raw, err := os.ReadFile(monitoringRules)
	require.NoError(t, err)
	var file struct {
		Groups []struct {
			Rules []struct {
				Alert       string            `yaml:"alert"`
				Expr        string            `yaml:"expr"`
				Labels      map[string]string `yaml:"labels"`
				Annotations map[string]string `yaml:"annotations"`
			} `yaml:"rules"`
		} `yaml:"groups"`
	}
	require.NoError(t, yaml.Unmarshal(raw, &file))
	labelRef := regexp.MustCompile(`\$labels\.([a-zA-Z_][a-zA-Z0-9_]*)`)
	n := 0
	for _, g := range file.Groups {
		for _, r := range g.Rules {
			n++
			t.Run(r.Alert, func(t *testing.T) {
				used, errs := checkPromQL(r.Expr, known)
				assert.Empty(t, errs, r.Expr)
				assert.NotEmpty(t, used, "reads no metric")
				assert.Contains(t, []string{"warning", "critical"}, r.Labels["severity"], "severity")
				assert.NotEmpty(t, r.Annotations["summary"], "summary")
				assert.NotEmpty(t, r.Annotations["description"], "description")
				have := slices.Clone(targetLabels)
				for _, name := range used {
					have = append(have, known[name].labels...)
				}
				for _, a := range r.Annotations {
					for _, m := range labelRef.FindAllStringSubmatch(a, -1) {
						assert.Contains(t, have, m[1], "an annotation reads $labels.%s, which its metrics do not have", m[1])
					}
				}
			})
		}
	}
	require.NotZero(t, n, "%s has no rules", monitoringRules)
}

// TestMonitoringQueryCheck: the check above rejects the mistakes it is for.
func TestMonitoringQueryCheck(t *testing.T) {
	known := knownMetrics(t)
	for _, tc := range []struct {
		expr    string
		wantErr string // "" when the query is right
	}{
		{`sum by (instance, stream) (rate(otelcol_trendmicro_visionone_receiver_records{instance=~"$instance", outcome="accepted"}[$__rate_interval]))`, ""},
		{`increase(otelcol_trendmicro_visionone_receiver_requests{status_code=~"401|403"}[15m]) > 0 unless x offset 15m`, "x is not a metric"},
		{`time() - otelcol_trendmicro_visionone_receiver_last_success > 900 unless ignoring (outcome) otelcol_trendmicro_visionone_receiver_windows{outcome="failed"}`, ""},
		{`otelcol_trendmicro_visionone_receiver_recrods`, "otelcol_trendmicro_visionone_receiver_recrods"},
		{`rate(otelcol_trendmicro_visionone_receiver_records_total[5m])`, "otelcol_trendmicro_visionone_receiver_records_total"},
		{`trendmicro_visionone_receiver_window_lag > 1800`, "trendmicro_visionone_receiver_window_lag"},
		{`otelcol_trendmicro_visionone_receiver_window_lag{exported_instance="a"}`, "exported_instance"},
		{`otelcol_trendmicro_visionone_receiver_windows{outcome="complete"}`, `"complete"`},
		{`otelcol_trendmicro_visionone_receiver_records{outcome=~"refused|duplicates"}`, `"duplicates"`},
		{`sum by (steam) (otelcol_trendmicro_visionone_receiver_rate_limited)`, "steam"},
		{`rat(otelcol_trendmicro_visionone_receiver_rate_limited[5m])`, "rat"},
		{`{__name__="otelcol_trendmicro_visionone_receiver_window_lag"}`, "without a metric name"},
		{`otelcol_receiver_accepted_log_records{receiver=~"$instance"}`, ""},
		{`otelcol_receiver_accepted_log_records{instance=~"$instance"}`, "instance"},
	} {
		t.Run(tc.expr, func(t *testing.T) {
			_, errs := checkPromQL(tc.expr, known)
			if tc.wantErr == "" {
				assert.Empty(t, errs)
				return
			}
			require.NotEmpty(t, errs)
			assert.Contains(t, fmt.Sprint(errs), tc.wantErr)
		})
	}
}

// checkPromQL scans a PromQL query (with Grafana's $variables) and checks
// every metric it selects against known: the metric exists, its matchers
// name its labels and, where metadata.yaml declares the values, only those;
// by/without/on/ignoring name labels of the metrics the query reads (or the
// target's); every function is PromQL's. It returns the metrics selected.
func checkPromQL(expr string, known map[string]promMetric) (used []string, errs []error) {
	toks, err := scanPromQL(expr)
	if err != nil {
		return nil, []error{err}
	}
	var grouping []string
	for _, tk := range toks {
		switch tk.kind {
		case tokFunc:
			if !slices.Contains(promqlFunctions, tk.text) {
				errs = append(errs, fmt.Errorf("%s() is not a PromQL function", tk.text))
			}
		case tokGrouping:
			grouping = append(grouping, tk.labels...)
		case tokMetric:
			m, ok := known[tk.text]
			if !ok {
				errs = append(errs, fmt.Errorf("%s is not a metric the collector exports", tk.text))
				continue
			}
			if !slices.Contains(used, tk.text) {
				used = append(used, tk.text)
			}
			for _, mt := range tk.matchers {
				if !slices.Contains(m.labels, mt.label) {
					errs = append(errs, fmt.Errorf("%s has no label %s (it has %v)", tk.text, mt.label, m.labels))
					continue
				}
				if enum := m.enums[mt.label]; enum != nil {
					for _, v := range literalValues(mt) {
						if !slices.Contains(enum, v) {
							errs = append(errs, fmt.Errorf("%s{%s}: %q is not one of %v", tk.text, mt.label, v, enum))
						}
					}
				}
			}
		}
	}
	have := slices.Clone(targetLabels)
	for _, name := range used {
		have = append(have, known[name].labels...)
	}
	for _, l := range grouping {
		if !slices.Contains(have, l) {
			errs = append(errs, fmt.Errorf("groups or matches on %s, a label none of %v has", l, used))
		}
	}
	return used, errs
}

// literalValues are the values a positive matcher names outright: its value,
// or the alternatives of a regexp of plain words (a|b). Anything else (a
// Grafana variable, a real pattern) says nothing checkable.
func literalValues(m promMatcher) []string {
	plain := regexp.MustCompile(`^[a-zA-Z0-9_.]+(\|[a-zA-Z0-9_.]+)*$`)
	switch {
	case m.op == "=" && !strings.Contains(m.value, "$"):
		return []string{m.value}
	case m.op == "=~" && plain.MatchString(m.value):
		return strings.Split(m.value, "|")
	}
	return nil
}

// promqlFunctions are PromQL's functions and aggregation operators
// (https://prometheus.io/docs/prometheus/latest/querying/functions/,
// .../querying/operators/#aggregation-operators).
var promqlFunctions = []string{
	"abs", "absent", "absent_over_time", "acos", "acosh", "asin", "asinh", "atan", "atanh", "avg_over_time",
	"ceil", "changes", "clamp", "clamp_max", "clamp_min", "cos", "cosh", "count_over_time", "day_of_month",
	"day_of_week", "day_of_year", "days_in_month", "deg", "delta", "deriv", "double_exponential_smoothing",
	"exp", "floor", "histogram_avg", "histogram_count", "histogram_fraction", "histogram_quantile",
	"histogram_stddev", "histogram_stdvar", "histogram_sum", "hour", "idelta", "increase", "info", "irate",
	"label_join", "label_replace", "last_over_time", "ln", "log10", "log2", "mad_over_time", "max_over_time",
	"min_over_time", "minute", "month", "pi", "predict_linear", "present_over_time", "quantile_over_time",
	"rad", "rate", "resets", "round", "scalar", "sgn", "sin", "sinh", "sort", "sort_by_label",
	"sort_by_label_desc", "sort_desc", "sqrt", "stddev_over_time", "stdvar_over_time", "sum_over_time", "tan",
	"tanh", "time", "timestamp", "vector", "year",
	"avg", "bottomk", "count", "count_values", "group", "limit_ratio", "limitk", "max", "min", "quantile",
	"stddev", "stdvar", "sum", "topk",
}

type tokKind int

const (
	tokMetric   tokKind = iota // a metric name, with the matchers in braces after it
	tokFunc                    // a name before "("
	tokGrouping                // by/without/on/ignoring/group_left/group_right (labels)
)

type promToken struct {
	kind     tokKind
	text     string
	matchers []promMatcher
	labels   []string
}

type promMatcher struct{ label, op, value string }

var (
	promIdent       = regexp.MustCompile(`^[a-zA-Z_:][a-zA-Z0-9_:]*`)
	promKeywords    = []string{"and", "or", "unless", "offset", "bool", "atan2", "inf", "nan", "group_left", "group_right"}
	promModifier    = []string{"by", "without", "on", "ignoring", "group_left", "group_right"}
	promAggregation = regexp.MustCompile(`^(by|without)\s*\(`)
)

// scanPromQL splits a query into the tokens checkPromQL reads; strings,
// numbers, durations, ranges ([5m], [$__rate_interval]) and operators are
// skipped.
func scanPromQL(s string) ([]promToken, error) {
	var toks []promToken
	afterMetric := false // braces here belong to the metric just read
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
			continue
		case c == '"' || c == '\'' || c == '`':
			_, n, err := scanString(s[i:])
			if err != nil {
				return nil, err
			}
			i += n
		case c == '[':
			j := strings.IndexByte(s[i:], ']')
			if j < 0 {
				return nil, fmt.Errorf("unclosed [ at %d", i)
			}
			i += j + 1
		case c == '{':
			if !afterMetric {
				return nil, fmt.Errorf("a selector without a metric name at %d", i)
			}
			ms, n, err := scanMatchers(s[i:])
			if err != nil {
				return nil, err
			}
			toks[len(toks)-1].matchers = ms
			i += n
		case promIdent.MatchString(s[i:]):
			id := promIdent.FindString(s[i:])
			i += len(id)
			next := strings.TrimLeft(s[i:], " \t\n\r")
			switch {
			case slices.Contains(promModifier, id) && strings.HasPrefix(next, "("):
				end := strings.IndexByte(next, ')')
				if end < 0 {
					return nil, fmt.Errorf("unclosed %s (", id)
				}
				var labels []string
				for _, l := range strings.Split(next[1:end], ",") {
					if l = strings.TrimSpace(l); l != "" {
						labels = append(labels, l)
					}
				}
				toks = append(toks, promToken{kind: tokGrouping, text: id, labels: labels})
				i = len(s) - len(next) + end + 1
			case slices.Contains(promKeywords, strings.ToLower(id)):
			case strings.HasPrefix(next, "(") || promAggregation.MatchString(next):
				// A function, or an aggregation with its modifier first:
				// sum by (instance) (...).
				toks = append(toks, promToken{kind: tokFunc, text: id})
			default:
				toks = append(toks, promToken{kind: tokMetric, text: id})
				afterMetric = true
				continue
			}
		case c >= '0' && c <= '9' || c == '.':
			for i < len(s) && (s[i] == '.' || s[i] == '_' || s[i] >= '0' && s[i] <= '9' ||
				s[i] >= 'a' && s[i] <= 'z' || s[i] >= 'A' && s[i] <= 'Z') {
				i++
			}
		default:
			i++
		}
		afterMetric = false
	}
	return toks, nil
}

// scanMatchers reads {label op "value", ...} at the start of s.
func scanMatchers(s string) ([]promMatcher, int, error) {
	var out []promMatcher
	i := 1
	skip := func() {
		for i < len(s) && strings.ContainsRune(" \t\n\r", rune(s[i])) {
			i++
		}
	}
	for {
		skip()
		if i < len(s) && s[i] == '}' {
			return out, i + 1, nil
		}
		label := promIdent.FindString(s[i:])
		if label == "" {
			return nil, 0, fmt.Errorf("bad matcher in %s", s)
		}
		i += len(label)
		skip()
		var op string
		for _, o := range []string{"=~", "!~", "!=", "="} {
			if strings.HasPrefix(s[i:], o) {
				op = o
				break
			}
		}
		if op == "" {
			return nil, 0, fmt.Errorf("matcher %s: no operator", label)
		}
		i += len(op)
		skip()
		value, n, err := scanString(s[i:])
		if err != nil {
			return nil, 0, fmt.Errorf("matcher %s: %w", label, err)
		}
		i += n
		out = append(out, promMatcher{label: label, op: op, value: value})
		skip()
		if i < len(s) && s[i] == ',' {
			i++
		}
	}
}

// scanString reads the quoted string at the start of s (Go-style escapes
// in "..." and '...', none in `...`).
func scanString(s string) (string, int, error) {
	if s == "" || !strings.ContainsRune("\"'`", rune(s[0])) {
		return "", 0, fmt.Errorf("want a quoted string at %q", s)
	}
	q := s[0]
	var b strings.Builder
	for i := 1; i < len(s); i++ {
		switch {
		case s[i] == q:
			return b.String(), i + 1, nil
		case s[i] == '\\' && q != '`' && i+1 < len(s):
			i++
			b.WriteByte(s[i])
		default:
			b.WriteByte(s[i])
		}
	}
	return "", 0, fmt.Errorf("unterminated string %s", s)
}
