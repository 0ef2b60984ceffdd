package autotask_test

import (
	"errors"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/backupchecks/backupchecks/integrations/autotask"
)

// newTicket is a valid ticket for company: the fake's default picklists.
func newTicket(company int64, marker string) autotask.NewTicket {
	return autotask.NewTicket{CompanyID: company, Title: "Backup failed: SRV-DB01 / nightly", Description: "Run failed",
		Status: 1, Priority: 2, QueueID: 29683482, Source: 8, DueDateTime: time.Now().Add(4 * time.Hour), ExternalID: marker}
}

func TestCreateTicketReadBackAndFind(t *testing.T) {
	w := newWorld(t)
	company := w.tenant.AddCompany("Acme", true)
	c := w.client()
	id, err := c.CreateTicket(ctx, newTicket(company, "bc-run-1"))
	if err != nil {
		t.Fatal(err)
	}
	tk, err := c.Ticket(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`^T\d{8}\.0001$`).MatchString(tk.Number) || tk.CompanyID != company || tk.QueueID != 29683482 ||
		tk.Status != 1 || tk.ExternalID != "bc-run-1" || tk.CreateDate.IsZero() || tk.DueDateTime.IsZero() || !tk.CompletedDate.IsZero() {
		t.Fatalf("ticket %+v", tk)
	}
	if stored, _ := w.tenant.Ticket(id); stored != tk {
		t.Fatalf("read %+v, stored %+v", tk, stored)
	}
	byNumber, err := c.TicketByNumber(ctx, strings.ToLower(tk.Number))
	if err != nil || byNumber.ID != id {
		t.Fatalf("by number: %+v, %v", byNumber, err)
	}
	if _, err := c.TicketByNumber(ctx, "T20990101.9999"); !errors.Is(err, autotask.ErrNotFound) {
		t.Fatalf("unknown number: %v", err)
	}
	found, err := c.TicketsByExternalID(ctx, "bc-run-1")
	if err != nil || len(found) != 1 || found[0].ID != id {
		t.Fatalf("by marker: %+v, %v", found, err)
	}
	second, err := c.CreateTicket(ctx, newTicket(company, "bc-run-2"))
	if err != nil {
		t.Fatal(err)
	}
	if tk2, _ := w.tenant.Ticket(second); !strings.HasSuffix(tk2.Number, ".0002") {
		t.Fatalf("second ticket of the day %q", tk2.Number)
	}
}

func TestCreateTicketCutsTitleAndDescriptionAndAlwaysSendsDue(t *testing.T) {
	w := newWorld(t)
	c := w.client()
	nt := newTicket(0, "")
	nt.Title = strings.Repeat("é", 300)
	nt.Description = strings.Repeat("x", 9000)
	nt.QueueID, nt.Source, nt.DueDateTime = 0, 0, time.Time{}
	id, err := c.CreateTicket(ctx, nt)
	if err != nil {
		t.Fatal(err)
	}
	tk, _ := w.tenant.Ticket(id)
	if len([]rune(tk.Title)) != 255 || len(tk.Description) != 8000 || tk.QueueID != 0 || tk.Source != 0 {
		t.Fatalf("ticket title %d runes, description %d, queue %d", len([]rune(tk.Title)), len(tk.Description), tk.QueueID)
	}
	if d := time.Until(tk.DueDateTime); d < 23*time.Hour || d > 25*time.Hour {
		t.Fatalf("due %v, want about a day from now", tk.DueDateTime)
	}
}

// A refusal is Autotask's verdict: returned verbatim at once, not retried.
func TestValidationErrorsAreVerbatimAndNotRetried(t *testing.T) {
	w := newWorld(t)
	company := w.tenant.AddCompany("Acme", true)
	inactive := w.tenant.AddCompany("Gone Ltd", false)
	c := w.client()
	if _, err := c.Zone(ctx); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		edit func(*autotask.NewTicket)
		want string
	}{
		{"inactive status", func(n *autotask.NewTicket) { n.Status = 12 }, "inactive in the picklist for status"},
		{"unknown queue", func(n *autotask.NewTicket) { n.QueueID = 123 }, "does not exist in the picklist for queueID"},
		{"inactive source", func(n *autotask.NewTicket) { n.Source = 11 }, "inactive in the picklist for source"},
		{"inactive company", func(n *autotask.NewTicket) { n.CompanyID = inactive }, "inactive"},
		{"unknown company", func(n *autotask.NewTicket) { n.CompanyID = 4242 }, "does not reference an existing entity for companyID"},
		{"long marker", func(n *autotask.NewTicket) { n.ExternalID = strings.Repeat("m", 51) }, "externalID exceeds the maximum length of 50"},
		{"no title", func(n *autotask.NewTicket) { n.Title = "" }, "title is required.; on record number [0]."},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			before := w.srv.Calls()
			nt := newTicket(company, "")
			tc.edit(&nt)
			_, err := c.CreateTicket(ctx, nt)
			var ae *autotask.APIError
			if !errors.As(err, &ae) || ae.Status != 500 || !strings.Contains(strings.Join(ae.Messages, " "), tc.want) {
				t.Fatalf("want Autotask's message %q, got %v", tc.want, err)
			}
			if errors.Is(err, autotask.ErrOutcomeUnknown) || errors.Is(err, autotask.ErrUnavailable) {
				t.Fatalf("a refusal classed as %v", err)
			}
			if n := w.srv.Calls() - before; n != 1 {
				t.Fatalf("%d requests, want 1", n)
			}
			msg := autotask.Explain(err)
			if !strings.Contains(msg, strings.Split(tc.want, ";")[0]) || strings.Contains(msg, "record number") || !strings.Contains(msg, "Settings → Autotask") {
				t.Fatalf("explanation: %q", msg)
			}
		})
	}
	if n := len(w.tenant.Tickets()); n != 0 {
		t.Fatalf("%d tickets made by refused creates", n)
	}
}

func TestTicketsAndDeletedTickets(t *testing.T) {
	w := newWorld(t)
	company := w.tenant.AddCompany("Acme", true)
	a := w.tenant.AddTicket(company, "first", 1)
	b := w.tenant.AddTicket(company, "second", 8)
	w.tenant.DeleteTicket(a.ID)
	c := w.client()
	if _, err := c.Ticket(ctx, a.ID); !errors.Is(err, autotask.ErrNotFound) {
		t.Fatalf("deleted ticket: %v", err)
	}
	if msg := autotask.Explain(autotask.ErrNotFound); !strings.Contains(msg, "deleted") {
		t.Fatalf("explanation: %q", msg)
	}
	got, err := c.Tickets(ctx, []int64{a.ID, b.ID, b.ID})
	if err != nil || len(got) != 1 || got[0].ID != b.ID || got[0].Status != 8 || got[0].Title != "second" {
		t.Fatalf("tickets %+v, %v", got, err)
	}
}

func TestNotesGoThroughTheTicket(t *testing.T) {
	w := newWorld(t)
	tk := w.tenant.AddTicket(w.tenant.AddCompany("Acme", true), "t", 1)
	c := w.client()
	id, err := c.AddNote(ctx, tk.ID, autotask.NewNote{Title: "Backup failed again", Description: "Run 44 failed", NoteType: 2, Publish: 2})
	if err != nil {
		t.Fatal(err)
	}
	notes := w.tenant.Notes(tk.ID)
	if len(notes) != 1 || notes[0].ID != id || notes[0].Description != "Run 44 failed" || notes[0].NoteType != 2 || notes[0].Publish != 2 {
		t.Fatalf("notes %+v", notes)
	}
	if r := w.log.matching(http.MethodPost, "Notes"); len(r) != 1 || !strings.HasSuffix(r[0].Path, "/Tickets/"+strconv.FormatInt(tk.ID, 10)+"/Notes") {
		t.Fatalf("note requests %+v", r)
	}
	if _, err := c.AddNote(ctx, tk.ID, autotask.NewNote{Title: "x", Description: "y", NoteType: 13, Publish: 1}); err == nil {
		t.Fatal("a system note type was accepted")
	}
	w.tenant.DeleteTicket(tk.ID)
	if _, err := c.AddNote(ctx, tk.ID, autotask.NewNote{Title: "x", Description: "y", NoteType: 2, Publish: 2}); !errors.Is(err, autotask.ErrNotFound) {
		t.Fatalf("note on a deleted ticket: %v", err)
	}
}

func TestTimeEntryCount(t *testing.T) {
	w := newWorld(t)
	tk := w.tenant.AddTicket(w.tenant.AddCompany("Acme", true), "t", 1)
	other := w.tenant.AddTicket(0, "other", 1)
	c := w.client()
	if n, err := c.TimeEntryCount(ctx, tk.ID); err != nil || n != 0 {
		t.Fatalf("before: %d, %v", n, err)
	}
	w.tenant.AddTimeEntry(tk.ID, 0.5)
	w.tenant.AddTimeEntry(tk.ID, 1)
	w.tenant.AddTimeEntry(other.ID, 1)
	if n, err := c.TimeEntryCount(ctx, tk.ID); err != nil || n != 2 {
		t.Fatalf("after: %d, %v", n, err)
	}
}

func TestCompleteTicket(t *testing.T) {
	for _, patch := range []bool{true, false} {
		name := map[bool]string{true: "PATCH", false: "PUT fallback"}[patch]
		t.Run(name, func(t *testing.T) {
			w := newWorld(t)
			company := w.tenant.AddCompany("Acme", true)
			c := w.client()
			id, err := c.CreateTicket(ctx, newTicket(company, "bc-run-9"))
			if err != nil {
				t.Fatal(err)
			}
			before, _ := w.tenant.Ticket(id)
			w.tenant.SetCompanyActive(company, false) // an unchanged company is not checked again
			w.srv.SetPatchUnsupported(!patch)
			if err := c.CompleteTicket(ctx, id); err != nil {
				t.Fatal(err)
			}
			after, _ := w.tenant.Ticket(id)
			if after.Status != autotask.StatusComplete || after.CompletedDate.IsZero() {
				t.Fatalf("after %+v", after)
			}
			after.Status, after.CompletedDate = before.Status, before.CompletedDate
			if after != before {
				t.Fatalf("other fields changed:\n%+v\n%+v", before, after)
			}
			puts := len(w.log.matching(http.MethodPut, "Tickets"))
			if (patch && puts != 0) || (!patch && puts != 1) {
				t.Fatalf("%d PUTs", puts)
			}
		})
	}
}
