package accounts

import "errors"

// checkOwnPassword is the password check of a signed-in user confirming
// an action (changing the password, turning two-factor codes off). It is
// throttled like a sign-in, counted as it starts, and runs outside the
// service lock so a slow hash does not hold up other users' changes.
func (s *Service) checkOwnPassword(u User, password, ip string) error {
	if wait := s.throttle.Begin(u.Username, ip); wait > 0 {
		return &ThrottledError{Wait: wait}
	}
	ok, err := checkHash(u.PasswordHash, password)
	switch {
	case err != nil:
		s.throttle.Cancel(u.Username, ip)
		return err
	case !ok:
		return ErrWrongPassword
	}
	s.throttle.Succeed(u.Username, ip)
	return nil
}

// IsBusyOrThrottled reports whether err asks the caller to come back later
// (too many attempts, or every hashing slot taken) rather than saying the
// input was wrong.
func IsBusyOrThrottled(err error) bool {
	var t *ThrottledError
	return errors.As(err, &t) || errors.Is(err, ErrBusy)
}
