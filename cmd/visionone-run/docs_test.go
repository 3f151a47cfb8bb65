package main

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// The repository's files this launcher's documentation lives in, from its
// package directory.
var (
	readmePath   = filepath.Join("..", "..", "README.md")
	makefilePath = filepath.Join("..", "..", "Makefile")
	runYAMLPath  = filepath.Join("..", "..", "config", "run.yaml")
)

func readRepoFile(t *testing.T, path string) string {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(raw)
}

// TestREADMEDevelopmentTableListsTheTargets: every Makefile target that
// `make help` lists (a `## name:` line) has a row in the README's
// development table, and every row names a target the Makefile has.
func TestREADMEDevelopmentTableListsTheTargets(t *testing.T) {
	makefile := readRepoFile(t, makefilePath)
	readme := readRepoFile(t, readmePath)

	var helped []string
	for _, m := range regexp.MustCompile(`(?m)^## ([a-zA-Z0-9_-]+): `).FindAllStringSubmatch(makefile, -1) {
		helped = append(helped, m[1])
	}
	targets := map[string]bool{}
	for _, m := range regexp.MustCompile(`(?m)^([a-zA-Z0-9_-]+( [a-zA-Z0-9_-]+)*):`).FindAllStringSubmatch(makefile, -1) {
		for _, name := range strings.Fields(m[1]) {
			targets[name] = true
		}
	}
	var rows []string
	for _, m := range regexp.MustCompile("(?m)^\\| `make ([a-zA-Z0-9_-]+)` \\|").FindAllStringSubmatch(readme, -1) {
		rows = append(rows, m[1])
	}
	if len(helped) == 0 || len(rows) == 0 {
		t.Fatalf("found %d documented targets and %d README rows: has the format changed?", len(helped), len(rows))
	}
	for _, name := range helped {
		if !slices.Contains(rows, name) {
			t.Errorf("make %s (a `## %s:` line in the Makefile) has no row in the README's development table", name, name)
		}
	}
	for _, name := range rows {
		if !targets[name] {
			t.Errorf("the README's development table has make %s, which the Makefile does not", name)
		}
	}
}

// TestREADMESaysWhereMakeRunWrites: the README's make run paragraph names
// the files the launcher writes and reads by default (as the Makefile
// passes them), and the records file is the one config/run.yaml's file
// exporter writes.
func TestREADMESaysWhereMakeRunWrites(t *testing.T) {
	o, err := parseFlags(nil)
	if err != nil {
		t.Fatal(err)
	}
	readme := readRepoFile(t, readmePath)
	makefile := readRepoFile(t, makefilePath)
	runYAML := readRepoFile(t, runYAMLPath)
	for _, path := range []string{o.collectorLog, o.records} {
		if !strings.Contains(readme, "`"+path+"`") {
			t.Errorf("the README does not name %s", path)
		}
		if !strings.Contains(makefile, strings.Replace(path, "_build/", "$(BUILD_DIR)/", 1)) {
			t.Errorf("make run does not pass %s", path)
		}
	}
	if !strings.Contains(runYAML, "\n    path: "+o.records+"\n") {
		t.Errorf("config/run.yaml's file exporter does not write %s", o.records)
	}
}
