//go:build e2e

package e2e

import (
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var (
	collectorFlag = flag.String("collector", "../_build/otelcol-visionone/otelcol-visionone", "the otelcol-visionone binary (make collector)")
	simulatorFlag = flag.String("simulator", "../_build/visionone-sim", "the visionone-sim binary (make simulator)")
)

// collectorBinary is the path of otelcol-visionone; the test fails if it is
// missing.
func collectorBinary(t *testing.T) string { return binary(t, *collectorFlag, "make collector") }

// simulatorBinary is the path of visionone-sim; the test fails if it is
// missing.
func simulatorBinary(t *testing.T) string { return binary(t, *simulatorFlag, "make simulator") }

func binary(t *testing.T, path, build string) string {
	t.Helper()
	abs, err := filepath.Abs(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(abs); err != nil || fi.IsDir() || fi.Mode()&0o111 == 0 {
		t.Fatalf("the end-to-end test needs the binary %s, which is missing or not executable (%v): run `make e2e`, which builds it (%s) first", abs, err, build)
	}
	return abs
}
