// Package smtpmail sends the appliance's own mail (the daily digest,
// scheduled reports, tests) through the MSP's SMTP server, with
// github.com/wneessen/go-mail: maintained, and it speaks STARTTLS, implicit
// TLS and the usual sign-in mechanisms, so none of that is written here.
package smtpmail

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"time"

	gomail "github.com/wneessen/go-mail"
)

// Config is where and how to send.
type Config struct {
	Host string
	Port int
	// Security: "tls" (implicit, usually 465), "starttls" (usually 587) or
	// "none" (only to a relay on this machine; checked by the settings).
	Security string
	Username string // empty: no sign-in
	Password string
	From     string
	// TLS, when set, replaces the default TLS configuration (a private CA).
	TLS *tls.Config
	// Timeout bounds connecting and each command; zero means 30 s.
	Timeout time.Duration
}

// Attachment is a file sent with a message.
type Attachment struct {
	Name        string
	ContentType string
	Data        []byte
}

// Message is one mail.
type Message struct {
	To      []string
	Subject string
	Text    string // the plain body, always sent
	HTML    string // an alternative HTML body, when set
	// ID, "left@right", becomes the Message-ID, so a mail sent again
	// after a crash is recognisably the same.
	ID          string
	Attachments []Attachment
}

// Send delivers msg in one connection.
func Send(ctx context.Context, cfg Config, msg Message) error {
	m, err := build(cfg, msg)
	if err != nil {
		return err
	}
	c, err := client(cfg)
	if err != nil {
		return err
	}
	if err := c.DialAndSendWithContext(ctx, m); err != nil {
		return explain(cfg, err)
	}
	return nil
}

func build(cfg Config, msg Message) (*gomail.Msg, error) {
	m := gomail.NewMsg()
	if err := m.From(cfg.From); err != nil {
		return nil, fmt.Errorf("sender address %q: %w", cfg.From, err)
	}
	if len(msg.To) == 0 {
		return nil, errors.New("no recipients")
	}
	if err := m.To(msg.To...); err != nil {
		return nil, fmt.Errorf("recipient addresses: %w", err)
	}
	m.Subject(msg.Subject)
	m.SetDate()
	if msg.ID != "" {
		m.SetMessageIDWithValue(msg.ID)
	} else {
		m.SetMessageID()
	}
	m.SetBulk() // no out-of-office replies to an appliance
	m.SetBodyString(gomail.TypeTextPlain, msg.Text)
	if msg.HTML != "" {
		m.AddAlternativeString(gomail.TypeTextHTML, msg.HTML)
	}
	for _, a := range msg.Attachments {
		m.AttachReadSeeker(a.Name, bytes.NewReader(a.Data), gomail.WithFileContentType(gomail.ContentType(a.ContentType)))
	}
	return m, nil
}

func client(cfg Config) (*gomail.Client, error) {
	timeout := cfg.Timeout
	if timeout == 0 {
		timeout = 30 * time.Second
	}
	opts := []gomail.Option{gomail.WithPort(cfg.Port), gomail.WithTimeout(timeout)}
	if cfg.TLS != nil {
		opts = append(opts, gomail.WithTLSConfig(cfg.TLS))
	}
	switch cfg.Security {
	case "tls":
		opts = append(opts, gomail.WithSSL())
	case "starttls":
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSMandatory))
	case "none":
		opts = append(opts, gomail.WithTLSPolicy(gomail.NoTLS))
	default:
		return nil, fmt.Errorf("unknown security %q", cfg.Security)
	}
	if cfg.Username != "" {
		auth := gomail.SMTPAuthAutoDiscover
		if cfg.Security == "none" {
			auth = gomail.SMTPAuthPlainNoEnc // loopback only, by the settings' rule
		}
		opts = append(opts, gomail.WithSMTPAuth(auth), gomail.WithUsername(cfg.Username), gomail.WithPassword(cfg.Password))
	}
	c, err := gomail.NewClient(cfg.Host, opts...)
	if err != nil {
		return nil, fmt.Errorf("smtp client: %w", err)
	}
	return c, nil
}

// Temporary reports whether the server refused for now (4xx), so trying
// again later may succeed; connection failures count as temporary too.
func Temporary(err error) bool {
	var se *gomail.SendError
	if errors.As(err, &se) {
		return se.IsTemp()
	}
	return true
}

func explain(cfg Config, err error) error {
	return fmt.Errorf("send through %s:%d: %w", cfg.Host, cfg.Port, err)
}
