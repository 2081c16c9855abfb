package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// clockTicks is USER_HZ, the unit of /proc/<pid>/stat's times: 100 on every Linux the
// benchmark runs on.
const clockTicks = 100

// cpuSample is the CPU time, in seconds, each process of the benchmark's world had used at
// one moment: the machine's two cores are shared by all of them, so the split says which one
// the fleet waits for.
type cpuSample map[string]float64

// sampleCPU reads the CPU time of the benchmark's own process (localaws runs in it), of the
// children it has reaped (the function instances localaws stopped), and of its running
// children by name: kube-apiserver, etcd, the manager and the function instances alive.
func sampleCPU() (cpuSample, error) {
	self := os.Getpid()
	own, err := procTimes(self)
	if err != nil {
		return nil, err
	}
	s := cpuSample{"localaws and benchmark": own.self, "function instances": own.children}
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return nil, err
	}
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		t, err := procTimes(pid)
		if err != nil || t.ppid != self {
			continue // gone meanwhile, or not ours
		}
		s[processGroup(t.comm)] += t.self + t.children
	}
	return s, nil
}

// processGroup names the share a child process's CPU is reported under.
func processGroup(comm string) string {
	switch comm {
	case "kube-apiserver", "etcd", "manager":
		return comm
	case "go":
		return "go tool"
	}
	return "function instances"
}

// since is the CPU each process used between an earlier sample and this one.
func (s cpuSample) since(earlier cpuSample) map[string]float64 {
	d := map[string]float64{}
	for name, v := range s {
		if used := v - earlier[name]; used > 0 {
			d[name] = used
		}
	}
	return d
}

type procTime struct {
	comm           string
	ppid           int
	self, children float64 // seconds
}

// procTimes parses /proc/<pid>/stat (proc(5)): the command's name in parentheses, then the
// state, the parent, and the user and system times of the process and of its reaped children
// as fields 14 to 17.
func procTimes(pid int) (procTime, error) {
	data, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(pid), "stat"))
	if err != nil {
		return procTime{}, err
	}
	open, closing := strings.IndexByte(string(data), '('), strings.LastIndexByte(string(data), ')')
	if open < 0 || closing < open {
		return procTime{}, fmt.Errorf("/proc/%d/stat: no command name", pid)
	}
	fields := strings.Fields(string(data[closing+1:])) // fields[0] is field 3, the state
	if len(fields) < 15 {
		return procTime{}, fmt.Errorf("/proc/%d/stat: %d fields", pid, len(fields)+2)
	}
	var ticks [4]float64
	for i := range ticks {
		v, err := strconv.ParseFloat(fields[11+i], 64)
		if err != nil {
			return procTime{}, fmt.Errorf("/proc/%d/stat field %d: %w", pid, 14+i, err)
		}
		ticks[i] = v / clockTicks
	}
	ppid, err := strconv.Atoi(fields[1])
	if err != nil {
		return procTime{}, fmt.Errorf("/proc/%d/stat parent: %w", pid, err)
	}
	return procTime{comm: string(data[open+1 : closing]), ppid: ppid,
		self: ticks[0] + ticks[1], children: ticks[2] + ticks[3]}, nil
}
