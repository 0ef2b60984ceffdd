package web

import (
	"errors"

	"github.com/gofiber/fiber/v2"

	"github.com/backupchecks/backupchecks/app/accounts"
)

func (s *Server) userPassword(c *fiber.Ctx) error {
	id, err := c.ParamsInt("id")
	if err != nil || id <= 0 {
		return fiber.ErrNotFound
	}
	u, err := s.Accounts.ResetPassword(uint64(id), c.FormValue("password"), c.FormValue("confirm"), actor(c))
	if err != nil {
		return s.userActionFailed(c, err)
	}
	s.flash(c, "success", "Password of "+u.Username+" set; their sessions were ended.")
	return redirect(c, "/settings/users")
}

// userActionFailed shows a refused user change (last admin, own account,
// bad password) as a message on the Users page; other errors propagate.
func (s *Server) userActionFailed(c *fiber.Ctx, err error) error {
	var ve *accounts.ValidationError
	switch {
	case errors.Is(err, accounts.ErrUserNotFound):
		return fiber.ErrNotFound
	case errors.Is(err, accounts.ErrLastAdmin), errors.Is(err, accounts.ErrCannotChangeSelf), errors.As(err, &ve):
		s.flash(c, "error", err.Error())
		return redirect(c, "/settings/users")
	}
	return err
}
