package web

import (
	"time"

	"github.com/gofiber/fiber/v2"
)

// StaticFiles serves the files of dir as Fiber serves static files, with
// nothing else in the way: the bench's measure of what this machine can
// answer at all, beside which each page's figures are read.
func StaticFiles(dir string) *fiber.App {
	app := fiber.New(fiber.Config{DisableStartupMessage: true, ReadTimeout: 30 * time.Second, IdleTimeout: 120 * time.Second})
	app.Static("/", dir)
	return app
}
