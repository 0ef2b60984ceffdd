package storage

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/dgraph-io/badger/v4"

	"github.com/backupchecks/backupchecks/storage/backupfile"
)

// Backup streams a consistent snapshot of every record, plus the secrets
// key, as one backup file. Writers keep working meanwhile: Badger streams
// from a read snapshot. An empty passphrase writes an unencrypted file.
func (s *Store) Backup(w io.Writer, passphrase, appVersion string) error {
	m := backupfile.Manifest{
		Created: time.Now().UTC(), AppVersion: appVersion, SchemaVersion: SchemaVersion, SecretsKey: s.secretKey,
	}
	bw, err := backupfile.NewWriter(w, m, passphrase)
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	if _, err := s.db.Backup(bw, 0); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	if err := bw.Close(); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	return nil
}

// ErrTargetNotEmpty protects an existing data directory from a restore.
var ErrTargetNotEmpty = errors.New("restore target is not empty: choose a new or empty directory")

// Restore loads a backup file into dir, which must be missing or empty.
// It restores into a sibling directory first and renames it into place, so
// a failed restore leaves nothing half-written behind. The passphrase
// function is called only for encrypted backups.
func Restore(dir string, r io.Reader, passphrase func() (string, error)) (backupfile.Manifest, error) {
	if entries, err := os.ReadDir(dir); err == nil && len(entries) > 0 {
		return backupfile.Manifest{}, ErrTargetNotEmpty
	} else if err != nil && !errors.Is(err, os.ErrNotExist) {
		return backupfile.Manifest{}, fmt.Errorf("restore: %w", err)
	}
	br, err := backupfile.NewReader(r, passphrase)
	if err != nil {
		return backupfile.Manifest{}, fmt.Errorf("restore: %w", err)
	}
	m := br.Manifest()
	if m.SchemaVersion > SchemaVersion {
		return m, fmt.Errorf("restore: backup has schema %d: %w", m.SchemaVersion, ErrSchemaTooNew)
	}
	if len(m.SecretsKey) != 32 {
		return m, fmt.Errorf("restore: backup holds no valid secrets key")
	}
	parent := filepath.Dir(filepath.Clean(dir))
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return m, fmt.Errorf("restore: %w", err)
	}
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(dir)+".restoring-")
	if err != nil {
		return m, fmt.Errorf("restore: %w", err)
	}
	defer os.RemoveAll(tmp) // no-op after the rename succeeded
	if err := os.Chmod(tmp, 0o700); err != nil {
		return m, fmt.Errorf("restore: %w", err)
	}
	if err := load(tmp, br); err != nil {
		return m, fmt.Errorf("restore: %w", err)
	}
	if err := writeKeyFile(filepath.Join(tmp, SecretKeyFile), m.SecretsKey); err != nil {
		return m, fmt.Errorf("restore: %w", err)
	}
	// Upgrade an older backup's schema now, so a start never surprises.
	st, err := Open(Options{Dir: tmp})
	if err != nil {
		return m, fmt.Errorf("restore: open restored data: %w", err)
	}
	if err := st.Close(); err != nil {
		return m, fmt.Errorf("restore: %w", err)
	}
	if err := os.Rename(tmp, dir); err != nil {
		return m, fmt.Errorf("restore: move into place: %w", err)
	}
	return m, nil
}

func load(dir string, r io.Reader) error {
	db, err := badger.Open(diskOptions(dir).WithLogger(nil))
	if err != nil {
		return err
	}
	if err := db.Load(r, 256); err != nil {
		db.Close()
		return err
	}
	return db.Close()
}
