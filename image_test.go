package trendmicrovisiononereceiver

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"
)

// The image cannot be built here or in CI (no registry to pull the base
// images from), so these tests read the Dockerfile and hold it to what the
// rest of the repository says: the ocb version the Makefile builds with,
// the Go version of go.mod, and the user, volume and command the
// Kubernetes examples rely on.

// instruction is one Dockerfile instruction, continuation lines joined.
type instruction struct {
	cmd  string // upper case: FROM, RUN, ...
	args string
}

// stage is the instructions from one FROM to the next.
type stage struct {
	from         string // the base image
	name         string // AS name
	instructions []instruction
}

// parseDockerfile splits a Dockerfile into its stages: enough of the
// syntax for this repository's Dockerfile (comments, backslash
// continuations, instructions in any case).
func parseDockerfile(text string) []stage {
	var stages []stage
	var cur strings.Builder
	flush := func() {
		line := strings.TrimSpace(cur.String())
		cur.Reset()
		if line == "" {
			return
		}
		cmd, args, _ := strings.Cut(line, " ")
		in := instruction{strings.ToUpper(cmd), strings.TrimSpace(args)}
		if in.cmd == "FROM" {
			f := strings.Fields(in.args)
			s := stage{}
			for i := 0; i < len(f); i++ {
				switch {
				case strings.HasPrefix(f[i], "--"): // --platform=...
				case strings.EqualFold(f[i], "AS") && i+1 < len(f):
					s.name = f[i+1]
					i++
				case s.from == "":
					s.from = f[i]
				}
			}
			stages = append(stages, s)
			return
		}
		if len(stages) > 0 {
			stages[len(stages)-1].instructions = append(stages[len(stages)-1].instructions, in)
		}
	}
	for line := range strings.Lines(text) {
		trimmed := strings.TrimSpace(line)
		if strings.HasPrefix(trimmed, "#") {
			continue // a comment, also between continuation lines
		}
		if rest, ok := strings.CutSuffix(trimmed, `\`); ok {
			cur.WriteString(rest + " ")
			continue
		}
		cur.WriteString(trimmed)
		flush()
	}
	flush()
	return stages
}

// all returns the arguments of the stage's instructions named cmd.
func (s stage) all(cmd string) []string {
	var out []string
	for _, in := range s.instructions {
		if in.cmd == cmd {
			out = append(out, in.args)
		}
	}
	return out
}

// last is the argument of the stage's last instruction named cmd ("" if
// none): the one in effect.
func (s stage) last(cmd string) string {
	all := s.all(cmd)
	if len(all) == 0 {
		return ""
	}
	return all[len(all)-1]
}

// env is the stage's ENV settings, in KEY=value form (several per line).
func (s stage) env() map[string]string {
	out := map[string]string{}
	for _, args := range s.all("ENV") {
		for _, kv := range strings.Fields(args) {
			if k, v, ok := strings.Cut(kv, "="); ok {
				out[k] = strings.Trim(v, `"`)
			}
		}
	}
	return out
}

// execForm decodes a JSON-array (exec form) argument; nil if it is not one.
func execForm(args string) []string {
	var out []string
	if json.Unmarshal([]byte(args), &out) != nil {
		return nil
	}
	return out
}

// deployment is what the Kubernetes examples say about the image.
type deployment struct {
	image        string // the manifest's container image
	runAsUser    int
	fsGroup      int
	storageMount string // where the volume claim is mounted
	// From helm-values.yaml.
	helmRepository string
	helmCommand    string
	helmRunAsUser  int
	helmFSGroup    int
	helmMount      string
}

func readDeployment(t *testing.T) deployment {
	t.Helper()
	var d deployment
	raw, err := os.ReadFile("examples/kubernetes/otelcol-visionone.yaml")
	require.NoError(t, err)
	dec := yaml.NewDecoder(bytes.NewReader(raw))
	for {
		var o struct {
			Kind string `yaml:"kind"`
			Spec struct {
				Template struct {
					Spec struct {
						SecurityContext struct {
							RunAsUser int `yaml:"runAsUser"`
							FSGroup   int `yaml:"fsGroup"`
						} `yaml:"securityContext"`
						Containers []struct {
							Image        string `yaml:"image"`
							VolumeMounts []struct {
								Name      string `yaml:"name"`
								MountPath string `yaml:"mountPath"`
							} `yaml:"volumeMounts"`
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
		if err := dec.Decode(&o); errors.Is(err, io.EOF) {
			break
		}
		require.NoError(t, err)
		if o.Kind != "StatefulSet" {
			continue
		}
		pod := o.Spec.Template.Spec
		require.Len(t, pod.Containers, 1, "the StatefulSet's containers")
		require.Len(t, o.Spec.VolumeClaimTemplates, 1, "the StatefulSet's volume claims")
		d.image = pod.Containers[0].Image
		d.runAsUser, d.fsGroup = pod.SecurityContext.RunAsUser, pod.SecurityContext.FSGroup
		for _, m := range pod.Containers[0].VolumeMounts {
			if m.Name == o.Spec.VolumeClaimTemplates[0].Metadata.Name {
				d.storageMount = m.MountPath
			}
		}
	}

	raw, err = os.ReadFile("examples/kubernetes/helm-values.yaml")
	require.NoError(t, err)
	var h struct {
		Image struct {
			Repository string `yaml:"repository"`
		} `yaml:"image"`
		Command struct {
			Name string `yaml:"name"`
		} `yaml:"command"`
		PodSecurityContext struct {
			RunAsUser int `yaml:"runAsUser"`
			FSGroup   int `yaml:"fsGroup"`
		} `yaml:"podSecurityContext"`
		Statefulset struct {
			VolumeClaimTemplates []struct {
				Metadata struct {
					Name string `yaml:"name"`
				} `yaml:"metadata"`
			} `yaml:"volumeClaimTemplates"`
		} `yaml:"statefulset"`
		ExtraVolumeMounts []struct {
			Name      string `yaml:"name"`
			MountPath string `yaml:"mountPath"`
		} `yaml:"extraVolumeMounts"`
	}
	require.NoError(t, yaml.Unmarshal(raw, &h))
	d.helmRepository, d.helmCommand = h.Image.Repository, h.Command.Name
	d.helmRunAsUser, d.helmFSGroup = h.PodSecurityContext.RunAsUser, h.PodSecurityContext.FSGroup
	require.Len(t, h.Statefulset.VolumeClaimTemplates, 1, "the Helm values' volume claims")
	for _, m := range h.ExtraVolumeMounts {
		if m.Name == h.Statefulset.VolumeClaimTemplates[0].Metadata.Name {
			d.helmMount = m.MountPath
		}
	}
	return d
}

// repositoryName is an image reference's last path element without its
// tag: otelcol-visionone for registry.example.com/otelcol-visionone:0.1.0.
func repositoryName(ref string) string {
	name := path.Base(ref)
	if i := strings.LastIndex(name, ":"); i >= 0 {
		name = name[:i]
	}
	return name
}

var (
	ocbVersion  = regexp.MustCompile(`go\.opentelemetry\.io/collector/cmd/builder@(v[0-9][^\s]*)`)
	goDirective = regexp.MustCompile(`(?m)^go (\d+\.\d+)`)
	golangImage = regexp.MustCompile(`^golang:(\d+\.\d+)`)
	imageVar    = regexp.MustCompile(`(?m)^IMAGE\s*\?=\s*(\S+)`)
)

// TestDockerfile holds the Dockerfile to the repository: each case is a
// property the image must have that no build here can show.
func TestDockerfile(t *testing.T) {
	read := func(name string) string {
		b, err := os.ReadFile(name)
		require.NoError(t, err)
		return string(b)
	}
	dockerfile, makefile, gomod := read("Dockerfile"), read("Makefile"), read("go.mod")
	stages := parseDockerfile(dockerfile)
	require.NotEmpty(t, stages, "no FROM in the Dockerfile")
	final := stages[len(stages)-1]
	var build stage // the stage that runs ocb
	for _, s := range stages[:len(stages)-1] {
		for _, run := range s.all("RUN") {
			if ocbVersion.MatchString(run) {
				build = s
			}
		}
	}
	d := readDeployment(t)

	tests := []struct {
		name  string
		check func(t *testing.T)
	}{
		{"multi-stage: ocb builds in a builder stage, the final stage copies its binary", func(t *testing.T) {
			require.GreaterOrEqual(t, len(stages), 2, "stages")
			require.NotEmpty(t, build.name, "no named stage before the last runs ocb (go run .../cmd/builder@...)")
			copied := false
			for _, c := range final.all("COPY") {
				copied = copied || strings.Contains(c, "--from="+build.name+" ")
			}
			assert.True(t, copied, "the final stage copies nothing from %q", build.name)
		}},
		{"the same ocb version as the Makefile", func(t *testing.T) {
			m := ocbVersion.FindStringSubmatch(makefile)
			require.NotNil(t, m, "no ocb version in the Makefile")
			got := ocbVersion.FindAllStringSubmatch(dockerfile, -1)
			require.NotEmpty(t, got, "no ocb version in the Dockerfile")
			for _, g := range got {
				assert.Equal(t, m[1], g[1], "the Dockerfile's ocb version")
			}
		}},
		{"the builder's Go is go.mod's", func(t *testing.T) {
			m := goDirective.FindStringSubmatch(gomod)
			require.NotNil(t, m, "no go directive in go.mod")
			g := golangImage.FindStringSubmatch(build.from)
			require.NotNil(t, g, "the builder stage's base %q is not golang:<version>", build.from)
			assert.Equal(t, m[1], g[1], "the builder image's Go version")
		}},
		{"a static binary: CGO_ENABLED=0 where ocb builds", func(t *testing.T) {
			inRun := false
			for _, run := range build.all("RUN") {
				inRun = inRun || (ocbVersion.MatchString(run) && strings.Contains(run, "CGO_ENABLED=0"))
			}
			assert.True(t, build.env()["CGO_ENABLED"] == "0" || inRun, "the builder stage does not set CGO_ENABLED=0")
		}},
		{"a non-root USER, the examples' runAsUser and fsGroup", func(t *testing.T) {
			user := final.last("USER")
			require.NotEmpty(t, user, "the final stage sets no USER")
			uid, gid, _ := strings.Cut(user, ":")
			n, err := strconv.Atoi(uid)
			require.NoError(t, err, "USER %q: a numeric uid (Kubernetes' runAsNonRoot can only check a number)", user)
			assert.NotZero(t, n, "USER is root")
			if gid != "" {
				g, err := strconv.Atoi(gid)
				require.NoError(t, err, "USER %q: a numeric gid", user)
				assert.Equal(t, g, d.fsGroup, "the manifest's fsGroup")
				assert.Equal(t, g, d.helmFSGroup, "the Helm values' podSecurityContext.fsGroup")
			}
			assert.Equal(t, n, d.runAsUser, "the manifest's runAsUser")
			assert.Equal(t, n, d.helmRunAsUser, "the Helm values' podSecurityContext.runAsUser")
		}},
		{"the VOLUME is the storage directory the examples mount and OTELCOL_STORAGE_DIR", func(t *testing.T) {
			volume := final.last("VOLUME")
			if v := execForm(volume); len(v) == 1 {
				volume = v[0]
			}
			require.NotEmpty(t, volume, "the final stage declares no VOLUME")
			assert.Equal(t, volume, d.storageMount, "the manifest's volume claim mount")
			assert.Equal(t, volume, d.helmMount, "the Helm values' volume claim mount")
			assert.Equal(t, volume, final.env()["OTELCOL_STORAGE_DIR"], "OTELCOL_STORAGE_DIR, the examples' file_storage directory")
			owned := false
			for _, c := range final.all("COPY") {
				f := strings.Fields(c)
				dest := f[len(f)-1]
				owned = owned || (strings.Contains(c, "--chown=") && (dest == volume || strings.HasPrefix(volume, strings.TrimSuffix(dest, "/")+"/")))
			}
			assert.True(t, owned, "the volume's directory %s is not copied in with --chown (a new volume would be root's)", volume)
		}},
		{"ENTRYPOINT is the collector the Helm chart runs, the image the examples name", func(t *testing.T) {
			entry := execForm(final.last("ENTRYPOINT"))
			require.Len(t, entry, 1, "ENTRYPOINT in exec form, the collector alone")
			assert.Equal(t, "/"+d.helmCommand, entry[0], "the Helm values' command.name (the chart runs /<command.name>)")
			m := imageVar.FindStringSubmatch(makefile)
			require.NotNil(t, m, "no IMAGE ?= in the Makefile")
			assert.Equal(t, repositoryName(m[1]), repositoryName(d.image), "the manifest's image")
			assert.Equal(t, repositoryName(m[1]), repositoryName(d.helmRepository), "the Helm values' image.repository")
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, tt.check)
	}
}
