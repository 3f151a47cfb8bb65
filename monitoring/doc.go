// Package monitoring holds the tests of the receiver's monitoring kit: the
// Prometheus alert rules in prometheus/alerts.yaml, evaluated on the test
// series of prometheus/alerts_test.yaml (README, Monitoring). It is a Go
// module of its own so that Prometheus's dependencies stay out of the
// receiver's go.mod, and so out of every collector built with it.
package monitoring
