package accounts

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/backupchecks/backupchecks/app/audit"
	"github.com/backupchecks/backupchecks/app/secret"
	"github.com/backupchecks/backupchecks/app/sessions"
)

// Store persists users. Writes carry the audit event that explains them so
// both land in one transaction.
type Store interface {
	UserByID(id uint64) (User, error)         // ErrUserNotFound
	UserByUsername(name string) (User, error) // ErrUserNotFound; name is matched case-insensitively
	Users() ([]User, error)
	// CreateUser assigns the ID. With onlyIfNone it fails with ErrSetupDone
	// when any user exists, checked in the same transaction.
	CreateUser(u User, onlyIfNone bool, ev audit.Event) (User, error) // ErrUsernameTaken
	SaveUser(u User, ev *audit.Event) error                           // ev nil: not audited (last sign-in time)
	DeleteUser(id uint64, ev audit.Event) error
	RecordAudit(ev audit.Event) error
}

// Service holds the account use cases.
type Service struct {
	store    Store
	sessions *sessions.Manager
	throttle *Throttle
	now      func() time.Time
	// Cipher seals two-factor secrets; nil refuses to enrol.
	Cipher *secret.Cipher
	// LocalAllowed, when set, says whether a user may sign in with a
	// password (Settings → Sign-in may leave that to single sign-on).
	LocalAllowed func(u User) bool
	// challenges are sign-ins waiting for their second factor.
	challenges challenges

	// mu serialises user changes: "at least one active admin" spans
	// several records, and one process owns the data directory.
	mu sync.Mutex
}

// NewService wires the account use cases.
func NewService(store Store, sess *sessions.Manager, throttle *Throttle) *Service {
	return &Service{store: store, sessions: sess, throttle: throttle, now: time.Now}
}

// NewUser is the form for creating a user.
type NewUser struct {
	Username, DisplayName, Password, Confirm string
	Role                                     Role
}

func (n NewUser) build(now time.Time) (User, error) {
	if err := checkUsername(n.Username); err != nil {
		return User{}, err
	}
	if !n.Role.Valid() {
		return User{}, invalid("role", "Choose a role.")
	}
	if err := checkPassword(n.Password); err != nil {
		return User{}, err
	}
	if n.Password != n.Confirm {
		return User{}, invalid("confirm", ErrPasswordMismatch.Error()+".")
	}
	hash, err := HashPassword(n.Password)
	if err != nil {
		return User{}, err
	}
	return User{
		Username: strings.TrimSpace(n.Username), DisplayName: strings.TrimSpace(n.DisplayName), Role: n.Role,
		PasswordHash: hash, Created: now.UTC(), PasswordChanged: now.UTC(),
	}, nil
}

// NeedsSetup reports whether no user exists yet.
func (s *Service) NeedsSetup() (bool, error) {
	users, err := s.store.Users()
	return len(users) == 0, err
}

// Setup creates the first admin; it fails once any user exists.
func (s *Service) Setup(n NewUser, by audit.Actor) (User, error) {
	n.Role = Admin
	u, err := n.build(s.now())
	if err != nil {
		return User{}, err
	}
	by.Name = u.Username
	return s.store.CreateUser(u, true, audit.New(by, audit.SetupAdmin, u.Username, "first admin created"))
}

// Create adds a user (admin action).
func (s *Service) Create(n NewUser, by audit.Actor) (User, error) {
	u, err := n.build(s.now())
	if err != nil {
		return User{}, err
	}
	return s.store.CreateUser(u, false, audit.New(by, audit.UserCreate, u.Username, "role "+string(u.Role)))
}

// List returns every user.
func (s *Service) List() ([]User, error) { return s.store.Users() }

// Get returns one user.
func (s *Service) Get(id uint64) (User, error) { return s.store.UserByID(id) }

// LoginResult is a successful sign-in.
type LoginResult struct {
	User  User
	Token string // for the session cookie
	// Challenge, instead of Token, means the password was right and the
	// account asks for a second factor: pass it to LoginCode with the code.
	Challenge string
}

// ThrottledError says how long to wait before trying again.
type ThrottledError struct{ Wait time.Duration }

func (e *ThrottledError) Error() string {
	if e.Wait < time.Minute {
		secs := max(int((e.Wait+time.Second-1)/time.Second), 1)
		return fmt.Sprintf("Too many failed attempts from this address. Try again in %d second%s.", secs, plural(secs))
	}
	mins := int(e.Wait.Round(time.Minute) / time.Minute)
	return fmt.Sprintf("Too many failed attempts from this address. Try again in %d minute%s.", mins, plural(mins))
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// Login checks credentials (throttled per username and address pair and
// per address, counted as the attempt starts), starts a session and
// records the attempt in the audit log either way.
func (s *Service) Login(username, password, ip string) (LoginResult, error) {
	if wait := s.throttle.Begin(username, ip); wait > 0 {
		// Not audited: the failures that caused the throttle are, and a
		// flood of refused attempts must not turn into disk writes.
		return LoginResult{}, &ThrottledError{Wait: wait}
	}
	u, err := s.store.UserByUsername(username)
	hash := u.PasswordHash
	switch {
	case errors.Is(err, ErrUserNotFound):
		hash = dummyHash()
	case err != nil:
		s.throttle.Cancel(username, ip)
		return LoginResult{}, err
	}
	ok, herr := checkHash(hash, password)
	if herr != nil {
		s.throttle.Cancel(username, ip)
		return LoginResult{}, herr
	}
	if err != nil || !ok || u.Disabled {
		reason := "wrong password"
		switch {
		case err != nil:
			reason = "unknown username"
		case u.Disabled && ok:
			reason = "account disabled"
		}
		name := AuditName(username)
		_ = s.store.RecordAudit(audit.New(audit.Actor{Name: name, IP: ip}, audit.LoginFailure, name, reason))
		return LoginResult{}, ErrBadCredentials
	}
	if s.LocalAllowed != nil && !s.LocalAllowed(u) {
		_ = s.store.RecordAudit(audit.New(audit.Actor{Name: u.Username, IP: ip}, audit.LoginFailure, u.Username, "local passwords are off"))
		return LoginResult{}, ErrLocalOff
	}
	if u.HasTOTP() {
		// Not yet a success: earlier failures keep counting until the
		// code, but the right password itself is given back, as only
		// failures counted before attempts were counted as they start.
		s.throttle.Cancel(username, ip)
		ch, err := s.challenges.start(u.ID, ip, s.now())
		return LoginResult{User: u, Challenge: ch}, err
	}
	s.throttle.Succeed(username, ip)
	token, _, err := s.sessions.Start(u.ID, u.Epoch, ip)
	if err != nil {
		return LoginResult{}, fmt.Errorf("start session: %w", err)
	}
	u.LastLogin = s.now().UTC()
	ev := audit.New(audit.Actor{Name: u.Username, IP: ip}, audit.LoginSuccess, u.Username, "")
	if err := s.saveLocked(u, &ev, rehashed(u.PasswordHash, password)); err != nil {
		return LoginResult{}, err
	}
	return LoginResult{User: u, Token: token}, nil
}

// saveLocked records a sign-in's time; newHash, when not "", replaces the
// password hash it was checked against (same password, current parameters).
func (s *Service) saveLocked(u User, ev *audit.Event, newHash string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	// Reload so a concurrent role change is not overwritten by a sign-in.
	cur, err := s.store.UserByID(u.ID)
	if err != nil {
		return err
	}
	cur.LastLogin = u.LastLogin
	if newHash != "" && cur.PasswordHash == u.PasswordHash {
		cur.PasswordHash = newHash
	}
	return s.store.SaveUser(cur, ev)
}

// Resume returns the signed-in user of a session token. Sessions of disabled
// users, and sessions older than the user's last password change or
// disable (epoch), are ended.
func (s *Service) Resume(token string) (User, error) {
	sess, err := s.sessions.Resume(token)
	if err != nil {
		return User{}, ErrSessionNotValid
	}
	u, err := s.store.UserByID(sess.UserID)
	if err != nil || u.Disabled || u.Epoch != sess.Epoch {
		_ = s.sessions.End(token)
		return User{}, ErrSessionNotValid
	}
	return u, nil
}

// Logout ends the session.
func (s *Service) Logout(token string, u User, ip string) error {
	if err := s.sessions.End(token); err != nil {
		return err
	}
	return s.store.RecordAudit(audit.New(audit.Actor{Name: u.Username, IP: ip}, audit.Logout, u.Username, ""))
}

// EndSession ends a session without an audit record (a session replaced by
// a fresh sign-in).
func (s *Service) EndSession(token string) error { return s.sessions.End(token) }
