// Package cli is the `backupchecks` command line: it parses subcommands and
// flags (with BACKUPCHECKS_* environment fallbacks) and wires the parts of
// the appliance together for each command.
package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
)

// Config holds the flags every subcommand accepts.
type Config struct {
	Data         string
	Listen       string
	BaseURL      string
	LogLevel     string
	LogFormat    string
	MetricsToken string
}

// env is the environment lookup (replaced in tests).
var env = os.Getenv

// flags registers the common flags on fs, defaulting from the environment.
func (c *Config) flags(fs *flag.FlagSet) {
	def := func(name, fallback string) string {
		if v := env("BACKUPCHECKS_" + name); v != "" {
			return v
		}
		return fallback
	}
	fs.StringVar(&c.Data, "data", def("DATA", "./data"), "data directory `DIR` (env BACKUPCHECKS_DATA)")
	fs.StringVar(&c.Listen, "listen", def("LISTEN", ":8080"), "HTTP listen `ADDR` (env BACKUPCHECKS_LISTEN)")
	fs.StringVar(&c.BaseURL, "base-url", def("BASE_URL", ""), "public `URL` of the UI, e.g. https://backups.example.com (env BACKUPCHECKS_BASE_URL)")
	fs.StringVar(&c.LogLevel, "log-level", def("LOG_LEVEL", "info"), "log `level`: debug, info, warn, error (env BACKUPCHECKS_LOG_LEVEL)")
	fs.StringVar(&c.LogFormat, "log-format", def("LOG_FORMAT", "text"), "log `format`: text or json (env BACKUPCHECKS_LOG_FORMAT)")
	fs.StringVar(&c.MetricsToken, "metrics-token", def("METRICS_TOKEN", ""), "bearer `token` that may scrape /metrics without a session (env BACKUPCHECKS_METRICS_TOKEN)")
}

// logger builds the slog logger the flags ask for.
func (c *Config) logger(w io.Writer) (*slog.Logger, error) {
	var level slog.Level
	if err := level.UnmarshalText([]byte(c.LogLevel)); err != nil {
		return nil, fmt.Errorf("--log-level %q: use debug, info, warn or error", c.LogLevel)
	}
	opts := &slog.HandlerOptions{Level: level}
	switch strings.ToLower(c.LogFormat) {
	case "text":
		return slog.New(slog.NewTextHandler(w, opts)), nil
	case "json":
		return slog.New(slog.NewJSONHandler(w, opts)), nil
	}
	return nil, fmt.Errorf("--log-format %q: use text or json", c.LogFormat)
}

// IO is where a command reads and writes.
type IO struct {
	In       io.Reader
	Out, Err io.Writer
}

const usage = `Backupchecks: backup monitoring for MSPs.

Usage:
  backupchecks [serve] [flags]                    run the appliance (default)
  backupchecks demo [--data DIR] [--seed N]       create a demo data directory and serve it
  backupchecks backup  --out FILE [--encrypt]     write a backup of the data directory
  backupchecks restore --in FILE --data DIR       restore a backup into an empty DIR
  backupchecks user add NAME [--role ROLE]        create a user (password asked for)
  backupchecks user passwd NAME                   set a user's password
  backupchecks parse FILE.eml                     print how a report mail is parsed (JSON)
  backupchecks import-mail                        poll the mailbox once (server stopped)
  backupchecks poll-cove                          poll Cove once now and print what it did
  backupchecks bench generate|run --data DIR      build a synthetic MSP and measure the server on it
  backupchecks version                            print the version

Every command accepts --data, --listen, --base-url, --log-level and --log-format,
each with a BACKUPCHECKS_* environment variable as fallback. "backup", "user" and
"poll-cove" work whether or not the server is running. Run "backupchecks COMMAND -h" for details.
`

// errUsage marks an error already explained by a usage message.
var errUsage = errors.New("usage")

// Run executes the command line and returns the process exit code.
func Run(args []string, stdio IO) int {
	cmd, rest := "serve", args
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		cmd, rest = args[0], args[1:]
	}
	var err error
	switch cmd {
	case "serve":
		err = serveCmd(rest, stdio)
	case "backup":
		err = backupCmd(rest, stdio)
	case "demo":
		err = demoCmd(rest, stdio)
	case "restore":
		err = restoreCmd(rest, stdio)
	case "user":
		err = userCmd(rest, stdio)
	case "parse":
		return parseCmd(rest, stdio)
	case "import-mail":
		err = importMailCmd(rest, stdio)
	case "poll-cove":
		err = pollCoveCmd(rest, stdio)
	case "bench":
		err = benchCmd(rest, stdio)
	case "version":
		fmt.Fprintln(stdio.Out, "backupchecks", Version())
	case "help", "-h", "--help":
		fmt.Fprint(stdio.Out, usage)
	default:
		fmt.Fprintf(stdio.Err, "unknown command %q\n\n%s", cmd, usage)
		return 2
	}
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.Is(err, errUsage):
		return 2
	}
	fmt.Fprintln(stdio.Err, "backupchecks:", err)
	return 1
}

// newFlags makes a flag set for a subcommand with the common flags.
func newFlags(name, synopsis string, stdio IO, cfg *Config) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stdio.Err)
	cfg.flags(fs)
	fs.Usage = func() {
		fmt.Fprintf(stdio.Err, "Usage: backupchecks %s\n\nFlags:\n", synopsis)
		fs.PrintDefaults()
	}
	return fs
}

// parse parses flags, turning a parse error into errUsage (already printed).
func parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return errUsage
	}
	return nil
}
