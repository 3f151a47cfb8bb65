package simproc

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// fakeEnv makes the test binary a fake visionone-sim (fakeSim) instead of
// running the tests; its value is what the fake does.
const fakeEnv = "SIMPROC_FAKE_SIM"

func TestMain(m *testing.M) {
	if mode := os.Getenv(fakeEnv); mode != "" {
		os.Exit(fakeSim(mode, os.Args[1:]))
	}
	os.Exit(m.Run())
}

// fakeSim prints what visionone-sim prints, to the extent mode says, then
// serves until SIGTERM. It prints its arguments and keys, for the tests.
func fakeSim(mode string, args []string) int {
	term := make(chan os.Signal, 1)
	signal.Notify(term, syscall.SIGTERM)
	fmt.Printf("args: %s\n", strings.Join(args, " "))
	fmt.Printf("keys: %s\n", os.Getenv(KeysEnv))
	fmt.Fprintln(os.Stderr, "visionone-sim: a warning on stderr")
	switch mode {
	case "fail":
		fmt.Fprintln(os.Stderr, "visionone-sim: listen tcp: address already in use")
		return 1
	case "silent":
		time.Sleep(time.Minute)
		return 0
	}
	fmt.Printf("visionone-sim: serving http://127.0.0.1:1234/v3.0 (admin http://127.0.0.1:1234/admin/), clock real at 2025-01-02T03:04:05Z, seed 1\n")
	if !strings.Contains(" "+strings.Join(args, " ")+" ", " -no-demo-key ") {
		fmt.Println("visionone-sim: demo key (all roles): the-demo-key")
	}
	if mode == "ignore-term" {
		signal.Ignore(syscall.SIGTERM)
		time.Sleep(time.Minute)
		return 0
	}
	<-term
	fmt.Println("visionone-sim: stopped")
	return 0
}

// setFake makes the processes the test starts fake simulators.
func setFake(t *testing.T, mode string) {
	t.Setenv(fakeEnv, mode)
	// Under -race a process otherwise lingers a second after it exits.
	t.Setenv("GORACE", "atexit_sleep_ms=0")
}

// syncBuffer is a bytes.Buffer the process's output goroutine and the
// test may use at once.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

func TestStart(t *testing.T) {
	tests := []struct {
		name       string
		mode       string
		opts       Options
		ctxTimeout time.Duration
		wantErr    string // part of Start's error; "" for none
		wantOutput []string
		wantStderr bool // stderr reached Options.Stderr, not Output
	}{
		{
			name: "keys", mode: "serve", opts: Options{Keys: []string{"k1", "k2"}, Args: []string{"-seed", "7"}},
			wantOutput: []string{"args: -addr 127.0.0.1:0 -no-demo-key -seed 7\n", "keys: k1=all;k2=all\n", "a warning on stderr", "clock real at"},
		},
		{
			name: "demo key", mode: "serve", opts: Options{DemoKey: true},
			wantOutput: []string{"args: -addr 127.0.0.1:0\n", "keys: \n", "demo key (all roles): the-demo-key"},
		},
		{
			name: "stderr apart", mode: "serve", opts: Options{Stderr: new(syncBuffer)},
			wantOutput: []string{"args: "}, wantStderr: true,
		},
		{
			name: "exits before serving", mode: "fail", wantErr: "exited before serving (exit status 1)",
			wantOutput: []string{"address already in use"},
		},
		{name: "never serves", mode: "silent", ctxTimeout: 300 * time.Millisecond, wantErr: "waiting for it to serve: context deadline exceeded"},
		{name: "a bad key", mode: "serve", opts: Options{Keys: []string{"a;b"}}, wantErr: "key 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			setFake(t, tt.mode)
			out := new(syncBuffer)
			o := tt.opts
			o.Binary, o.Output = os.Args[0], out
			ctx := context.Background()
			if tt.ctxTimeout > 0 {
				var cancel context.CancelFunc
				ctx, cancel = context.WithTimeout(ctx, tt.ctxTimeout)
				defer cancel()
			}
			sim, err := Start(ctx, o)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err %v, want one with %q", err, tt.wantErr)
				}
			} else {
				if err != nil {
					t.Fatal(err)
				}
				if sim.Base() != "http://127.0.0.1:1234" || !sim.Started().Equal(time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)) {
					t.Errorf("base %q, started %v", sim.Base(), sim.Started())
				}
				if want := map[bool]string{true: "the-demo-key"}[o.DemoKey]; sim.DemoKey() != want {
					t.Errorf("demo key %q, want %q", sim.DemoKey(), want)
				}
				if err := sim.Stop(10 * time.Second); err != nil {
					t.Errorf("Stop: %v", err)
				}
				tt.wantOutput = append(tt.wantOutput, "visionone-sim: stopped\n")
			}
			for _, s := range tt.wantOutput {
				if !strings.Contains(out.String(), s) {
					t.Errorf("output %q lacks %q", out.String(), s)
				}
			}
			if tt.wantStderr {
				if stderr := o.Stderr.(*syncBuffer).String(); stderr != "visionone-sim: a warning on stderr\n" || strings.Contains(out.String(), "stderr") {
					t.Errorf("stderr %q, output %q", stderr, out.String())
				}
			}
		})
	}
}

// Stop kills a simulator that ignores SIGTERM once grace is over, and a
// stopped simulator stays stopped.
func TestStopKills(t *testing.T) {
	setFake(t, "ignore-term")
	sim, err := Start(context.Background(), Options{Binary: os.Args[0]})
	if err != nil {
		t.Fatal(err)
	}
	began := time.Now()
	if err := sim.Stop(200 * time.Millisecond); err == nil || !strings.Contains(err.Error(), "was killed") {
		t.Errorf("Stop: %v, want it killed", err)
	}
	if d := time.Since(began); d > 5*time.Second {
		t.Errorf("Stop took %s", d)
	}
	if err := sim.Stop(time.Second); err == nil {
		t.Error("a second Stop of the killed process reports no error")
	}
	sim.Kill() // no effect, no hang
}
