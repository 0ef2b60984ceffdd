package web

import (
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
			g := views.CoveGroup{Customer: a.Customer}
			if cu, ok := s.Cove.Suggest(a.Customer); ok {
				g.Suggested = cu.ID
			}
			d.Groups = append(d.Groups, g)
		}
		g := &d.Groups[len(d.Groups)-1]
		g.Accounts = append(g.Accounts, a)
	}
	return render(c, fiber.StatusOK, views.CoveApprovalsPage(s.shell(c, "Cove accounts", "inbox"), d))
}
