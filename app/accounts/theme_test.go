package accounts_test

import (
	"testing"

	"github.com/backupchecks/backupchecks/app/accounts"
)

// A user's theme is kept with the account, survives a sign-in (which
// saves the user again) and refuses values the account page never offers.
func TestThemeIsStoredPerUser(t *testing.T) {
	f := setup(t)
	other := f.add(t, "olivia", accounts.Operator)
	if _, err := f.svc.SetTheme(f.admin.ID, "dark"); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.Login("root", pw, "127.0.0.1"); err != nil {
		t.Fatal(err)
	}
	got, _ := f.svc.Get(f.admin.ID)
	if got.Theme != accounts.ThemeDark {
		t.Fatalf("after sign-in the admin's theme is %q, want dark", got.Theme)
	}
	if o, _ := f.svc.Get(other.ID); o.Theme != accounts.ThemeSystem {
		t.Fatalf("another user's theme changed to %q", o.Theme)
	}
	if _, err := f.svc.SetTheme(f.admin.ID, "system"); err != nil {
		t.Fatal(err)
	}
	if got, _ := f.svc.Get(f.admin.ID); got.Theme != accounts.ThemeSystem {
		t.Fatalf("back to system: %q", got.Theme)
	}
	if _, err := f.svc.SetTheme(f.admin.ID, "purple"); err == nil {
		t.Fatal("an unknown theme was accepted")
	}
}
