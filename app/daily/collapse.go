package daily

// CollapseAbove is the most rows a board shows whole. A larger one (a
// large MSP has 5,000 jobs a day) shows, per customer, its counts and the
// rows that need attention, and loads the rest of the customer's rows on
// demand: a page an operator can read, and serve, in milliseconds.
const CollapseAbove = 300

// NeedsAttention reports whether an operator must look at the row: a
// failure, warning or missed run, or an expected run that never came.
func (r Row) NeedsAttention() bool {
	switch r.Status() {
	case "failed", "missed", "warning", string(NoRun):
		return true
	}
	return false
}

// Shown is the number of rows the board holds after its filter.
func (b Board) Shown() int {
	n := 0
	for _, g := range b.Groups {
		n += len(g.Rows)
	}
	return n
}

// Collapsed says whether the board is too large to show whole.
func (b Board) Collapsed(f Filter) bool { return f.CustomerID == 0 && b.Shown() > CollapseAbove }

// Attention lists the group's rows that need attention, in order.
func (g Group) Attention() []Row {
	var out []Row
	for _, r := range g.Rows {
		if r.NeedsAttention() {
			out = append(out, r)
		}
	}
	return out
}

// Counts is the group's rows per Status().
func (g Group) Counts() map[string]int {
	out := map[string]int{}
	for _, r := range g.Rows {
		out[r.Status()]++
	}
	return out
}
