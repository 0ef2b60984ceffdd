package accounts

import (
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"sync"
	"time"

	"github.com/backupchecks/backupchecks/app/audit"
)

// A sign-in whose password was right waits here for its second factor:
// in memory (a restart asks for the password again), for five minutes,
// and for at most five wrong codes.
type challenges struct {
	mu   sync.Mutex
	open map[string]*challenge
}

type challenge struct {
	userID  uint64
	ip      string
	expires time.Time
	wrong   int
}

const (
	challengeTTL   = 5 * time.Minute
	challengeWrong = 5
)

func (cs *challenges) start(userID uint64, ip string, now time.Time) (string, error) {
	b := make([]byte, 24)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	id := base64.RawURLEncoding.EncodeToString(b)
	cs.mu.Lock()
	defer cs.mu.Unlock()
	if cs.open == nil {
		cs.open = map[string]*challenge{}
	}
	for k, c := range cs.open {
		if now.After(c.expires) {
			delete(cs.open, k)
		}
	}
	cs.open[id] = &challenge{userID: userID, ip: ip, expires: now.Add(challengeTTL)}
	return id, nil
}

// get returns the open challenge of id from the same address.
func (cs *challenges) get(id, ip string, now time.Time) (*challenge, bool) {
	cs.mu.Lock()
	defer cs.mu.Unlock()
	c, ok := cs.open[id]
	if !ok || now.After(c.expires) || c.ip != ip {
		return nil, false
	}
	return c, true
}

// failed counts a wrong code and closes the challenge after too many.
func (cs *challenges) failed(id string) {
	cs.mu.Lock()
	defer cs.mu.Unlock()
	if c, ok := cs.open[id]; ok {
		if c.wrong++; c.wrong >= challengeWrong {
			delete(cs.open, id)
		}
	}
}

func (cs *challenges) end(id string) {
	cs.mu.Lock()
	delete(cs.open, id)
	cs.mu.Unlock()
}

// LoginCode completes a sign-in that needs a second factor: a code from the
// authenticator app, or a recovery code. Wrong codes are throttled like
// wrong passwords.
func (s *Service) LoginCode(challengeID, code, ip string) (LoginResult, error) {
	now := s.now()
	ch, ok := s.challenges.get(challengeID, ip, now)
	if !ok {
		return LoginResult{}, ErrNoChallenge
	}
	s.mu.Lock() // the step and the recovery codes are read, used up and saved as one
	cur, err := s.store.UserByID(ch.userID)
	if err != nil || cur.Disabled || !cur.HasTOTP() {
		s.mu.Unlock()
		s.challenges.end(challengeID)
		return LoginResult{}, ErrNoChallenge
	}
	if wait := s.throttle.Begin(cur.Username, ip); wait > 0 {
		s.mu.Unlock()
		return LoginResult{}, &ThrottledError{Wait: wait}
	}
	how, err := s.checkSecondFactor(&cur, code)
	if err != nil {
		s.mu.Unlock()
		s.challenges.failed(challengeID)
		_ = s.store.RecordAudit(audit.New(audit.Actor{Name: cur.Username, IP: ip}, audit.LoginFailure, cur.Username, "wrong two-factor code"))
		return LoginResult{}, err
	}
	cur.LastLogin = now.UTC()
	ev := audit.New(audit.Actor{Name: cur.Username, IP: ip}, audit.LoginSuccess, cur.Username, how)
	err = s.store.SaveUser(cur, &ev)
	s.mu.Unlock()
	if err != nil {
		return LoginResult{}, err
	}
	s.challenges.end(challengeID)
	s.throttle.Succeed(cur.Username, ip)
	token, _, err := s.sessions.Start(cur.ID, cur.Epoch, ip)
	if err != nil {
		return LoginResult{}, fmt.Errorf("start session: %w", err)
	}
	return LoginResult{User: cur, Token: token}, nil
}
