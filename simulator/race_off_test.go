//go:build !race

package simulator

// raceEnabled: see race_on_test.go.
const raceEnabled = false
