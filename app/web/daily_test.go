package web_test

import (
	"strings"
	"testing"
)

func TestDailyJobsPicksADay(t *testing.T) {
	h := newHarness(t)
	c := h.login("rep")
	body := bodyOf(c.get("/daily?day=2026-03-03"))
	for _, want := range []string{"run failed", `href="/daily?day=2026-03-02"`, `href="/daily?day=2026-03-04"`, "Tuesday 2026-03-03"} {
		if !strings.Contains(body, want) {
			t.Fatalf("Daily Jobs for 2026-03-03 lacks %q", want)
		}
	}
	if strings.Contains(body, "run warning") {
		t.Fatal("a run of the day before is on the board")
	}
	if r := c.get("/daily?day=03-03-2026"); r.StatusCode != 400 || !strings.Contains(bodyOf(r), "YYYY-MM-DD") {
		t.Fatalf("a malformed day: %d", r.StatusCode)
	}
	if body := bodyOf(c.get("/daily")); !strings.Contains(body, "Today, ") || strings.Contains(body, `data-testid="next-day"`) {
		t.Fatal("today is the default and has no next day")
	}
}
