package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// clockTick is the unit of the CPU times of /proc/<pid>/stat: USER_HZ,
// 100 on every Linux platform Go supports.
const clockTick = 10 * time.Millisecond

// cpuProbe returns the CPU time used so far by what it watches, and
// whether it could tell.
type cpuProbe func() (time.Duration, bool)

// probes are the CPU probes of a level: of the server process, of the
// PostgreSQL cluster when the load test runs it, and of this process. A
// nil probe reads as unknown.
type probes struct {
	server, postgres, self cpuProbe
}

// processCPU probes the CPU time of the process pid.
func processCPU(pid int) cpuProbe {
	return func() (time.Duration, bool) {
		f, ok := procStat(pid)
		if !ok {
			return 0, false
		}
		return ticks(f[11], f[12]), true
	}
}

// clusterCPU probes the CPU time of a PostgreSQL cluster: its postmaster
// (the first line of postmaster.pid in data), with the children it has
// reaped, and its live children.
func clusterCPU(data string) cpuProbe {
	return func() (time.Duration, bool) {
		b, err := os.ReadFile(filepath.Join(data, "postmaster.pid"))
		if err != nil {
			return 0, false
		}
		line, _, _ := strings.Cut(string(b), "\n")
		pid, err := strconv.Atoi(strings.TrimSpace(line))
		if err != nil {
			return 0, false
		}
		f, ok := procStat(pid)
		if !ok {
			return 0, false
		}
		total := ticks(f[11], f[12], f[13], f[14])
		dirs, _ := filepath.Glob("/proc/[0-9]*")
		for _, d := range dirs {
			child, err := strconv.Atoi(filepath.Base(d))
			if err != nil || child == pid {
				continue
			}
			if cf, ok := procStat(child); ok && cf[1] == strconv.Itoa(pid) {
				total += ticks(cf[11], cf[12])
			}
		}
		return total, true
	}
}

// procStat returns the fields of /proc/<pid>/stat after the command name,
// so that field i is the (i+3)th of proc(5): [0] state, [1] ppid, [11]
// utime, [12] stime, [13] cutime, [14] cstime.
func procStat(pid int) ([]string, bool) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return nil, false
	}
	i := strings.LastIndexByte(string(b), ')')
	if i < 0 {
		return nil, false
	}
	f := strings.Fields(string(b[i+1:]))
	if len(f) < 15 {
		return nil, false
	}
	return f, true
}

// ticks adds up CPU times in clock ticks.
func ticks(fields ...string) time.Duration {
	var n int64
	for _, s := range fields {
		v, _ := strconv.ParseInt(s, 10, 64)
		n += v
	}
	return time.Duration(n) * clockTick
}

// cpuSpan measures the CPU time of a probe over a span of time.
type cpuSpan struct {
	probe cpuProbe
	start time.Duration
	ok    bool
}

func startCPU(p cpuProbe) cpuSpan {
	if p == nil {
		return cpuSpan{}
	}
	start, ok := p()
	return cpuSpan{probe: p, start: start, ok: ok}
}

// cores returns the CPU time used since the span began divided by
// elapsed: how many cores were busy on average; -1 when unknown.
func (s cpuSpan) cores(elapsed time.Duration) float64 {
	if !s.ok || elapsed <= 0 {
		return -1
	}
	end, ok := s.probe()
	if !ok {
		return -1
	}
	return float64(end-s.start) / float64(elapsed)
}

// loadAverage returns the one-minute load average of the machine, or ""
// when it cannot be read.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return ""
	}
	f := strings.Fields(string(b))
	if len(f) == 0 {
		return ""
	}
	return f[0]
}
