package accounts_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/backupchecks/backupchecks/app/accounts"
	"github.com/backupchecks/backupchecks/app/audit"
	"github.com/backupchecks/backupchecks/app/sessions"
	"github.com/backupchecks/backupchecks/storage"
)

const pw = "correct horse battery"

type fixture struct {
	svc   *accounts.Service
	store *storage.Store
	admin accounts.User
	by    audit.Actor
}

func init() { accounts.UseFastHashesForTests() }

func setup(t *testing.T) fixture {
	t.Helper()
	st, err := storage.Open(storage.Options{InMemory: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	svc := accounts.NewService(st, sessions.NewManager(st), accounts.NewThrottle())
	admin, err := svc.Setup(accounts.NewUser{Username: "root", Password: pw, Confirm: pw}, audit.Actor{IP: "127.0.0.1"})
	if err != nil {
		t.Fatal(err)
	}
	return fixture{svc: svc, store: st, admin: admin, by: audit.Actor{Name: "root", IP: "127.0.0.1"}}
}

func (f fixture) add(t *testing.T, name string, role accounts.Role) accounts.User {
	t.Helper()
	u, err := f.svc.Create(accounts.NewUser{Username: name, Role: role, Password: pw, Confirm: pw}, f.by)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func TestSetupOnlyWhileNoUser(t *testing.T) {
	f := setup(t)
	if f.admin.Role != accounts.Admin {
		t.Fatalf("setup made a %s", f.admin.Role)
	}
	_, err := f.svc.Setup(accounts.NewUser{Username: "second", Password: pw, Confirm: pw}, f.by)
	if !errors.Is(err, accounts.ErrSetupDone) {
		t.Fatalf("second setup: %v", err)
	}
}

func TestNewUserValidation(t *testing.T) {
	f := setup(t)
	cases := []struct {
		name  string
		in    accounts.NewUser
		field string
	}{
		{"short password", accounts.NewUser{Username: "ann", Role: accounts.Operator, Password: "short", Confirm: "short"}, "password"},
		{"mismatch", accounts.NewUser{Username: "ann", Role: accounts.Operator, Password: pw, Confirm: pw + "x"}, "confirm"},
		{"bad name", accounts.NewUser{Username: "a b", Role: accounts.Operator, Password: pw, Confirm: pw}, "username"},
		{"no role", accounts.NewUser{Username: "ann", Password: pw, Confirm: pw}, "role"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := f.svc.Create(c.in, f.by)
			var ve *accounts.ValidationError
			if !errors.As(err, &ve) || ve.Field != c.field {
				t.Fatalf("got %v, want a %s error", err, c.field)
			}
		})
	}
}

func TestLastActiveAdminIsProtected(t *testing.T) {
	f := setup(t)
	other := f.add(t, "second-admin", accounts.Admin)
	// root may demote the other admin while root stays admin...
	if _, err := f.svc.SetRole(other.ID, accounts.Operator, f.by, f.admin.ID); err != nil {
		t.Fatal(err)
	}
	// ...but the other (now operator, if promoted back and acting) cannot leave none.
	if _, err := f.svc.SetRole(other.ID, accounts.Admin, f.by, f.admin.ID); err != nil {
		t.Fatal(err)
	}
	otherBy := audit.Actor{Name: other.Username}
	if _, err := f.svc.SetDisabled(f.admin.ID, true, otherBy, other.ID); err != nil {
		t.Fatalf("disabling one of two admins: %v", err)
	}
	// Now "second-admin" is the last active admin.
	if _, err := f.svc.SetRole(other.ID, accounts.Reporter, f.by, f.admin.ID); !errors.Is(err, accounts.ErrLastAdmin) {
		t.Fatalf("demoting the last admin: %v", err)
	}
	if _, err := f.svc.SetDisabled(other.ID, true, f.by, f.admin.ID); !errors.Is(err, accounts.ErrLastAdmin) {
		t.Fatalf("disabling the last admin: %v", err)
	}
	if _, err := f.svc.SetRole(other.ID, accounts.Operator, otherBy, other.ID); !errors.Is(err, accounts.ErrCannotChangeSelf) {
		t.Fatalf("changing own role: %v", err)
	}
	if _, err := f.svc.Delete(other.ID, f.by, f.admin.ID); !errors.Is(err, accounts.ErrLastAdmin) {
		t.Fatalf("deleting the last admin: %v", err)
	}
	u, _ := f.svc.Get(other.ID)
	if u.Role != accounts.Admin || u.Disabled {
		t.Fatalf("refused change was applied: %+v", u)
	}
}

func TestPasswordChangeEndsOtherSessions(t *testing.T) {
	f := setup(t)
	op := f.add(t, "op", accounts.Operator)
	a, err := f.svc.Login("op", pw, "10.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	b, err := f.svc.Login("OP", pw, "10.0.0.2")
	if err != nil {
		t.Fatal(err)
	}
	res, err := f.svc.ChangeOwnPassword(op.ID, pw, "a whole new passphrase", "a whole new passphrase", "10.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	for _, tok := range []string{a.Token, b.Token} {
		if _, err := f.svc.Resume(tok); !errors.Is(err, accounts.ErrSessionNotValid) {
			t.Fatalf("old session survived a password change: %v", err)
		}
	}
	if u, err := f.svc.Resume(res.Token); err != nil || u.ID != op.ID {
		t.Fatalf("fresh session after change: %v", err)
	}
	if _, err := f.svc.Login("op", pw, "10.0.0.1"); !errors.Is(err, accounts.ErrBadCredentials) {
		t.Fatalf("old password still works: %v", err)
	}
	if _, err := f.svc.ChangeOwnPassword(op.ID, "wrong current", pw, pw, "x"); err == nil || !strings.Contains(err.Error(), "current password") {
		t.Fatalf("wrong current password: %v", err)
	}
}

func TestDisableAndResetEndSessions(t *testing.T) {
	f := setup(t)
	op := f.add(t, "op", accounts.Operator)
	s1, _ := f.svc.Login("op", pw, "1.1.1.1")
	if _, err := f.svc.ResetPassword(op.ID, "reset by admin!", "reset by admin!", f.by); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.Resume(s1.Token); err == nil {
		t.Fatal("session survived an admin password reset")
	}
	s2, err := f.svc.Login("op", "reset by admin!", "1.1.1.1")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.SetDisabled(op.ID, true, f.by, f.admin.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.Resume(s2.Token); err == nil {
		t.Fatal("session survived disabling the user")
	}
	if _, err := f.svc.Login("op", "reset by admin!", "1.1.1.1"); !errors.Is(err, accounts.ErrBadCredentials) {
		t.Fatalf("disabled user signed in: %v", err)
	}
	p, _ := f.store.List(audit.Filter{Action: audit.LoginFailure})
	if len(p.Events) != 1 || p.Events[0].Details != "account disabled" {
		t.Fatalf("audit of the disabled sign-in: %+v", p.Events)
	}
}

func TestPasswordHashFormat(t *testing.T) {
	h, err := accounts.HashPassword(pw)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$") {
		t.Fatalf("hash %q is not argon2id", h)
	}
	if !accounts.VerifyPassword(h, pw) || accounts.VerifyPassword(h, pw+"!") || accounts.VerifyPassword("garbage", pw) {
		t.Fatal("verify accepts or rejects wrongly")
	}
	h2, _ := accounts.HashPassword(pw)
	if h == h2 {
		t.Fatal("two hashes of one password are equal: no salt")
	}
}
