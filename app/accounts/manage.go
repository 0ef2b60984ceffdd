package accounts

import (
	"errors"
	"fmt"

	"github.com/backupchecks/backupchecks/app/audit"
)

// change applies edit to user id under the service lock, refuses to leave no
// active admin, and saves with the audit event.
func (s *Service) change(id uint64, edit func(u *User) (audit.Event, error)) (User, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	u, err := s.store.UserByID(id)
	if err != nil {
		return User{}, err
	}
	wasAdmin := u.Role == Admin && !u.Disabled
	ev, err := edit(&u)
	if err != nil {
		return User{}, err
	}
	if wasAdmin && (u.Role != Admin || u.Disabled) {
		n, err := s.activeAdmins()
		if err != nil {
			return User{}, err
		}
		if n <= 1 {
			return User{}, ErrLastAdmin
		}
	}
	return u, s.store.SaveUser(u, &ev)
}

func (s *Service) activeAdmins() (int, error) {
	users, err := s.store.Users()
	n := 0
	for _, u := range users {
		if u.Role == Admin && !u.Disabled {
			n++
		}
	}
	return n, err
}

// SetRole changes a user's role; admins cannot change their own.
func (s *Service) SetRole(id uint64, role Role, by audit.Actor, byID uint64) (User, error) {
	if !role.Valid() {
		return User{}, invalid("role", "Choose a role.")
	}
	if id == byID {
		return User{}, ErrCannotChangeSelf
	}
	return s.change(id, func(u *User) (audit.Event, error) {
		old := u.Role
		u.Role = role
		return audit.New(by, audit.UserRole, u.Username, fmt.Sprintf("%s → %s", old, role)), nil
	})
}

// SetDisabled disables (ending every session) or re-enables a user.
func (s *Service) SetDisabled(id uint64, disabled bool, by audit.Actor, byID uint64) (User, error) {
	if id == byID {
		return User{}, ErrCannotChangeSelf
	}
	return s.change(id, func(u *User) (audit.Event, error) {
		u.Disabled = disabled
		if disabled {
			u.Epoch++
			return audit.New(by, audit.UserDisable, u.Username, "sessions ended"), nil
		}
		return audit.New(by, audit.UserEnable, u.Username, ""), nil
	})
}

// ResetPassword sets a new password for a user (admin action) and ends
// every session of that user.
func (s *Service) ResetPassword(id uint64, password, confirm string, by audit.Actor) (User, error) {
	if err := checkPassword(password); err != nil {
		return User{}, err
	}
	if password != confirm {
		return User{}, invalid("confirm", ErrPasswordMismatch.Error()+".")
	}
	hash, err := HashPassword(password)
	if err != nil {
		return User{}, err
	}
	return s.change(id, func(u *User) (audit.Event, error) {
		u.PasswordHash, u.PasswordChanged = hash, s.now().UTC()
		u.Epoch++
		return audit.New(by, audit.UserPassword, u.Username, "sessions ended"), nil
	})
}

// ChangeOwnPassword checks the current password, sets the new one, ends all
// of the user's sessions and starts a fresh one for the caller.
func (s *Service) ChangeOwnPassword(id uint64, current, password, confirm, ip string) (LoginResult, error) {
	if err := checkPassword(password); err != nil {
		return LoginResult{}, err
	}
	if password != confirm {
		return LoginResult{}, invalid("confirm", ErrPasswordMismatch.Error()+".")
	}
	// The current password is checked first, throttled like a sign-in:
	// a stolen session must not become a password-guessing (or memory-
	// exhausting) machine.
	cur, err := s.store.UserByID(id)
	if err != nil {
		return LoginResult{}, err
	}
	if err := s.checkOwnPassword(cur, current, ip); err != nil {
		if errors.Is(err, ErrWrongPassword) {
			return LoginResult{}, invalid("current", ErrWrongPassword.Error()+".")
		}
		return LoginResult{}, err
	}
	hash, err := HashPassword(password)
	if err != nil {
		return LoginResult{}, err
	}
	u, err := s.change(id, func(u *User) (audit.Event, error) {
		if u.PasswordHash != cur.PasswordHash { // changed meanwhile: check again
			return audit.Event{}, invalid("current", ErrWrongPassword.Error()+".")
		}
		u.PasswordHash, u.PasswordChanged = hash, s.now().UTC()
		u.Epoch++
		return audit.New(audit.Actor{Name: u.Username, IP: ip}, audit.PasswordChange, u.Username, "other sessions ended"), nil
	})
	if err != nil {
		return LoginResult{}, err
	}
	token, _, err := s.sessions.Start(u.ID, u.Epoch, ip)
	if err != nil {
		return LoginResult{}, fmt.Errorf("start session: %w", err)
	}
	return LoginResult{User: u, Token: token}, nil
}

// Delete removes a user; their sessions end because the user is gone.
// Admins cannot delete themselves, nor the last active admin.
func (s *Service) Delete(id uint64, by audit.Actor, byID uint64) (User, error) {
	if id == byID {
		return User{}, ErrCannotChangeSelf
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	u, err := s.store.UserByID(id)
	if err != nil {
		return User{}, err
	}
	if u.Role == Admin && !u.Disabled {
		n, err := s.activeAdmins()
		if err != nil {
			return User{}, err
		}
		if n <= 1 {
			return User{}, ErrLastAdmin
		}
	}
	return u, s.store.DeleteUser(id, audit.New(by, audit.UserDelete, u.Username, "role "+string(u.Role)))
}

// SetPasswordByName is the locked-out admin's way back in: the `user passwd`
// command sets a password by username, ending the user's sessions.
func (s *Service) SetPasswordByName(username, password string, by audit.Actor) (User, error) {
	u, err := s.store.UserByUsername(username)
	if err != nil {
		return User{}, err
	}
	return s.ResetPassword(u.ID, password, password, by)
}
