package settings_test

import (
	"testing"

	"github.com/backupchecks/backupchecks/app/audit"
	"github.com/backupchecks/backupchecks/app/secret"
	"github.com/backupchecks/backupchecks/app/settings"
	"github.com/backupchecks/backupchecks/storage"
)

// A stored secret stays with its endpoint: moving Cove, the mailbox or
// the identity provider elsewhere with the secret left blank is refused
// on the secret's field; the same endpoint, or a secret typed again, saves.
func TestStoredSecretsDoNotFollowAChangedEndpoint(t *testing.T) {
	st, err := storage.Open(storage.Options{InMemory: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	svc := settings.NewService(st)
	svc.Cipher = st.Cipher()
	admin := audit.Actor{Name: "admin", IP: "127.0.0.1"}
	blank, typed := secret.Value{}, secret.New("typed again")

	cove := settings.DefaultCove()
	cove.URL, cove.Partner, cove.Username = "https://api.backup.management/jsonapi", "MSP", "api@msp.example"
	if _, err := svc.SaveCove(cove, secret.New("cove-token"), admin); err != nil {
		t.Fatal(err)
	}
	mail := settings.DefaultMailImport()
	mail.Host, mail.Port, mail.Username = "imap.msp.example", 993, "backups@msp.example"
	if _, err := svc.SaveMailImport(mail, settings.MailSecrets{Password: secret.New("mail-pw")}, admin); err != nil {
		t.Fatal(err)
	}

	moved := cove
	moved.URL = "http://127.0.0.1:9/jsonapi"
	wantField(t, "Cove moved, password blank", func() error { _, err := svc.SaveCove(moved, blank, admin); return err }, "password")
	wantField(t, "Cove same URL, password blank", func() error { _, err := svc.SaveCove(cove, blank, admin); return err }, "")
	wantField(t, "Cove moved, password typed", func() error { _, err := svc.SaveCove(moved, typed, admin); return err }, "")

	other := mail
	other.Host = "127.0.0.1"
	wantField(t, "mailbox moved, password blank", func() error {
		_, err := svc.SaveMailImport(other, settings.MailSecrets{}, admin)
		return err
	}, "password")
	wantField(t, "mailbox same server, folder changed", func() error {
		m := mail
		m.Folder = "Backups"
		_, err := svc.SaveMailImport(m, settings.MailSecrets{}, admin)
		return err
	}, "")

	saved, _ := svc.Autotask()
	if err := settings.CheckAutotaskSecret(saved, saved, blank); err != nil {
		t.Errorf("nothing stored yet: %v", err)
	}
}

func wantField(t *testing.T, what string, save func() error, field string) {
	t.Helper()
	err := save()
	fe, isFields := err.(settings.FieldErrors)
	switch {
	case field == "" && err != nil:
		t.Errorf("%s: %v", what, err)
	case field != "" && (!isFields || fe[field] == ""):
		t.Errorf("%s: %v, want a refusal on %q", what, err, field)
	}
}
