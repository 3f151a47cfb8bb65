//go:build e2e

package e2e

import (
	"path/filepath"
	"strconv"
	"testing"
)

// collectorConfig is the collector's configuration; what varies per run
// comes from the environment startCollector sets.
const collectorConfig = "testdata/collector.yaml"

// collectorRun is what one collector process is started with.
type collectorRun struct {
	name              string // names its log file
	storageDir        string // file_storage directory (checkpoints)
	output            string // file exporter output
	requestsPerMinute int
}

// startCollector runs otelcol-visionone against the simulator, with the
// base configuration: collectorConfig plus every log type of the registry
// (baseConfig), which the file itself no longer lists. The API key reaches
// it through the environment only.
func startCollector(t *testing.T, bin, dir string, sim *simProcess, key string, run collectorRun) *process {
	t.Helper()
	return startCollectorWith(t, bin, dir, sim, key, run, baseConfig(t).write(t, dir, run.name))
}

// startCollectorWith is startCollector with another configuration file and
// more environment (e.g. other tenants' keys).
func startCollectorWith(t *testing.T, bin, dir string, sim *simProcess, key string, run collectorRun, configPath string, more ...string) *process {
	t.Helper()
	config, err := filepath.Abs(configPath)
	if err != nil {
		t.Fatal(err)
	}
	env := []string{
		"VISIONONE_API_KEY=" + key,
		"E2E_ENDPOINT=" + sim.base,
		"E2E_STORAGE_DIR=" + run.storageDir,
		"E2E_OUTPUT=" + run.output,
		"E2E_REQUESTS_PER_MINUTE=" + strconv.Itoa(run.requestsPerMinute),
	}
	env = append(env, more...)
	return startProcess(t, run.name, filepath.Join(dir, run.name+".log"), env, bin, "--config", config)
}
