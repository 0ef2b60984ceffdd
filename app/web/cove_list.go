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
	// A partner connected for the first time may list thousands of
	// accounts: a page shows some customers, each with its first rows.
	page, _ := strconv.Atoi(c.Query("page"))
	p, err := s.Cove.PageIn(state, page, coveGroupsPerPage, coveRowsPerGroup)
	if err != nil {
		return err
	}
	d := views.CoveApprovals{Ignored: state == coveimport.Ignored, Page: p.Page, Pages: p.Pages}
	if cfg, err := s.Settings.Cove(); err == nil {
		d.Enabled = cfg.Enabled
	}
	if st, err := s.CovePoller.Status(); err == nil {
		d.Held = st.Memory.Held
	}
	if d.Waiting, err = s.waiting(); err != nil {
		return err
	}
	if d.Customers, err = s.Customers.List(""); err != nil {
		return err
	}
	for _, g := range p.Groups {
		d.Groups = append(d.Groups, views.CoveGroup{Customer: g.Accounts[0].Customer, Accounts: g.Accounts, Total: g.Total})
	}
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
