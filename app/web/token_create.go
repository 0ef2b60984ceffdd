package web

import (
	"errors"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/backupchecks/backupchecks/app/apitokens"
	"github.com/backupchecks/backupchecks/views"
)

// tokenCreate makes an API token for the signed-in user and shows it once.
func (s *Server) tokenCreate(c *fiber.Ctx) error {
	u := currentUser(c)
	days, _ := strconv.Atoi(c.FormValue("days"))
	form := views.TokenForm{Name: c.FormValue("name"), Scope: apitokens.Scope(c.FormValue("scope")), Days: days}
	tok, secret, err := s.Tokens.Create(*u, form.Name, form.Scope, form.Days, actor(c))
	var fe *apitokens.FieldError
	if errors.As(err, &fe) {
		d, derr := s.tokensData(u)
		if derr != nil {
			return derr
		}
		form.Errors = views.FormErrors{fe.Field: fe.Reason}
		d.Form = form
		return s.renderTokens(c, fiber.StatusUnprocessableEntity, d)
	}
	if err != nil {
		return err
	}
	d, err := s.tokensData(u)
	if err != nil {
		return err
	}
	d.Created, d.CreatedSecret = tok, secret
	c.Set(fiber.HeaderCacheControl, "no-store") // the secret must not linger in a cache
	return s.renderTokens(c, fiber.StatusOK, d)
}
