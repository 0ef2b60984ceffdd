package cli

import (
	"fmt"

	"github.com/backupchecks/backupchecks/app/accounts"
	"github.com/backupchecks/backupchecks/app/control"
	"github.com/backupchecks/backupchecks/app/sessions"
	"github.com/backupchecks/backupchecks/storage"
)

const userUsage = `Usage:
  backupchecks user add NAME [--role admin|operator|reporter] [--display-name TEXT] [--password-file F]
  backupchecks user passwd NAME [--password-file F]

The password is asked for on the terminal, read from --password-file, or
taken from the first line of standard input. Both work while the server runs.
`

func userCmd(args []string, stdio IO) error {
	if len(args) == 0 || (args[0] != "add" && args[0] != "passwd") {
		fmt.Fprint(stdio.Err, userUsage)
		return errUsage
	}
	sub := args[0]
	var cfg Config
	fs := newFlags("user "+sub, "user "+sub+" NAME [flags]", stdio, &cfg)
	role := fs.String("role", "admin", "`role` of the new user: admin, operator or reporter")
	display := fs.String("display-name", "", "display `name` of the new user")
	passFile := fs.String("password-file", "", "read the password from `FILE`")
	flags, pos := splitArgs(args[1:], map[string]bool{"h": true, "help": true})
	if err := parse(fs, flags); err != nil {
		return err
	}
	if len(pos) != 1 {
		fmt.Fprint(stdio.Err, userUsage)
		return errUsage
	}
	name := pos[0]
	pw, err := secretInput(stdio, *passFile, "Password for "+name, true)
	if err != nil {
		return err
	}
	req := control.UserRequest{Username: name, DisplayName: *display, Role: accounts.Role(*role), Password: pw, Caller: osUser()}
	local := func(st *storage.Store) error {
		svc := accounts.NewService(st, sessions.NewManager(st), accounts.NewThrottle())
		if sub == "add" {
			_, err := svc.Create(accounts.NewUser{Username: name, DisplayName: *display, Role: req.Role, Password: pw, Confirm: pw}, control.Actor(req.Caller))
			return err
		}
		_, err := svc.SetPasswordByName(name, pw, control.Actor(req.Caller))
		return err
	}
	remote := func(c *control.Client) error {
		if sub == "add" {
			return c.AddUser(req)
		}
		return c.SetPassword(req)
	}
	if err := withServerOrStore(cfg.Data, sub == "add", remote, local); err != nil {
		return err
	}
	if sub == "add" {
		fmt.Fprintf(stdio.Out, "User %s created as %s.\n", name, req.Role.Label())
	} else {
		fmt.Fprintf(stdio.Out, "Password of %s set; their sessions were ended.\n", name)
	}
	return nil
}
