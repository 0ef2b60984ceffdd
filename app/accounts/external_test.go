package accounts_test

import (
	"errors"
	"testing"

	"github.com/backupchecks/backupchecks/app/accounts"
)

// A single sign-on identity becomes a user once, keeps that user on later
// sign-ins (by its key, not its name), cannot take a local user's name, and
// is refused once disabled; it has no password to sign in with.
func TestLoginExternal(t *testing.T) {
	f := setup(t)
	f.add(t, "ann@contoso.example", accounts.Operator)
	id := accounts.Identity{Key: "https://idp|sub-1", Username: "Bob@Contoso.example", DisplayName: "Bob", Role: accounts.Reporter}
	first, err := f.svc.LoginExternal(id, "10.0.0.1")
	if err != nil || first.Token == "" || first.User.Username != "bob@contoso.example" || first.User.Role != accounts.Reporter {
		t.Fatalf("first sign-in: %+v %v", first, err)
	}
	id.Role, id.Username = accounts.Admin, "renamed@contoso.example"
	again, err := f.svc.LoginExternal(id, "10.0.0.1")
	if err != nil || again.User.ID != first.User.ID || again.User.Role != accounts.Reporter {
		t.Errorf("second sign-in made or changed a user: %+v %v", again.User, err)
	}
	if _, err := f.svc.Login("bob@contoso.example", "", "10.0.0.1"); !errors.Is(err, accounts.ErrBadCredentials) {
		t.Errorf("a single sign-on user signed in without a password: %v", err)
	}
	if _, err := f.svc.LoginExternal(accounts.Identity{Key: "https://idp|sub-2", Username: "ann@contoso.example", Role: accounts.Admin}, ""); !errors.Is(err, accounts.ErrNameOfLocal) {
		t.Errorf("an identity took a local user's name: %v", err)
	}
	if _, err := f.svc.SetDisabled(first.User.ID, true, f.by, f.admin.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.LoginExternal(id, ""); !errors.Is(err, accounts.ErrDisabledUser) {
		t.Errorf("a disabled user signed in: %v", err)
	}
	if firstAdmin, _ := f.svc.FirstAdmin(); firstAdmin != f.admin.ID {
		t.Errorf("first admin %d, want %d", firstAdmin, f.admin.ID)
	}
}
