package cli

import (
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/backupchecks/backupchecks/app/audit"
	"github.com/backupchecks/backupchecks/app/control"
	"github.com/backupchecks/backupchecks/app/maintenance"
	"github.com/backupchecks/backupchecks/storage"
)

func backupCmd(args []string, stdio IO) error {
	var cfg Config
	fs := newFlags("backup", "backup --data DIR --out FILE [--encrypt | --passphrase-file F]", stdio, &cfg)
	out := fs.String("out", "", "write the backup to `FILE` (- for standard output)")
	encrypt := fs.Bool("encrypt", false, "encrypt with a passphrase asked for on the terminal (or env BACKUPCHECKS_BACKUP_PASSPHRASE)")
	passFile := fs.String("passphrase-file", "", "encrypt with the passphrase in `FILE`")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *out == "" {
		fs.Usage()
		return errUsage
	}
	pass := env("BACKUPCHECKS_BACKUP_PASSPHRASE")
	if *passFile != "" || (*encrypt && pass == "") {
		p, err := secretInput(stdio, *passFile, "Backup passphrase", true)
		if err != nil {
			return err
		}
		pass = p
	}
	if pass == "" {
		fmt.Fprintln(stdio.Err, "warning: this backup is NOT encrypted: it holds every record and the key to the stored integration passwords. Use --encrypt to protect it.")
	}
	write := func(w io.Writer) error {
		return withServerOrStore(cfg.Data, false,
			func(c *control.Client) error {
				return c.Backup(w, control.BackupRequest{Passphrase: pass, Caller: osUser()})
			},
			func(st *storage.Store) error {
				return maintenance.NewService(st, Version()).Backup(w, pass, control.Actor(osUser()), audit.BackupCLI)
			})
	}
	if *out == "-" {
		return write(stdio.Out)
	}
	return writeFileAtomically(*out, write)
}

// writeFileAtomically writes to a temporary file beside path and renames it
// into place only when fill succeeded, so a failed backup never leaves a
// file that looks complete.
func writeFileAtomically(path string, fill func(io.Writer) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".partial-")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := fill(tmp); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
