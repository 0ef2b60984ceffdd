// Command backupchecks is the Backupchecks appliance: one binary that serves
// the UI and runs the command-line tools (see app/cli).
package main

import (
	"os"
	_ "time/tzdata" // time zones work on a VM without the tzdata package

	"github.com/backupchecks/backupchecks/app/cli"
)

func main() {
	os.Exit(cli.Run(os.Args[1:], cli.IO{In: os.Stdin, Out: os.Stdout, Err: os.Stderr}))
}
