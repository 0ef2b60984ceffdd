package smtpmail_test

import (
	"bytes"
	"context"
	"crypto/tls"
	"strings"
	"testing"

	"github.com/backupchecks/backupchecks/integrations/smtpmail"
	"github.com/backupchecks/backupchecks/integrations/smtpmail/smtptest"
)

func start(t *testing.T, opt smtptest.Options) *smtptest.Server {
	t.Helper()
	srv, err := smtptest.Start(opt)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	return srv
}

// A mail with an HTML alternative and a PDF goes through STARTTLS with a
// password and arrives as MIME a mail reader can take apart.
func TestSendOverSTARTTLSWithAttachment(t *testing.T) {
	srv := start(t, smtptest.Options{STARTTLS: true, Users: map[string]string{"digest@msp.example": "s3cret"}})
	cfg := smtpmail.Config{Host: srv.Host, Port: srv.Port, Security: "starttls", Username: "digest@msp.example", Password: "s3cret",
		From: "Backupchecks <digest@msp.example>", TLS: &tls.Config{RootCAs: srv.Pool, ServerName: srv.Host, MinVersion: tls.VersionTLS12}}
	pdf := []byte("%PDF-1.4 pretend")
	err := smtpmail.Send(context.Background(), cfg, smtpmail.Message{To: []string{"ops@msp.example", "boss@msp.example"}, Subject: "Backups: 3 failed — Überblick",
		Text: "Plain body", HTML: "<p>HTML body</p>", ID: "digest-2026-12-03@backupchecks",
		Attachments: []smtpmail.Attachment{{Name: "report.pdf", ContentType: "application/pdf", Data: pdf}}})
	if err != nil {
		t.Fatal(err)
	}
	got := srv.Received()
	if len(got) != 1 || got[0].User != "digest@msp.example" || strings.Join(got[0].To, ",") != "ops@msp.example,boss@msp.example" {
		t.Fatalf("received %+v", got)
	}
	m, err := smtptest.Parse(got[0].Data)
	if err != nil {
		t.Fatal(err)
	}
	if m.Subject != "Backups: 3 failed — Überblick" {
		t.Errorf("subject %q", m.Subject)
	}
	if m.MessageID != "digest-2026-12-03@backupchecks" {
		t.Errorf("message ID %q", m.MessageID)
	}
	texts, attached := m.Texts, m.Files["report.pdf"]
	if strings.Join(texts, "|") != "Plain body|<p>HTML body</p>" || !bytes.Equal(attached, pdf) {
		t.Errorf("parts %q, attachment %q", texts, attached)
	}
}

func TestSendFailures(t *testing.T) {
	srv := start(t, smtptest.Options{Users: map[string]string{"u": "right"}})
	cfg := smtpmail.Config{Host: srv.Host, Port: srv.Port, Security: "none", Username: "u", Password: "wrong", From: "a@msp.example"}
	msg := smtpmail.Message{To: []string{"ops@msp.example"}, Subject: "s", Text: "t"}
	if err := smtpmail.Send(context.Background(), cfg, msg); err == nil || !strings.Contains(err.Error(), "535") {
		t.Errorf("a wrong password: %v", err)
	}
	cfg.Password = "right"
	srv.FailNext(1, 451)
	err := smtpmail.Send(context.Background(), cfg, msg)
	if err == nil || !smtpmail.Temporary(err) {
		t.Errorf("a 451: %v, temporary %v", err, smtpmail.Temporary(err))
	}
	srv.FailNext(1, 550)
	if err := smtpmail.Send(context.Background(), cfg, msg); err == nil || smtpmail.Temporary(err) {
		t.Errorf("a 550: %v, want a permanent error", err)
	}
	if err := smtpmail.Send(context.Background(), cfg, msg); err != nil {
		t.Fatal(err)
	}
	if n := len(srv.Received()); n != 1 {
		t.Errorf("the server kept %d messages, want only the one it accepted", n)
	}
	// STARTTLS demanded of a server that does not offer it fails rather
	// than sending the password in the clear.
	cfg.Security = "starttls"
	if err := smtpmail.Send(context.Background(), cfg, msg); err == nil {
		t.Error("STARTTLS against a plain server succeeded")
	}
	// An untrusted certificate is refused.
	tlsSrv := start(t, smtptest.Options{STARTTLS: true})
	cfg.Host, cfg.Port, cfg.Username = tlsSrv.Host, tlsSrv.Port, ""
	if err := smtpmail.Send(context.Background(), cfg, msg); err == nil || !strings.Contains(err.Error(), "certificate") {
		t.Errorf("an unknown certificate: %v", err)
	}
}
