package appliance

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/backupchecks/backupchecks/app/notify"
)

// NotifyEvery is how often the appliance looks at its own health and
// sends what the outbox holds.
const NotifyEvery = 30 * time.Second

// notifyTick notes the watch's conditions (an event when one appears or
// clears), queues the mail whose time has come, and delivers the outbox.
func (a *Appliance) notifyTick(ctx context.Context) error {
	conds, err := a.Watch.Refresh()
	if err != nil {
		return err
	}
	nerr := a.Notify.NoteConditions(conds)
	merr := a.queueMail(a.Notify.Now())
	_, derr := a.Notify.Deliver(ctx)
	return errors.Join(nerr, merr, derr)
}

// describeEvent names an event's customer and job and links to it, for
// the message a webhook receives.
func (a *Appliance) describeEvent(ev notify.Event) notify.Detail {
	var d notify.Detail
	if ev.JobID != 0 {
		if j, err := a.Jobs.Get(ev.JobID); err == nil {
			d.Job = j.Name
			if c, err := a.Customers.Get(j.CustomerID); err == nil {
				d.Customer = c.Name
			}
		}
	}
	if g, err := a.Settings.General(); err == nil && g.BaseURL != "" {
		d.Link = g.BaseURL + "/"
		if ev.RunID != 0 {
			d.Link = fmt.Sprintf("%s/runs/%d", g.BaseURL, ev.RunID)
		}
	}
	return d
}
