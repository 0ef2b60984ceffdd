package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"

	"github.com/backupchecks/backupchecks/app/control"
	"github.com/backupchecks/backupchecks/storage"
)

// withServerOrStore runs remote when a server answers on the data
// directory's control socket, else local on the store opened directly.
// Only create may make a new data directory (seeding the first admin before
// the first start); the other commands need an existing one.
func withServerOrStore(dir string, create bool, remote func(*control.Client) error, local func(*storage.Store) error) error {
	if c, ok := control.Dial(dir); ok {
		return remote(c)
	}
	if _, err := os.Stat(dir); err != nil && !create {
		return fmt.Errorf("data directory %s: %w", dir, err)
	}
	st, err := storage.Open(storage.Options{Dir: dir})
	if errors.Is(err, storage.ErrLocked) {
		return fmt.Errorf("%s is locked by a running server whose control socket %s does not answer; "+
			"run this command as the service user (sudo -u backupchecks …) or stop the server first", dir, control.SocketPath(dir))
	}
	if err != nil {
		return err
	}
	runErr := local(st)
	if err := st.Close(); err != nil && runErr == nil {
		runErr = err
	}
	if err := keepOwner(dir); err != nil && runErr == nil {
		runErr = err
	}
	return runErr
}

// keepOwner gives files that root just created in the data directory back
// to the directory's owner: `sudo backupchecks user passwd` with the
// service stopped must not leave files the service user cannot write.
func keepOwner(dir string) error {
	if os.Geteuid() != 0 {
		return nil
	}
	fi, err := os.Stat(dir)
	if err != nil {
		return err
	}
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok || st.Uid == 0 {
		return nil
	}
	return filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if err := os.Lchown(p, int(st.Uid), int(st.Gid)); err != nil {
			return fmt.Errorf("give %s back to the data directory's owner: %w", p, err)
		}
		return nil
	})
}

// splitArgs separates positional arguments from flags so that
// "user add NAME --role admin" and "user add --role admin NAME" both work.
func splitArgs(args []string, boolFlags map[string]bool) (flags, positional []string) {
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--":
			return flags, append(positional, args[i+1:]...)
		case len(a) > 1 && a[0] == '-':
			flags = append(flags, a)
			name := trimDashes(a)
			if !boolFlags[name] && !containsEq(a) && i+1 < len(args) {
				flags = append(flags, args[i+1])
				i++
			}
		default:
			positional = append(positional, a)
		}
	}
	return flags, positional
}

func trimDashes(s string) string {
	for len(s) > 0 && s[0] == '-' {
		s = s[1:]
	}
	return s
}

func containsEq(s string) bool {
	for _, r := range s {
		if r == '=' {
			return true
		}
	}
	return false
}
