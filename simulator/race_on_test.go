//go:build race

package simulator

// raceEnabled: the race detector slows the spec validation too much for the
// full walk, so TestPagesMatchOpenAPISpec then walks one seed, and less
// history (README.md, Measurements).
const raceEnabled = true
