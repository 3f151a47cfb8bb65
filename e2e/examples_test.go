//go:build e2e

package e2e

import (
	"bytes"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// The variables the examples read, with dummy values.
var exampleEnv = []string{
	"VISIONONE_API_KEY=dummy-key", "TENANT_A_API_KEY=dummy-a", "TENANT_B_API_KEY=dummy-b", "MY_POD_IP=127.0.0.1",
}

// Every checked-in collector configuration passes `validate`: the examples
// and make run's.
func TestExamplesValidate(t *testing.T) {
	bin := collectorBinary(t)
	paths, err := filepath.Glob("../examples/*.yaml")
	if err != nil {
		t.Fatal(err)
	}
	paths = append(paths, "../config/run.yaml")
	if len(paths) < 8 {
		t.Fatalf("found only %v", paths)
	}
	for _, path := range paths {
		t.Run(filepath.Base(path), func(t *testing.T) {
			if out, code := validate(t, bin, path, exampleEnv...); code != 0 {
				t.Errorf("exit %d:\n%s", code, out)
			}
		})
	}
}

// k8sObject holds what the test reads of the Kubernetes example.
type k8sObject struct {
	Kind string            `yaml:"kind"`
	Data map[string]string `yaml:"data"`
	Spec struct {
		Replicas int `yaml:"replicas"`
		Template struct {
			Spec struct {
				Containers []struct {
					Env          []k8sEnvVar      `yaml:"env"`
					VolumeMounts []k8sVolumeMount `yaml:"volumeMounts"`
				} `yaml:"containers"`
			} `yaml:"spec"`
		} `yaml:"template"`
		VolumeClaimTemplates []k8sClaim `yaml:"volumeClaimTemplates"`
	} `yaml:"spec"`
}

type k8sEnvVar struct {
	Name      string `yaml:"name"`
	ValueFrom struct {
		SecretKeyRef *struct{} `yaml:"secretKeyRef"`
	} `yaml:"valueFrom"`
}

type k8sVolumeMount struct {
	Name      string `yaml:"name"`
	MountPath string `yaml:"mountPath"`
}

type k8sClaim struct {
	Metadata struct {
		Name string `yaml:"name"`
	} `yaml:"metadata"`
}

const (
	k8sManifest = "../examples/kubernetes/otelcol-visionone.yaml"
	helmValues  = "../examples/kubernetes/helm-values.yaml"
	// helmChartConfig is the chart's own default config, which it merges
	// under the values file's.
	helmChartConfig = "testdata/helm-chart-config.yaml"
	// k8sExtractAWK prints the ConfigMap's config.yaml of k8sManifest: the
	// README gives this command for validating the manifest's
	// configuration (`validate` reads a collector configuration, not a
	// manifest).
	k8sExtractAWK = `/^---/ {f = 0} f {sub(/^    /, ""); print} /^  config.yaml: [|]/ {f = 1}`
)

// readManifest decodes the Kubernetes example's objects by kind.
func readManifest(t *testing.T) map[string]k8sObject {
	t.Helper()
	manifest, err := os.ReadFile(k8sManifest)
	if err != nil {
		t.Fatal(err)
	}
	objects := map[string]k8sObject{}
	dec := yaml.NewDecoder(bytes.NewReader(manifest))
	for {
		var o k8sObject
		if err := dec.Decode(&o); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		objects[o.Kind] = o
	}
	return objects
}

// writeConfig saves a collector configuration under the test's temporary
// directory.
func writeConfig(t *testing.T, name string, config []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, config, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// marshal is v as YAML.
func marshal(t *testing.T, v any) []byte {
	t.Helper()
	b, err := yaml.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// fileStorageDir is file_storage's directory in a configuration.
func fileStorageDir(t *testing.T, config string) string {
	t.Helper()
	var c struct {
		Extensions struct {
			FileStorage struct {
				Directory string `yaml:"directory"`
			} `yaml:"file_storage"`
		} `yaml:"extensions"`
	}
	if err := yaml.Unmarshal([]byte(config), &c); err != nil {
		t.Fatal(err)
	}
	return c.Extensions.FileStorage.Directory
}

// The Kubernetes example: its embedded collector configuration validates
// (extracted as the README says), the key comes from a Secret, and
// file_storage is on the claimed volume.
func TestKubernetesExample(t *testing.T) {
	bin := collectorBinary(t)
	objects := readManifest(t)
	config, ok := objects["ConfigMap"].Data["config.yaml"]
	if !ok {
		t.Fatalf("no ConfigMap with config.yaml in %v", objects)
	}
	if out, code := validate(t, bin, writeConfig(t, "config.yaml", []byte(config)), exampleEnv...); code != 0 {
		t.Errorf("the ConfigMap's configuration: exit %d:\n%s", code, out)
	}

	// The README's command extracts exactly that configuration.
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(readme, []byte("awk '"+k8sExtractAWK+"'")) {
		t.Errorf("the README does not give the command that extracts the ConfigMap's configuration: awk '%s'", k8sExtractAWK)
	}
	extracted, err := exec.Command("awk", k8sExtractAWK, k8sManifest).Output()
	if err != nil {
		t.Fatalf("awk: %v", err)
	}
	if string(extracted) != config {
		t.Errorf("the README's awk command extracts\n%s\nwant the ConfigMap's config.yaml:\n%s", extracted, config)
	}

	set := objects["StatefulSet"].Spec
	if set.Replicas != 1 || len(set.Template.Spec.Containers) != 1 || len(set.VolumeClaimTemplates) != 1 {
		t.Fatalf("want one replica, one container and one volume claim: %+v", set)
	}
	container := set.Template.Spec.Containers[0]
	if !keyFromSecret(container.Env) {
		t.Error("VISIONONE_API_KEY does not come from a Secret")
	}
	checkOnClaim(t, fileStorageDir(t, config), set.VolumeClaimTemplates, container.VolumeMounts)
}

// keyFromSecret reports whether VISIONONE_API_KEY comes from a Secret.
func keyFromSecret(env []k8sEnvVar) bool {
	return slices.ContainsFunc(env, func(e k8sEnvVar) bool {
		return e.Name == "VISIONONE_API_KEY" && e.ValueFrom.SecretKeyRef != nil
	})
}

// checkOnClaim fails the test unless dir is on the one volume claim's mount.
func checkOnClaim(t *testing.T, dir string, claims []k8sClaim, mounts []k8sVolumeMount) {
	t.Helper()
	if len(claims) != 1 {
		t.Fatalf("want one volume claim, found %d", len(claims))
	}
	claim := claims[0].Metadata.Name
	onClaim := slices.ContainsFunc(mounts, func(m k8sVolumeMount) bool {
		return m.Name == claim && strings.HasPrefix(dir, m.MountPath)
	})
	if !onClaim {
		t.Errorf("file_storage's directory %q is not on the volume claim %q (mounts %+v)", dir, claim, mounts)
	}
}

// helmValuesFile holds what the test reads of helm-values.yaml besides its
// config.
type helmValuesFile struct {
	Mode         string `yaml:"mode"`
	ReplicaCount int    `yaml:"replicaCount"`
	Statefulset  struct {
		VolumeClaimTemplates []k8sClaim `yaml:"volumeClaimTemplates"`
	} `yaml:"statefulset"`
	ExtraVolumeMounts []k8sVolumeMount `yaml:"extraVolumeMounts"`
	ExtraEnvs         []k8sEnvVar      `yaml:"extraEnvs"`
	Config            map[string]any   `yaml:"config"`
}

// The Helm values for the official collector chart: their config is the
// Kubernetes example's configuration (its nulls, which remove the chart's
// defaults, aside), the configuration the chart renders from them — its
// default config with theirs merged in, as Helm merges values — validates,
// and the StatefulSet has one replica, the key from a Secret and
// file_storage on the claimed volume.
func TestHelmValues(t *testing.T) {
	bin := collectorBinary(t)
	raw, err := os.ReadFile(helmValues)
	if err != nil {
		t.Fatal(err)
	}
	var values helmValuesFile
	if err := yaml.Unmarshal(raw, &values); err != nil {
		t.Fatal(err)
	}
	if values.Config == nil {
		t.Fatal("no config in the Helm values")
	}

	var manifestConfig map[string]any
	if err := yaml.Unmarshal([]byte(readManifest(t)["ConfigMap"].Data["config.yaml"]), &manifestConfig); err != nil {
		t.Fatal(err)
	}
	own := withoutNulls(values.Config)
	if !reflect.DeepEqual(own, manifestConfig) {
		t.Errorf("the Helm values' config (nulls aside):\n%s\ndiffers from the Kubernetes example's ConfigMap:\n%s", marshal(t, own), marshal(t, manifestConfig))
	}

	chart, err := os.ReadFile(helmChartConfig)
	if err != nil {
		t.Fatal(err)
	}
	var rendered map[string]any
	if err := yaml.Unmarshal(chart, &rendered); err != nil {
		t.Fatal(err)
	}
	rendered = helmMerge(rendered, values.Config)
	if out, code := validate(t, bin, writeConfig(t, "rendered.yaml", marshal(t, rendered)), exampleEnv...); code != 0 {
		t.Errorf("the configuration the chart renders: exit %d:\n%s\nthe configuration:\n%s", code, out, marshal(t, rendered))
	}

	if values.Mode != "statefulset" || values.ReplicaCount != 1 {
		t.Errorf("mode %q with %d replicas, want a statefulset of one", values.Mode, values.ReplicaCount)
	}
	if !keyFromSecret(values.ExtraEnvs) {
		t.Error("VISIONONE_API_KEY does not come from a Secret")
	}
	checkOnClaim(t, fileStorageDir(t, string(marshal(t, own))), values.Statefulset.VolumeClaimTemplates, values.ExtraVolumeMounts)
}

// helmMerge merges values into defaults as Helm merges a values file into
// a chart's values: maps key by key, anything else replaced whole, and a
// null removes the default's key.
func helmMerge(defaults, values map[string]any) map[string]any {
	out := map[string]any{}
	for k, v := range defaults {
		out[k] = v
	}
	for k, v := range values {
		switch v := v.(type) {
		case nil:
			delete(out, k)
		case map[string]any:
			d, _ := out[k].(map[string]any)
			out[k] = helmMerge(d, v)
		default:
			out[k] = v
		}
	}
	return out
}

// withoutNulls is m without its null values, at any depth: values alone,
// merged into nothing.
func withoutNulls(m map[string]any) map[string]any { return helmMerge(nil, m) }
