//go:build e2e

package e2e

import (
	"context"
	"net"
	"sync"
	"testing"

	"go.opentelemetry.io/collector/pdata/plog"
	"go.opentelemetry.io/collector/pdata/plog/plogotlp"
	"google.golang.org/grpc"
	_ "google.golang.org/grpc/encoding/gzip" // the OTLP exporter compresses by default
)

// otlpSink is the collector's downstream: an OTLP/gRPC logs endpoint on a
// fixed loopback address that the test starts late, stops and restarts, as
// a gateway that is down for a while would be.
type otlpSink struct {
	plogotlp.UnimplementedGRPCServer
	addr string

	// inspect, when set, takes each request's records instead: a test
	// whose bodies are not the items (schema: ocsf) reads them itself.
	inspect func(plog.Logs)

	mu      sync.Mutex
	got     delivered
	exports int
	srv     *grpc.Server
	done    chan struct{}
}

// newOTLPSink reserves a loopback address; nothing listens until start.
func newOTLPSink(t *testing.T) *otlpSink {
	s := &otlpSink{addr: addr(freePort(t)), got: delivered{}}
	t.Cleanup(s.stop)
	return s
}

// Export keeps the records of a request; a request with a record of no
// known stream is refused (and fails the test through the missing data).
func (s *otlpSink) Export(_ context.Context, req plogotlp.ExportRequest) (plogotlp.ExportResponse, error) {
	if s.inspect != nil {
		s.inspect(req.Logs())
		return plogotlp.NewExportResponse(), nil
	}
	recs := map[string][]record{}
	if err := addRecords(recs, req.Logs()); err != nil {
		return plogotlp.NewExportResponse(), err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.exports++
	for name, r := range recs {
		s.got[name] = append(s.got[name], r...)
	}
	return plogotlp.NewExportResponse(), nil
}

// start listens on the sink's address.
func (s *otlpSink) start(t *testing.T) {
	t.Helper()
	l, err := net.Listen("tcp", s.addr)
	if err != nil {
		t.Fatal(err)
	}
	srv := grpc.NewServer()
	plogotlp.RegisterGRPCServer(srv, s)
	done := make(chan struct{})
	go func() { defer close(done); _ = srv.Serve(l) }()
	s.mu.Lock()
	s.srv, s.done = srv, done
	s.mu.Unlock()
}

// stop closes the listener and every connection at once, as a crash of the
// gateway would.
func (s *otlpSink) stop() {
	s.mu.Lock()
	srv, done := s.srv, s.done
	s.srv = nil
	s.mu.Unlock()
	if srv != nil {
		srv.Stop()
		<-done
	}
}

// delivered is a copy of what the sink received.
func (s *otlpSink) delivered() delivered {
	s.mu.Lock()
	defer s.mu.Unlock()
	return delivered{}.merged(s.got)
}
