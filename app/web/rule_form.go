package web

import (
	"errors"

	"github.com/gofiber/fiber/v2"

	"github.com/backupchecks/backupchecks/app/parsers"
	"github.com/backupchecks/backupchecks/app/reports/rules"
	"github.com/backupchecks/backupchecks/views"
)

// ruleNew is the form for a new rule.
func (s *Server) ruleNew(c *fiber.Ctx) error {
	return s.renderRule(c, fiber.StatusOK, views.RuleForm{Rule: rules.Rule{JobIn: "subject"}})
}

// ruleEdit is a saved rule's form; right after saving it shows what the
// rule claims of the stored mail and offers to parse the Inbox again.
func (s *Server) ruleEdit(c *fiber.Ctx) error {
	r, err := s.ruleParam(c)
	if err != nil {
		return err
	}
	f := views.RuleForm{Rule: r}
	if c.Query("saved") == "1" {
		run, err := s.Parsers.Try(r)
		if err != nil {
			return err
		}
		f.DryRun, f.Saved = &run, true
	}
	return s.renderRule(c, fiber.StatusOK, f)
}

func (s *Server) renderRule(c *fiber.Ctx, status int, f views.RuleForm) error {
	title := "New rule"
	if f.Rule.ID != 0 {
		title = "Rule " + f.Rule.Name
	}
	return render(c, status, views.RulePage(s.shell(c, title, "settings"), f))
}

func (s *Server) ruleParam(c *fiber.Ctx) (rules.Rule, error) {
	id, err := idParam(c)
	if err != nil {
		return rules.Rule{}, err
	}
	r, err := s.Parsers.Rule(id)
	if errors.Is(err, parsers.ErrNotFound) {
		return r, fiber.ErrNotFound
	}
	return r, err
}

// ruleFromForm reads the rule form.
func ruleFromForm(c *fiber.Ctx) rules.Rule {
	match := func(field string) rules.Match {
		return rules.Match{Pattern: c.FormValue(field), Regex: c.FormValue(field+"_regex") == "true"}
	}
	return rules.Rule{
		Name: c.FormValue("name"), Software: c.FormValue("software"), Type: c.FormValue("type"),
		Sender: match("sender"), Subject: match("subject"),
		JobIn: c.FormValue("job_in"), JobRegex: c.FormValue("job_regex"),
		Failure: match("failure"), Warning: match("warning"), Success: match("success"),
		NoMatch: c.FormValue("no_match"),
	}
}

// ruleErrors turns a rule's validation error into form errors.
func ruleErrors(err error) (views.FormErrors, bool) {
	var bad *rules.ErrInvalid
	if errors.As(err, &bad) {
		return views.FormErrors{bad.Field: bad.Reason}, true
	}
	return nil, false
}
