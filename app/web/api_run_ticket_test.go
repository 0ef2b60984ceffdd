package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/backupchecks/backupchecks/app/audit"
)

// The API's runs carry their Autotask ticket: number, URL and state;
// null for a run without one.
func TestAPIRunsCarryTheirTicket(t *testing.T) {
	h := newHarness(t)
	h.autotaskOn()
	run := h.ids["run-failed"]
	res, err := h.app.Autotask.CreateTicket(context.Background(), run, audit.Actor{Name: "op"})
	if err != nil {
		t.Fatal(err)
	}
	token := h.tokens()["rep"]
	type ticket struct{ Number, URL, State string }
	var one struct {
		ID     uint64  `json:"id"`
		Ticket *ticket `json:"ticket"`
	}
	if err := json.Unmarshal([]byte(bodyOf(h.api("GET", fmt.Sprintf("/api/v1/runs/%d", run), token, ""))), &one); err != nil {
		t.Fatal(err)
	}
	if one.ID != run || one.Ticket == nil || one.Ticket.Number != res.Link.Number || one.Ticket.URL != res.Link.URL || one.Ticket.State != "open" {
		t.Fatalf("GET the run: %+v, want ticket %s open at %s", one, res.Link.Number, res.Link.URL)
	}
	var list struct {
		Runs []struct {
			ID     uint64  `json:"id"`
			Ticket *ticket `json:"ticket"`
		} `json:"runs"`
	}
	if err := json.Unmarshal([]byte(bodyOf(h.api("GET", fmt.Sprintf("/api/v1/runs?job=%d", h.ids["job"]), token, ""))), &list); err != nil {
		t.Fatal(err)
	}
	withTicket, without := 0, 0
	for _, r := range list.Runs {
		switch {
		case r.ID == run && r.Ticket != nil && r.Ticket.Number == res.Link.Number:
			withTicket++
		case r.ID != run && r.Ticket == nil:
			without++
		}
	}
	if withTicket != 1 || without != len(list.Runs)-1 {
		t.Fatalf("the list: %+v", list.Runs)
	}
}
