package web

import (
	"errors"
	"fmt"

	"github.com/gofiber/fiber/v2"

	"github.com/backupchecks/backupchecks/app/customers"
	"github.com/backupchecks/backupchecks/app/jobs"
	"github.com/backupchecks/backupchecks/app/psa"
	"github.com/backupchecks/backupchecks/views"
)

// autoTickets is the automatic-ticket card of a customer, or of one of
// its jobs when j is set: storage reads only, never Autotask. Hidden
// while the integration is off and no rule is on.
func (s *Server) autoTickets(cu customers.Customer, j *jobs.Job) (*views.AutoTicketsData, error) {
	rules, err := s.Autotask.AutoRules()
	if err != nil {
		return nil, err
	}
	d := &views.AutoTicketsData{Enabled: s.Autotask.Enabled(), Blocked: psa.TicketBlocker(cu),
		Action: fmt.Sprintf("/customers/%d/autotask/automatic", cu.ID)}
	d.Rule = rules.Customers[cu.ID]
	if j != nil {
		d.Job, d.Action, d.Inherited = true, fmt.Sprintf("/jobs/%d/autotask/automatic", j.ID), d.Rule
		var scope string
		d.Rule, scope = rules.For(*j)
		d.Own = scope == "job"
		if d.Streak, err = s.Autotask.AutoStreakOf(j.ID); err != nil {
			return nil, err
		}
	}
	if cfg, err := s.Settings.Autotask(); err == nil {
		d.AllowResolve = cfg.AllowResolve
	}
	if !d.Enabled && !d.Rule.On && !d.Streak.Active() {
		return nil, nil
	}
	return d, nil
}

// autoRuleForm reads the card's form; nil means "as the customer".
func autoRuleForm(c *fiber.Ctx) (*psa.AutoRule, error) {
	r := &psa.AutoRule{After: formIntOr(c, "after", 1), Resolve: c.FormValue("resolve") != "", DailyNote: c.FormValue("daily_note") != ""}
	switch c.FormValue("mode") {
	case "on":
		r.On = true
	case "off":
	case "customer":
		return nil, nil
	default:
		return nil, fiber.NewError(fiber.StatusBadRequest, "Choose whether automatic tickets are on or off.")
	}
	return r, nil
}

// customerAutoTicketsSave switches automatic tickets for a customer's jobs.
func (s *Server) customerAutoTicketsSave(c *fiber.Ctx) error {
	cu, err := s.customerParam(c)
	if err != nil {
		return err
	}
	back := fmt.Sprintf("/customers/%d/autotask", cu.ID)
	r, err := autoRuleForm(c)
	if err != nil {
		return err
	}
	if r == nil {
		r = &psa.AutoRule{}
	}
	if err := s.Autotask.SetCustomerAutoRule(cu.ID, *r, actor(c)); err != nil {
		return s.autoSaveFailed(c, back, err)
	}
	s.flash(c, "success", "Automatic tickets for "+cu.Name+": "+r.Describe()+".")
	return redirect(c, back)
}

// jobAutoTicketsSave gives a job its own automatic-ticket setting, or its
// customer's again.
func (s *Server) jobAutoTicketsSave(c *fiber.Ctx) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	if _, err := s.Jobs.Get(id); errors.Is(err, jobs.ErrNotFound) {
		return fiber.NewError(fiber.StatusNotFound, "This job no longer exists.")
	} else if err != nil {
		return err
	}
	back := fmt.Sprintf("/jobs/%d", id)
	r, err := autoRuleForm(c)
	if err != nil {
		return err
	}
	if err := s.Autotask.SetJobAutoRule(id, r, actor(c)); err != nil {
		if errors.Is(err, jobs.ErrNotFound) {
			return fiber.ErrNotFound
		}
		return s.autoSaveFailed(c, back, err)
	}
	msg := "This job follows its customer's automatic-ticket setting again."
	if r != nil {
		msg = "Automatic tickets for this job: " + r.Describe() + "."
	}
	s.flash(c, "success", msg)
	return redirect(c, back)
}

func (s *Server) autoSaveFailed(c *fiber.Ctx, back string, err error) error {
	var refused *psa.Refused
	if errors.As(err, &refused) {
		s.flash(c, "warning", refused.Reason+" Nothing was changed.")
		return redirect(c, back)
	}
	return err
}
