package apitokens

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/backupchecks/backupchecks/app/accounts"
	"github.com/backupchecks/backupchecks/app/audit"
)

// Store keeps tokens.
type Store interface {
	Tokens() ([]Token, error)
	Token(id uint64) (Token, error) // ErrNotFound-like error when unknown
	// NextTokenID reserves the ID the secret carries before it is stored.
	NextTokenID() (uint64, error)
	CreateToken(t Token, ev audit.Event) error
	DeleteToken(id uint64, ev audit.Event) error
	// TouchToken records the last use, unaudited.
	TouchToken(id uint64, at time.Time) error
}

// Users finds a token's user.
type Users interface {
	Get(id uint64) (accounts.User, error)
}

// Service holds the token use cases.
type Service struct {
	store Store
	users Users
	Now   func() time.Time

	mu      sync.Mutex
	touched map[uint64]time.Time // last use written, per token
}

// NewService wires tokens.
func NewService(st Store, users Users) *Service {
	return &Service{store: st, users: users, Now: time.Now, touched: map[uint64]time.Time{}}
}

// FieldError is a form field to correct.
type FieldError struct{ Field, Reason string }

func (e *FieldError) Error() string { return e.Reason }

// Create makes a token for user and returns it with its secret, which is
// shown this once.
func (s *Service) Create(user accounts.User, name string, scope Scope, days int, by audit.Actor) (Token, string, error) {
	name = strings.TrimSpace(name)
	switch {
	case name == "" || len(name) > 60:
		return Token{}, "", &FieldError{"name", "Name the token for what uses it, in at most 60 characters, such as “Grafana”."}
	case scope != Read && scope != ReadWrite:
		return Token{}, "", &FieldError{"scope", "Choose read-only or read-write."}
	case scope == ReadWrite && user.Role == accounts.Reporter:
		return Token{}, "", &FieldError{"scope", "A reporter changes nothing, so a reporter's token is read-only."}
	case !slices.Contains(Lifetimes, days):
		return Token{}, "", &FieldError{"days", "Choose when the token expires."}
	}
	mine, err := s.OfUser(user.ID)
	if err != nil {
		return Token{}, "", err
	}
	for _, t := range mine {
		if strings.EqualFold(t.Name, name) {
			return Token{}, "", &FieldError{"name", "You already have a token of that name; revoke it first or choose another."}
		}
	}
	id, err := s.store.NextTokenID()
	if err != nil {
		return Token{}, "", err
	}
	secret, h, err := newSecret(id)
	if err != nil {
		return Token{}, "", err
	}
	now := s.Now().UTC()
	t := Token{ID: id, UserID: user.ID, Name: name, Scope: scope, Hash: h, Created: now, Expires: now.AddDate(0, 0, days)}
	details := fmt.Sprintf("%s, expires %s", scope, t.Expires.Format(time.DateOnly))
	if err := s.store.CreateToken(t, audit.New(by, audit.TokenCreate, user.Username+": "+name, details)); err != nil {
		return Token{}, "", err
	}
	return t, secret, nil
}

// OfUser lists a user's tokens, newest first.
func (s *Service) OfUser(userID uint64) ([]Token, error) {
	all, err := s.All()
	if err != nil {
		return nil, err
	}
	return slices.DeleteFunc(all, func(t Token) bool { return t.UserID != userID }), nil
}

// All lists every token, newest first (for admins).
func (s *Service) All() ([]Token, error) {
	all, err := s.store.Tokens()
	if err != nil {
		return nil, err
	}
	slices.SortFunc(all, func(a, b Token) int { return b.Created.Compare(a.Created) })
	return all, nil
}

// ErrNotYours is a revoke of someone else's token by a non-admin.
var ErrNotYours = errors.New("that token belongs to another user")

// Revoke deletes a token: its owner, or an admin, may.
func (s *Service) Revoke(id uint64, by accounts.User, ip string) error {
	t, err := s.store.Token(id)
	if err != nil {
		return err
	}
	if t.UserID != by.ID && by.Role != accounts.Admin {
		return ErrNotYours
	}
	owner := fmt.Sprint(t.UserID)
	if u, err := s.users.Get(t.UserID); err == nil {
		owner = u.Username
	}
	return s.store.DeleteToken(id, audit.New(audit.Actor{Name: by.Username, IP: ip}, audit.TokenRevoke, owner+": "+t.Name, ""))
}

// TouchEvery bounds how often a token's last use is written: at most a
// write a minute per token, however busy the client.
const TouchEvery = time.Minute

// Authenticate finds the token and user of a presented secret.
func (s *Service) Authenticate(secret string) (Token, accounts.User, error) {
	id, err := idOf(secret)
	if err != nil {
		return Token{}, accounts.User{}, err
	}
	t, err := s.store.Token(id)
	if err != nil || !t.matches(secret) {
		return Token{}, accounts.User{}, ErrUnknown
	}
	now := s.Now()
	if t.Expired(now) {
		return Token{}, accounts.User{}, ErrExpired
	}
	u, err := s.users.Get(t.UserID)
	if err != nil {
		return Token{}, accounts.User{}, ErrUnknown // the user was deleted
	}
	if u.Disabled {
		return Token{}, accounts.User{}, ErrDisabled
	}
	s.touch(t, now)
	return t, u, nil
}

func (s *Service) touch(t Token, now time.Time) {
	s.mu.Lock()
	last := s.touched[t.ID]
	due := now.Sub(last) >= TouchEvery && now.Sub(t.LastUsed) >= TouchEvery
	if due {
		s.touched[t.ID] = now
	}
	s.mu.Unlock()
	if due {
		_ = s.store.TouchToken(t.ID, now.UTC()) // a lost "last used" is no reason to refuse the call
	}
}
