package settings

import (
	"slices"
	"testing"
)

func TestSMTPValidation(t *testing.T) {
	ok := SMTP{Enabled: true, Host: "smtp.msp.example", Port: 587, Security: "starttls", From: "Backups <b@msp.example>"}
	with := func(edit func(*SMTP)) SMTP { m := ok; edit(&m); return m }
	cases := []struct {
		name  string
		in    SMTP
		field string // "" = valid
	}{
		{"off with defaults", DefaultSMTP(), ""},
		{"complete", ok, ""},
		{"digest", with(func(m *SMTP) { m.Digest, m.Recipients = true, []string{"ops@msp.example"} }), ""},
		{"no host", with(func(m *SMTP) { m.Host = " " }), "smtp_host"},
		{"port", with(func(m *SMTP) { m.Port = 0 }), "smtp_port"},
		{"plain to the network", with(func(m *SMTP) { m.Security = "none" }), "smtp_security"},
		{"plain to loopback", with(func(m *SMTP) { m.Security, m.Host = "none", "127.0.0.1" }), ""},
		{"unknown security", with(func(m *SMTP) { m.Security = "ssl3" }), "smtp_security"},
		{"no sender", with(func(m *SMTP) { m.From = "" }), "smtp_from"},
		{"bad sender", with(func(m *SMTP) { m.From = "backups at msp" }), "smtp_from"},
		{"bad time", with(func(m *SMTP) { m.DigestAt = "7.30" }), "digest_at"},
		{"digest without recipients", with(func(m *SMTP) { m.Digest = true }), "recipients"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m := c.in
			err := m.Normalize()
			if c.field == "" {
				if err != nil {
					t.Fatalf("unexpected error %v", err)
				}
				return
			}
			if fe, isFE := err.(FieldErrors); !isFE || fe[c.field] == "" {
				t.Fatalf("got %v, want an error on %s", err, c.field)
			}
		})
	}
	m := ok
	m.DigestAt = "06:45"
	_ = m.Normalize()
	if m.From != `"Backups" <b@msp.example>` || m.DigestOffset().Minutes() != 6*60+45 {
		t.Errorf("not normalised: %q %v", m.From, m.DigestOffset())
	}
}

func TestParseAddresses(t *testing.T) {
	got, err := ParseAddresses("ops@msp.example; Boss <boss@msp.example>,\n\n noc@msp.example ")
	if err != nil || !slices.Equal(got, []string{"ops@msp.example", "boss@msp.example", "noc@msp.example"}) {
		t.Errorf("got %v %v", got, err)
	}
	if _, err := ParseAddresses("ops@msp.example, not an address"); err == nil {
		t.Error("a word was taken for an address")
	}
}
