package main

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/otel-visionone/trendmicrovisiononereceiver/simulator"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestParseConfig(t *testing.T) {
	secret := simulator.MakeKey("ci", time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC))
	tests := []struct {
		name    string
		args    []string
		env     map[string]string
		check   func(t *testing.T, c config)
		wantErr string
	}{
		{name: "defaults", check: func(t *testing.T, c config) {
			if c.addr != "127.0.0.1:8089" || c.opts.Seed != 1 || c.opts.RateLimit != simulator.DefaultRateLimit || c.opts.Clock.Mode() != simulator.ClockReal {
				t.Errorf("defaults: %+v", c)
			}
		}},
		{name: "env fallback", env: map[string]string{
			"VISIONONE_SIM_ADDR": "127.0.0.1:0", "VISIONONE_SIM_SEED": "42", "VISIONONE_SIM_RATES": "oat/detections=600,audit/logs=0",
			"VISIONONE_SIM_KEYS": secret + "=oat", "VISIONONE_SIM_FAULTS": "kind=status,status=503,count=1; kind=truncate,probability=0.5",
			"VISIONONE_SIM_CLOCK": "manual", "VISIONONE_SIM_CLOCK_START": "2024-05-14T12:00:00Z", "VISIONONE_SIM_NO_RETRY_AFTER": "true",
			"VISIONONE_SIM_STOP_TIME": "2024-05-14T13:00:00Z", "VISIONONE_SIM_RATE_LIMITS": "oat/detections=10",
		}, check: func(t *testing.T, c config) {
			o := c.opts
			if c.addr != "127.0.0.1:0" || o.Seed != 42 || o.Rates[simulator.OAT] != 600 || o.Rates[simulator.Audit] != 0 || len(o.Rates) != 2 {
				t.Errorf("addr/seed/rates: %q %d %v", c.addr, o.Seed, o.Rates)
			}
			if len(o.Keys) != 1 || o.Keys[0].Key != secret || len(o.Faults) != 2 || !o.NoRetryAfter || o.RateLimits["oat/detections"] != 10 {
				t.Errorf("keys/faults/retry-after/limits: %v %+v %v %v", o.Keys, o.Faults, o.NoRetryAfter, o.RateLimits)
			}
			if o.Clock.Mode() != simulator.ClockManual || !o.Clock.Now().Equal(time.Date(2024, 5, 14, 12, 0, 0, 0, time.UTC)) || o.StopTime.IsZero() {
				t.Errorf("clock %v at %v, stop %v", o.Clock.Mode(), o.Clock.Now(), o.StopTime)
			}
		}},
		{name: "flag beats env", args: []string{"-seed", "7", "-clock", "offset", "-clock-offset", "-1h"},
			env: map[string]string{"VISIONONE_SIM_SEED": "42"}, check: func(t *testing.T, c config) {
				if c.opts.Seed != 7 || c.opts.Clock.Mode() != simulator.ClockOffset || time.Until(c.opts.Clock.Now()) > -59*time.Minute {
					t.Errorf("seed %d, clock %v at %v", c.opts.Seed, c.opts.Clock.Mode(), c.opts.Clock.Now())
				}
			}},
		{name: "quirks and error faults", args: []string{"-fault", "kind=error,number=1000520,endpoint=oat/detections,count=1"},
			env: map[string]string{"VISIONONE_SIM_QUIRKS": "true"}, check: func(t *testing.T, c config) {
				if !c.opts.Quirks || len(c.opts.Faults) != 1 || c.opts.Faults[0].Kind != simulator.FaultError || c.opts.Faults[0].Number != 1000520 {
					t.Errorf("quirks %v, faults %+v", c.opts.Quirks, c.opts.Faults)
				}
			}},
		{name: "change ranges", args: []string{"-change-ranges", "caseManagement/cases=90s..4m, response/tasks=1s..2m"},
			env: map[string]string{"VISIONONE_SIM_CHANGE_RANGES": "workbench/alerts=1h..2h"}, check: func(t *testing.T, c config) {
				r := c.opts.ChangeRanges
				if len(r) != 2 || r[simulator.Cases] != (simulator.ChangeRange{Min: 90 * time.Second, Max: 4 * time.Minute}) ||
					r[simulator.ResponseTasks] != (simulator.ChangeRange{Min: time.Second, Max: 2 * time.Minute}) {
					t.Errorf("change ranges %v", r)
				}
			}},
		{name: "workbench change range", args: []string{"-change-ranges", "workbench/alerts=1m..2m"}, check: func(t *testing.T, c config) {
			sim, err := simulator.New(c.opts)
			if err != nil || c.opts.AlertChangeMax != 2*time.Minute {
				t.Fatalf("alert change range %v..%v: %v", c.opts.AlertChangeMin, c.opts.AlertChangeMax, err)
			}
			sim.Close()
		}},
		{name: "pipelines", args: []string{"-pipeline-no-location", "-package-interval", "1m", "-package-delay", "0s"},
			env: map[string]string{"VISIONONE_SIM_PACKAGE_RETENTION": "48h", "VISIONONE_SIM_KEYS": secret + "=oatPipeline,datalakePipelineManage"},
			check: func(t *testing.T, c config) {
				o := c.opts
				if !o.PipelineNoLocation || o.PackageInterval != time.Minute || o.PackageDelay >= 0 || o.PackageRetention != 48*time.Hour {
					t.Errorf("pipeline options: %v %v %v %v", o.PipelineNoLocation, o.PackageInterval, o.PackageDelay, o.PackageRetention)
				}
				if len(o.Keys) != 1 || len(o.Keys[0].Roles) != 2 || o.Keys[0].Roles[1] != simulator.RoleDatalakePipelineManage {
					t.Errorf("keys %v", o.Keys)
				}
				sim, err := simulator.New(o)
				if err != nil {
					t.Fatal(err)
				}
				sim.Close()
			}},
		{name: "package defaults", check: func(t *testing.T, c config) {
			o := c.opts
			if o.PipelineNoLocation || o.PackageInterval != simulator.DefaultPackageInterval || o.PackageDelay != simulator.DefaultPackageDelay {
				t.Errorf("package defaults: %v %v %v", o.PipelineNoLocation, o.PackageInterval, o.PackageDelay)
			}
		}},
		{name: "bad package interval", args: []string{"-package-interval", "90m"}, check: func(t *testing.T, c config) {
			if _, err := simulator.New(c.opts); err == nil || !strings.Contains(err.Error(), "package interval") {
				t.Errorf("New: %v", err)
			}
		}},
		{name: "late tails", args: []string{"-late-tails", "search/detections=0.01:2h, oat/detections=0.2:30m"}, check: func(t *testing.T, c config) {
			lt := c.opts.LateTails
			if len(lt) != 2 || lt[simulator.SearchDetections] != (simulator.LateTail{Fraction: 0.01, Max: 2 * time.Hour}) ||
				lt[simulator.OAT] != (simulator.LateTail{Fraction: 0.2, Max: 30 * time.Minute}) {
				t.Errorf("late tails %v", lt)
			}
		}},
		{name: "latency", args: []string{"-latency", "search/detections=5s:1s:200us,*=1s:0:0"}, check: func(t *testing.T, c config) {
			l := c.opts.Latencies
			if len(l) != 2 || l[simulator.SearchDetections] != (simulator.Latency{Fixed: 5 * time.Second, Jitter: time.Second, PerItem: 200 * time.Microsecond}) ||
				l["*"] != (simulator.Latency{Fixed: time.Second}) {
				t.Errorf("latencies %v", l)
			}
		}},
		{name: "bad latency", args: []string{"-latency", "oat/detections=1s:2s"}, wantErr: "want feed=fixed:jitter:perItem"},
		{name: "bad late tail", args: []string{"-late-tails", "oat/detections=0.1"}, wantErr: "want feed=fraction:max"},
		{name: "bad change range", args: []string{"-change-ranges", "caseManagement/cases=90s"}, wantErr: "want feed=min..max"},
		{name: "bad error number", args: []string{"-fault", "kind=error,number=1010406,count=1"}, wantErr: "number 1010406"},
		{name: "bad duration", args: []string{"-history", "soon"}, wantErr: "history"},
		{name: "bad env", env: map[string]string{"VISIONONE_SIM_TOKEN_TTL": "long"}, wantErr: "VISIONONE_SIM_TOKEN_TTL"},
		{name: "bad key role", env: map[string]string{"VISIONONE_SIM_KEYS": secret + "=admin"}, wantErr: "unknown role"},
		{name: "bad fault", args: []string{"-fault", "kind=status,status=418,count=1"}, wantErr: "status 418"},
		{name: "bad clock", args: []string{"-clock", "sundial"}, wantErr: "sundial"},
		{name: "bad rates", args: []string{"-rates", "oat/detections"}, wantErr: "want name=value"},
		{name: "stray argument", args: []string{"serve"}, wantErr: "unexpected arguments"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := parseConfig(tt.args, env(tt.env))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want %q", err, tt.wantErr)
				}
				if strings.Contains(err.Error(), secret) {
					t.Fatalf("the error shows a key: %v", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			tt.check(t, c)
		})
	}
}

func TestRunServesAndShutsDown(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"-addr", "127.0.0.1:0", "-clock", "manual", "-clock-start", "2031-02-03T04:05:06Z", "-history", "1h"}, env(nil), pw)
		pw.Close()
	}()

	lines := bufio.NewScanner(pr)
	if !lines.Scan() {
		t.Fatalf("no startup line: %v", <-done)
	}
	base := regexp.MustCompile(`serving (http://\S+)/v3.0`).FindStringSubmatch(lines.Text())
	if base == nil {
		t.Fatalf("startup line without a base URL: %s", lines.Text())
	}
	if !lines.Scan() || !strings.Contains(lines.Text(), simulator.DemoKey) {
		t.Fatalf("no demo key line: %s", lines.Text())
	}
	go func() { _, _ = io.Copy(io.Discard, pr) }()

	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, base[1]+"/v3.0/healthcheck/connectivity", nil)
	req.Header.Set("Authorization", "Bearer "+simulator.DemoKey)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("healthcheck: %d", resp.StatusCode)
	}
	// The Date header tells the simulated clock, not the wall clock.
	if got, want := resp.Header.Get("Date"), "Mon, 03 Feb 2031 04:05:06 GMT"; got != want {
		t.Errorf("Date %q, want %q", got, want)
	}

	cancel() // as SIGINT does
	if err := <-done; err != nil {
		t.Fatalf("run: %v", err)
	}
}
