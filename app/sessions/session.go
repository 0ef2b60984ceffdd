// Package sessions keeps server-side sign-in sessions. The browser holds a
// random token; the store holds only its SHA-256, so a copied data directory
// or backup contains no usable session.
package sessions

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"time"
)

// Session is one signed-in browser.
type Session struct {
	UserID   uint64    `json:"user_id"`
	Epoch    uint32    `json:"epoch"` // the user's epoch at sign-in; a bump ends the session
	Created  time.Time `json:"created"`
	LastSeen time.Time `json:"last_seen"`
	Expires  time.Time `json:"expires"` // absolute expiry
	IP       string    `json:"ip"`
}

// ID is the storage key of a session: SHA-256 of its token.
type ID [32]byte

// Store persists sessions until their absolute expiry.
type Store interface {
	PutSession(id ID, s Session) error
	GetSession(id ID) (Session, error) // ErrNotFound when absent or expired
	DeleteSession(id ID) error
}

// ErrNotFound means no live session has that token.
var ErrNotFound = errors.New("session not found")

// Manager starts, resumes and ends sessions.
type Manager struct {
	Store    Store
	Idle     time.Duration // ends a session unused for this long
	Absolute time.Duration // ends every session this long after sign-in
	Now      func() time.Time
}

// NewManager uses an 8-hour idle and 7-day absolute limit.
func NewManager(s Store) *Manager {
	return &Manager{Store: s, Idle: 8 * time.Hour, Absolute: 7 * 24 * time.Hour, Now: time.Now}
}

func idOf(token string) ID { return sha256.Sum256([]byte(token)) }

// Start creates a session and returns the token for the cookie.
func (m *Manager) Start(userID uint64, epoch uint32, ip string) (string, Session, error) {
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return "", Session{}, err
	}
	token := base64.RawURLEncoding.EncodeToString(raw)
	now := m.Now().UTC()
	s := Session{UserID: userID, Epoch: epoch, Created: now, LastSeen: now, Expires: now.Add(m.Absolute), IP: ip}
	return token, s, m.Store.PutSession(idOf(token), s)
}

// touchEvery limits LastSeen writes to one per minute per session instead of
// one per request.
const touchEvery = time.Minute

// Resume returns the live session for token, refreshing its idle timer.
func (m *Manager) Resume(token string) (Session, error) {
	if token == "" {
		return Session{}, ErrNotFound
	}
	id := idOf(token)
	s, err := m.Store.GetSession(id)
	if err != nil {
		return Session{}, err
	}
	now := m.Now().UTC()
	if now.After(s.Expires) || now.Sub(s.LastSeen) > m.Idle {
		_ = m.Store.DeleteSession(id)
		return Session{}, ErrNotFound
	}
	if now.Sub(s.LastSeen) > touchEvery {
		s.LastSeen = now
		if err := m.Store.PutSession(id, s); err != nil {
			return Session{}, err
		}
	}
	return s, nil
}

// End deletes the session of token.
func (m *Manager) End(token string) error {
	if token == "" {
		return nil
	}
	return m.Store.DeleteSession(idOf(token))
}
