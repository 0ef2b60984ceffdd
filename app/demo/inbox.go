package demo

import (
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/backupchecks/backupchecks/app/customers"
	"github.com/backupchecks/backupchecks/app/jobs"
	"github.com/backupchecks/backupchecks/app/mailimport"
	"github.com/backupchecks/backupchecks/app/runs"
)

// InboxSummary counts the mails Inbox left waiting.
type InboxSummary struct {
	Recognised, Unrecognised int
}

// newcomer is a customer the MSP just took on: its NAS started mailing
// reports before anyone made a job for it, so they wait in the Inbox.
var newcomer = customers.Customer{Name: "Zeeman Fysiotherapie"}

// Inbox feeds the mail an operator finds waiting in the Inbox through the
// real import: three nights of Hyper Backup reports from a sender no job
// knows yet (recognised, ready to approve as a new job), and two mails no
// parser reads, each kept with its reason.
func Inbox(mail *mailimport.Service, now time.Time) (InboxSummary, error) {
	var sum InboxSummary
	rng := rand.New(rand.NewPCG(11, 13))
	p, _ := productNamed("Synology Hyper Backup")
	j := jobs.Job{Software: p.software, Type: p.typ, Name: p.jobName}
	loc, _ := time.LoadLocation("Europe/Amsterdam")
	var items []mailimport.Item
	for d := 3; d >= 1; d-- {
		day := now.In(loc).AddDate(0, 0, -d)
		start := time.Date(day.Year(), day.Month(), day.Day(), 22, 30, 0, 0, loc) // the NAS backs up at night
		status := runs.Success
		if d == 1 {
			status = runs.Warning
		}
		raw, _ := ReportMail(newcomer, j, status, start, fmt.Sprintf("demo-inbox-%d@reports.example", d), rng)
		received := start.Add(time.Hour)
		if received.After(now) {
			received = now
		}
		items = append(items, mailimport.Item{Raw: raw, Source: mailimport.Source{Folder: "INBOX", Received: received}})
	}
	for i, raw := range unrecognisedMails(now) {
		items = append(items, mailimport.Item{Raw: raw, Source: mailimport.Source{Folder: "INBOX", Received: now.Add(-time.Duration(5+i) * time.Hour)}})
	}
	for _, r := range mail.ImportAll(items) {
		if r.Err != nil {
			return sum, fmt.Errorf("demo Inbox mail: %w", r.Err)
		}
		if r.Result.Mail.State != mailimport.Pending {
			return sum, fmt.Errorf("demo Inbox mail %q was %s, not left in the Inbox", r.Result.Mail.Subject, r.Result.Mail.State)
		}
		if r.Result.Mail.Outcome == mailimport.Parsed {
			sum.Recognised++
		} else {
			sum.Unrecognised++
		}
	}
	return sum, nil
}

func productNamed(software string) (product, bool) {
	for _, p := range products {
		if p.software == software {
			return p, true
		}
	}
	return product{}, false
}

// unrecognisedMails are what also lands in a reports mailbox: a product
// the appliance has no parser for, and a person's reply.
func unrecognisedMails(now time.Time) [][]byte {
	date := func(h int) string { return now.Add(-time.Duration(h) * time.Hour).Format(time.RFC1123Z) }
	return [][]byte{
		[]byte("From: Acronis Cyber Protect <noreply@acronis-cloud.example>\r\nTo: reports@msp.example\r\n" +
			"Subject: Backup plan \"Workstations\" finished with errors on LAPTOP-SALES\r\nDate: " + date(5) + "\r\n" +
			"Message-ID: <demo-unrecognised-1@acronis-cloud.example>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" +
			"Backup plan: Workstations\r\nDevice: LAPTOP-SALES\r\nStatus: Error\r\nDetails: The backup location is not available.\r\n"),
		[]byte("From: Petra Visser <petra@visser-logistiek.example>\r\nTo: reports@msp.example\r\n" +
			"Subject: Re: backup last night?\r\nDate: " + date(6) + "\r\n" +
			"Message-ID: <demo-unrecognised-2@visser-logistiek.example>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" +
			"Hi, the NAS beeped this morning. Did the backup run? Thanks, Petra\r\n"),
	}
}
