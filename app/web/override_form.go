package web

import (
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/backupchecks/backupchecks/app/jobs"
	"github.com/backupchecks/backupchecks/app/overrides"
	"github.com/backupchecks/backupchecks/app/runs"
	"github.com/backupchecks/backupchecks/views"
)

const dateTimeLocal = "2006-01-02T15:04"

// overrideNew is the create form; ?run=ID fills it from that run.
func (s *Server) overrideNew(c *fiber.Ctx) error {
	f := views.OverrideForm{Scope: "job", Return: safeReturn(c.Query("return"))}
	if id, err := strconv.ParseUint(c.Query("run"), 10, 64); err == nil {
		r, err := s.Runs.Get(id)
		if errors.Is(err, runs.ErrNotFound) {
			return fiber.NewError(fiber.StatusNotFound, "That run no longer exists.")
		}
		if err != nil {
			return err
		}
		j, err := s.Jobs.Get(r.JobID)
		if err != nil {
			return err
		}
		f.Job, f.Values = &j, prefill(r)
	} else if id, err := strconv.ParseUint(c.Query("job"), 10, 64); err == nil {
		j, err := s.Jobs.Get(id)
		if err != nil {
			return fiber.NewError(fiber.StatusNotFound, "That job no longer exists.")
		}
		f.Job = &j
		f.Values = overrides.Override{JobID: j.ID, Statuses: []runs.Status{runs.Warning}}
	}
	return s.renderOverrideForm(c, fiber.StatusOK, f)
}

// overrideEdit is the edit form.
func (s *Server) overrideEdit(c *fiber.Ctx) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	o, err := s.Overrides.Get(id)
	if errors.Is(err, overrides.ErrNotFound) {
		return fiber.ErrNotFound
	}
	if err != nil {
		return err
	}
	f := views.OverrideForm{Values: o, Scope: "kind", Return: "/overrides"}
	if o.JobID != 0 {
		if j, err := s.Jobs.Get(o.JobID); err == nil {
			f.Job, f.Scope = &j, "job"
		}
	}
	return s.renderOverrideForm(c, fiber.StatusOK, f)
}

// prefill proposes an override for a run: its job and status, and its
// failing objects' name when they share one.
func prefill(r runs.Run) overrides.Override {
	st := r.Status
	if r.Override != nil {
		st = r.Override.Original
	}
	o := overrides.Override{JobID: r.JobID, Statuses: []runs.Status{st}, Object: overrides.Match{Mode: overrides.Contains}, Message: overrides.Match{Mode: overrides.Contains}}
	if st != runs.Warning && st != runs.Failed {
		o.Statuses = []runs.Status{runs.Warning}
	}
	if bad := r.Failing(); len(bad) == 1 {
		o.Object = overrides.Match{Mode: overrides.Exact, Pattern: bad[0].Name}
	}
	return o
}

func (s *Server) renderOverrideForm(c *fiber.Ctx, status int, f views.OverrideForm) error {
	sh := s.shell(c, "Override", "overrides")
	var err error
	if f.Software, f.Types, err = s.Jobs.Facets(); err != nil {
		return err
	}
	if f.FromText == "" && !f.Values.From.IsZero() {
		f.FromText = f.Values.From.In(sh.Loc).Format(dateTimeLocal)
	}
	if f.UntilText == "" && !f.Values.Until.IsZero() {
		f.UntilText = f.Values.Until.In(sh.Loc).Format(dateTimeLocal)
	}
	return render(c, status, views.OverrideFormPage(sh, f))
}

// overrideFromForm reads the posted form in the UI time zone.
func (s *Server) overrideFromForm(c *fiber.Ctx, loc *time.Location) (overrides.Override, views.OverrideForm, views.FormErrors) {
	o := overrides.Override{
		Software: c.FormValue("software"), Type: c.FormValue("type"), Reason: c.FormValue("reason"),
		Object:  overrides.Match{Mode: overrides.Mode(c.FormValue("object_mode")), Pattern: c.FormValue("object_pattern")},
		Message: overrides.Match{Mode: overrides.Mode(c.FormValue("message_mode")), Pattern: c.FormValue("message_pattern")},
	}
	f := views.OverrideForm{Scope: c.FormValue("scope"), FromText: c.FormValue("from"), UntilText: c.FormValue("until"), Return: safeReturn(c.FormValue("return"))}
	errs := views.FormErrors{}
	jobID, _ := strconv.ParseUint(c.FormValue("job"), 10, 64)
	if jobID != 0 {
		if j, err := s.Jobs.Get(jobID); err == nil {
			f.Job = &j
		} else if errors.Is(err, jobs.ErrNotFound) {
			errs["scope"] = "That job no longer exists; choose a software and type instead."
		}
	}
	if f.Scope == "job" {
		o.JobID = jobID
	}
	for _, v := range c.Request().PostArgs().PeekMulti("status") {
		o.Statuses = append(o.Statuses, runs.Status(v))
	}
	for field, text := range map[string]string{"from": f.FromText, "until": f.UntilText} {
		if strings.TrimSpace(text) == "" {
			continue
		}
		t, err := time.ParseInLocation(dateTimeLocal, text, loc)
		if err != nil {
			errs["until"] = "Enter the dates as date and time."
			continue
		}
		if field == "from" {
			o.From = t.UTC()
		} else {
			o.Until = t.UTC()
		}
	}
	f.Values = o
	return o, f, errs
}

// safeReturn allows only local paths as the place to go after saving.
func safeReturn(p string) string { return safeReturnTo(p, "/overrides") }
