// Package sso signs users in with Microsoft Entra ID or any OpenID Connect
// provider: the authorization code flow with PKCE, state and nonce
// (github.com/coreos/go-oidc verifies the ID token, golang.org/x/oauth2
// runs the flow), the tenant check and the mapping of claims to roles.
package sso

import (
	"errors"
	"fmt"
	"slices"

	"github.com/backupchecks/backupchecks/app/accounts"
	"github.com/backupchecks/backupchecks/app/settings"
)

// Refused is a sign-in the provider allowed but Backupchecks does not;
// its message is for the person signing in.
type Refused struct{ Reason string }

func (e *Refused) Error() string { return e.Reason }

// IsRefused reports whether err is a Refused.
func IsRefused(err error) bool {
	var r *Refused
	return errors.As(err, &r)
}

// Decide turns verified claims into who signs in, with which role: the
// tenant must be allowed, and the role claim's values must map to a role.
func Decide(cfg settings.SignIn, claims map[string]any) (accounts.Identity, error) {
	iss, _ := claims["iss"].(string)
	sub, _ := claims["sub"].(string)
	if sub == "" {
		return accounts.Identity{}, &Refused{"The provider sent no subject for the user."}
	}
	if len(cfg.Tenants) > 0 {
		tid, _ := claims["tid"].(string)
		if !slices.Contains(cfg.Tenants, tid) {
			if tid == "" {
				tid = "none"
			}
			return accounts.Identity{}, &Refused{fmt.Sprintf("Your organisation (tenant %s) is not allowed to sign in to this Backupchecks. Ask its administrator to add it under Settings → Sign-in.", tid)}
		}
	}
	values := claimValues(claims[cfg.RoleClaim])
	role := accounts.Role("")
	switch {
	case overlaps(values, cfg.Admins):
		role = accounts.Admin
	case overlaps(values, cfg.Operators):
		role = accounts.Operator
	case overlaps(values, cfg.Reporters):
		role = accounts.Reporter
	default:
		return accounts.Identity{}, &Refused{"Your account has no Backupchecks role: ask the administrator to add one of your groups under Settings → Sign-in."}
	}
	id := accounts.Identity{Key: iss + "|" + sub, Role: role}
	for _, c := range []string{"preferred_username", "email", "upn"} {
		if v, _ := claims[c].(string); v != "" {
			id.Username = v
			break
		}
	}
	if id.Username == "" {
		id.Username = sub
	}
	id.DisplayName, _ = claims["name"].(string)
	return id, nil
}

// claimValues reads a claim that is a string or a list of strings.
func claimValues(v any) []string {
	switch x := v.(type) {
	case string:
		return []string{x}
	case []any:
		var out []string
		for _, e := range x {
			if s, ok := e.(string); ok {
				out = append(out, s)
			}
		}
		return out
	case []string:
		return x
	}
	return nil
}

func overlaps(have, want []string) bool {
	return slices.ContainsFunc(have, func(h string) bool { return slices.Contains(want, h) })
}
