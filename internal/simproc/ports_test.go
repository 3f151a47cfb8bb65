package simproc

import (
	"net"
	"slices"
	"strconv"
	"testing"
)

func TestPickerPicks(t *testing.T) {
	tests := []struct {
		name              string
		first, last, next int
		busy              []int // taken at every check
		busyOnce          []int // taken at their first check only
		want              []int // the ports of successive picks; 0 is an error
	}{
		{name: "in turn from next, wrapping", first: 100, last: 104, next: 102, want: []int{102, 103, 104, 100, 101}},
		{name: "each port once", first: 100, last: 102, next: 100, want: []int{100, 101, 102, 0, 0}},
		{name: "busy ports skipped", first: 100, last: 104, next: 100, busy: []int{100, 102}, want: []int{101, 103, 104, 0}},
		{name: "wraps around past a busy last port", first: 100, last: 103, next: 103, busy: []int{103}, want: []int{100, 101, 102, 0}},
		{name: "every port busy", first: 100, last: 102, next: 101, busy: []int{100, 101, 102}, want: []int{0}},
		{name: "a port busy at first is picked once free", first: 100, last: 101, next: 100, busyOnce: []int{100}, want: []int{101, 100, 0}},
		{name: "one port", first: 100, last: 100, next: 100, want: []int{100, 0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checked := map[int]int{}
			free := func(port int) bool {
				checked[port]++
				if port < tt.first || port > tt.last {
					t.Errorf("checked port %d, outside %d-%d", port, tt.first, tt.last)
				}
				return !slices.Contains(tt.busy, port) && !(slices.Contains(tt.busyOnce, port) && checked[port] == 1)
			}
			p := newPicker(tt.first, tt.last, tt.next, free)
			var got []int
			for range tt.want {
				port, err := p.pick()
				if (err != nil) != (port == 0) {
					t.Fatalf("pick() = %d, %v: want a port or an error", port, err)
				}
				got = append(got, port)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("picks %v, want %v", got, tt.want)
			}
		})
	}
}

// FreePort's ports are in range, distinct, and free.
func TestFreePort(t *testing.T) {
	seen := map[int]bool{}
	for range 20 {
		port, err := FreePort()
		if err != nil {
			t.Fatal(err)
		}
		if port < FirstPort || port > LastPort {
			t.Errorf("port %d outside %d-%d", port, FirstPort, LastPort)
		}
		if seen[port] {
			t.Errorf("port %d handed out twice", port)
		}
		seen[port] = true
		l, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(port)))
		if err != nil {
			t.Errorf("port %d: %v", port, err)
			continue
		}
		l.Close()
	}
}
