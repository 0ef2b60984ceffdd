package mailimport

import (
	"errors"
	"time"
)

// ErrPollRunning means a poll is already under way.
var ErrPollRunning = errors.New("an import is already running")

// PollStatus is what the settings page and the dashboard show of polling.
type PollStatus struct {
	Started     time.Time     `json:"started"` // of the last poll; zero: never polled
	Took        time.Duration `json:"took"`
	Result      PollResult    `json:"result"`
	LastSuccess time.Time     `json:"last_success"` // last poll that ended without error
}

// Stalled reports whether polling should have succeeded by now: nothing
// succeeded for three intervals.
func (st PollStatus) Stalled(now time.Time, interval time.Duration) bool {
	since := st.LastSuccess
	if since.IsZero() {
		since = st.Started
	}
	return !since.IsZero() && now.Sub(since) > 3*interval
}

// ConnectionTest is what "Test connection" found.
type ConnectionTest struct {
	Capabilities []string
	Folders      []string
	Messages     uint32 // in the folder that is read
}
