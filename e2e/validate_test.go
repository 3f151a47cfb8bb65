//go:build e2e

package e2e

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// validate runs `otelcol-visionone validate --config path` with env added,
// and returns its combined output and exit code.
func validate(t *testing.T, bin, path string, env ...string) (string, int) {
	t.Helper()
	out, code, hung := runCollector(t, time.Minute, bin, env, "validate", "--config", path)
	if hung {
		t.Fatalf("validate %s did not finish within a minute:\n%s", path, out)
	}
	return out, code
}

// runCollector runs the collector with args and only env (a
// VISIONONE_API_KEY of the developer's shell must not make a missing-token
// case pass) until it exits or timeout passes, and returns its combined
// output and exit code, and whether it was still running at the timeout.
func runCollector(t *testing.T, timeout time.Duration, bin string, env []string, args ...string) (string, int, bool) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Env = append([]string{"PATH=" + os.Getenv("PATH"), "HOME=" + os.Getenv("HOME")}, env...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	var exit *exec.ExitError
	switch {
	case ctx.Err() != nil:
		return out.String(), 0, true
	case err == nil:
		return out.String(), 0, false
	case errors.As(err, &exit):
		return out.String(), exit.ExitCode(), false
	default:
		t.Fatalf("%s %v: %v", bin, args, err)
		return "", 0, false
	}
}

// writeReceiverConfig writes base, a collector configuration whose "%s"
// stands for more receiver keys, with receiver in its place, and returns
// the file's path and the configuration.
func writeReceiverConfig(t *testing.T, base, receiver string) (path, config string) {
	t.Helper()
	path = filepath.Join(t.TempDir(), "config.yaml")
	config = strings.Replace(base, "%s", receiver, 1)
	if err := os.WriteFile(path, []byte(config), 0o600); err != nil {
		t.Fatal(err)
	}
	return path, config
}

// A broken configuration fails `validate` with a message naming its key.
func TestValidateRejectsBrokenConfig(t *testing.T) {
	bin := collectorBinary(t)
	const base = `
receivers:
  trendmicro_visionone:
    endpoint: http://127.0.0.1:9
    token: ${env:VISIONONE_API_KEY}
%s
exporters:
  debug:
service:
  pipelines:
    logs:
      receivers: [trendmicro_visionone]
      exporters: [debug]
`
	tests := []struct {
		name     string
		receiver string // more receiver keys, indented by four spaces
		env      []string
		wantKey  string // "" means valid
	}{
		{name: "valid", env: []string{"VISIONONE_API_KEY=dummy"}},
		{name: "misspelled nested key", receiver: "    oat:\n      page_sise: 100", env: []string{"VISIONONE_API_KEY=dummy"}, wantKey: "page_sise"},
		{name: "bad page size", receiver: "    oat:\n      page_size: 75", env: []string{"VISIONONE_API_KEY=dummy"}, wantKey: "oat.page_size"},
		{name: "missing token", wantKey: "token"},
		{name: "unknown search source", receiver: "    search:\n      enabled: true\n      sources:\n        endpointActivity:", env: []string{"VISIONONE_API_KEY=dummy"}, wantKey: "search.sources"},
		{name: "window below a minute", receiver: "    max_window: 30s", env: []string{"VISIONONE_API_KEY=dummy"}, wantKey: "max_window"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path, config := writeReceiverConfig(t, base, tt.receiver)
			out, code := validate(t, bin, path, tt.env...)
			if tt.wantKey == "" {
				if code != 0 {
					t.Fatalf("a valid configuration failed (exit %d):\n%s", code, out)
				}
				return
			}
			if code == 0 {
				t.Fatalf("validate accepted a configuration with a broken %s:\n%s", tt.wantKey, config)
			}
			if !strings.Contains(out, tt.wantKey) {
				t.Errorf("the message does not name %q:\n%s", tt.wantKey, out)
			}
		})
	}
}
