package web_test

import (
	"context"
	"fmt"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/backupchecks/backupchecks/app/audit"
	"github.com/backupchecks/backupchecks/app/jobs"
	"github.com/backupchecks/backupchecks/app/runs"
	"github.com/backupchecks/backupchecks/app/secret"
	"github.com/backupchecks/backupchecks/app/settings"
	"github.com/backupchecks/backupchecks/integrations/cove/covetest"
)

// firstNumber is the first whole number the regular expression's group
// holds in s, or -1.
func firstNumber(t *testing.T, s, expr string) int {
	t.Helper()
	m := regexp.MustCompile(expr).FindStringSubmatch(s)
	if m == nil {
		return -1
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

// text strips tags and folds white space, as a reader sees the page.
func text(html string) string {
	s := strings.Join(strings.Fields(regexp.MustCompile(`<[^>]*>`).ReplaceAllString(html, " ")), " ")
	return strings.NewReplacer(" ,", ",", " :", ":", " ;", ";", " )", ")").Replace(s)
}

// At 09:37 with the business day starting at 06:00, the dashboard leads
// with last night's failed and missed runs under the previous business
// day's name, customer by customer, each linking to its Run Checks.
func TestDashboardMorningShowsLastNight(t *testing.T) {
	h := newHarness(t)
	admin := h.login("admin")
	if r := admin.post("/settings", url.Values{"time_zone": {"UTC"}, "day_start": {"06:00"}}); r.StatusCode != 303 {
		t.Fatalf("save settings: %d %s", r.StatusCode, bodyOf(r))
	}
	thu := time.Date(2026, 12, 3, 0, 0, 0, 0, time.UTC)
	h.app.Morning.Now = func() time.Time { return thu.Add(33*time.Hour + 37*time.Minute) } // Friday 09:37
	by := audit.Actor{Name: "seed"}
	cu, err := h.app.Customers.Create("Globex", by)
	if err != nil {
		t.Fatal(err)
	}
	j, err := h.app.Jobs.Create(jobs.NewJob{CustomerID: cu.ID, Source: jobs.Email, Name: "File server", MatchKey: "globex/files"}, by)
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range []struct {
		at time.Duration
		st runs.Status
	}{{22 * time.Hour, runs.Failed}, {27 * time.Hour, runs.Failed}, {28 * time.Hour, runs.Missed}, {32 * time.Hour, runs.Warning}} {
		src := runs.FromEmail
		if r.st == runs.Missed {
			src = runs.FromSchedule
		}
		if _, _, err := h.app.Runs.Record(runs.NewRun{JobID: j.ID, Source: src, ExternalID: fmt.Sprint("night-", i), Time: thu.Add(r.at), Status: r.st}); err != nil {
			t.Fatal(err)
		}
	}
	body := bodyOf(h.login("op").get("/"))
	lead := text(between(body, `data-testid="morning"`, "</section>"))
	for _, want := range []string{
		"Thu 3 Dec (business day from 06:00), the previous business day: 2 failed, 1 missed",
		"Fri 4 Dec (business day from 06:00), today until 09:37: 1 warning",
	} {
		if !strings.Contains(lead, want) {
			t.Errorf("the morning view lacks %q:\n%s", want, lead)
		}
	}
	lines := between(body, `data-testid="morning-lines"`, "</ol>")
	globex := strings.Index(lines, fmt.Sprintf(`href="/review?customer=%d"`, cu.ID))
	acme := strings.Index(lines, fmt.Sprintf(`href="/review?customer=%d"`, h.ids["customer"]))
	if globex < 0 || acme < 0 || globex > acme {
		t.Errorf("Globex (2 failed last night) is not listed before Acme (1 failed in March), each linking to its Run Checks:\n%s", text(lines))
	}
	if !strings.Contains(text(lines), "Thu 3 Dec (previous business day) 2 failed, 1 missed") {
		t.Errorf("Globex's line does not name the business day of its numbers: %s", text(lines))
	}
	if strings.Index(body, `data-testid="morning"`) > strings.Index(body, `data-testid="quiet"`) {
		t.Error("the morning view does not lead the dashboard")
	}
}

// The dashboard's cards, its Cove health row and Settings → Notifications
// and Settings → Cove show one number for one thing. Before, the Cove row repeated the count
// of the last poll (3 waiting) after an operator had approved two of them
// (1 waiting, as the card said), and Notifications said "healthy, nothing
// needs attention" with runs waiting for review.
func TestDashboardHealthRowAndNotificationsAgree(t *testing.T) {
	h := newHarness(t)
	fake := covetest.New()
	fake.Start()
	t.Cleanup(fake.Close)
	fake.AddPartner(covetest.Partner{ID: 1, Name: "MSP", Level: "Reseller"})
	fake.AddPartner(covetest.Partner{ID: 2, ParentID: 1, Name: "Northwind Traders", Level: "EndCustomer"})
	fake.AddPartner(covetest.Partner{ID: 3, ParentID: 1, Name: "Globex Corp", Level: "EndCustomer"})
	fake.AddUser(covetest.User{Partner: "MSP", Username: "api", Password: "token", PartnerID: 1, ID: 5})
	session := strconv.FormatInt(time.Now().Add(-2*time.Hour).Unix(), 10)
	for _, d := range []struct {
		id, partner int64
		name        string
	}{{101, 2, "northwind-dc01"}, {102, 2, "northwind-sql01"}, {201, 3, "globex-fs01"}} {
		fake.PutDevice(covetest.Device{ID: d.id, PartnerID: d.partner, Values: map[string]string{"I1": d.name, "I18": strings.ToUpper(d.name), "I32": "2",
			"I16": "Windows Server 2022 Standard", "I78": "D01", "D09F00": "5", "D09F15": session, "D01F00": "5", "D01F15": session,
			"D09F08": "5555555555555555555555555585"}})
	}
	cfg := settings.DefaultCove()
	cfg.Enabled, cfg.URL, cfg.Partner, cfg.Username = true, fake.URL(), "MSP", "api"
	if _, err := h.app.Settings.SaveCove(cfg, secret.New("token"), audit.Actor{}); err != nil {
		t.Fatal(err)
	}
	if res, err := h.app.CovePoller.Poll(context.Background()); err != nil || res.Pending != 3 {
		t.Fatalf("poll: %+v %v", res, err)
	}
	if _, err := h.app.Cove.ApproveCustomer("Northwind Traders", h.ids["customer"], audit.Actor{Name: "op"}); err != nil {
		t.Fatal(err)
	}

	admin := h.login("admin")
	dash := bodyOf(admin.get("/"))
	card := text(between(dash, `data-testid="ops-waiting"`, "</article>"))
	cardCove := firstNumber(t, card, `(\d+) Cove accounts?`)
	row := text(between(dash, "<td>Cove import</td>", "</tr>"))
	rowCove := firstNumber(t, row, `(\d+)(?: accounts?)? waiting for approval`)
	if cardCove != 1 || rowCove != cardCove {
		t.Errorf("Cove accounts waiting: the card says %d (%q), the health row %d (%q); one was left after approving two", cardCove, card, rowCove, row)
	}
	queue := firstNumber(t, dash, `data-testid="ops-unreviewed">(\d+)<`)

	notes := bodyOf(admin.get("/settings/notifications"))
	waiting := text(between(notes, `data-testid="now-waiting"`, "</li>"))
	if n := firstNumber(t, waiting, `(\d+) Cove accounts?`); n != cardCove {
		t.Errorf("Settings → Notifications says %d Cove accounts wait (%q), the dashboard %d", n, waiting, cardCove)
	}
	review := text(between(notes, `data-testid="now-review"`, "</li>"))
	if n := firstNumber(t, review, `(\d+) runs? waits? for review`); queue < 1 || n != queue {
		t.Errorf("runs waiting for review: Settings → Notifications %d (%q), the dashboard %d", n, review, queue)
	}
	cove := text(between(bodyOf(admin.get("/settings/cove")), `data-testid="cove-waiting-now"`, "</a>"))
	if n := firstNumber(t, cove, `(\d+) Cove account`); n != cardCove {
		t.Errorf("Settings → Cove says %d accounts wait (%q), the dashboard %d", n, cove, cardCove)
	}
	if strings.Contains(notes, "Nothing needs attention now") {
		t.Error("Settings → Notifications still says nothing needs attention while runs wait for review")
	}
}
