//go:build e2e

package e2e

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// The variables the examples read, with dummy values.
var exampleEnv = []string{
	"VISIONONE_API_KEY=dummy-key", "TENANT_A_API_KEY=dummy-a", "TENANT_B_API_KEY=dummy-b", "POD_IP=127.0.0.1",
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
		VolumeClaimTemplates []struct {
			Metadata struct {
				Name string `yaml:"name"`
			} `yaml:"metadata"`
		} `yaml:"volumeClaimTemplates"`
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

// The Kubernetes example: its embedded collector configuration validates,
// the key comes from a Secret, and file_storage is on the claimed volume.
func TestKubernetesExample(t *testing.T) {
	bin := collectorBinary(t)
	manifest, err := os.ReadFile("../examples/kubernetes/otelcol-visionone.yaml")
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
	config, ok := objects["ConfigMap"].Data["config.yaml"]
	if !ok {
		t.Fatalf("no ConfigMap with config.yaml in %v", objects)
	}
	path := filepath.Join(t.TempDir(), "config.yaml")
	if err := os.WriteFile(path, []byte(config), 0o600); err != nil {
		t.Fatal(err)
	}
	if out, code := validate(t, bin, path, exampleEnv...); code != 0 {
		t.Errorf("the ConfigMap's configuration: exit %d:\n%s", code, out)
	}

	set := objects["StatefulSet"].Spec
	if set.Replicas != 1 || len(set.Template.Spec.Containers) != 1 || len(set.VolumeClaimTemplates) != 1 {
		t.Fatalf("want one replica, one container and one volume claim: %+v", set)
	}
	container := set.Template.Spec.Containers[0]
	fromSecret := slices.ContainsFunc(container.Env, func(e k8sEnvVar) bool {
		return e.Name == "VISIONONE_API_KEY" && e.ValueFrom.SecretKeyRef != nil
	})
	if !fromSecret {
		t.Error("VISIONONE_API_KEY does not come from a Secret")
	}
	var storage struct {
		Extensions struct {
			FileStorage struct {
				Directory string `yaml:"directory"`
			} `yaml:"file_storage"`
		} `yaml:"extensions"`
	}
	if err := yaml.Unmarshal([]byte(config), &storage); err != nil {
		t.Fatal(err)
	}
	claim := set.VolumeClaimTemplates[0].Metadata.Name
	onClaim := slices.ContainsFunc(container.VolumeMounts, func(m k8sVolumeMount) bool {
		return m.Name == claim && strings.HasPrefix(storage.Extensions.FileStorage.Directory, m.MountPath)
	})
	if !onClaim {
		t.Errorf("file_storage's directory %q is not on the volume claim %q", storage.Extensions.FileStorage.Directory, claim)
	}
}
