package report

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/emersion/go-message"
	_ "github.com/emersion/go-message/charset" // decode bodies and headers in any charset
	"github.com/emersion/go-message/mail"
)

// Message is a decoded mail: headers as text, the first plain-text and HTML
// bodies in UTF-8, and what it carries that may hold the real report
// (mails attached as message/rfc822, HTML files attached).
type Message struct {
	MessageID string
	From      string // address
	FromName  string
	Subject   string
	Date      time.Time // in the offset of the Date header
	Text      string
	HTML      string
	Attached  []*Message // message/rfc822 parts, decoded
	HTMLFiles []string   // HTML attachments, decoded
}

// MaxDepth bounds nested message/rfc822 attachments.
const MaxDepth = 5

// maxPart bounds one decoded part, so a hostile mail cannot exhaust memory.
const maxPart = 32 << 20

// Decode reads a raw RFC 5322 message. A part in an unknown charset is kept
// as its raw bytes rather than failing the whole mail.
func Decode(raw []byte) (*Message, error) { return decode(raw, 0) }

func decode(raw []byte, depth int) (*Message, error) {
	mr, err := mail.CreateReader(bytes.NewReader(raw))
	if err != nil && !message.IsUnknownCharset(err) {
		return nil, fmt.Errorf("read mail: %w", err)
	}
	h := mr.Header
	m := &Message{}
	m.MessageID, _ = h.MessageID()
	if m.Subject, err = h.Subject(); err != nil {
		m.Subject = h.Get("Subject")
	}
	if from, err := h.AddressList("From"); err == nil && len(from) > 0 {
		m.From, m.FromName = strings.ToLower(from[0].Address), from[0].Name
	} else {
		m.From = h.Get("From")
	}
	m.Date, _ = h.Date()
	for {
		p, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil && !message.IsUnknownCharset(err) {
			if m.Text != "" || m.HTML != "" {
				break // keep what was readable
			}
			return nil, fmt.Errorf("read mail part: %w", err)
		}
		if p == nil {
			break
		}
		body, err := io.ReadAll(io.LimitReader(p.Body, maxPart))
		if err != nil && !message.IsUnknownCharset(err) {
			continue
		}
		var ctype string
		attachment := false
		switch ph := p.Header.(type) {
		case *mail.InlineHeader:
			ctype, _, _ = ph.ContentType()
		case *mail.AttachmentHeader:
			ctype, _, _ = ph.ContentType()
			attachment = true
		}
		ctype = strings.ToLower(ctype)
		switch {
		case ctype == "message/rfc822" && depth < MaxDepth:
			if inner, err := decode(body, depth+1); err == nil {
				m.Attached = append(m.Attached, inner)
			}
		case ctype == "text/html" && attachment:
			m.HTMLFiles = append(m.HTMLFiles, string(body))
		case ctype == "text/html" && m.HTML == "":
			m.HTML = string(body)
		case (ctype == "text/plain" || ctype == "") && !attachment && m.Text == "":
			m.Text = string(body)
		}
	}
	return m, nil
}

// Zone is the offset of the mail's Date header, in which a report's local
// times are read (UTC when the mail has no date).
func (m *Message) Zone() *time.Location {
	if m.Date.IsZero() {
		return time.UTC
	}
	_, off := m.Date.Zone()
	return time.FixedZone("", off)
}

// Candidates are the messages a report may be in, the outermost first: the
// mail itself, each attached mail (recursively), and the mail with each
// attached HTML file as its body.
func (m *Message) Candidates() []*Message {
	out := []*Message{m}
	for _, a := range m.Attached {
		out = append(out, a.Candidates()...)
	}
	for _, h := range m.HTMLFiles {
		c := *m
		c.HTML, c.HTMLFiles, c.Attached = h, nil, nil
		out = append(out, &c)
	}
	return out
}
