// Package e2e is the end-to-end proof: the ocb-built otelcol-visionone
// against the visionone-sim process, on loopback ports and temporary
// directories, its file exporter output checked against the simulator's
// ground truth, then a kill -9 and a restart. It also runs the built
// collector's `validate` on broken configurations and on every example.
//
// The tests carry the e2e build tag, so `go test ./...` leaves them out: they
// need the binaries. `make e2e` (part of `make test`) builds both and runs
//
//	go test -tags e2e ./e2e/ -collector <otelcol-visionone> -simulator <visionone-sim>
//
// A missing binary fails the tests; it never skips them.
package e2e
