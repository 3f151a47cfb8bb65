// Package simulator is a local Trend Vision One API (v3.0) for tests and
// demos: the workbench, OAT, audit and eight search list endpoints (and the
// other list feeds of feeds.go), the connectivity healthcheck and the OAT
// and Data Lake data pipelines (pipeline*.go: registration, package lists,
// gzip package downloads), with the documented envelopes, parameters,
// error bodies, paging tokens, retention and rate limits described in the
// project's API notes, docs/visionone-api.md (§1–§5 and §7), deterministic
// data, fault injection and a ground-truth admin view. In this package's
// comments "§N" is a section of docs/visionone-api.md. README.md lists the
// defaults chosen where the API is undocumented. Items and bodies follow
// Trend's OpenAPI document for v3.0 (spec_test.go validates every feed
// against an extract of it in testdata/openapi); Options.Quirks serves the
// real-world shapes that differ from it instead.
//
// Each feed is one descriptor in feedList (feeds.go) and one generator in
// the internal gen package; nothing else knows a feed.
//
// In-process use:
//
//	sim, err := simulator.New(simulator.Options{
//		Seed:    1,
//		History: 48 * time.Hour,
//		Clock:   simulator.ManualClock(t0),
//	})
//	srv := httptest.NewServer(sim.Handler())
//	defer srv.Close()
//	// requests carry "Authorization: Bearer " + simulator.DemoKey
//	sim.Advance(5 * time.Minute)                          // data keeps arriving
//	sim.SetFaults(simulator.Fault{Kind: simulator.FaultStatus, Status: 503, Count: 2})
//	keys, _ := sim.GroundTruth(simulator.OAT, "ingestedDateTime", from, to, false)
//	st := sim.Stats()                                     // per key/endpoint/status, peaks per minute
//
// Data: every feed's records are a pure function of (Seed, feed, minute):
// a Poisson count per minute with occasional bursts sharing one second, each
// record with its own ingestion delay. Records exist from Clock.Now()-History
// (at New) onwards and become visible when the simulated clock passes their
// ingestion time (workbench alerts: their creation; alert updates: their
// version time). Items are rendered by the internal gen package.
//
// Paging: a chain of nextLinks is a snapshot: its token pins the instant of
// the first page, so records arriving meanwhile never shift, drop or repeat
// items of later pages. Tokens expire after Options.TokenTTL on the simulated
// clock, or at once through ExpireTokens.
//
// Rate limits count requests per (key, endpoint) in 60-second windows of
// wall time (Options.RateClock), not simulated time. Every answer's Date
// header, though, tells the simulated time, so clients measure their clock
// against the simulator's.
package simulator
