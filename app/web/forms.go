package web

import (
	"errors"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/backupchecks/backupchecks/app/accounts"
	"github.com/backupchecks/backupchecks/app/settings"
	"github.com/backupchecks/backupchecks/views"
)

// formErrors turns a use case's validation error into messages per field;
// ok is false for errors that are not about the form (storage failures).
func formErrors(err error) (errs views.FormErrors, ok bool) {
	var ve *accounts.ValidationError
	if errors.As(err, &ve) {
		return views.FormErrors{ve.Field: ve.Message}, true
	}
	var fe settings.FieldErrors
	if errors.As(err, &fe) {
		return views.FormErrors(fe), true
	}
	return nil, false
}

// safeReturnTo is p when it is a local path, else fallback: a form's
// "return" field must never send the browser to another site.
func safeReturnTo(p, fallback string) string { return localPath(p, fallback) }

// formIntOr reads a whole-number field: an absent or empty one keeps
// current, an unreadable one is -1, so the use case's range check names the
// field instead of taking 0.
func formIntOr(c *fiber.Ctx, name string, current int) int {
	v := strings.TrimSpace(c.FormValue(name))
	if v == "" {
		return current
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return -1
	}
	return n
}
