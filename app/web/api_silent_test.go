package web_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/backupchecks/backupchecks/app/audit"
	"github.com/backupchecks/backupchecks/app/jobs"
	"github.com/backupchecks/backupchecks/app/runs"
	"github.com/backupchecks/backupchecks/app/silence"
)

// quietJob adds a job of the seeded customer whose last run (a success)
// was ago (none when zero).
func (h *harness) quietJob(name string, ago time.Duration) jobs.Job {
	h.t.Helper()
	j, err := h.app.Jobs.Create(jobs.NewJob{CustomerID: h.ids["customer"], Source: jobs.Email, Software: "Veeam Backup & Replication", Type: "Backup Job",
		Name: name, MatchKey: jobs.EmailKey("veeam@acme.test", "Veeam Backup & Replication", "Backup Job", name)}, audit.Actor{Name: "seed"})
	if err != nil {
		h.t.Fatal(err)
	}
	if ago > 0 {
		if _, _, err := h.app.Runs.Record(runs.NewRun{JobID: j.ID, Source: runs.FromEmail, ExternalID: "<" + name + "@acme.test>",
			Time: time.Now().Add(-ago), Status: runs.Success, Message: "ok"}); err != nil {
			h.t.Fatal(err)
		}
	}
	return j
}

type silentJSON struct {
	Jobs []struct {
		ID               uint64     `json:"id"`
		Name             string     `json:"name"`
		Customer         string     `json:"customer"`
		Reason           string     `json:"reason"`
		Silent           bool       `json:"silent"`
		SilentDays       float64    `json:"silent_days"`
		LastSeen         *time.Time `json:"last_seen"`
		LastSuccess      *time.Time `json:"last_success"`
		SinceSuccessDays float64    `json:"since_success_days"`
		Bound            struct {
			Days    *float64 `json:"days"`
			Basis   string   `json:"basis"`
			Explain string   `json:"explain"`
		} `json:"bound"`
	} `json:"jobs"`
	Times int `json:"times"`
}

func (h *harness) silentList(path, token string) silentJSON {
	h.t.Helper()
	res := h.api("GET", path, token, "")
	body := bodyOf(res)
	var out silentJSON
	if res.StatusCode != 200 || json.Unmarshal([]byte(body), &out) != nil {
		h.t.Fatalf("%s: %d %s", path, res.StatusCode, body)
	}
	return out
}

// A reporter's token reads the silent jobs longest silence first, with
// the customer, the bound and the sentence the missed run carries; a job
// that reported lately, an archived job and a job that runs by hand are
// not listed. The same holds for jobs without a recent success.
func TestAPISilentJobs(t *testing.T) {
	h := newHarness(t)
	rep := h.tokens()["rep"]
	week := h.quietJob("Weekly NAS", 5*24*time.Hour) // silent 5 days past a 3-day default bound
	h.quietJob("Fresh", time.Hour)
	old := h.quietJob("Old server", 300*24*time.Hour)
	if _, err := h.app.Jobs.SetArchived(old.ID, true, audit.Actor{Name: "op"}); err != nil {
		t.Fatal(err)
	}
	hand := h.quietJob("Restore test", 200*24*time.Hour)
	if _, err := h.app.Jobs.SetSilence(hand.ID, &silence.Setting{ByHand: true, Reason: "run by hand each quarter"}, audit.Actor{Name: "op"}); err != nil {
		t.Fatal(err)
	}
	if _, err := h.app.Missed.Pass(); err != nil { // raises a missed run per silent period, with its reason
		t.Fatal(err)
	}

	got := h.silentList("/api/v1/jobs/silent", rep)
	var names []string
	for _, j := range got.Jobs {
		names = append(names, j.Name)
	}
	// Nightly's last report was in March 2026, Weekly NAS's 5 days ago.
	if strings.Join(names, ", ") != "Nightly, Weekly NAS" {
		t.Fatalf("silent jobs %q, want Nightly then Weekly NAS", names)
	}
	w := got.Jobs[1]
	if w.ID != week.ID || w.Customer != "Acme" || !w.Silent || w.SilentDays < 4.9 || w.LastSeen == nil || w.LastSuccess == nil ||
		w.Bound.Days == nil || *w.Bound.Days != 3 || w.Bound.Basis != "default" || !strings.HasPrefix(w.Bound.Explain, "expected at least every 3 days") {
		t.Errorf("the Weekly NAS entry: %+v", w)
	}
	if !strings.HasPrefix(w.Reason, "No run since ") || !strings.Contains(w.Reason, "5 days") {
		t.Errorf("the reason is not the missed run's sentence: %q", w.Reason)
	}
	if got.Jobs[0].SilentDays < 200 {
		t.Errorf("Nightly silent for %.1f days", got.Jobs[0].SilentDays)
	}

	ns := h.silentList("/api/v1/jobs/no-success", rep)
	names = names[:0]
	for _, j := range ns.Jobs {
		names = append(names, j.Name)
	}
	// Nightly's only success was 1 March; Weekly NAS's 5 days ago is within 2 × 3 days.
	if strings.Join(names, ", ") != "Nightly" || ns.Times != 2 {
		t.Errorf("jobs without a recent success %q (N %d), want Nightly (N 2)", names, ns.Times)
	}

	// Every job object carries its liveness; one that runs by hand has no days.
	one := h.api("GET", fmt.Sprintf("/api/v1/jobs/%d", hand.ID), rep, "")
	body := bodyOf(one)
	if !strings.Contains(body, `"bound":{"days":null,"basis":"by-hand","explain":"runs by hand: never silent`) || !strings.Contains(body, `"silent":false`) {
		t.Errorf("a job that runs by hand: %s", body)
	}
	fresh := bodyOf(h.api("GET", "/api/v1/jobs?q=fresh", rep, ""))
	if !strings.Contains(fresh, `"last_seen":"`) || !strings.Contains(fresh, `"silent":false`) || !strings.Contains(fresh, `"no_success":false`) {
		t.Errorf("a fresh job in the list: %s", fresh)
	}
	never := h.quietJob("Never ran", 0)
	if b := bodyOf(h.api("GET", fmt.Sprintf("/api/v1/jobs/%d", never.ID), rep, "")); !strings.Contains(b, `"last_seen":null,"last_success":null`) {
		t.Errorf("a job that never ran: %s", b)
	}
}
