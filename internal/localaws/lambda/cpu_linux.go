//go:build linux

package lambda

import (
	"os/exec"
	"runtime"
	"sync/atomic"

	"golang.org/x/sys/unix"
)

// nextCPU spreads the instances that run on one CPU over the CPUs localaws may use.
var nextCPU atomic.Uint32

// startOnOneCPU starts cmd confined to one CPU of those this process may use, taken in turn.
// A child inherits the CPU mask of the thread that forks it, so the mask is set on this
// goroutine's thread, locked to it, for the fork only, and read by the child's runtime at its
// start as its own (Go's GOMAXPROCS, Python's os.sched_getaffinity). Where the mask cannot be
// set, the process starts unconfined.
func startOnOneCPU(cmd *exec.Cmd) error {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	var allowed unix.CPUSet
	if err := unix.SchedGetaffinity(0, &allowed); err != nil || allowed.Count() < 2 {
		return cmd.Start()
	}
	var cpus []int
	for cpu := range len(allowed) * 64 {
		if allowed.IsSet(cpu) {
			cpus = append(cpus, cpu)
		}
	}
	var one unix.CPUSet
	one.Set(cpus[int(nextCPU.Add(1)-1)%len(cpus)])
	if err := unix.SchedSetaffinity(0, &one); err != nil {
		return cmd.Start()
	}
	err := cmd.Start()
	if restoreErr := unix.SchedSetaffinity(0, &allowed); restoreErr != nil {
		// Leave the thread locked: it exits with this goroutine rather than run others
		// confined to one CPU.
		runtime.LockOSThread()
	}
	return err
}
