package main

import (
	"os/exec"
	"syscall"
)

// dieWithParent makes the server child die with this process, should this
// process be killed before it can stop the child.
func dieWithParent(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}
