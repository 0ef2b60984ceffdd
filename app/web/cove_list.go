package web

import (
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/backupchecks/backupchecks/app/coveimport"
	"github.com/backupchecks/backupchecks/views"
)

// coveList is Inbox → Cove accounts: accounts waiting for approval (or
// ignored), grouped by Cove customer, with the customer here suggested.
func (s *Server) coveList(c *fiber.Ctx) error {
	state := coveimport.Pending
	if c.Query("show") == "ignored" {
		state = coveimport.Ignored
	}
	list, err := s.Cove.In(state)
	if err != nil {
		return err
	}
	d := views.CoveApprovals{Ignored: state == coveimport.Ignored}
	if cfg, err := s.Settings.Cove(); err == nil {
		d.Enabled = cfg.Enabled
	}
	if d.Waiting, err = s.waiting(); err != nil {
		return err
	}
	if d.Customers, err = s.Customers.List(""); err != nil {
		return err
	}
	for _, a := range list { // sorted by Cove customer
		if n := len(d.Groups); n == 0 || d.Groups[n-1].Customer != a.Customer {
			d.Groups = append(d.Groups, views.CoveGroup{Customer: a.Customer})
		}
		g := &d.Groups[len(d.Groups)-1]
		if g.Total++; len(g.Accounts) < coveRowsPerGroup {
			g.Accounts = append(g.Accounts, a)
		}
	}
	// A partner connected for the first time may list thousands of
	// accounts: a page shows some customers, each with its first rows.
	d.Page, _ = strconv.Atoi(c.Query("page"))
	d.Pages = (len(d.Groups) + coveGroupsPerPage - 1) / coveGroupsPerPage
	d.Page = max(0, min(d.Page, d.Pages-1))
	d.Groups = d.Groups[min(d.Page*coveGroupsPerPage, len(d.Groups)):min((d.Page+1)*coveGroupsPerPage, len(d.Groups))]
	for i := range d.Groups {
		if cu, ok := coveimport.SuggestFrom(d.Customers, d.Groups[i].Customer); ok {
			d.Groups[i].Suggested = cu.ID
		}
	}
	return render(c, fiber.StatusOK, views.CoveApprovalsPage(s.shell(c, "Cove accounts", "inbox"), d))
}

const (
	coveGroupsPerPage = 20 // Cove customers on a page
	coveRowsPerGroup  = 50 // accounts listed per customer; "Approve all" covers the rest
)
