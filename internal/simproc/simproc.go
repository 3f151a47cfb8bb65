// Package simproc runs the visionone-sim binary (cmd/visionone-sim) as a
// child process and calls its admin API, for the end-to-end tests (e2e)
// and the benchmark driver (cmd/visionone-bench). It knows the simulator
// only through its command line, its output and its HTTP API, never
// through the simulator package, so that what it drives is the binary as
// built. FreePort picks loopback ports for the other processes those
// callers start.
//
// Errors are returned, never reported through a testing.T: the package is
// not test-only.
package simproc // import "github.com/otel-visionone/trendmicrovisiononereceiver/internal/simproc"

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"syscall"
	"time"
)

// KeysEnv is the environment variable visionone-sim reads -keys from
// (`key=roles;key2=roles`). Keys go there rather than on the command line,
// which every user of the machine can read.
const KeysEnv = "VISIONONE_SIM_KEYS"

// StartTimeout bounds the wait for the simulator's serving line.
const StartTimeout = 30 * time.Second

// Options configure Start.
type Options struct {
	// Binary is the visionone-sim executable.
	Binary string
	// Args are its flags. They follow the ones Start adds ("-addr
	// 127.0.0.1:0", and "-no-demo-key" unless DemoKey), so they may
	// override them.
	Args []string
	// Keys are API keys the simulator accepts, each with every role. They
	// reach it through KeysEnv.
	Keys []string
	// DemoKey keeps the simulator's public demo key valid, and Start waits
	// for the line naming it (Sim.DemoKey). Without it only Keys are
	// accepted.
	DemoKey bool
	// Output receives the process's stdout and stderr, in the order they
	// were written; nil discards them.
	Output io.Writer
	// Stderr, if not nil, receives stderr instead of Output.
	Stderr io.Writer
}

// Sim is a running visionone-sim process.
type Sim struct {
	cmd     *exec.Cmd
	base    string
	started time.Time
	demoKey string
	done    chan struct{} // closed once the process has exited
	err     error         // how it exited; read after done
}

// Start runs the simulator and returns once it serves: when it has printed
// its serving line (and, with DemoKey, the demo key), within ctx and
// StartTimeout. The simulator binds its own port ("-addr 127.0.0.1:0"),
// so unlike FreePort's ports nothing can take it between pick and bind. On
// an error the process has been killed.
func Start(ctx context.Context, o Options) (*Sim, error) {
	env, err := keysEnv(o.Keys)
	if err != nil {
		return nil, err
	}
	args := []string{"-addr", "127.0.0.1:0"}
	if !o.DemoKey {
		args = append(args, "-no-demo-key")
	}
	args = append(args, o.Args...)

	w := newWatcher(o.Output, o.DemoKey)
	cmd := exec.Command(o.Binary, args...)
	cmd.Env = append(os.Environ(), env...) // later entries win
	// One writer for both: exec then gives them one pipe, which keeps
	// their order, and calls w from one goroutine only.
	cmd.Stdout, cmd.Stderr = w, w
	if o.Stderr != nil {
		cmd.Stderr = o.Stderr
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start visionone-sim: %w", err)
	}
	s := &Sim{cmd: cmd, done: make(chan struct{})}
	go func() {
		s.err = cmd.Wait()
		close(s.done)
	}()

	timer := time.NewTimer(StartTimeout)
	defer timer.Stop()
	timedOut := false
	select {
	case <-w.ready:
	case <-s.done: // Wait has copied all its output: w has seen every line
	case <-ctx.Done():
	case <-timer.C:
		timedOut = true
	}
	select {
	case <-w.ready:
		if w.err != nil {
			s.Kill()
			return nil, w.err
		}
		s.base, s.started, s.demoKey = w.base, w.started, w.demoKey
		return s, nil
	default:
	}
	select {
	case <-s.done:
		return nil, fmt.Errorf("visionone-sim exited before serving (%s)", exitString(s.err))
	default:
	}
	s.Kill()
	if timedOut {
		return nil, fmt.Errorf("visionone-sim did not start serving within %s", StartTimeout)
	}
	return nil, fmt.Errorf("visionone-sim: waiting for it to serve: %w", ctx.Err())
}

// keysEnv is the environment entry that hands keys to the simulator, each
// with every role. A key holding the separators would be split into other
// keys, or roles.
func keysEnv(keys []string) ([]string, error) {
	if len(keys) == 0 {
		return nil, nil
	}
	grants := make([]string, len(keys))
	for i, k := range keys {
		if strings.TrimSpace(k) == "" || strings.ContainsAny(k, ";=") {
			// By position only: the key is a secret.
			return nil, fmt.Errorf("simproc: key %d is empty or holds ';' or '='", i+1)
		}
		grants[i] = k + "=all"
	}
	return []string{KeysEnv + "=" + strings.Join(grants, ";")}, nil
}

func exitString(err error) string {
	if err == nil {
		return "exit status 0"
	}
	return err.Error()
}

// Base is the simulator's address, http://127.0.0.1:port; the API is under
// Base()+"/v3.0", the admin API under Base()+"/admin/".
func (s *Sim) Base() string { return s.base }

// Started is the simulator's clock when it started serving, to the second.
func (s *Sim) Started() time.Time { return s.started }

// DemoKey is the demo key the simulator printed (Options.DemoKey), or "".
func (s *Sim) DemoKey() string { return s.demoKey }

// Stop sends SIGTERM, on which the simulator shuts down gracefully, and
// kills it if it still runs after grace. It returns once the process has
// exited: nil if it exited cleanly.
func (s *Sim) Stop(grace time.Duration) error {
	select {
	case <-s.done:
		return s.exitErr()
	default:
	}
	if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil && !errors.Is(err, os.ErrProcessDone) {
		s.Kill()
		return fmt.Errorf("stop visionone-sim: %w", err)
	}
	timer := time.NewTimer(grace)
	defer timer.Stop()
	select {
	case <-s.done:
		return s.exitErr()
	case <-timer.C:
		s.Kill()
		return fmt.Errorf("visionone-sim did not stop within %s of SIGTERM and was killed", grace)
	}
}

func (s *Sim) exitErr() error {
	if s.err != nil {
		return fmt.Errorf("visionone-sim: %w", s.err)
	}
	return nil
}

// Kill kills the process without warning and waits for it to exit.
func (s *Sim) Kill() {
	_ = s.cmd.Process.Kill()
	<-s.done
}

// The lines visionone-sim prints first (cmd/visionone-sim), e.g.
//
//	visionone-sim: serving http://127.0.0.1:8089/v3.0 (admin http://127.0.0.1:8089/admin/), clock real at 2025-01-02T03:04:05Z, seed 1
//	visionone-sim: demo key (all roles): eyJ...
var (
	servingLine = regexp.MustCompile(`serving (http://\S+)/v3\.0 .* clock \w+ at (\S+),`)
	demoKeyLine = regexp.MustCompile(`^visionone-sim: demo key \(all roles\): (\S+)$`)
)

// parseServing reads the simulator's address and start clock from its
// serving line; ok is false for any other line.
func parseServing(line string) (base string, started time.Time, ok bool, err error) {
	m := servingLine.FindStringSubmatch(line)
	if m == nil {
		return "", time.Time{}, false, nil
	}
	started, err = time.Parse(time.RFC3339, m[2])
	if err != nil {
		return "", time.Time{}, true, fmt.Errorf("visionone-sim's serving line: clock: %w", err)
	}
	return m[1], started, true, nil
}

// maxPending bounds the unfinished line kept while waiting for the serving
// line, should the process print without newlines.
const maxPending = 64 << 10

// watcher passes the process's output on and reads its first lines until
// it knows the address (and the demo key, when wanted). exec calls Write
// from one goroutine.
type watcher struct {
	out      io.Writer
	wantDemo bool
	pending  []byte // an unfinished line
	closed   bool   // ready is closed: lines are no longer read

	ready   chan struct{} // closed once the fields below are set
	base    string
	started time.Time
	demoKey string
	err     error
}

func newWatcher(out io.Writer, wantDemo bool) *watcher {
	if out == nil {
		out = io.Discard
	}
	return &watcher{out: out, wantDemo: wantDemo, ready: make(chan struct{})}
}

func (w *watcher) Write(p []byte) (int, error) {
	if !w.closed {
		w.pending = append(w.pending, p...)
		for !w.closed {
			i := bytes.IndexByte(w.pending, '\n')
			if i < 0 {
				break
			}
			w.line(strings.TrimSuffix(string(w.pending[:i]), "\r"))
			w.pending = w.pending[i+1:]
		}
		if w.closed || len(w.pending) > maxPending {
			w.pending = nil
		}
	}
	return w.out.Write(p)
}

func (w *watcher) line(l string) {
	if w.base == "" {
		base, started, ok, err := parseServing(l)
		if err != nil {
			w.finish(err)
			return
		}
		if ok {
			w.base, w.started = base, started
		}
	} else if m := demoKeyLine.FindStringSubmatch(l); m != nil {
		w.demoKey = m[1]
	}
	if w.base != "" && (!w.wantDemo || w.demoKey != "") {
		w.finish(nil)
	}
}

func (w *watcher) finish(err error) {
	w.err = err
	w.closed = true
	close(w.ready)
}
