package autotasktest

import (
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"
)

func ticketBody(company int64, extra string) string {
	return fmt.Sprintf(`{"CompanyID":%d,"Title":"Backup failed","status":1,"PRIORITY":2,"queueID":29683482,"source":8,`+
		`"dueDateTime":"2026-01-02T17:00:00Z"%s}`, company, extra)
}

func TestCreateTicket(t *testing.T) {
	f := newFixture(t)
	company := f.tenant.AddCompany("Acme", true)
	var created struct{ ItemID int64 }
	r := f.api(http.MethodPost, "Tickets", ticketBody(company, `,"externalID":"bc-1","ticketNumber":"ignored","creatorType":9`))
	r.json(t, &created)
	if r.status != 200 || created.ItemID == 0 {
		t.Fatalf("create: HTTP %d %s", r.status, r.body)
	}
	var got struct{ Item map[string]any }
	f.api(http.MethodGet, fmt.Sprintf("tickets/%d", created.ItemID), "").json(t, &got)
	it := got.Item
	day := time.Now().UTC().Format("20060102")
	if it["ticketNumber"] != "T"+day+".0001" || it["companyID"] != float64(company) || it["externalID"] != "bc-1" ||
		it["completedDate"] != nil || it["creatorType"] != float64(1) || it["dueDateTime"] != "2026-01-02T17:00:00.000Z" {
		t.Fatalf("ticket %v", it)
	}
	if !regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$`).MatchString(fmt.Sprint(it["createDate"])) {
		t.Fatalf("createDate %v", it["createDate"])
	}
	if _, ok := it["userDefinedFields"]; !ok {
		t.Fatal("no userDefinedFields")
	}
	f.api(http.MethodPost, "Tickets", ticketBody(company, "")).json(t, &created)
	if tk, _ := f.tenant.Ticket(created.ItemID); tk.Number != "T"+day+".0002" {
		t.Fatalf("second number %q", tk.Number)
	}
}

func TestCreateTicketValidation(t *testing.T) {
	f := newFixture(t)
	company := f.tenant.AddCompany("Acme", true)
	closed := f.tenant.AddCompany("Closed", false)
	for _, tc := range []struct{ body, want string }{
		{`{"companyID":` + fmt.Sprint(company) + `,"title":"t","status":1,"priority":2}`, "dueDateTime is required.; on record number [0]."},
		{`{"title":"t","status":1,"priority":2,"dueDateTime":"2026-01-02T17:00:00"}`, "companyID is required.; on record number [0]."},
		{`{"companyID":0,"status":1,"priority":2,"dueDateTime":"2026-01-02T17:00:00"}`, "title is required."},
		{`{"companyID":0,"title":"t","priority":2,"dueDateTime":"2026-01-02T17:00:00"}`, "status is required."},
		{`{"companyID":0,"title":"t","status":1,"dueDateTime":"2026-01-02T17:00:00"}`, "priority is required."},
		{ticketBody(4242, ""), "Value does not reference an existing entity for companyID."},
		{ticketBody(closed, ""), "inactive"},
		{ticketBody(company, `,"status":12`), "Value 12 (Waiting Vendor) is inactive in the picklist for status."},
		{ticketBody(company, `,"priority":9`), "Value 9 does not exist in the picklist for priority."},
		{ticketBody(company, `,"queueID":1`), "does not exist in the picklist for queueID"},
		{ticketBody(company, `,"source":11`), "inactive in the picklist for source"},
		{ticketBody(company, `,"issueType":9,"subIssueType":31`), "subIssueType does not belong to issueType 9"},
		{ticketBody(company, `,"title":"`+strings.Repeat("é", 256)+`"`), "title exceeds the maximum length of 255 characters."},
		{ticketBody(company, `,"description":"`+strings.Repeat("d", 8001)+`"`), "description exceeds the maximum length of 8000"},
		{ticketBody(company, `,"externalID":"`+strings.Repeat("m", 51)+`"`), "externalID exceeds the maximum length of 50"},
		{ticketBody(company, `,"dueDateTime":"soon"`), "Invalid value for dueDateTime."},
		{`nonsense`, "not a JSON object"},
	} {
		r := f.api(http.MethodPost, "Tickets", tc.body)
		if r.status != 500 || !strings.Contains(strings.Join(r.errors(), " "), tc.want) {
			t.Errorf("%.80s: HTTP %d %s, want %q", tc.body, r.status, r.body, tc.want)
		}
	}
	// Exactly the length is fine; so is a valid dependent picklist value.
	if r := f.api(http.MethodPost, "Tickets", ticketBody(company, `,"title":"`+strings.Repeat("é", 255)+`","issueType":7,"subIssueType":31`)); r.status != 200 {
		t.Errorf("at the limits: HTTP %d %s", r.status, r.body)
	}
	if n := len(f.tenant.Tickets()); n != 1 {
		t.Fatalf("%d tickets", n)
	}
}

func TestPatchAndPut(t *testing.T) {
	f := newFixture(t)
	company := f.tenant.AddCompany("Acme", true)
	tk := f.tenant.AddTicket(company, "Backup of DC01 fails", 1)
	if r := f.api(http.MethodPatch, "Tickets", fmt.Sprintf(`{"ID":%d,"Status":5}`, tk.ID)); r.status != 200 || r.body != fmt.Sprintf(`{"itemId":%d}`, tk.ID) {
		t.Fatalf("PATCH: HTTP %d %s", r.status, r.body)
	}
	after, _ := f.tenant.Ticket(tk.ID)
	if after.Status != 5 || after.CompletedDate.IsZero() || after.Title != tk.Title || after.QueueID != tk.QueueID {
		t.Fatalf("after PATCH %+v", after)
	}
	f.tenant.SetTicketStatus(tk.ID, 8)
	if reopened, _ := f.tenant.Ticket(tk.ID); !reopened.CompletedDate.IsZero() {
		t.Fatal("reopened ticket keeps completedDate")
	}
	// PUT replaces: what it omits (queueID, source) becomes null.
	put := fmt.Sprintf(`{"id":%d,"companyID":%d,"title":"New title","status":5,"priority":1,"dueDateTime":"2026-02-01T00:00:00Z"}`, tk.ID, company)
	if r := f.api(http.MethodPut, "Tickets", put); r.status != 200 {
		t.Fatalf("PUT: HTTP %d %s", r.status, r.body)
	}
	after, _ = f.tenant.Ticket(tk.ID)
	if after.Title != "New title" || after.QueueID != 0 || after.Source != 0 || after.Status != 5 || after.CompletedDate.IsZero() || after.Number != tk.Number {
		t.Fatalf("after PUT %+v", after)
	}
	for _, tc := range []struct{ method, body, want string }{
		{http.MethodPut, fmt.Sprintf(`{"id":%d,"status":5}`, tk.ID), "companyID is required."},
		{http.MethodPatch, fmt.Sprintf(`{"id":%d,"title":null}`, tk.ID), "title is required."},
		{http.MethodPatch, fmt.Sprintf(`{"id":%d,"status":12}`, tk.ID), "inactive"},
		{http.MethodPatch, `{"status":5}`, "id is required."},
		{http.MethodPatch, `{"id":1,"status":5}`, "does not exist"},
	} {
		if r := f.api(tc.method, "Tickets", tc.body); r.status != 500 || !strings.Contains(strings.Join(r.errors(), " "), tc.want) {
			t.Errorf("%s %s: HTTP %d %s", tc.method, tc.body, r.status, r.body)
		}
	}
	f.srv.SetPatchUnsupported(true)
	if r := f.api(http.MethodPatch, "Tickets", fmt.Sprintf(`{"id":%d,"status":1}`, tk.ID)); r.status != 404 || !strings.HasPrefix(r.body, "<!DOCTYPE html>") {
		t.Fatalf("PATCH on a zone without it: HTTP %d %s", r.status, r.body)
	}
}

func TestNotes(t *testing.T) {
	f := newFixture(t)
	tk := f.tenant.AddTicket(0, "t", 1)
	path := fmt.Sprintf("Tickets/%d/Notes", tk.ID)
	for _, tc := range []struct{ body, want string }{
		{`{"title":"t","noteType":1,"publish":1}`, "description is required."},
		{`{"description":"d","noteType":1,"publish":1}`, "title is required."},
		{`{"title":"t","description":"d","publish":1}`, "noteType is required."},
		{`{"title":"t","description":"d","noteType":1}`, "publish is required."},
		{`{"title":"` + strings.Repeat("t", 251) + `","description":"d","noteType":1,"publish":1}`, "title exceeds the maximum length of 250"},
		{`{"title":"t","description":"` + strings.Repeat("d", 32001) + `","noteType":1,"publish":1}`, "description exceeds the maximum length of 32000"},
		{`{"title":"t","description":"d","noteType":99,"publish":1}`, "does not exist in the picklist for noteType"},
		{`{"title":"t","description":"d","noteType":13,"publish":1}`, "system value"},
		{`{"title":"t","description":"d","noteType":1,"publish":3}`, "does not exist in the picklist for publish"},
	} {
		if r := f.api(http.MethodPost, path, tc.body); r.status != 500 || !strings.Contains(strings.Join(r.errors(), " "), tc.want) {
			t.Errorf("%.60s: HTTP %d %.200s", tc.body, r.status, r.body)
		}
	}
	r := f.api(http.MethodPost, path, `{"TicketID":1,"Title":"Backup failed again","Description":"Run 44","NoteType":1,"Publish":2}`)
	var created struct{ ItemID int64 }
	r.json(t, &created)
	if notes := f.tenant.Notes(tk.ID); len(notes) != 1 || notes[0].ID != created.ItemID || notes[0].Publish != 2 || notes[0].Title != "Backup failed again" {
		t.Fatalf("notes %+v", notes)
	}
	var list pageReply
	f.api(http.MethodGet, path, "").json(t, &list)
	if len(list.Items) != 1 || list.Items[0].ID != created.ItemID {
		t.Fatalf("GET notes %+v", list)
	}
	if ids := f.ids("TicketNotes", fmt.Sprintf(`{"filter":[{"op":"eq","field":"ticketID","value":%d}]}`, tk.ID)); len(ids) != 1 {
		t.Fatalf("TicketNotes query %v", ids)
	}
	if r := f.api(http.MethodGet, fmt.Sprintf("%s/%d", path, created.ItemID), ""); !strings.Contains(r.body, `"Run 44"`) {
		t.Fatalf("GET one note: %s", r.body)
	}
	if r := f.api(http.MethodPost, "Tickets/1/Notes", `{"title":"t","description":"d","noteType":1,"publish":1}`); r.status != 404 || len(r.errors()) != 1 {
		t.Fatalf("note on a missing ticket: HTTP %d %s", r.status, r.body)
	}
}

func TestFieldsMetadata(t *testing.T) {
	f := newFixture(t)
	var w struct {
		Fields []struct {
			Name                   string
			IsRequired, IsPickList bool
			PicklistValues         []map[string]any
		}
	}
	f.api(http.MethodGet, "Tickets/entityInformation/fields", "").json(t, &w)
	required := map[string]bool{}
	var status []map[string]any
	for _, fd := range w.Fields {
		required[fd.Name] = fd.IsRequired
		if fd.Name == "status" {
			status = fd.PicklistValues
		}
	}
	if !required["status"] || !required["priority"] || required["queueID"] || required["source"] || required["issueType"] {
		t.Fatalf("isRequired %v", required)
	}
	if len(status) != 5 || status[0]["value"] != "1" || status[0]["parentValue"] != nil || status[4]["isActive"] != false {
		t.Fatalf("status picklist %v", status)
	}
	r := f.api(http.MethodGet, "TicketNotes/entityInformation/fields", "")
	if !strings.Contains(r.body, `"label":"Internal Only"`) || !strings.Contains(r.body, `"parentValue":""`) {
		t.Fatalf("note fields %s", r.body)
	}
	if r := f.api(http.MethodGet, "Tickets/entityInformation", ""); !strings.Contains(r.body, `"canDelete":false`) {
		t.Fatalf("info %s", r.body)
	}
}
