package cli

import (
	"fmt"
	"os"

	"github.com/backupchecks/backupchecks/storage"
)

func restoreCmd(args []string, stdio IO) error {
	var cfg Config
	fs := newFlags("restore", "restore --in FILE --data DIR [--passphrase-file F]", stdio, &cfg)
	in := fs.String("in", "", "backup `FILE` to restore")
	passFile := fs.String("passphrase-file", "", "read the passphrase of an encrypted backup from `FILE`")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *in == "" {
		fs.Usage()
		return errUsage
	}
	f, err := os.Open(*in)
	if err != nil {
		return err
	}
	defer f.Close()
	m, err := storage.Restore(cfg.Data, f, func() (string, error) {
		if p := env("BACKUPCHECKS_BACKUP_PASSPHRASE"); p != "" && *passFile == "" {
			return p, nil
		}
		return secretInput(stdio, *passFile, "This backup is encrypted. Passphrase", false)
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdio.Out, "Restored backup of %s (version %s, schema %d) into %s.\nStart the server with --data %s.\n",
		m.Created.Format("2006-01-02 15:04 MST"), m.AppVersion, m.SchemaVersion, cfg.Data, cfg.Data)
	return nil
}
