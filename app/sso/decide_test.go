package sso

import (
	"testing"

	"github.com/backupchecks/backupchecks/app/accounts"
	"github.com/backupchecks/backupchecks/app/settings"
)

func TestDecide(t *testing.T) {
	cfg := settings.SignIn{Tenants: []string{"t-contoso"}, RoleClaim: "groups", Admins: []string{"g-admins"}, Operators: []string{"g-ops"}, Reporters: []string{"g-all"}}
	base := func(groups ...any) map[string]any {
		return map[string]any{"iss": "https://login.example/t-contoso/v2.0", "sub": "abc", "tid": "t-contoso", "preferred_username": "Ann@Contoso.example", "name": "Ann", "groups": groups}
	}
	for _, c := range []struct {
		name   string
		claims map[string]any
		role   accounts.Role // "" = refused
	}{
		{"admin wins over the rest", base("g-all", "g-admins", "g-ops"), accounts.Admin},
		{"operator", base("g-ops", "g-all"), accounts.Operator},
		{"reporter", base("g-all"), accounts.Reporter},
		{"no mapped group", base("g-other"), ""},
		{"no groups at all", map[string]any{"iss": "i", "sub": "s", "tid": "t-contoso"}, ""},
		{"another tenant", func() map[string]any { m := base("g-admins"); m["tid"] = "t-evil"; return m }(), ""},
		{"no tenant", func() map[string]any { m := base("g-admins"); delete(m, "tid"); return m }(), ""},
		{"no subject", func() map[string]any { m := base("g-admins"); delete(m, "sub"); return m }(), ""},
	} {
		id, err := Decide(cfg, c.claims)
		switch {
		case c.role == "" && (err == nil || !IsRefused(err)):
			t.Errorf("%s: %+v %v, want refused", c.name, id, err)
		case c.role != "" && (err != nil || id.Role != c.role):
			t.Errorf("%s: %+v %v, want %s", c.name, id, err, c.role)
		}
	}
	id, _ := Decide(cfg, base("g-ops"))
	if id.Key != "https://login.example/t-contoso/v2.0|abc" || id.Username != "Ann@Contoso.example" || id.DisplayName != "Ann" {
		t.Errorf("identity %+v", id)
	}
	open := settings.SignIn{RoleClaim: "email", Reporters: []string{"x@y.example"}}
	if id, err := Decide(open, map[string]any{"iss": "i", "sub": "s", "email": "x@y.example"}); err != nil || id.Role != accounts.Reporter || id.Username != "x@y.example" {
		t.Errorf("a string claim and no tenant list: %+v %v", id, err)
	}
}
