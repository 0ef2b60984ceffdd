package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"

	"github.com/backupchecks/backupchecks/app/reports"
)

// Exit codes of "parse", for scripts and support.
const (
	parseRecognised   = 0
	parseUnreadable   = 2
	parseUnrecognised = 3
)

// parseCmd prints the parse result of one .eml file as JSON. It needs no
// data directory: support can run it on a mail a customer sent in.
func parseCmd(args []string, stdio IO) int {
	if len(args) != 1 || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprintln(stdio.Err, "Usage: backupchecks parse FILE.eml\n\nPrints the parse result as JSON. Exit status: 0 recognised, 3 not recognised, 2 unreadable file.")
		if len(args) == 1 {
			return 0
		}
		return parseUnreadable
	}
	raw, err := os.ReadFile(args[0])
	if err != nil {
		fmt.Fprintln(stdio.Err, "backupchecks parse:", errors.Unwrap(err))
		return parseUnreadable
	}
	res, err := reports.Parse(raw)
	if err != nil {
		fmt.Fprintf(stdio.Err, "backupchecks parse: %s is not a readable mail: %v\n", args[0], err)
		return parseUnreadable
	}
	enc := json.NewEncoder(stdio.Out)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(res); err != nil {
		fmt.Fprintln(stdio.Err, "backupchecks parse:", err)
		return parseUnreadable
	}
	if !res.Recognised {
		return parseUnrecognised
	}
	return parseRecognised
}
