package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"sync"
	"syscall"
	"time"
)

// child is a process the launcher runs, shows and stops.
type child struct {
	name   string
	cmd    *exec.Cmd
	output *lineWriter
	done   chan struct{} // closed once the process has exited
	err    error         // how it exited; read after done
}

// startChild runs path with args and hands each line of its stdout and
// stderr to onLine, which decides where it goes (the console, a file).
func startChild(name string, onLine func(string), path string, args ...string) (*child, error) {
	lw := &lineWriter{onLine: onLine}
	cmd := exec.Command(path, args...)
	cmd.Stdout, cmd.Stderr = lw, lw
	cmd.Env = os.Environ()
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %s: %w", name, err)
	}
	c := &child{name: name, cmd: cmd, output: lw, done: make(chan struct{})}
	go func() {
		c.err = cmd.Wait()
		lw.flush()
		close(c.done)
	}()
	return c, nil
}

// stop asks the child to shut down with SIGTERM (both the collector and
// the simulator stop gracefully on it) and kills it if it is still running
// after grace. It returns once the process has exited.
func (c *child) stop(grace time.Duration) error {
	select {
	case <-c.done:
	default:
		if err := c.cmd.Process.Signal(syscall.SIGTERM); err != nil && !errors.Is(err, os.ErrProcessDone) {
			return fmt.Errorf("stop %s: %w", c.name, err)
		}
		timer := time.NewTimer(grace)
		defer timer.Stop()
		select {
		case <-c.done:
		case <-timer.C:
			_ = c.cmd.Process.Kill()
			<-c.done
			return fmt.Errorf("%s did not stop within %s and was killed", c.name, grace)
		}
	}
	if err := c.exitErr(); err != nil {
		return fmt.Errorf("%s: %w", c.name, err)
	}
	return nil
}

// exitErr is the child's exit, where SIGTERM and SIGINT count as a clean
// stop: they are how the launcher, or the terminal's Ctrl-C, stop it.
func (c *child) exitErr() error {
	var exit *exec.ExitError
	if errors.As(c.err, &exit) {
		if ws, ok := exit.Sys().(syscall.WaitStatus); ok && ws.Signaled() &&
			(ws.Signal() == syscall.SIGTERM || ws.Signal() == syscall.SIGINT) {
			return nil
		}
	}
	return c.err
}

// lockedWriter serialises whole lines from several children.
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// lineWriter cuts a stream into lines and hands each, whole, to onLine, so
// lines of different children never interleave.
type lineWriter struct {
	onLine func(string)
	mu     sync.Mutex
	buf    []byte
}

func (l *lineWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.buf = append(l.buf, p...)
	for {
		i := bytes.IndexByte(l.buf, '\n')
		if i < 0 {
			return len(p), nil
		}
		l.emit(l.buf[:i])
		l.buf = l.buf[i+1:]
	}
}

// flush writes what is left after the last newline.
func (l *lineWriter) flush() {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.buf) > 0 {
		l.emit(l.buf)
		l.buf = nil
	}
}

func (l *lineWriter) emit(line []byte) { l.onLine(string(line)) }

// prefixed is an onLine that writes each line to out behind prefix, in one
// Write.
func prefixed(out io.Writer, prefix string) func(string) {
	return func(line string) { _, _ = io.WriteString(out, prefix+line+"\n") }
}
