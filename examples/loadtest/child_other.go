//go:build !linux

package main

import "os/exec"

// dieWithParent would make the server child die with this process; only
// Linux can.
func dieWithParent(*exec.Cmd) {}
