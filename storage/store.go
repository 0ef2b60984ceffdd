package storage

import (
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/dgraph-io/badger/v4"
	"github.com/dgraph-io/badger/v4/options"

	"github.com/backupchecks/backupchecks/app/customers"
	"github.com/backupchecks/backupchecks/app/jobs"
	"github.com/backupchecks/backupchecks/app/settings"
)

// ErrNotFound is returned when a record does not exist.
var ErrNotFound = errors.New("not found")

// ErrDuplicate is returned when a unique index already holds another record.
var ErrDuplicate = errors.New("already exists")

// ErrLocked means another process (usually the running server) holds the data directory.
var ErrLocked = errors.New("data directory is in use by another Backupchecks process")

// Store is the open data directory.
type Store struct {
	db        *badger.DB
	dir       string // empty in memory
	secretKey []byte
	log       *slog.Logger

	seqMu sync.Mutex
	seqs  map[string]*badger.Sequence

	jobs      recordCache[jobs.Job]            // see cache.go
	customers recordCache[customers.Customer]  // see cache.go
	gen       atomic.Uint64                    // commits so far in this process; see Generation
	general   atomic.Pointer[settings.General] // Settings → General once read; see General
}

// Generation counts the write transactions this process has finished. A
// view derived from the store stays valid while it is unchanged.
func (s *Store) Generation() uint64 { return s.gen.Load() }

// Options configure Open.
type Options struct {
	Dir      string       // data directory; ignored when InMemory
	InMemory bool         // for tests: nothing touches the disk
	Logger   *slog.Logger // Badger's own messages go here at warning level
}

// Open opens (creating if needed) the data directory and runs pending migrations.
func Open(opt Options) (*Store, error) {
	log := opt.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	var bopt badger.Options
	if opt.InMemory {
		bopt = badger.DefaultOptions("").WithInMemory(true)
	} else {
		if err := os.MkdirAll(opt.Dir, 0o700); err != nil {
			return nil, fmt.Errorf("create data directory: %w", err)
		}
		if err := tightenPermissions(opt.Dir, log, slog.LevelWarn); err != nil {
			return nil, err
		}
		bopt = diskOptions(opt.Dir)
	}
	bopt = bopt.WithLogger(badgerLogger{log}).WithLoggingLevel(badger.WARNING)

	s := &Store{dir: opt.Dir, log: log, seqs: map[string]*badger.Sequence{}}
	s.jobs.table, s.customers.table = jobTable, customerTable
	var err error
	if opt.InMemory {
		s.secretKey, err = newSecretKey()
	} else {
		s.secretKey, err = loadOrCreateSecretKey(filepath.Join(opt.Dir, SecretKeyFile))
	}
	if err != nil {
		return nil, err
	}
	s.db, err = badger.Open(bopt)
	if err != nil {
		if strings.Contains(err.Error(), "Cannot acquire directory lock") {
			return nil, fmt.Errorf("open %s: %w", opt.Dir, ErrLocked)
		}
		return nil, fmt.Errorf("open data directory %s: %w", opt.Dir, err)
	}
	if !opt.InMemory { // the files Badger just made follow the umask
		if err := tightenPermissions(opt.Dir, log, slog.LevelDebug); err != nil {
			s.db.Close()
			return nil, err
		}
	}
	if err := s.migrate(migrations); err != nil {
		s.db.Close()
		return nil, err
	}
	return s, nil
}

// diskOptions keep resident memory well under the appliance's 256 MB target:
// Badger's defaults (64 MiB × 5 memtables, 256 MiB block cache, 1 GiB vlog
// files) roughly double RSS for no benefit at our write rates.
//
// The rest was measured on the large bench set (docs/performance.md):
//   - Snappy, not ZSTD: compaction spent half the mail import's CPU in
//     ZSTD (ingest 0.39 of parse-only; with Snappy above 0.5), and pages
//     decompress blocks faster, for a third more disk.
//   - 1 MiB base tables: each table builder of a compaction holds twice its
//     table, up to ten at once; with 2 MiB the Cove poll's compactions took
//     the server to 206 MB of its own memory, with 1 MiB 114 MB.
//   - Values over 4 KiB (original mail) go to the value log, so compaction
//     stops rewriting mail bodies at every level.
func diskOptions(dir string) badger.Options {
	return badger.DefaultOptions(dir).
		WithSyncWrites(true). // a power cut must not lose a committed review or imported mail
		WithValueLogFileSize(64 << 20).
		WithMemTableSize(16 << 20).WithNumMemtables(2).
		WithNumLevelZeroTables(2).WithNumLevelZeroTablesStall(4).
		WithBlockCacheSize(16 << 20).WithIndexCacheSize(16 << 20).
		WithNumCompactors(2).
		WithBaseTableSize(1 << 20).
		WithValueThreshold(4 << 10).
		WithCompression(options.Snappy)
}

// Close releases sequences and closes Badger.
func (s *Store) Close() error {
	s.seqMu.Lock()
	for _, q := range s.seqs {
		_ = q.Release()
	}
	s.seqs = map[string]*badger.Sequence{}
	s.seqMu.Unlock()
	return s.db.Close()
}

// Dir returns the data directory ("" in memory).
func (s *Store) Dir() string { return s.dir }

// Ping proves the database answers a read.
func (s *Store) Ping() error {
	return s.db.View(func(txn *badger.Txn) error {
		_, err := txn.Get(keySchema)
		return err
	})
}

// update runs fn in a read-write transaction, retrying the whole closure
// with jittered backoff when Badger reports a conflict with a concurrent
// writer; fn must therefore be free of side effects outside txn.
func (s *Store) update(fn func(txn *badger.Txn) error) error {
	const tries = 30
	defer s.gen.Add(1) // after the commit, so a reader that sees the new count sees the write
	for i := 0; ; i++ {
		err := s.db.Update(fn)
		if !errors.Is(err, badger.ErrConflict) || i == tries-1 {
			return err
		}
		backoff := time.Duration(1+i) * time.Millisecond
		time.Sleep(backoff + rand.N(backoff))
	}
}

func (s *Store) view(fn func(txn *badger.Txn) error) error { return s.db.View(fn) }

// badgerLogger sends Badger's messages to slog.
type badgerLogger struct{ l *slog.Logger }

func (b badgerLogger) Errorf(f string, a ...any) {
	b.l.Error(strings.TrimSpace(fmt.Sprintf(f, a...)), "component", "badger")
}
func (b badgerLogger) Warningf(f string, a ...any) {
	b.l.Warn(strings.TrimSpace(fmt.Sprintf(f, a...)), "component", "badger")
}
func (b badgerLogger) Infof(f string, a ...any) {
	b.l.Info(strings.TrimSpace(fmt.Sprintf(f, a...)), "component", "badger")
}
func (b badgerLogger) Debugf(f string, a ...any) {
	b.l.Debug(strings.TrimSpace(fmt.Sprintf(f, a...)), "component", "badger")
}

// Created is when the data directory was made (zero if unknown).
func (s *Store) Created() (time.Time, error) {
	var t time.Time
	err := s.view(func(txn *badger.Txn) error {
		item, err := txn.Get([]byte("meta/created"))
		if errors.Is(err, badger.ErrKeyNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		return item.Value(func(v []byte) error {
			t, err = time.Parse(time.RFC3339, string(v))
			return err
		})
	})
	return t, err
}
