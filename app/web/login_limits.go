package web

import (
	"errors"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/backupchecks/backupchecks/app/accounts"
)

// busyRetrySeconds is the Retry-After of a busy answer: the hashing slots
// free up within a few seconds (accounts.HashWait).
const busyRetrySeconds = 5

// tryAgainLater turns a throttled or busy password check into its answer:
// 429 (too many attempts) or 503 (every hashing slot taken), both with
// Retry-After, and the sentence the page shows. ok is false for any other
// error.
func tryAgainLater(c *fiber.Ctx, err error) (status int, sentence string, ok bool) {
	var throttled *accounts.ThrottledError
	switch {
	case errors.As(err, &throttled):
		secs := max(int((throttled.Wait.Seconds())+0.999), 1)
		c.Set(fiber.HeaderRetryAfter, strconv.Itoa(secs))
		return fiber.StatusTooManyRequests, throttled.Error(), true
	case errors.Is(err, accounts.ErrBusy):
		c.Set(fiber.HeaderRetryAfter, strconv.Itoa(busyRetrySeconds))
		return fiber.StatusServiceUnavailable, accounts.ErrBusy.Error(), true
	}
	return 0, "", false
}
