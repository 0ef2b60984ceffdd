package web

import (
	"encoding/base64"
	"encoding/json"
	"strings"
	"time"

	"github.com/a-h/templ"
	"github.com/gofiber/fiber/v2"

	"github.com/backupchecks/backupchecks/views"
)

// render writes a templ component as the HTML response.
//
// A whole page (the layout, from views.Page) answering an htmx request is
// always swapped into the body, whatever element asked for it: a boosted
// link inherits hx-target from its ancestors (Run Checks' rows sit in a
// form whose target is #queue), so without this an "Override…" or a job
// name clicked in the queue loaded a second page, nav bar and all, into
// the queue. Deciding it here, from what the answer is, covers every link
// and every handler at once; partials are untouched.
func render(c *fiber.Ctx, status int, comp templ.Component) error {
	c.Status(status)
	c.Type("html", "utf-8")
	if err := comp.Render(c.UserContext(), c.Response().BodyWriter()); err != nil {
		c.Response().ResetBody()
		return err
	}
	if c.Get("HX-Request") == "true" && isWholePage(c.Response().Body()) {
		c.Set("HX-Retarget", "body")
		c.Set("HX-Reswap", "innerHTML")
	}
	return nil
}

// isWholePage reports whether an HTML answer is a full document rather
// than a fragment (views.Page starts with the doctype).
func isWholePage(body []byte) bool {
	const doctype = "<!doctype html>"
	return len(body) >= len(doctype) && strings.EqualFold(string(body[:len(doctype)]), doctype)
}

// shell builds the layout model for this request, taking any flash message.
func (s *Server) shell(c *fiber.Ctx, title, active string) views.Shell {
	sh := views.Shell{Title: title, Active: active, User: currentUser(c), CSRF: csrfOf(c), Version: s.Version, Loc: time.UTC}
	if g, err := s.Settings.General(); err == nil {
		sh.Loc = g.Location()
	}
	if raw := c.Cookies(flashCookie); raw != "" {
		var f views.Flash
		if b, err := base64.RawURLEncoding.DecodeString(raw); err == nil && json.Unmarshal(b, &f) == nil {
			sh.Flash = f
		}
		c.Cookie(&fiber.Cookie{Name: flashCookie, Value: "", Path: "/", Expires: time.Unix(1, 0), MaxAge: -1, HTTPOnly: true})
	}
	return sh
}

const flashCookie = "bc_flash"

// flash leaves a message for the next page (after a redirect).
func (s *Server) flash(c *fiber.Ctx, kind, text string) {
	b, _ := json.Marshal(views.Flash{Kind: kind, Text: text})
	c.Cookie(&fiber.Cookie{
		Name: flashCookie, Value: base64.RawURLEncoding.EncodeToString(b), Path: "/", HTTPOnly: true,
		SameSite: fiber.CookieSameSiteLaxMode, Secure: s.secureCookies(c), Expires: time.Now().Add(time.Minute),
	})
}
