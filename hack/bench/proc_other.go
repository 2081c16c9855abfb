//go:build !linux

package main

import (
	"errors"
	"syscall"
)

func childAttr() *syscall.SysProcAttr { return nil }

// peakRSS needs /proc, which only Linux has.
func peakRSS(int) (int64, error) {
	return 0, errors.New("the peak RSS is read from /proc/<pid>/status, which only Linux has")
}

type cpuSample map[string]float64

// sampleCPU needs /proc too: elsewhere the CPU split is left out of the report.
func sampleCPU() (cpuSample, error) { return cpuSample{}, nil }

func (s cpuSample) since(cpuSample) map[string]float64 { return nil }
