package cli

import (
	"errors"
	"fmt"

	"github.com/backupchecks/backupchecks/app/appliance"
	"github.com/backupchecks/backupchecks/app/control"
	"github.com/backupchecks/backupchecks/storage"
)

// importMailCmd polls the configured mailbox once, on a stopped data
// directory: for an admin who wants the mail in now, and for the crash
// test, which kills it mid-import again and again.
func importMailCmd(args []string, stdio IO) error {
	var cfg Config
	fs := newFlags("import-mail", "import-mail --data DIR", stdio, &cfg)
	if err := parse(fs, args); err != nil {
		return err
	}
	if _, ok := control.Dial(cfg.Data); ok {
		return errors.New("the server is running and imports mail by itself; use Import now in Settings → Mail import to poll at once")
	}
	st, err := storage.Open(storage.Options{Dir: cfg.Data})
	if err != nil {
		return err
	}
	defer st.Close()
	a, err := appliance.New(st, appliance.Options{Version: Version()})
	if err != nil {
		return err
	}
	m, err := a.Settings.MailImport()
	if err != nil {
		return err
	}
	if !m.Enabled {
		return errors.New("mail import is off; switch it on in Settings → Mail import")
	}
	res, err := a.MailPoller.Poll()
	fmt.Fprintf(stdio.Out, "fetched %d, new runs %d, to the Inbox %d, duplicates %d, left alone %d, errors %d\n",
		res.Fetched, res.NewRuns, res.ToInbox, res.Duplicates, res.LeftAlone, res.Errors)
	if err == nil && res.Err != "" {
		err = errors.New(res.Err)
	}
	return err
}
