package web

import (
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/backupchecks/backupchecks/app/accounts"
	"github.com/backupchecks/backupchecks/app/customers"
	"github.com/backupchecks/backupchecks/app/psa"
	"github.com/backupchecks/backupchecks/integrations/autotask"
	"github.com/backupchecks/backupchecks/views"
)

// customerAutotask is a customer's Autotask company: the mapping as
// stored for everyone, and for operators the type-ahead to (re)map it. A
// visit without htmx that carries ?q= searches on the server.
func (s *Server) customerAutotask(c *fiber.Ctx) error {
	cu, err := s.customerParam(c)
	if err != nil {
		return err
	}
	d := views.CompanyMappingData{Customer: cu, Enabled: s.Autotask.Enabled(), Return: safeReturnTo(c.Query("return"), "/customers")}
	d.Results = views.CompanyResultsData{CustomerID: cu.ID, Enabled: d.Enabled, Return: d.Return}
	if d.Auto, err = s.autoTickets(cu, nil); err != nil {
		return err
	}
	if u := currentUser(c); u != nil && u.Role.AtLeast(accounts.Operator) && d.Enabled {
		d.Results = s.searchCompanies(c, cu.ID, c.Query("q"), d.Return)
	}
	return render(c, fiber.StatusOK, views.CompanyMappingPage(s.shell(c, "Autotask company of "+cu.Name, "customers"), d))
}

// customerAutotaskMap maps the customer to the company chosen.
func (s *Server) customerAutotaskMap(c *fiber.Ctx) error {
	cu, err := s.customerParam(c)
	if err != nil {
		return err
	}
	back := fmt.Sprintf("/customers/%d/autotask", cu.ID)
	ret := safeReturnTo(c.FormValue("return"), "/customers")
	companyID, perr := parseCompanyID(c.FormValue("company"))
	if perr != nil {
		s.flash(c, "warning", "Choose the Autotask company to map "+cu.Name+" to. Nothing was changed.")
		return redirect(c, back)
	}
	if err := s.Autotask.Map(c.Context(), cu.ID, companyID, actor(c)); err != nil {
		kind, text, ok := autotaskFailure(err)
		if !ok {
			return err
		}
		s.flash(c, kind, text)
		return redirect(c, back+"?return="+url.QueryEscape(ret))
	}
	cu, err = s.Customers.Get(cu.ID)
	if err != nil {
		return err
	}
	name := fmt.Sprintf("company #%d", companyID)
	if cu.Autotask != nil {
		name = psa.CompanyLabel(cu.Autotask.Name, cu.Autotask.CompanyID)
	}
	s.flash(c, "success", "Mapped "+cu.Name+" to Autotask "+name+".")
	return redirect(c, ret)
}

// customerParam reads the customer of :id; an unknown one is a 404.
func (s *Server) customerParam(c *fiber.Ctx) (customers.Customer, error) {
	id, err := idParam(c)
	if err != nil {
		return customers.Customer{}, err
	}
	cu, err := s.Customers.Get(id)
	if errors.Is(err, customers.ErrNotFound) {
		return cu, fiber.NewError(fiber.StatusNotFound, "This customer no longer exists.")
	}
	return cu, err
}

// autotaskFailure is the sentence for a mapping action that failed: what
// happened, and that nothing was changed. ok is false for errors that are
// not about Autotask (storage), which propagate.
func autotaskFailure(err error) (kind, text string, ok bool) {
	var refused *psa.Refused
	switch {
	case errors.As(err, &refused):
		return "warning", refused.Reason, true
	case errors.Is(err, psa.ErrDisabled):
		return "warning", capitalize(err.Error()) + ". Nothing was changed.", true
	case errors.Is(err, customers.ErrNotFound):
		return "warning", "That customer no longer exists. Nothing was changed.", true
	}
	var call *psa.CallError
	if !errors.As(err, &call) {
		return "", "", false
	}
	return "error", "Autotask: " + strings.TrimSpace(autotask.Explain(err)) + " Nothing was changed.", true
}

// parseCompanyID reads a company ID from a form; 0 is a real company.
func parseCompanyID(v string) (int64, error) {
	id, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
	if err != nil || id < 0 {
		return 0, errors.New("not a company ID")
	}
	return id, nil
}
