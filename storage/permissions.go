package storage

import (
	"context"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
)

// tightenPermissions makes the data directory 0700 and everything in it
// 0600 (directories 0700). It holds customer data, mail and the secret
// key: a directory that already existed with 0755 (made by hand or an
// installer) would otherwise leave Badger's files readable by every user
// of the machine. What it changes is logged, so an admin sees why modes
// moved; at level, since files Badger has just made follow the umask and
// restricting those on every start is no news.
func tightenPermissions(dir string, log *slog.Logger, level slog.Level) error {
	var changed []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.Type()&fs.ModeSymlink != 0 {
			return nil // not ours to change; Badger makes none
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		want := fs.FileMode(0o600)
		if d.IsDir() {
			want = 0o700
		}
		if info.Mode().Perm()&0o077 == 0 {
			return nil
		}
		if err := os.Chmod(path, want); err != nil {
			return fmt.Errorf("restrict %s to its owner: %w", path, err)
		}
		changed = append(changed, fmt.Sprintf("%s %o→%o", path, info.Mode().Perm(), want))
		return nil
	})
	if err != nil {
		return fmt.Errorf("check the data directory's permissions: %w", err)
	}
	if len(changed) > 0 {
		shown := changed
		if len(shown) > 20 {
			shown = shown[:20]
		}
		log.Log(context.Background(), level, "data directory was readable by other users; restricted it to the owner",
			"dir", dir, "changed", len(changed), "paths", shown)
	}
	return nil
}
