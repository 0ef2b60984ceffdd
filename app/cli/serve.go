package cli

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"runtime/debug"
	"strings"
	"syscall"
	"time"

	"github.com/backupchecks/backupchecks/app/appliance"
	"github.com/backupchecks/backupchecks/app/settings"
	"github.com/backupchecks/backupchecks/storage"
)

func serveCmd(args []string, stdio IO) error {
	var cfg Config
	fs := newFlags("serve", "serve [flags]", stdio, &cfg)
	if err := parse(fs, args); err != nil {
		return err
	}
	return serve(cfg, stdio, nil)
}

// serve runs the appliance until SIGTERM or SIGINT. prepare, when given,
// runs on the assembled appliance before it starts serving (the demo fills
// its data there).
func serve(cfg Config, stdio IO, prepare func(*appliance.Appliance, *slog.Logger) error) error {
	return serveOn(cfg, stdio, nil, prepare)
}

// serveOn is serve on a listener already bound (nil: bind cfg.Listen once
// prepared); it closes ln.
func serveOn(cfg Config, stdio IO, ln net.Listener, prepare func(*appliance.Appliance, *slog.Logger) error) (err error) {
	defer func() {
		if err != nil && ln != nil {
			ln.Close()
		}
	}()
	log, err := cfg.logger(stdio.Err)
	if err != nil {
		return err
	}
	if cfg.BaseURL != "" {
		if msg := settings.CheckBaseURL(strings.TrimRight(cfg.BaseURL, "/")); msg != "" {
			return fmt.Errorf("--base-url %q: %s", cfg.BaseURL, msg)
		}
	}
	limitMemory()
	start := time.Now()
	st, err := storage.Open(storage.Options{Dir: cfg.Data, Logger: log})
	if err != nil {
		return fmt.Errorf("%w (is another backupchecks serving %s?)", err, cfg.Data)
	}
	app, err := appliance.New(st, appliance.Options{BaseURL: cfg.BaseURL, MetricsToken: cfg.MetricsToken, Version: Version(), Logger: log})
	if err != nil {
		st.Close()
		return err
	}
	if prepare != nil {
		if err := prepare(app, log); err != nil {
			st.Close()
			return err
		}
		start = time.Now()
	}
	if ln == nil {
		if ln, err = net.Listen("tcp", cfg.Listen); err != nil {
			st.Close()
			return fmt.Errorf("listen on %s: %w", cfg.Listen, err)
		}
	}
	if err := app.Start(); err != nil {
		st.Close()
		return err
	}
	served := make(chan error, 1)
	go func() { served <- app.Web.Listener(ln) }()
	log.Info("Backupchecks is serving", "url", displayURL(cfg.BaseURL, ln.Addr()), "data", cfg.Data,
		"version", Version(), "startup_ms", time.Since(start).Milliseconds())

	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGTERM, syscall.SIGINT)
	defer signal.Stop(stop)
	select {
	case sig := <-stop:
		log.Info("shutting down", "signal", sig.String())
	case err := <-served:
		log.Error("HTTP server stopped", "error", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 25*time.Second)
	defer cancel()
	if err := app.Shutdown(ctx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	log.Info("stopped cleanly")
	return nil
}

// displayURL is the address to open, for the start-up log line.
func displayURL(base string, addr net.Addr) string {
	if base != "" {
		return strings.TrimRight(base, "/") + "/"
	}
	host, port, _ := net.SplitHostPort(addr.String())
	if ip := net.ParseIP(host); ip == nil || ip.IsUnspecified() {
		host = "localhost"
	}
	return "http://" + net.JoinHostPort(host, port) + "/"
}

// memoryLimit is the Go runtime's soft limit unless GOMEMLIMIT sets one:
// the heap the appliance keeps is well under it (about 60 MB on the large
// MSP), so it only makes the collector return the garbage of a burst of
// large pages before the process grows past what DESIGN §6 allows (RSS ≤
// 256 MB, Badger's mapped files included).
const memoryLimit = 160 << 20

func limitMemory() {
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(memoryLimit)
	}
}
