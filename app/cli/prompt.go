package cli

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"strings"

	"golang.org/x/term"
)

// secretInput reads a password or passphrase: from a file when given, else
// from the terminal without echo (asked twice when confirm), else the first
// line of standard input so scripts can pipe it in.
func secretInput(stdio IO, file, prompt string, confirm bool) (string, error) {
	if file != "" {
		b, err := os.ReadFile(file)
		if err != nil {
			return "", err
		}
		return strings.TrimRight(string(b), "\r\n"), nil
	}
	if f, ok := stdio.In.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		fmt.Fprint(stdio.Err, prompt+": ")
		a, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(stdio.Err)
		if err != nil {
			return "", err
		}
		if confirm {
			fmt.Fprint(stdio.Err, "Repeat: ")
			b, err := term.ReadPassword(int(f.Fd()))
			fmt.Fprintln(stdio.Err)
			if err != nil {
				return "", err
			}
			if string(a) != string(b) {
				return "", errors.New("the two entries differ")
			}
		}
		return string(a), nil
	}
	line, err := bufio.NewReader(stdio.In).ReadString('\n')
	if err != nil && line == "" {
		return "", fmt.Errorf("%s: nothing on standard input (use a terminal, a pipe, or a file flag)", prompt)
	}
	return strings.TrimRight(line, "\r\n"), nil
}

// osUser names who runs the command, for the audit log.
func osUser() string {
	if u := os.Getenv("SUDO_USER"); u != "" {
		return u
	}
	if u := os.Getenv("USER"); u != "" {
		return u
	}
	return fmt.Sprintf("uid %d", os.Getuid())
}
