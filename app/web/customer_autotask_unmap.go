package web

import (
	"github.com/gofiber/fiber/v2"

	"github.com/backupchecks/backupchecks/app/psa"
)

// customerAutotaskUnmap removes the customer's mapping. It calls nothing
// in Autotask, so it works with the integration off too.
func (s *Server) customerAutotaskUnmap(c *fiber.Ctx) error {
	cu, err := s.customerParam(c)
	if err != nil {
		return err
	}
	ret := safeReturnTo(c.FormValue("return"), "/customers")
	if cu.Autotask == nil {
		s.flash(c, "warning", cu.Name+" is not mapped to an Autotask company. Nothing was changed.")
		return redirect(c, ret)
	}
	if err := s.Autotask.Unmap(cu.ID, actor(c)); err != nil {
		return err
	}
	s.flash(c, "success", cu.Name+" is no longer mapped to Autotask "+psa.CompanyLabel(cu.Autotask.Name, cu.Autotask.CompanyID)+"; its runs get no Autotask tickets until it is mapped again.")
	return redirect(c, ret)
}
