package web

import (
	"errors"

	"github.com/gofiber/fiber/v2"

	"github.com/backupchecks/backupchecks/app/accounts"
	"github.com/backupchecks/backupchecks/views"
)

// setupForm shows the first-admin form while no user exists; afterwards
// the page is gone (404).
func (s *Server) setupForm(c *fiber.Ctx) error {
	need, err := s.needsSetup()
	if err != nil {
		return err
	}
	if !need {
		return fiber.ErrNotFound
	}
	return render(c, fiber.StatusOK, views.SetupPage(s.shell(c, "Set up", ""), views.SetupForm{}))
}

func (s *Server) setupSubmit(c *fiber.Ctx) error {
	need, err := s.needsSetup()
	if err != nil {
		return err
	}
	if !need {
		return fiber.ErrNotFound
	}
	form := views.SetupForm{Username: c.FormValue("username"), DisplayName: c.FormValue("display_name")}
	_, err = s.Accounts.Setup(accounts.NewUser{
		Username: form.Username, DisplayName: form.DisplayName,
		Password: c.FormValue("password"), Confirm: c.FormValue("confirm"),
	}, actor(c))
	if errors.Is(err, accounts.ErrSetupDone) {
		return fiber.ErrNotFound
	}
	if errs, ok := formErrors(err); ok {
		form.Errors = errs
		return render(c, fiber.StatusUnprocessableEntity, views.SetupPage(s.shell(c, "Set up", ""), form))
	}
	if err != nil {
		return err
	}
	s.setupDone.Store(true)
	s.flash(c, "success", "Administrator "+form.Username+" created. Sign in to continue.")
	return redirect(c, "/login")
}
