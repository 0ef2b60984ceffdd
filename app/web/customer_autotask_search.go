package web

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/backupchecks/backupchecks/views"
)

// customerAutotaskSearch is the mapping type-ahead (htmx): the companies
// whose name contains ?q=, as the mapping page's list or, with
// ?for=bulk, as the options of a bulk row's select. A visit without htmx
// goes to the mapping page, which searches itself.
func (s *Server) customerAutotaskSearch(c *fiber.Ctx) error {
	cu, err := s.customerParam(c)
	if err != nil {
		return err
	}
	ret := safeReturnTo(c.Query("return"), "/customers")
	if c.Get("HX-Request") != "true" {
		return redirect(c, fmt.Sprintf("/customers/%d/autotask?q=%s&return=%s", cu.ID, url.QueryEscape(c.Query("q")), url.QueryEscape(ret)))
	}
	d := views.CompanyResultsData{CustomerID: cu.ID, Enabled: s.Autotask.Enabled(), Return: ret, Query: c.Query("q")}
	if d.Enabled {
		d = s.searchCompanies(c, cu.ID, c.Query("q"), ret)
	}
	if c.Query("for") == "bulk" {
		o := views.CompanyOptionsData{Query: d.Query, Companies: d.Companies, MappedTo: d.MappedTo, Error: d.Error}
		if !d.Enabled {
			o.Error = "— the Autotask integration is off —"
		}
		return render(c, fiber.StatusOK, views.CompanyOptions(o))
	}
	return render(c, fiber.StatusOK, views.CompanyResults(s.shell(c, "", "customers"), d))
}

// searchCompanies asks Autotask for the type-ahead's companies (the
// integration is on) and notes which are mapped to another customer.
func (s *Server) searchCompanies(c *fiber.Ctx, customerID uint64, q, ret string) views.CompanyResultsData {
	d := views.CompanyResultsData{CustomerID: customerID, Enabled: true, Query: q, Return: ret}
	if len([]rune(q)) == 0 {
		return d
	}
	list, err := s.Autotask.SearchCompanies(c.Context(), q)
	if err != nil {
		if _, text, ok := autotaskFailure(err); ok {
			d.Error = text
		} else {
			d.Error = "The search failed: " + err.Error()
		}
		return d
	}
	d.Searched, d.Companies = len([]rune(strings.Join(strings.Fields(q), " "))) >= 2, list
	if all, err := s.Customers.List(""); err == nil {
		d.MappedTo = map[int64]string{}
		for _, other := range all {
			if other.Autotask != nil && other.ID != customerID {
				d.MappedTo[other.Autotask.CompanyID] = other.Name
			}
		}
	}
	return d
}
