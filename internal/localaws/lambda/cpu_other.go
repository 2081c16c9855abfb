//go:build !linux

package lambda

import "os/exec"

// startOnOneCPU starts cmd; outside Linux, instances are not confined to a CPU.
func startOnOneCPU(cmd *exec.Cmd) error { return cmd.Start() }
