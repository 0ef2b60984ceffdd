// Package maintenance holds the admin's view of the data directory: size,
// free disk, value-log cleanup and backups.
package maintenance

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/backupchecks/backupchecks/app/audit"
)

// DiskUsage describes the data directory's footprint.
type DiskUsage struct {
	DataBytes int64 // disk space taken by the data directory's files
	FreeBytes int64 // available on its file system
}

// LowDiskBytes is the free space below which the UI warns.
const LowDiskBytes = 2 << 30

// Low reports whether free space is below LowDiskBytes (never in memory).
func (d DiskUsage) Low() bool { return d.FreeBytes > 0 && d.FreeBytes < LowDiskBytes }

// GCRun is the outcome of one value-log garbage collection.
type GCRun struct {
	At        time.Time `json:"at"`
	Rewritten int       `json:"rewritten"` // value-log files rewritten
	Error     string    `json:"error,omitempty"`
}

// Store is the data directory as maintenance needs it.
type Store interface {
	Dir() string
	Ping() error
	Schema() (int, error)
	Disk() (DiskUsage, error)
	LastGC() (GCRun, error)
	CollectGarbage() (GCRun, error)
	Backup(w io.Writer, passphrase, appVersion string) error
	RecordAudit(ev audit.Event) error
	List(f audit.Filter) (audit.Page, error)
}

// Service holds the maintenance use cases.
type Service struct {
	store   Store
	version string
}

// NewService wires maintenance for the given program version.
func NewService(store Store, version string) *Service {
	return &Service{store: store, version: version}
}

// Store exposes the figures the Maintenance page reads.
func (s *Service) Store() Store { return s.store }

// Backup streams a backup to w and audits it. The event is written after
// the stream ends so the log says whether it completed.
func (s *Service) Backup(w io.Writer, passphrase string, by audit.Actor, action audit.Action) error {
	err := s.store.Backup(w, passphrase, s.version)
	detail := "unencrypted"
	if passphrase != "" {
		detail = "encrypted with a passphrase"
	}
	if err != nil {
		detail += "; failed: " + err.Error()
	}
	if aerr := s.store.RecordAudit(audit.New(by, action, "data directory", detail)); aerr != nil && err == nil {
		err = fmt.Errorf("backup done but audit failed: %w", aerr)
	}
	return err
}

// LastBackup returns the newest backup download event, if any.
func (s *Service) LastBackup() (audit.Event, bool, error) {
	p, err := s.store.List(audit.Filter{Action: audit.BackupDownload, Limit: 1})
	if err != nil || len(p.Events) == 0 {
		return audit.Event{}, false, err
	}
	return p.Events[0], true, nil
}

// LastGoodBackup is when the appliance was last backed up completely,
// downloaded or by `backupchecks backup` (zero: never).
func (s *Service) LastGoodBackup() (time.Time, error) {
	var last time.Time
	for _, a := range []audit.Action{audit.BackupDownload, audit.BackupCLI} {
		p, err := s.store.List(audit.Filter{Action: a, Limit: 20})
		if err != nil {
			return time.Time{}, err
		}
		for _, ev := range p.Events { // newest first
			if !strings.Contains(ev.Details, "failed:") {
				if ev.Time.After(last) {
					last = ev.Time
				}
				break
			}
		}
	}
	return last, nil
}
