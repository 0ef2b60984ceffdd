package smtptest

import (
	"bytes"
	"io"

	"github.com/emersion/go-message/mail"
)

// Parsed is a received message taken apart as a mail reader would.
type Parsed struct {
	Subject   string
	MessageID string
	Texts     []string          // the inline parts in order: plain, then HTML
	Files     map[string][]byte // attachments by file name
}

// Parse reads a received message's MIME structure.
func Parse(data []byte) (Parsed, error) {
	r, err := mail.CreateReader(bytes.NewReader(data))
	if err != nil {
		return Parsed{}, err
	}
	p := Parsed{Files: map[string][]byte{}}
	p.Subject, _ = r.Header.Subject()
	p.MessageID, _ = r.Header.MessageID()
	for {
		part, err := r.NextPart()
		if err == io.EOF {
			return p, nil
		}
		if err != nil {
			return p, err
		}
		b, err := io.ReadAll(part.Body)
		if err != nil {
			return p, err
		}
		switch h := part.Header.(type) {
		case *mail.InlineHeader:
			p.Texts = append(p.Texts, string(b))
		case *mail.AttachmentHeader:
			name, _ := h.Filename()
			p.Files[name] = b
		}
	}
}
