package cli

import (
	"context"
	"fmt"
	"time"

	"github.com/backupchecks/backupchecks/app/appliance"
	"github.com/backupchecks/backupchecks/app/control"
	"github.com/backupchecks/backupchecks/app/coveimport"
	"github.com/backupchecks/backupchecks/integrations/cove"
	"github.com/backupchecks/backupchecks/storage"
)

// pollCoveCmd polls Cove once now, through the running server or on a
// stopped data directory: for an admin checking new settings from a
// shell, and for `bench run`, which times the server's poll.
func pollCoveCmd(args []string, stdio IO) error {
	var cfg Config
	fs := newFlags("poll-cove", "poll-cove --data DIR", stdio, &cfg)
	if err := parse(fs, args); err != nil {
		return err
	}
	start := time.Now()
	var res coveimport.PollResult
	err := withServerOrStore(cfg.Data, false,
		func(c *control.Client) (err error) { res, err = c.PollCove(osUser()); return err },
		func(st *storage.Store) error {
			a, err := appliance.New(st, appliance.Options{Version: Version()})
			if err != nil {
				return err
			}
			if res, err = a.CovePoller.PollNow(context.Background(), control.Actor(osUser())); err != nil {
				return fmt.Errorf("the Cove poll failed: %s", cove.Explain(err))
			}
			return nil
		})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdio.Out, "%d accounts seen, %d new, %d new runs, %d waiting for approval, %d no longer listed, %d errors, in %s\n",
		res.Seen, res.New, res.Runs, res.Pending, res.Gone, res.Errors, time.Since(start).Round(time.Millisecond))
	if res.FirstError != "" {
		fmt.Fprintln(stdio.Out, "first error:", res.FirstError)
	}
	if res.Held != nil {
		fmt.Fprintln(stdio.Out, "list held, no account changed:", res.Held.Reason())
	}
	return nil
}
