package web

import (
	"errors"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/backupchecks/backupchecks/views"
)

// handleError renders every error as a page in the layout (or JSON for
// machine endpoints). Internal errors are logged with the request ID and
// shown without details.
func (s *Server) handleError(c *fiber.Ctx, err error) error {
	id, _ := c.Locals(localRequestID).(string)
	if isAPI(c) {
		return s.apiError(c, err, id)
	}
	code, title, msg := fiber.StatusInternalServerError, "Something went wrong", ""
	var fe *fiber.Error
	if errors.As(err, &fe) {
		code = fe.Code
	}
	switch code {
	case fiber.StatusNotFound:
		title, msg = "Page not found", "There is nothing at this address. It may have moved, or the link is mistyped."
		// Fiber's router says "Cannot GET /path"; a handler's own message says more.
		if fe.Message != fiber.ErrNotFound.Message && !strings.HasPrefix(fe.Message, "Cannot ") {
			title, msg = "Not found", fe.Message
		}
	case fiber.StatusForbidden:
		title, msg = "Not allowed", fe.Message
		if fe.Message == fiber.ErrForbidden.Message {
			msg = "You do not have permission to do that."
		}
	case fiber.StatusUnauthorized:
		title, msg = "Sign in required", fe.Message
	case fiber.StatusMethodNotAllowed:
		title, msg = "Not allowed", "This address does not accept that kind of request."
	case fiber.StatusRequestEntityTooLarge:
		title, msg = "Too large", "The request is larger than Backupchecks accepts."
	default:
		if code >= 500 {
			s.Logger.Error("request failed", "request_id", id, "path", c.Path(), "error", err)
			msg = "The error was logged with request ID " + id + ". Try again; if it keeps happening, give that ID to your administrator."
		} else if fe != nil {
			title, msg = "Request not accepted", fe.Message
		}
	}
	c.Response().ResetBody()
	if c.Path() == "/healthz" || c.Path() == "/metrics" {
		return c.Status(code).JSON(fiber.Map{"status": "error", "error": title})
	}
	return render(c, code, views.ErrorPage(s.shell(c, title, ""), code, title, msg))
}
