package mailimport

import (
	"fmt"
	"time"

	"github.com/backupchecks/backupchecks/app/audit"
)

// Pruned is what one pass of the retention did.
type Pruned struct {
	At    time.Time `json:"at"`
	Mails int       `json:"mails"` // originals removed
	Bytes int64     `json:"bytes"` // their stored (compressed) size
	Error string    `json:"error,omitempty"`
}

// RetentionStore removes old originals.
type RetentionStore interface {
	// PruneRawMail removes the stored message of every mail received
	// before cutoff, in batches, marking each record; a mail whose
	// message is gone already is left as it is.
	PruneRawMail(cutoff time.Time, now time.Time) (Pruned, error)
	SavePruned(p Pruned) error
	LastPruned() (Pruned, error)
	RecordAudit(ev audit.Event) error
}

// RetentionEvery is how often the retention runs; a pass that finds
// nothing to remove reads only index keys.
const RetentionEvery = 6 * time.Hour

// Retention applies Settings → Maintenance → Retention to stored mail.
type Retention struct {
	Store RetentionStore
	// Cutoff is the receipt time before which originals go, from the
	// setting; zero keeps them all.
	Cutoff func(now time.Time) (time.Time, error)
	Now    func() time.Time
}

// Apply removes the originals the setting no longer keeps, records the
// pass for the Maintenance page, and audits what it removed.
func (r *Retention) Apply() (Pruned, error) {
	now := r.Now()
	p := Pruned{At: now.UTC()}
	cutoff, err := r.Cutoff(now)
	if err == nil && !cutoff.IsZero() {
		p, err = r.Store.PruneRawMail(cutoff, now)
		p.At = now.UTC()
	}
	if err != nil {
		p.Error = fmt.Sprintf("removing old original mail: %v", err)
	}
	if p.Mails > 0 {
		ev := audit.New(audit.Actor{Name: "retention"}, audit.MailPrune, "original mail",
			fmt.Sprintf("removed the originals of %d mails received before %s (%d bytes stored)", p.Mails, cutoff.UTC().Format(time.DateOnly), p.Bytes))
		if aerr := r.Store.RecordAudit(ev); aerr != nil && err == nil {
			err = aerr
		}
	}
	if serr := r.Store.SavePruned(p); serr != nil && err == nil {
		err = serr
	}
	return p, err
}

// Last is the last pass, zero when none ran yet.
func (r *Retention) Last() (Pruned, error) { return r.Store.LastPruned() }
