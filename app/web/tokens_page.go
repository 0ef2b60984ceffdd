package web

import (
	"github.com/gofiber/fiber/v2"

	"github.com/backupchecks/backupchecks/app/accounts"
	"github.com/backupchecks/backupchecks/app/apitokens"
	"github.com/backupchecks/backupchecks/views"
)

// tokensPage is Account → API tokens: the user's tokens, and for admins
// everyone's.
func (s *Server) tokensPage(c *fiber.Ctx) error {
	d, err := s.tokensData(currentUser(c))
	if err != nil {
		return err
	}
	return s.renderTokens(c, fiber.StatusOK, d)
}

func (s *Server) tokensData(u *accounts.User) (views.TokensData, error) {
	d := views.TokensData{Form: views.TokenForm{Scope: apitokens.Read, Days: 90}}
	var err error
	if d.Mine, err = s.Tokens.OfUser(u.ID); err != nil {
		return d, err
	}
	if u.Role != accounts.Admin {
		return d, nil
	}
	if d.All, err = s.Tokens.All(); err != nil {
		return d, err
	}
	users, err := s.Accounts.List()
	if err != nil {
		return d, err
	}
	d.Owners = map[uint64]string{}
	for _, x := range users {
		d.Owners[x.ID] = x.Username
	}
	return d, nil
}

func (s *Server) renderTokens(c *fiber.Ctx, status int, d views.TokensData) error {
	return render(c, status, views.TokensPage(s.shell(c, "API tokens", "account"), d))
}
