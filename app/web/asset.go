package web

import (
	"github.com/gofiber/fiber/v2"

	"github.com/backupchecks/backupchecks/assets"
)

// asset serves embedded files; hashed URLs are cached for a year.
func (s *Server) asset(c *fiber.Ctx) error {
	body, ct, fresh, ok := assets.Lookup(c.Params("*"))
	if !ok {
		return fiber.ErrNotFound
	}
	if fresh {
		c.Set(fiber.HeaderCacheControl, "public, max-age=31536000, immutable")
	} else {
		c.Set(fiber.HeaderCacheControl, "no-cache")
	}
	c.Set(fiber.HeaderContentType, ct)
	return c.Send(body)
}
