package accounts

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base32"
	"encoding/hex"
	"errors"
	"fmt"
	"image/png"
	"strings"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"

	"github.com/backupchecks/backupchecks/app/audit"
	"github.com/backupchecks/backupchecks/app/secret"
)

// Two-factor codes for local accounts: RFC 6238 TOTP (github.com/pquerna/otp),
// 30-second steps, six digits, one step of clock drift either way, each
// code accepted once; ten recovery codes for a lost phone, each usable once.

var (
	ErrWrongCode   = errors.New("wrong code: enter the six digits your authenticator app shows now")
	ErrNoPending   = errors.New("start the enrolment again: no code is being set up")
	ErrNoChallenge = errors.New("the sign-in took too long: enter your password again")
	ErrTOTPOn      = errors.New("two-factor codes are already on for this account")
)

const totpPeriod = 30

// BeginTOTP starts enrolment: a new secret, kept sealed on the user until a
// code confirms it. It returns the otpauth:// URL the QR code carries and
// the secret as text, for apps that cannot scan.
func (s *Service) BeginTOTP(userID uint64, issuer string) (url, text string, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	u, err := s.store.UserByID(userID)
	if err != nil {
		return "", "", err
	}
	if u.HasTOTP() {
		return "", "", ErrTOTPOn
	}
	if !u.TOTPPending.IsZero() {
		k, err := s.pendingKey(u, issuer)
		if err == nil {
			return k.URL(), k.Secret(), nil
		}
	}
	k, err := totpKey(issuer, u.Username, nil)
	if err != nil {
		return "", "", err
	}
	if u.TOTPPending, err = s.sealCode(k.Secret()); err != nil {
		return "", "", err
	}
	if err := s.store.SaveUser(u, nil); err != nil {
		return "", "", err
	}
	return k.URL(), k.Secret(), nil
}

// TOTPImage is the pending secret's QR code as a PNG.
func (s *Service) TOTPImage(userID uint64, issuer string) ([]byte, error) {
	u, err := s.store.UserByID(userID)
	if err != nil {
		return nil, err
	}
	k, err := s.pendingKey(u, issuer)
	if err != nil {
		return nil, err
	}
	img, err := k.Image(240, 240)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	err = png.Encode(&b, img)
	return b.Bytes(), err
}

func (s *Service) pendingKey(u User, issuer string) (*otp.Key, error) {
	if u.TOTPPending.IsZero() {
		return nil, ErrNoPending
	}
	code, err := s.openCode(u.TOTPPending)
	if err != nil {
		return nil, err
	}
	raw, err := base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(code)
	if err != nil {
		return nil, fmt.Errorf("the pending two-factor secret: %w", err)
	}
	return totpKey(issuer, u.Username, raw)
}

// totpKey is the key apps are given: this appliance's settings, and the
// secret (nil: a new random one).
func totpKey(issuer, account string, secret []byte) (*otp.Key, error) {
	return totp.Generate(totp.GenerateOpts{Issuer: issuer, AccountName: account, Period: totpPeriod, Secret: secret,
		Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
}

// EnableTOTP confirms enrolment with a code from the app, and returns the
// recovery codes, shown this once.
func (s *Service) EnableTOTP(userID uint64, code, ip string) ([]string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	u, err := s.store.UserByID(userID)
	if err != nil {
		return nil, err
	}
	if u.TOTPPending.IsZero() {
		return nil, ErrNoPending
	}
	key, err := s.openCode(u.TOTPPending)
	if err != nil {
		return nil, err
	}
	if wait := s.throttle.Begin(u.Username, ip); wait > 0 {
		return nil, &ThrottledError{Wait: wait}
	}
	step, ok := matchStep(key, code, 0, s.now())
	if !ok {
		return nil, ErrWrongCode
	}
	s.throttle.Succeed(u.Username, ip)
	codes, hashes, err := newRecoveryCodes()
	if err != nil {
		return nil, err
	}
	u.TOTP, u.TOTPPending, u.TOTPStep, u.Recovery = u.TOTPPending, nil, step, hashes
	ev := audit.New(audit.Actor{Name: u.Username, IP: ip}, audit.TOTPEnable, u.Username, "")
	return codes, s.store.SaveUser(u, &ev)
}

// DisableTOTP turns codes off for the user's own account, after the password.
func (s *Service) DisableTOTP(userID uint64, password, ip string) error {
	u, err := s.store.UserByID(userID)
	if err != nil {
		return err
	}
	if err := s.checkOwnPassword(u, password, ip); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if u, err = s.store.UserByID(userID); err != nil {
		return err
	}
	return s.clearTOTP(u, audit.Actor{Name: u.Username, IP: ip}, "turned off by the user")
}

// ResetTOTP is an admin's way back in for a user who lost the phone and
// the recovery codes.
func (s *Service) ResetTOTP(userID uint64, by audit.Actor) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	u, err := s.store.UserByID(userID)
	if err != nil {
		return err
	}
	return s.clearTOTP(u, by, "reset by an admin")
}

func (s *Service) clearTOTP(u User, by audit.Actor, why string) error {
	u.TOTP, u.TOTPPending, u.TOTPStep, u.Recovery = nil, nil, 0, nil
	ev := audit.New(by, audit.TOTPDisable, u.Username, why)
	return s.store.SaveUser(u, &ev)
}

// checkSecondFactor accepts a current code (once) or an unused recovery
// code, and saves what it used up.
func (s *Service) checkSecondFactor(u *User, code string) (how string, err error) {
	code = strings.TrimSpace(code)
	key, err := s.openCode(u.TOTP)
	if err != nil {
		return "", err
	}
	if step, ok := matchStep(key, code, u.TOTPStep, s.now()); ok {
		u.TOTPStep = step
		return "with a two-factor code", nil
	}
	h := recoveryHash(code)
	for i, stored := range u.Recovery {
		if subtle.ConstantTimeCompare([]byte(stored), []byte(h)) == 1 {
			u.Recovery = append(u.Recovery[:i:i], u.Recovery[i+1:]...)
			return fmt.Sprintf("with a recovery code (%d left)", len(u.Recovery)), nil
		}
	}
	return "", ErrWrongCode
}

// matchStep finds the time step code is for, within one step of now and
// after the last accepted one.
func matchStep(key, code string, after int64, now time.Time) (int64, bool) {
	if len(code) != 6 {
		return 0, false
	}
	cur := now.Unix() / totpPeriod
	for _, step := range []int64{cur - 1, cur, cur + 1} {
		if step <= after {
			continue
		}
		want, err := totp.GenerateCodeCustom(key, time.Unix(step*totpPeriod, 0), totp.ValidateOpts{Period: totpPeriod, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
		if err == nil && subtle.ConstantTimeCompare([]byte(want), []byte(code)) == 1 {
			return step, true
		}
	}
	return 0, false
}

func newRecoveryCodes() (codes, hashes []string, err error) {
	for range 10 {
		b := make([]byte, 7)
		if _, err := rand.Read(b); err != nil {
			return nil, nil, err
		}
		c := strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b))[:10]
		c = c[:5] + "-" + c[5:]
		codes, hashes = append(codes, c), append(hashes, recoveryHash(c))
	}
	return codes, hashes, nil
}

func recoveryHash(code string) string {
	norm := strings.ToLower(strings.ReplaceAll(strings.TrimSpace(code), " ", ""))
	h := sha256.Sum256([]byte("backupchecks-recovery:" + norm))
	return hex.EncodeToString(h[:])
}

func (s *Service) sealCode(code string) (secret.Sealed, error) {
	if s.Cipher == nil {
		return nil, errors.New("no key to seal the two-factor secret with")
	}
	return s.Cipher.Seal(secret.New(code))
}

func (s *Service) openCode(v secret.Sealed) (string, error) {
	if s.Cipher == nil {
		return "", errors.New("no key to open the two-factor secret")
	}
	code, err := s.Cipher.Open(v)
	return code.Reveal(), err
}
