//go:build ignore

// Command extract copies, from Trend's OpenAPI document for v3.0, what the
// simulator's spec-validation tests (simulator/spec_test.go,
// simulator/pipeline_spec_test.go) need: the GET operations of the list
// endpoints the simulator serves, every operation (GET, POST, PATCH, with
// their request bodies) of the data pipeline endpoints it serves, and the
// components they reference, transitively. Everything else (other endpoints, unreferenced
// components, tags) is left out, and so are the `example` and `examples`
// values: the test validates the simulator's responses, not the document's
// examples (several of which break the document's own enums and types).
// The rest is copied unchanged.
//
//	curl -o sp-api-open-v3.0.json https://automation.trendmicro.com/sp-api-open-v3.0.json
//	go run extract.go -in sp-api-open-v3.0.json -out visionone-v3.0-logs.json
//
// The output is deterministic (keys sorted, one-space indentation), so a
// re-run on the same document reproduces the committed file byte for byte.
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"os"
	"slices"
	"strings"
)

// paths are the endpoints the simulator serves (simulator/README.md).
var paths = []string{
	"/v3.0/workbench/alerts",
	"/v3.0/oat/detections",
	"/v3.0/audit/logs",
	"/v3.0/search/detections",
	"/v3.0/search/endpointActivities",
	"/v3.0/search/networkActivities",
	"/v3.0/search/emailActivities",
	"/v3.0/search/cloudActivities",
	"/v3.0/search/mobileActivities",
	"/v3.0/search/identityActivities",
	"/v3.0/search/containerActivities",
	"/v3.0/containerSecurity/kubernetesAuditEventLogs",
	"/v3.0/containerSecurity/kubernetesSensorEventLogs",
	"/v3.0/containerSecurity/kubernetesEvaluationEventLogs",
	"/v3.0/containerSecurity/amazonEcsSensorEventLogs",
	"/v3.0/caseManagement/cases",
	"/v3.0/response/tasks",
	"/v3.0/securityPlaybooks/tasks",
	"/v3.0/endpointSecurity/tasks",
	"/v3.0/asrm/accountCompromiseIndicators",
	"/v3.0/healthcheck/connectivity",
}

// operationPaths are the endpoints whose every operation the simulator
// serves (the OAT and Data Lake data pipelines, simulator/pipeline*.go):
// each is copied with all its methods and request bodies.
var operationPaths = []string{
	"/v3.0/oat/dataPipelines",
	"/v3.0/oat/dataPipelines/{id}",
	"/v3.0/oat/dataPipelines/delete",
	"/v3.0/oat/dataPipelines/{id}/packages",
	"/v3.0/oat/dataPipelines/{id}/packages/{packageId}",
	"/v3.0/datalake/dataPipelines",
	"/v3.0/datalake/dataPipelines/{id}",
	"/v3.0/datalake/dataPipelines/delete",
	"/v3.0/datalake/dataPipelines/{id}/packages",
	"/v3.0/datalake/dataPipelines/{id}/packages/{packageId}",
}

// methods are the operations of a path item, in OpenAPI's order.
var methods = []string{"get", "put", "post", "delete", "options", "head", "patch", "trace"}

func main() {
	in := flag.String("in", "", "Trend's OpenAPI document for v3.0 (sp-api-open-v3.0.json)")
	out := flag.String("out", "visionone-v3.0-logs.json", "output file")
	flag.Parse()
	if *in == "" {
		log.Fatal("extract: -in is required")
	}
	raw, err := os.ReadFile(*in)
	if err != nil {
		log.Fatal(err)
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber() // keep numbers exactly as written
	var doc map[string]any
	if err := dec.Decode(&doc); err != nil {
		log.Fatalf("extract: %s: %v", *in, err)
	}

	dropExamples(doc)
	srcPaths := doc["paths"].(map[string]any)
	outPaths := map[string]any{}
	for _, p := range paths {
		item, ok := srcPaths[p].(map[string]any)
		if !ok || item["get"] == nil {
			log.Fatalf("extract: %s has no GET %s", *in, p)
		}
		outPaths[p] = map[string]any{"get": item["get"]}
	}
	for _, p := range operationPaths {
		item, ok := srcPaths[p].(map[string]any)
		if !ok {
			log.Fatalf("extract: %s has no path %s", *in, p)
		}
		ops := map[string]any{}
		for _, m := range methods {
			if op, ok := item[m]; ok {
				ops[m] = op
			}
		}
		if len(ops) == 0 {
			log.Fatalf("extract: %s has no operation on %s", *in, p)
		}
		outPaths[p] = ops
	}

	// The components the operations reference, transitively.
	components := doc["components"].(map[string]any)
	kept := map[string]map[string]any{}
	var visit func(v any)
	visit = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			if ref, ok := x["$ref"].(string); ok {
				section, name := splitRef(ref)
				if kept[section] == nil {
					kept[section] = map[string]any{}
				}
				if _, done := kept[section][name]; !done {
					target, ok := components[section].(map[string]any)[name]
					if !ok {
						log.Fatalf("extract: dangling %s", ref)
					}
					kept[section][name] = target
					visit(target)
				}
			}
			for _, k := range sortedKeys(x) {
				visit(x[k])
			}
		case []any:
			for _, e := range x {
				visit(e)
			}
		}
	}
	visit(outPaths)
	// The security schemes the operations name (several endpoints name
	// their own: BearerAuth, BearerAuthToken), and bearerAuth, which the
	// others are documented with.
	schemes := components["securitySchemes"].(map[string]any)
	kept["securitySchemes"] = map[string]any{"bearerAuth": schemes["bearerAuth"]}
	for _, p := range sortedKeys(outPaths) {
		for _, op := range outPaths[p].(map[string]any) {
			requirements, _ := op.(map[string]any)["security"].([]any)
			for _, req := range requirements {
				for name := range req.(map[string]any) {
					scheme, ok := schemes[name]
					if !ok {
						log.Fatalf("extract: %s names the unknown security scheme %s", p, name)
					}
					kept["securitySchemes"][name] = scheme
				}
			}
		}
	}

	outComponents := map[string]any{}
	for section, m := range kept {
		outComponents[section] = m
	}
	info := doc["info"].(map[string]any)
	result := map[string]any{
		"openapi": doc["openapi"],
		"info": map[string]any{
			"title":   info["title"],
			"version": info["version"],
			"license": info["license"],
			"description": "Extract of Trend's OpenAPI document for v3.0 " +
				"(https://automation.trendmicro.com/sp-api-open-v3.0.json): the GET operations of " +
				strings.Join(paths, ", ") + ", every operation of " + strings.Join(operationPaths, ", ") +
				" and the components they reference, without examples, otherwise unchanged.",
		},
		"servers":    doc["servers"],
		"security":   doc["security"],
		"paths":      outPaths,
		"components": outComponents,
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", " ")
	if err := enc.Encode(result); err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(*out, buf.Bytes(), 0o644); err != nil {
		log.Fatal(err)
	}
	n := 0
	for _, m := range kept {
		n += len(m)
	}
	fmt.Printf("extract: %d paths, %d components, %d bytes -> %s\n", len(outPaths), n, buf.Len(), *out)
}

// dropExamples removes every `example` and `examples` member of a schema,
// parameter or media type. A property that happens to be named "example"
// sits under "properties" and stays.
func dropExamples(v any) {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			if k == "properties" {
				for _, p := range e.(map[string]any) {
					dropExamples(p)
				}
				continue
			}
			if k == "example" || k == "examples" {
				delete(x, k)
				continue
			}
			dropExamples(e)
		}
	case []any:
		for _, e := range x {
			dropExamples(e)
		}
	}
}

// splitRef splits "#/components/<section>/<name>".
func splitRef(ref string) (section, name string) {
	parts := strings.Split(strings.TrimPrefix(ref, "#/components/"), "/")
	if len(parts) != 2 || !strings.HasPrefix(ref, "#/components/") {
		log.Fatalf("extract: unsupported $ref %q", ref)
	}
	return parts[0], parts[1]
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
