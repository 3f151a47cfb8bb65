package main

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// usage is what a drained backlog cost one process.
type usage struct {
	Records int     `json:"records"`
	Seconds float64 `json:"seconds"` // wall time from start to the last record
	CPU     float64 `json:"cpu"`     // user + system CPU seconds
	PeakRSS int64   `json:"peakRSS"` // bytes, the process's high-water mark
	// Windows counts the receiver's query windows by outcome (drain only).
	Windows map[string]int64 `json:"windows,omitempty"`
}

// selfCPU is this process's user + system CPU time, from getrusage.
func selfCPU() (cpu float64, maxRSS int64) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0, 0
	}
	// ru_maxrss is in KiB on Linux.
	return tv(ru.Utime) + tv(ru.Stime), ru.Maxrss * 1024
}

func tv(t syscall.Timeval) float64 { return float64(t.Sec) + float64(t.Usec)/1e6 }

// clockTicks is USER_HZ, the unit of /proc/<pid>/stat times; 100 on every
// Linux architecture Go supports.
const clockTicks = 100

// procUsage reads another running process's CPU time (/proc/<pid>/stat,
// utime + stime, the figures getrusage reports) and peak RSS (VmHWM).
func procUsage(pid int) (cpu float64, peakRSS int64, err error) {
	stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, 0, err
	}
	// Fields after the command name, which is in parentheses and may hold
	// spaces: state is field 3, utime 14 and stime 15.
	fields := strings.Fields(string(stat[strings.LastIndexByte(string(stat), ')')+2:]))
	utime, _ := strconv.ParseFloat(fields[11], 64)
	stime, _ := strconv.ParseFloat(fields[12], 64)
	status, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, 0, err
	}
	for _, line := range strings.Split(string(status), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			peakRSS = kb * 1024
		}
	}
	return (utime + stime) / clockTicks, peakRSS, nil
}

// since returns seconds since start.
func since(start time.Time) float64 { return time.Since(start).Seconds() }
