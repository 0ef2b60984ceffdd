package web

import (
	"errors"

	"github.com/gofiber/fiber/v2"

	"github.com/backupchecks/backupchecks/app/accounts"
	"github.com/backupchecks/backupchecks/views"
)

const totpIssuer = "Backupchecks"

// totpPage is Account → Two-factor codes: on, or being set up.
func (s *Server) totpPage(c *fiber.Ctx) error {
	d, err := s.totpData(c, "")
	if err != nil {
		return err
	}
	return render(c, fiber.StatusOK, views.TOTPPage(s.shell(c, "Two-factor codes", "account"), d))
}

func (s *Server) totpData(c *fiber.Ctx, problem string) (views.TOTPData, error) {
	u, err := s.Accounts.Get(currentUser(c).ID)
	if err != nil {
		return views.TOTPData{}, err
	}
	d := views.TOTPData{On: u.HasTOTP(), Left: len(u.Recovery), Error: problem, Required: s.totpRequired(&u)}
	if !d.On {
		if _, d.Secret, err = s.Accounts.BeginTOTP(u.ID, totpIssuer); err != nil {
			return d, err
		}
	}
	return d, nil
}

// totpRequired reports whether the settings require codes of this user.
func (s *Server) totpRequired(u *accounts.User) bool {
	if u.Role != accounts.Admin || u.External != "" {
		return false // single sign-on users prove themselves at their provider
	}
	g, err := s.Settings.General()
	return err == nil && g.RequireTOTPAdmins
}

// totpQR is the QR code of the secret being set up.
func (s *Server) totpQR(c *fiber.Ctx) error {
	png, err := s.Accounts.TOTPImage(currentUser(c).ID, totpIssuer)
	if errors.Is(err, accounts.ErrNoPending) {
		return fiber.ErrNotFound
	}
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	c.Set(fiber.HeaderContentType, "image/png")
	return c.Send(png)
}

// totpEnable confirms the set-up with a code and shows the recovery codes once.
func (s *Server) totpEnable(c *fiber.Ctx) error {
	codes, err := s.Accounts.EnableTOTP(currentUser(c).ID, c.FormValue("code"), c.IP())
	if status, msg, later := tryAgainLater(c, err); later {
		d, derr := s.totpData(c, msg)
		if derr != nil {
			return derr
		}
		return render(c, status, views.TOTPPage(s.shell(c, "Two-factor codes", "account"), d))
	}
	switch {
	case errors.Is(err, accounts.ErrWrongCode), errors.Is(err, accounts.ErrNoPending):
		d, derr := s.totpData(c, sentence(err))
		if derr != nil {
			return derr
		}
		return render(c, fiber.StatusUnprocessableEntity, views.TOTPPage(s.shell(c, "Two-factor codes", "account"), d))
	case err != nil:
		return err
	}
	d, err := s.totpData(c, "")
	if err != nil {
		return err
	}
	d.Recovery = codes
	c.Set(fiber.HeaderCacheControl, "no-store")
	return render(c, fiber.StatusOK, views.TOTPPage(s.shell(c, "Two-factor codes", "account"), d))
}

// totpDisable turns codes off after the password, unless they are required.
func (s *Server) totpDisable(c *fiber.Ctx) error {
	if s.totpRequired(currentUser(c)) {
		return fiber.NewError(fiber.StatusForbidden, "Two-factor codes are required for admins: an admin can change that in Settings → General.")
	}
	err := s.Accounts.DisableTOTP(currentUser(c).ID, c.FormValue("password"), c.IP())
	if status, msg, later := tryAgainLater(c, err); later {
		d, derr := s.totpData(c, msg+" Two-factor codes stay on.")
		if derr != nil {
			return derr
		}
		return render(c, status, views.TOTPPage(s.shell(c, "Two-factor codes", "account"), d))
	}
	if errors.Is(err, accounts.ErrWrongPassword) {
		d, derr := s.totpData(c, "Wrong password: two-factor codes stay on.")
		if derr != nil {
			return derr
		}
		return render(c, fiber.StatusUnprocessableEntity, views.TOTPPage(s.shell(c, "Two-factor codes", "account"), d))
	}
	if err != nil {
		return err
	}
	s.flash(c, "success", "Two-factor codes are off.")
	return redirect(c, "/account/2fa")
}

// userTOTPReset clears another user's codes (a lost phone and recovery codes).
func (s *Server) userTOTPReset(c *fiber.Ctx) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	if err := s.Accounts.ResetTOTP(id, actor(c)); errors.Is(err, accounts.ErrUserNotFound) {
		return fiber.ErrNotFound
	} else if err != nil {
		return err
	}
	s.flash(c, "success", "Two-factor codes reset: the user signs in with the password alone and can set them up again.")
	return redirect(c, "/settings/users")
}
