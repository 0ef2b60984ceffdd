package web

import (
	"errors"
	"fmt"
	"html"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/backupchecks/backupchecks/app/mailimport"
	"github.com/backupchecks/backupchecks/app/reports/report"
	"github.com/backupchecks/backupchecks/views"
)

// inboxMail is one mail: headers, what the parser made of it, its body in a
// sandboxed frame, and the approve/ignore actions.
func (s *Server) inboxMail(c *fiber.Ctx) error {
	m, err := s.mailParam(c)
	if err != nil {
		return err
	}
	cs, err := s.Customers.List("")
	if err != nil {
		return err
	}
	return render(c, fiber.StatusOK, views.MailPage(s.shell(c, m.Subject, "inbox"), views.MailData{Mail: m, Customers: cs}))
}

// mailBodyPolicy lets a report's own inline styles and embedded images
// render and nothing else: no script, no remote image, font or style, no
// form, no navigation; the frame is sandboxed too.
const mailBodyPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src data: cid:; frame-ancestors 'self'; sandbox"

// inboxMailBody serves a mail's body for the sandboxed frame on its page.
func (s *Server) inboxMailBody(c *fiber.Ctx) error {
	m, err := s.mailParam(c)
	if err != nil {
		return err
	}
	body := "<p>The message has no readable body.</p>"
	if !m.RawRemoved.IsZero() {
		loc := time.UTC
		if g, err := s.Settings.General(); err == nil {
			loc = g.Location()
		}
		body = "<p>The original message was removed on " + views.Shell{Loc: loc}.Time(m.RawRemoved) +
			" by the retention setting (Settings → Maintenance). The report read from it is kept on this page.</p>"
	} else if raw, err := s.Mail.Raw(m.ID); err != nil {
		return err
	} else if msg, err := report.Decode(raw); err == nil {
		switch {
		case msg.HTML != "":
			body = msg.HTML
		case len(msg.HTMLFiles) > 0:
			body = msg.HTMLFiles[0]
		case msg.Text != "":
			body = "<pre style=\"white-space: pre-wrap; font: 13px monospace\">" + html.EscapeString(msg.Text) + "</pre>"
		}
	}
	c.Set("Content-Security-Policy", mailBodyPolicy)
	c.Set("X-Frame-Options", "SAMEORIGIN")
	c.Type("html", "utf-8")
	return c.SendString(body)
}

// inboxMailEML downloads the message as it was received.
func (s *Server) inboxMailEML(c *fiber.Ctx) error {
	m, err := s.mailParam(c)
	if err != nil {
		return err
	}
	if !m.RawRemoved.IsZero() {
		return fiber.NewError(fiber.StatusGone, "The original message was removed by the retention setting (Settings → Maintenance); only the report read from it is kept.")
	}
	raw, err := s.Mail.Raw(m.ID)
	if err != nil {
		return err
	}
	c.Set("Content-Type", "message/rfc822")
	c.Set("Content-Disposition", fmt.Sprintf(`attachment; filename="mail-%d.eml"`, m.ID))
	return c.Send(raw)
}

func (s *Server) mailParam(c *fiber.Ctx) (mailimport.Mail, error) {
	id, err := idParam(c)
	if err != nil {
		return mailimport.Mail{}, err
	}
	m, err := s.Mail.Get(id)
	if errors.Is(err, mailimport.ErrNotFound) {
		return m, fiber.ErrNotFound
	}
	return m, err
}

// mailName is a short name of a mail for messages.
func mailName(m mailimport.Mail) string {
	if s := strings.TrimSpace(m.Subject); s != "" {
		return "“" + s + "”"
	}
	return fmt.Sprintf("mail %d", m.ID)
}
