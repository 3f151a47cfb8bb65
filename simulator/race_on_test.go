//go:build race

package simulator

// raceEnabled: the race detector slows the spec validation about tenfold,
// so TestPagesMatchOpenAPISpec then walks one seed, and less history.
const raceEnabled = true
