package web

import (
	"errors"

	"github.com/gofiber/fiber/v2"

	"github.com/backupchecks/backupchecks/app/apitokens"
	"github.com/backupchecks/backupchecks/storage"
)

// tokenRevoke deletes a token: the user's own, or for admins anyone's.
func (s *Server) tokenRevoke(c *fiber.Ctx) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	switch err := s.Tokens.Revoke(id, *currentUser(c), c.IP()); {
	case errors.Is(err, storage.ErrNotFound):
		return fiber.NewError(fiber.StatusNotFound, "That token no longer exists.")
	case errors.Is(err, apitokens.ErrNotYours):
		return errForbidden
	case err != nil:
		return err
	}
	s.flash(c, "success", "Token revoked: it no longer works.")
	return redirect(c, "/account/tokens")
}
