package web

import (
	"bytes"
	"encoding/json"
	"io"

	"github.com/gofiber/fiber/v2"

	"github.com/backupchecks/backupchecks/views"
)

// parsersTryMail parses an uploaded .eml as the import would and shows the
// result; nothing is stored.
func (s *Server) parsersTryMail(c *fiber.Ctx) error {
	raw, name, err := uploadedFile(c)
	if err != nil {
		return s.renderParsers(c, fiber.StatusUnprocessableEntity, views.ParsersView{TestErr: err.Error()})
	}
	res, err := s.Parsers.Test(raw)
	if err != nil {
		return s.renderParsers(c, fiber.StatusUnprocessableEntity, views.ParsersView{TestErr: name + " is not a readable mail: " + err.Error()})
	}
	var out bytes.Buffer
	enc := json.NewEncoder(&out)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(res); err != nil {
		return err
	}
	return s.renderParsers(c, fiber.StatusOK, views.ParsersView{Test: &res, TestJSON: out.String(), TestName: name})
}

// uploadedFile reads the form's "file" upload.
func uploadedFile(c *fiber.Ctx) ([]byte, string, error) {
	fh, err := c.FormFile("file")
	if err != nil {
		return nil, "", errNoFile
	}
	f, err := fh.Open()
	if err != nil {
		return nil, fh.Filename, err
	}
	defer f.Close()
	raw, err := io.ReadAll(f)
	return raw, fh.Filename, err
}

var errNoFile = fiber.NewError(fiber.StatusUnprocessableEntity, "Choose a file to upload.")
