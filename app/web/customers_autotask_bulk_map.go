package web

import (
	"sort"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/backupchecks/backupchecks/app/psa"
	"github.com/backupchecks/backupchecks/views"
)

// customersAutotaskBulkMap maps every row of the bulk page that has a
// company chosen (fields company-<customer id>), one audit event per
// customer, and shows what happened to each.
func (s *Server) customersAutotaskBulkMap(c *fiber.Ctx) error {
	if !s.Autotask.Enabled() {
		s.flash(c, "warning", "The Autotask integration is off (Settings → Autotask). Nothing was changed.")
		return redirect(c, "/customers/autotask")
	}
	var pairs []psa.Pair
	c.Request().PostArgs().VisitAll(func(k, v []byte) {
		id, ok := strings.CutPrefix(string(k), "company-")
		if !ok || strings.TrimSpace(string(v)) == "" {
			return
		}
		cid, err := strconv.ParseUint(id, 10, 64)
		company, perr := parseCompanyID(string(v))
		if err == nil && perr == nil && cid > 0 {
			pairs = append(pairs, psa.Pair{CustomerID: cid, CompanyID: company})
		}
	})
	sort.Slice(pairs, func(a, b int) bool { return pairs[a].CustomerID < pairs[b].CustomerID })
	if len(pairs) == 0 {
		s.flash(c, "warning", "No company was chosen for any customer. Nothing was changed.")
		return redirect(c, "/customers/autotask")
	}
	d := views.BulkMappingData{Enabled: true}
	res, err := s.Autotask.MapMany(c.Context(), pairs, actor(c))
	if err != nil {
		_, text, ok := autotaskFailure(err)
		if !ok {
			return err
		}
		d.Error = text
	} else {
		d.Result = &res
	}
	return render(c, fiber.StatusOK, views.BulkMappingPage(s.shell(c, "Map customers to Autotask", "customers"), d))
}
