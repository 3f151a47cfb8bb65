package simproc

import (
	"fmt"
	"math/rand/v2"
	"net"
	"strconv"
	"sync"
)

// Ports for other processes' listeners come from below the kernel's
// ephemeral range (32768-60999 by default), where a port picked with ":0"
// lives: outgoing connections, of the callers and of anything else on the
// machine, take ports from that range and could take one between the pick
// and the listener's bind (an end-to-end test once failed so). Each port
// is handed out once per process, so parallel users never share one.
const (
	FirstPort = 20000
	LastPort  = 32767
)

// ports starts at a random port, so that another process picking ports
// the same way starts elsewhere.
var ports = newPicker(FirstPort, LastPort, FirstPort+rand.IntN(LastPort-FirstPort+1), listenable)

// FreePort returns a loopback port in [FirstPort, LastPort] that nothing
// listens on now and that this process has not handed out before.
func FreePort() (int, error) { return ports.pick() }

// listenable reports whether port can be listened on now.
func listenable(port int) bool {
	l, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(port)))
	if err != nil {
		return false
	}
	l.Close()
	return true
}

// picker hands out the ports of [first, last] in turn from next, wrapping
// around, skipping those it gave before and those free reports taken.
type picker struct {
	mu          sync.Mutex
	first, last int
	next        int
	used        map[int]bool
	free        func(port int) bool
}

func newPicker(first, last, next int, free func(int) bool) *picker {
	return &picker{first: first, last: last, next: next, used: map[int]bool{}, free: free}
}

func (p *picker) pick() (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for range p.last - p.first + 1 {
		port := p.next
		p.next++
		if p.next > p.last {
			p.next = p.first
		}
		if p.used[port] || !p.free(port) {
			continue
		}
		p.used[port] = true
		return port, nil
	}
	return 0, fmt.Errorf("no free loopback port in %d-%d that this process has not handed out", p.first, p.last)
}
