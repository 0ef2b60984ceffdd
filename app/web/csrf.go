package web

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"time"

	"github.com/gofiber/fiber/v2"
)

// CSRF protection: every browser gets a random nonce in an HttpOnly cookie;
// pages carry HMAC(key, nonce) as the token (in <body hx-headers> for htmx
// and a hidden _csrf field for plain forms). A state-changing request must
// send the token matching its cookie. Another site can neither read the
// cookie nor compute the HMAC, tokens survive restarts (the key is derived
// from the data directory's secrets key), and sign-in and setup forms are
// covered too because no session is needed.
const (
	csrfCookie = "bc_csrf"
	csrfHeader = "X-CSRF-Token"
	csrfField  = "_csrf"
)

var errCSRF = fiber.NewError(fiber.StatusForbidden, "This form has expired or did not come from Backupchecks. Reload the page and try again.")

func (s *Server) csrfToken(nonce string) string {
	m := hmac.New(sha256.New, s.CSRFKey)
	m.Write([]byte(nonce))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

func (s *Server) csrf(c *fiber.Ctx) error {
	nonce := c.Cookies(csrfCookie)
	if len(nonce) != 43 { // 32 random bytes, base64url
		if !safeMethod(c.Method()) {
			return s.csrfFailed(c)
		}
		var b [32]byte
		_, _ = rand.Read(b[:])
		nonce = base64.RawURLEncoding.EncodeToString(b[:])
		c.Cookie(&fiber.Cookie{
			Name: csrfCookie, Value: nonce, Path: "/", HTTPOnly: true, SameSite: fiber.CookieSameSiteLaxMode,
			Secure: s.secureCookies(c), Expires: time.Now().Add(365 * 24 * time.Hour),
		})
	}
	want := s.csrfToken(nonce)
	c.Locals(localCSRF, want)
	if safeMethod(c.Method()) {
		return c.Next()
	}
	// Browsers mark cross-site requests; refuse those before looking at tokens.
	if c.Get("Sec-Fetch-Site") == "cross-site" {
		return s.csrfFailed(c)
	}
	got := c.Get(csrfHeader)
	if got == "" {
		got = c.FormValue(csrfField)
	}
	if !hmac.Equal([]byte(got), []byte(want)) {
		return s.csrfFailed(c)
	}
	return c.Next()
}

func (s *Server) csrfFailed(c *fiber.Ctx) error {
	if c.Get("HX-Request") == "true" {
		c.Set("HX-Refresh", "true") // reload to get a fresh token
	}
	return errCSRF
}

func safeMethod(m string) bool {
	return m == fiber.MethodGet || m == fiber.MethodHead || m == fiber.MethodOptions
}

func csrfOf(c *fiber.Ctx) string {
	t, _ := c.Locals(localCSRF).(string)
	return t
}
