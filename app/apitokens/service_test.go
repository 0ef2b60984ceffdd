package apitokens_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/backupchecks/backupchecks/app/accounts"
	"github.com/backupchecks/backupchecks/app/apitokens"
	"github.com/backupchecks/backupchecks/app/audit"
	"github.com/backupchecks/backupchecks/storage"
)

type users map[uint64]accounts.User

func (u users) Get(id uint64) (accounts.User, error) {
	if x, ok := u[id]; ok {
		return x, nil
	}
	return accounts.User{}, accounts.ErrUserNotFound
}

// A token is shown once, stored as a hash, works until it expires or is
// revoked or its user is disabled, and only its owner or an admin revokes it.
func TestTokenLifecycle(t *testing.T) {
	st, err := storage.Open(storage.Options{InMemory: true})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	alice := accounts.User{ID: 1, Username: "alice", Role: accounts.Operator}
	bob := accounts.User{ID: 2, Username: "bob", Role: accounts.Reporter}
	root := accounts.User{ID: 3, Username: "root", Role: accounts.Admin}
	us := users{1: alice, 2: bob, 3: root}
	svc := apitokens.NewService(st, us)
	now := time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC)
	svc.Now = func() time.Time { return now }

	tok, secret, err := svc.Create(alice, "Grafana", apitokens.ReadWrite, 30, audit.Actor{Name: "alice"})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(secret, "bct_") || len(secret) < 40 {
		t.Fatalf("secret %q", secret)
	}
	stored, _ := st.Token(tok.ID)
	if strings.Contains(string(stored.Hash), secret) || len(stored.Hash) != 32 {
		t.Fatal("the token is not stored as a hash")
	}
	if _, _, err := svc.Create(alice, "grafana", apitokens.Read, 30, audit.Actor{}); err == nil {
		t.Error("a second token of the same name was made")
	}
	if _, _, err := svc.Create(bob, "Script", apitokens.ReadWrite, 30, audit.Actor{}); err == nil {
		t.Error("a reporter got a read-write token")
	}
	if _, _, err := svc.Create(alice, "Forever", apitokens.Read, 10_000, audit.Actor{}); err == nil {
		t.Error("a token of ten thousand days was made")
	}

	got, u, err := svc.Authenticate(secret)
	if err != nil || got.ID != tok.ID || u.Username != "alice" {
		t.Fatalf("authenticate: %+v %+v %v", got, u, err)
	}
	if st2, _ := st.Token(tok.ID); !st2.LastUsed.Equal(now) {
		t.Errorf("last used %v, want %v", st2.LastUsed, now)
	}
	for name, bad := range map[string]string{
		"altered":   secret[:len(secret)-2] + "xx",
		"other ID":  strings.Replace(secret, "bct_1_", "bct_9_", 1),
		"not ours":  "ghp_abcdef",
		"truncated": secret[:20],
	} {
		if _, _, err := svc.Authenticate(bad); err == nil {
			t.Errorf("%s secret accepted", name)
		}
	}

	now = now.AddDate(0, 0, 30)
	if _, _, err := svc.Authenticate(secret); !errors.Is(err, apitokens.ErrExpired) {
		t.Errorf("after 30 days: %v", err)
	}
	now = now.AddDate(0, 0, -1)
	a := us[1]
	a.Disabled = true
	us[1] = a
	if _, _, err := svc.Authenticate(secret); !errors.Is(err, apitokens.ErrDisabled) {
		t.Errorf("disabled user: %v", err)
	}
	a.Disabled = false
	us[1] = a

	if err := svc.Revoke(tok.ID, bob, ""); !errors.Is(err, apitokens.ErrNotYours) {
		t.Errorf("bob revoking alice's token: %v", err)
	}
	if err := svc.Revoke(tok.ID, root, "10.0.0.1"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := svc.Authenticate(secret); !errors.Is(err, apitokens.ErrUnknown) {
		t.Errorf("revoked: %v", err)
	}
	page, _ := st.List(audit.Filter{Limit: 10})
	if len(page.Events) < 2 || page.Events[0].Action != audit.TokenRevoke || page.Events[0].Target != "alice: Grafana" {
		t.Errorf("audit: %+v", page.Events)
	}
}
