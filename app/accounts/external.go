package accounts

import (
	"errors"
	"fmt"
	"slices"

	"github.com/backupchecks/backupchecks/app/audit"
)

// Identity is a person as a single sign-on provider vouches for them.
type Identity struct {
	Key         string // "issuer|subject": stable, unlike names
	Username    string // preferred_username or e-mail, for a new user's name
	DisplayName string
	Role        Role // mapped from the provider's claims, for a new user
}

var (
	ErrLocalOff     = errors.New("sign in with single sign-on: local passwords are off for this account")
	ErrNameOfLocal  = errors.New("a local user already has this name: an admin must delete or rename that user before it can sign in with single sign-on")
	ErrDisabledUser = errors.New("this account is disabled in Backupchecks")
)

// LoginExternal signs in the user of a verified single sign-on identity,
// creating them with the mapped role on their first sign-in.
func (s *Service) LoginExternal(id Identity, ip string) (LoginResult, error) {
	s.mu.Lock()
	users, err := s.store.Users()
	if err != nil {
		s.mu.Unlock()
		return LoginResult{}, err
	}
	i := slices.IndexFunc(users, func(u User) bool { return u.External == id.Key })
	var u User
	if i >= 0 {
		u = users[i]
	} else {
		name := NormalizeUsername(id.Username)
		if err := checkUsername(name); err != nil {
			s.mu.Unlock()
			return LoginResult{}, fmt.Errorf("the provider's user name %q cannot be a Backupchecks user name: %w", id.Username, err)
		}
		if slices.ContainsFunc(users, func(x User) bool { return x.Username == name }) {
			s.mu.Unlock()
			return LoginResult{}, ErrNameOfLocal
		}
		u = User{Username: name, DisplayName: id.DisplayName, Role: id.Role, External: id.Key, Created: s.now().UTC()}
		ev := audit.New(audit.Actor{Name: name, IP: ip}, audit.UserCreate, name, "created on first single sign-on as "+string(id.Role))
		if u, err = s.store.CreateUser(u, false, ev); err != nil {
			s.mu.Unlock()
			return LoginResult{}, err
		}
	}
	s.mu.Unlock()
	if u.Disabled {
		_ = s.store.RecordAudit(audit.New(audit.Actor{Name: u.Username, IP: ip}, audit.LoginFailure, u.Username, "account disabled (single sign-on)"))
		return LoginResult{}, ErrDisabledUser
	}
	token, _, err := s.sessions.Start(u.ID, u.Epoch, ip)
	if err != nil {
		return LoginResult{}, fmt.Errorf("start session: %w", err)
	}
	u.LastLogin = s.now().UTC()
	ev := audit.New(audit.Actor{Name: u.Username, IP: ip}, audit.LoginSuccess, u.Username, "with single sign-on")
	if err := s.saveLocked(u, &ev, ""); err != nil {
		return LoginResult{}, err
	}
	return LoginResult{User: u, Token: token}, nil
}

// FirstAdmin is the active local admin created first, who may always sign in with a
// password so that a broken provider locks nobody out.
func (s *Service) FirstAdmin() (uint64, error) {
	users, err := s.store.Users()
	if err != nil {
		return 0, err
	}
	first := uint64(0)
	for _, u := range users {
		if u.Role == Admin && !u.Disabled && u.External == "" && (first == 0 || u.ID < first) {
			first = u.ID
		}
	}
	return first, nil
}
