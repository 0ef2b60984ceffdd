package appliance

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/backupchecks/backupchecks/app/digest"
	"github.com/backupchecks/backupchecks/app/notify"
	"github.com/backupchecks/backupchecks/app/schedule"
	"github.com/backupchecks/backupchecks/app/settings"
	"github.com/backupchecks/backupchecks/app/summary"
	"github.com/backupchecks/backupchecks/integrations/smtpmail"
)

// queueMail puts today's digest and the reports scheduled for today in the
// outbox once their time has come; QueueOnce makes each go out once
// however often this runs, and across restarts.
func (a *Appliance) queueMail(now time.Time) error {
	cfg, err := a.Settings.SMTP()
	if err != nil || !cfg.Enabled {
		return err
	}
	cal, err := a.calendar()
	if err != nil {
		return err
	}
	if day, from, to, ok := digest.Due(now, cfg, cal.Clock); ok {
		ev := notify.Event{ID: "digest-" + day.String(), Kind: notify.Digest, At: now.UTC(), Day: day.String(), From: from.String(), To: to.String()}
		if _, err := a.Notify.Store().QueueOnce(ev); err != nil {
			return fmt.Errorf("queue the digest: %w", err)
		}
	}
	today, ok := digest.MailDay(now, cfg, cal.Clock.Loc)
	if !ok {
		return nil
	}
	scheds, err := a.Summary.Schedules()
	if err != nil {
		return err
	}
	for _, sch := range scheds {
		p, ok := sch.Due(today)
		if !ok {
			continue
		}
		ev := reportEvent(sch, p, now, fmt.Sprintf("report-%d-%s", sch.ID, today))
		if _, err := a.Notify.Store().QueueOnce(ev); err != nil {
			return fmt.Errorf("queue a scheduled report: %w", err)
		}
	}
	return nil
}

func reportEvent(sch summary.Schedule, p summary.Period, now time.Time, id string) notify.Event {
	return notify.Event{ID: id, Kind: notify.Scheduled, At: now.UTC(), ScheduleID: sch.ID, From: p.From.String(), To: p.To.String()}
}

// SendReportNow queues a schedule's latest report at once ("Send now").
func (a *Appliance) SendReportNow(id uint64) error {
	sch, err := a.Summary.ScheduleStore.ReportSchedule(id)
	if err != nil {
		return err
	}
	cal, err := a.calendar()
	if err != nil {
		return err
	}
	now := time.Now()
	p := sch.Last(schedule.DayOfDate(now.In(cal.Clock.Loc)))
	return a.Notify.Store().AddEvent(reportEvent(sch, p, now, fmt.Sprintf("report-%d-now-%d", sch.ID, now.UnixNano())))
}

// sendMail composes a mail event and sends it through Settings →
// Notifications' SMTP server: the notify.Service's Mailer.
func (a *Appliance) sendMail(ctx context.Context, ev notify.Event) (string, error) {
	cfg, err := a.Settings.SMTP()
	if err != nil {
		return "", err
	}
	if !cfg.Enabled {
		return "", errors.New("sending mail is off in Settings → Notifications")
	}
	msg, err := a.composeMail(cfg, ev)
	if err != nil {
		return strings.Join(msg.To, ", "), err
	}
	pw, err := a.Settings.SMTPPassword()
	if err != nil {
		return "", fmt.Errorf("open the SMTP password: %w", err)
	}
	conf := smtpmail.Config{Host: cfg.Host, Port: cfg.Port, Security: cfg.Security, Username: cfg.Username, Password: pw.Reveal(), From: cfg.From}
	to := strings.Join(msg.To, ", ")
	if err := smtpmail.Send(ctx, conf, msg); err != nil {
		if !smtpmail.Temporary(err) {
			return to, &notify.Permanent{Err: err}
		}
		return to, err
	}
	return to, nil
}

func (a *Appliance) composeMail(cfg settings.SMTP, ev notify.Event) (smtpmail.Message, error) {
	msg := smtpmail.Message{ID: ev.ID + "@backupchecks"}
	switch ev.Kind {
	case notify.MailTest:
		msg.To, msg.Subject = ev.Recipients, "Backupchecks test mail"
		msg.Text = "If you read this, Backupchecks can send mail: the daily digest and scheduled reports will arrive like this.\n"
		return msg, nil
	case notify.Digest:
		msg.To = cfg.Recipients
		d, err := a.buildDigest(ev)
		if err != nil {
			return msg, err
		}
		msg.Subject, msg.Text = d.Subject(), d.Text()
		msg.HTML, err = d.HTML()
		return msg, err
	case notify.Scheduled:
		return a.composeReport(ev)
	}
	return msg, &notify.Permanent{Err: fmt.Errorf("no mail for a %s event", ev.Kind)}
}

func (a *Appliance) buildDigest(ev notify.Event) (digest.Digest, error) {
	day, err1 := schedule.ParseDay(ev.Day)
	from, err2 := schedule.ParseDay(ev.From)
	to, err3 := schedule.ParseDay(ev.To)
	if err := errors.Join(err1, err2, err3); err != nil {
		return digest.Digest{}, &notify.Permanent{Err: fmt.Errorf("the digest's days: %w", err)}
	}
	g, err := a.Settings.General()
	if err != nil {
		return digest.Digest{}, err
	}
	cal, err := a.calendar()
	if err != nil {
		return digest.Digest{}, err
	}
	return digest.Build(digest.Sources{Jobs: a.Jobs, Customers: a.Customers, Runs: a.Runs},
		digest.Options{MSP: g.MSPName, BaseURL: g.BaseURL, Clock: cal.Clock}, day, from, to)
}

// composeReport is a scheduled report: the customer's PDF for the period,
// to the schedule's recipients as they are when it is sent.
func (a *Appliance) composeReport(ev notify.Event) (smtpmail.Message, error) {
	msg := smtpmail.Message{ID: ev.ID + "@backupchecks"}
	sch, err := a.Summary.ScheduleStore.ReportSchedule(ev.ScheduleID)
	if err != nil {
		return msg, &notify.Permanent{Err: fmt.Errorf("the report schedule was deleted: %w", err)}
	}
	msg.To = sch.Recipients
	cust, err := a.Customers.Get(sch.CustomerID)
	if err != nil {
		return msg, &notify.Permanent{Err: fmt.Errorf("the schedule's customer: %w", err)}
	}
	from, err1 := schedule.ParseDay(ev.From)
	to, err2 := schedule.ParseDay(ev.To)
	if err := errors.Join(err1, err2); err != nil {
		return msg, &notify.Permanent{Err: fmt.Errorf("the report's period: %w", err)}
	}
	p := summary.Period{Name: "custom", From: from, To: to}
	if sch.Every == "month" {
		p.Name = "month" // the PDF heads it "November 2026"
	}
	r, err := a.Summary.Build(p, summary.Scope{CustomerID: cust.ID}, summary.ByWorst)
	if err != nil {
		return msg, err
	}
	g, err := a.Settings.General()
	if err != nil {
		return msg, err
	}
	logo, err := a.Settings.Logo()
	if err != nil {
		return msg, err
	}
	var pdf bytes.Buffer
	if err := summary.WritePDF(&pdf, r, cust.Name, summary.BrandingOf(g, logo)); err != nil {
		return msg, fmt.Errorf("make the PDF: %w", err)
	}
	sender := g.MSPName
	if sender == "" {
		sender = "your IT partner"
	}
	msg.Subject = fmt.Sprintf("Backup report %s: %s to %s", cust.Name, from, to)
	msg.Text = fmt.Sprintf("Attached is the backup report for %s, %s to %s, from %s.\n\nExpected runs: %d. Successful: %d. Success rate: %s.\n",
		cust.Name, from, to, sender, r.Total.Expected, r.Total.Success, r.Total.RateText())
	msg.Attachments = []smtpmail.Attachment{{Name: summary.PDFName(cust.Name, p), ContentType: "application/pdf", Data: pdf.Bytes()}}
	return msg, nil
}
