package web

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
)

// Keys of values handlers read from c.Locals.
const (
	localRoute     = "route"
	localRequestID = "request_id"
	localUser      = "user"
	localToken     = "session_token"
	localCSRF      = "csrf"
)

func (s *Server) recoverPanic(c *fiber.Ctx) (err error) {
	defer func() {
		if r := recover(); r != nil {
			s.Logger.Error("panic serving request", "request_id", c.Locals(localRequestID), "panic", fmt.Sprint(r), "stack", string(debug.Stack()))
			err = fiber.ErrInternalServerError
		}
	}()
	return c.Next()
}

// requestLog gives each request an ID (kept from X-Request-ID when a proxy
// set a sane one), logs it and records its duration by route and status.
func (s *Server) requestLog(c *fiber.Ctx) error {
	id := c.Get("X-Request-ID")
	if len(id) < 8 || len(id) > 64 || !isToken(id) {
		var b [8]byte
		_, _ = rand.Read(b[:])
		id = hex.EncodeToString(b[:])
	}
	c.Locals(localRequestID, id)
	c.Set("X-Request-ID", id)
	start := time.Now()
	err := c.Next()
	if err != nil {
		if herr := s.handleError(c, err); herr != nil {
			c.Status(fiber.StatusInternalServerError)
		}
	}
	status := c.Response().StatusCode()
	route, _ := c.Locals(localRoute).(string)
	if route == "" {
		route = "unmatched"
	}
	took := time.Since(start)
	s.Metrics.observe(route, c.Method(), strconv.Itoa(status), took)
	level := slog.LevelInfo
	if status >= 500 {
		level = slog.LevelError
	} else if route == "/assets/*" || route == "/healthz" || route == "/metrics" {
		level = slog.LevelDebug
	}
	s.Logger.Log(c.UserContext(), level, "request", "request_id", id, "method", c.Method(), "path", c.Path(),
		"route", route, "status", status, "ms", took.Milliseconds(), "ip", c.IP())
	return nil
}

func isToken(s string) bool {
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return false
		}
	}
	return true
}

// contentSecurityPolicy allows only our own scripts and styles: no inline
// script, no eval, nothing remote, and no framing of the app.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"

func (s *Server) securityHeaders(c *fiber.Ctx) error {
	c.Set("Content-Security-Policy", contentSecurityPolicy)
	c.Set("X-Content-Type-Options", "nosniff")
	c.Set("X-Frame-Options", "DENY")
	c.Set("Referrer-Policy", "same-origin")
	c.Set("Cross-Origin-Opener-Policy", "same-origin")
	c.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
	c.Set("Cache-Control", "no-store") // pages hold customer data; assets override this
	c.Set("Vary", "HX-Request")
	s.strictTransport(c)
	return c.Next()
}

// strictTransport tells browsers to use https only, once the appliance's
// base URL (--base-url or Settings → General) is https. A year, without
// includeSubDomains: other hosts of the MSP's domain are not ours to decide.
func (s *Server) strictTransport(c *fiber.Ctx) {
	base := s.BaseURL
	if base == "" {
		if g, err := s.Settings.General(); err == nil {
			base = g.BaseURL
		}
	}
	if strings.HasPrefix(base, "https://") {
		c.Set("Strict-Transport-Security", "max-age=31536000")
	}
}
