package gen

import (
	"math/big"
	"math/rand/v2"
	"strings"
	"time"
)

// What the four Container Security event logs (§6.1) share: their ids, the
// tenant's policies and rulesets, and how an image splits into repository
// and tag. The Kubernetes clusters and workloads are those of the search
// container activities (search_container.go), so the same cluster, pod and
// image recur across feeds.

// streamContainerID draws a container event's id, apart from its content,
// so that the key rule need not render the item.
const streamContainerID uint64 = 0x6b5e_1d03

// containerEventID is a Container Security event's id: a KSUID stamped
// with the event's second (the document's example: 0uk1Hbc9dQ9pxyTqJ93IUrFhdGq).
func containerEventID(r Record) string {
	rng := rand.New(rand.NewPCG(r.Seed, streamContainerID))
	return ksuid(r.Time, rng.Uint64(), rng.Uint64())
}

// ksuidEpoch is the KSUID timestamp's origin (2014-05-13T16:53:20Z).
const ksuidEpoch = 1_400_000_000

const base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

// ksuid formats a K-Sortable Unique ID: 27 base62 digits of a 32-bit
// timestamp (seconds since ksuidEpoch) followed by 128 random bits. Container
// Security names its events, clusters, policies and rulesets with them.
func ksuid(t time.Time, hi, lo uint64) string {
	var raw [20]byte
	ts := uint32(t.Unix() - ksuidEpoch)
	raw[0], raw[1], raw[2], raw[3] = byte(ts>>24), byte(ts>>16), byte(ts>>8), byte(ts)
	for i := range 8 {
		raw[4+i] = byte(hi >> (56 - 8*i))
		raw[12+i] = byte(lo >> (56 - 8*i))
	}
	n := new(big.Int).SetBytes(raw[:])
	digits := []byte(n.Text(62))
	for i, c := range digits { // big.Int's base 62 orders digits 0-9a-zA-Z
		digits[i] = base62[strings.IndexByte("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ", c)]
	}
	return strings.Repeat("0", 27-len(digits)) + string(digits)
}

// isoMicros: Container Security runtime (sensor) event times, such as
// 2019-03-01T00:00:00.000000Z in the document's examples.
func isoMicros(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000000Z") }

// containerPolicy is a Container Security policy, assigned to clusters.
type containerPolicy struct {
	id, name string
	// definitions are its namespaced policy definitions (evaluation
	// events' policyDefinitionName); the first is the default one.
	definitions []string
}

var (
	// policyFor is each cluster's policy, by cluster id.
	policyFor = map[string]*containerPolicy{
		clusters[0].id: {"prod-strict-2HJdKqEiuvOqXz7XUvn3HjSo0Ld", "prod-strict", []string{"default", "prodNamespaces", "kube-system"}},
		clusters[1].id: {"DefaultPolicy-2HJe25H4GY4upSuNNAG1pci2BIm", "DefaultPolicy", []string{"default", "devNamespaces"}},
	}
	// rulesets are the runtime rulesets that policies apply.
	rulesets = []map[string]any{
		{"id": "LogOnlyRuleset-2HJdLdY7GqYV4z5wRkXWpqCxF2a", "name": "LogOnlyRuleset"},
		{"id": "mitre-runtime-2HJdM1JbQyqv8k5T0PfRzX2uAcE", "name": "mitre-runtime"},
		{"id": "prod-hardening-2HJdMq7sVtmq3PXa0ZNcPsb0Yw9", "name": "prod-hardening"},
	}
)

// splitImage splits an image reference into repository and tag
// (registry.contoso.com/payments-api:2.14.1 → registry.contoso.com/payments-api, 2.14.1).
func splitImage(image string) (repository, tag string) {
	if i := strings.LastIndexByte(image, ':'); i > strings.LastIndexByte(image, '/') {
		return image[:i], image[i+1:]
	}
	return image, "latest"
}

// mitigationFor draws what a runtime rule's policy did: mostly log, more
// often isolate or terminate the more severe the rule.
func mitigationFor(d *draw, severity string) string {
	switch severity {
	case "emergency", "alert", "critical", "error":
		return pickWeighted(d, []weighted[string]{{60, "log"}, {25, "isolate"}, {15, "terminate"}})
	}
	return pickWeighted(d, []weighted[string]{{90, "log"}, {7, "isolate"}, {3, "terminate"}})
}
