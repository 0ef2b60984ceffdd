package web

import (
	"errors"
	"math"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/utils"
	"golang.org/x/time/rate"

	"github.com/backupchecks/backupchecks/app/accounts"
	"github.com/backupchecks/backupchecks/app/apitokens"
)

// The REST API under /api/v1: JSON, authenticated by API tokens only. A
// session cookie never reaches it (the browser middleware skips /api/),
// so no page can be tricked into writing through it and it needs no CSRF
// token. Errors are RFC 9457 problem documents.
const apiPrefix = "/api/"

const localAPIToken = "api_token"

// isAPI reports whether the request is for the API.
func isAPI(c *fiber.Ctx) bool { return strings.HasPrefix(c.Path(), apiPrefix) }

// browserOnly runs a browser middleware (sessions, CSRF, setup) for every
// request but the API's.
func browserOnly(mw fiber.Handler) fiber.Handler {
	return func(c *fiber.Ctx) error {
		if isAPI(c) {
			return c.Next()
		}
		return mw(c)
	}
}

// APILimit is each token's request rate: sustained per second, and the burst.
type APILimit struct {
	PerSecond float64
	Burst     int
}

// DefaultAPILimit suits dashboards and scripts; a loop gets 429s.
var DefaultAPILimit = APILimit{PerSecond: 5, Burst: 60}

// limiters hands out one token bucket per API token.
type limiters struct {
	mu   sync.Mutex
	each map[uint64]*rate.Limiter
	lim  APILimit
}

// wait says how long the token must wait before this request is served
// (zero: serve it now).
func (l *limiters) wait(tokenID uint64, now time.Time) time.Duration {
	l.mu.Lock()
	b := l.each[tokenID]
	if b == nil {
		b = rate.NewLimiter(rate.Limit(l.lim.PerSecond), l.lim.Burst)
		l.each[tokenID] = b
	}
	l.mu.Unlock()
	r := b.ReserveN(now, 1)
	d := r.DelayFrom(now)
	if d > 0 {
		r.CancelAt(now) // a refused request uses up nothing
	}
	return d
}

// apiRouter registers API routes with the role they need; a route that
// changes something also needs a read-write token.
type apiRouter struct {
	app *fiber.App
	s   *Server
}

// public is an API route without a token (the API's own description).
func (r apiRouter) public(path string, h fiber.Handler) {
	r.app.Get(path, func(c *fiber.Ctx) error { c.Locals(localRoute, path); return h(c) })
}

func (r apiRouter) get(path string, need accounts.Role, h fiber.Handler) {
	r.app.Get(path, r.s.apiGuard(path, need, false, h))
}

func (r apiRouter) post(path string, need accounts.Role, h fiber.Handler) {
	r.app.Post(path, r.s.apiGuard(path, need, true, h))
}

// apiGuard authenticates the bearer token, limits its rate and checks the
// token's scope and its user's role.
func (s *Server) apiGuard(pattern string, need accounts.Role, writes bool, h fiber.Handler) fiber.Handler {
	return func(c *fiber.Ctx) error {
		c.Locals(localRoute, pattern)
		secret, ok := strings.CutPrefix(c.Get(fiber.HeaderAuthorization), "Bearer ")
		if !ok || secret == "" {
			c.Set(fiber.HeaderWWWAuthenticate, `Bearer realm="backupchecks"`)
			return problem(fiber.StatusUnauthorized, "Send an API token as “Authorization: Bearer bct_…”; create one under Account → API tokens.")
		}
		tok, u, err := s.Tokens.Authenticate(strings.TrimSpace(secret))
		if err != nil {
			c.Set(fiber.HeaderWWWAuthenticate, `Bearer realm="backupchecks", error="invalid_token"`)
			return problem(fiber.StatusUnauthorized, sentence(err))
		}
		if d := s.apiLimits.wait(tok.ID, time.Now()); d > 0 {
			c.Set(fiber.HeaderRetryAfter, strconv.Itoa(int(math.Ceil(d.Seconds()))))
			return problem(fiber.StatusTooManyRequests, "Too many requests with this token: wait the seconds Retry-After gives.")
		}
		if writes && !tok.CanWrite() {
			return problem(fiber.StatusForbidden, "This token is read-only: create a read-write token to change things.")
		}
		if !u.Role.AtLeast(need) {
			return problem(fiber.StatusForbidden, "The token's user, a "+strings.ToLower(u.Role.Label())+", may not do this.")
		}
		c.Locals(localUser, &u)
		c.Locals(localAPIToken, &tok)
		return h(c)
	}
}

func apiToken(c *fiber.Ctx) *apitokens.Token {
	t, _ := c.Locals(localAPIToken).(*apitokens.Token)
	return t
}

// Problem is an API error as RFC 9457 has it. Errors maps fields of a
// refused request to what to correct.
type Problem struct {
	Type   string            `json:"type"`
	Title  string            `json:"title"`
	Status int               `json:"status"`
	Detail string            `json:"detail,omitempty"`
	Errors map[string]string `json:"errors,omitempty"`
}

func (p *Problem) Error() string { return p.Detail }

func problem(status int, detail string) *Problem {
	return &Problem{Type: "about:blank", Title: statusTitle(status), Status: status, Detail: detail}
}

func invalidFields(errs map[string]string) *Problem {
	p := problem(fiber.StatusUnprocessableEntity, "The request has fields to correct.")
	p.Errors = errs
	return p
}

func statusTitle(code int) string {
	if t := utils.StatusMessage(code); t != "" {
		return t
	}
	return "Error"
}

// apiError answers any error of an API request as a problem document.
func (s *Server) apiError(c *fiber.Ctx, err error, id string) error {
	var p *Problem
	if !errors.As(err, &p) {
		code := fiber.StatusInternalServerError
		detail := ""
		var fe *fiber.Error
		if errors.As(err, &fe) {
			code, detail = fe.Code, fe.Message
		}
		switch {
		case code == fiber.StatusNotFound && (detail == "" || detail == fiber.ErrNotFound.Message || strings.HasPrefix(detail, "Cannot ")):
			detail = "There is no such API address; see /api/v1/openapi.json."
		case code >= 500:
			s.Logger.Error("api request failed", "request_id", id, "path", c.Path(), "error", err)
			detail = "The error was logged with request ID " + id + "; try again, and give that ID to your administrator if it persists."
		}
		p = problem(code, detail)
	}
	c.Response().ResetBody()
	c.Status(p.Status)
	c.Set(fiber.HeaderContentType, "application/problem+json")
	return c.JSON(p, "application/problem+json")
}

// sentence is an error's message starting with a capital, ending with a stop.
func sentence(err error) string {
	m := err.Error()
	if m == "" {
		return m
	}
	m = strings.ToUpper(m[:1]) + m[1:]
	if !strings.HasSuffix(m, ".") {
		m += "."
	}
	return m
}
