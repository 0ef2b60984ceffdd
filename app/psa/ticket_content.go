package psa

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/backupchecks/backupchecks/app/customers"
	"github.com/backupchecks/backupchecks/app/jobs"
	"github.com/backupchecks/backupchecks/app/runs"
)

// maxTicketObjects is how many failing objects a ticket names: a ticket is
// a signal, not a log; Job Details has the rest.
const maxTicketObjects = 10

// maxMessageLine keeps one message to a readable line (no dumps).
const maxMessageLine = 300

// TicketContent is a ticket's subject and description.
type TicketContent struct {
	Title       string
	Description string
}

// composeTicket writes a run's ticket by the design's hierarchy: the run's
// overall message leads when there is one; otherwise the failing objects'
// messages, at most maxTicketObjects objects, identical messages once.
// Job, run time in the UI zone, status and the link to the run always follow.
func composeTicket(c customers.Customer, j jobs.Job, r runs.Run, runURL, marker string, loc *time.Location) TicketContent {
	status := statusWord(r.Status)
	var b strings.Builder
	failing := r.Failing()
	switch {
	case r.Status == runs.Missed:
		fmt.Fprintf(&b, "The job did not run in its expected window (%s).\n", r.Time.In(loc).Format("Mon 2 Jan 2006"))
	case r.Message != "":
		b.WriteString(oneLine(r.Message) + "\n")
		if len(failing) > 1 {
			b.WriteString("Multiple objects reported errors. See Backupchecks for full details.\n")
		}
	case len(failing) > 0:
		writeObjects(&b, failing)
	default:
		fmt.Fprintf(&b, "The backup reported %s.\n", strings.ToLower(status))
	}
	b.WriteString("\n")
	fmt.Fprintf(&b, "Customer: %s\n", c.Name)
	fmt.Fprintf(&b, "Job: %s", j.Name)
	if kind := strings.TrimSpace(strings.Join(nonEmpty(j.Software, j.Type), " · ")); kind != "" {
		fmt.Fprintf(&b, " (%s)", kind)
	}
	b.WriteString("\n")
	fmt.Fprintf(&b, "Run time: %s\n", r.Time.In(loc).Format("2006-01-02 15:04 MST"))
	fmt.Fprintf(&b, "Status: %s", status)
	if r.SourceStatus != "" && !strings.EqualFold(r.SourceStatus, status) {
		fmt.Fprintf(&b, " (%s)", r.SourceStatus)
	}
	b.WriteString("\n\n")
	fmt.Fprintf(&b, "Details in Backupchecks: %s\n", runURL)
	fmt.Fprintf(&b, "Backupchecks reference: %s\n", marker)
	return TicketContent{
		Title:       fmt.Sprintf("[Backupchecks] %s - %s - %s", c.Name, j.Name, status),
		Description: b.String(),
	}
}

// writeObjects lists failing objects grouped by message: objects that
// reported the same message share one line.
func writeObjects(b *strings.Builder, failing []runs.Object) {
	type group struct {
		message string
		names   []string
		first   int
	}
	byMsg := map[string]*group{}
	var groups []*group
	listed := failing
	if len(listed) > maxTicketObjects {
		listed = listed[:maxTicketObjects]
	}
	for i, o := range listed {
		msg := oneLine(o.Message)
		g := byMsg[msg]
		if g == nil {
			g = &group{message: msg, first: i}
			byMsg[msg] = g
			groups = append(groups, g)
		}
		name := o.Name
		if o.Kind != "" {
			name += " (" + o.Kind + ")"
		}
		g.names = append(g.names, name)
	}
	sort.SliceStable(groups, func(a, c int) bool { return groups[a].first < groups[c].first })
	b.WriteString("Affected objects:\n")
	for _, g := range groups {
		line := "- " + strings.Join(g.names, ", ")
		if g.message != "" {
			line += ": " + g.message
		}
		b.WriteString(line + "\n")
	}
	if more := len(failing) - len(listed); more > 0 {
		fmt.Fprintf(b, "And %d additional objects reported similar errors.\n", more)
	}
}

// oneLine collapses a message to one trimmed line of bounded length.
func oneLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > maxMessageLine {
		s = string(r[:maxMessageLine-1]) + "…"
	}
	return s
}

func statusWord(s runs.Status) string {
	switch s {
	case runs.Failed:
		return "Failed"
	case runs.Warning:
		return "Warning"
	case runs.Missed:
		return "Missed"
	}
	return "Success"
}

func nonEmpty(list ...string) []string {
	var out []string
	for _, s := range list {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}
