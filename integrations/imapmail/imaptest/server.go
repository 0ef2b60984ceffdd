// Package imaptest runs go-imap's in-memory IMAP server on loopback for
// tests, shaped like the servers Backupchecks meets: a modern one with
// MOVE and UIDPLUS, or an old one without, and one that refuses to create
// folders.
package imaptest

import (
	"net"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
	"github.com/emersion/go-imap/v2/imapserver"
	"github.com/emersion/go-imap/v2/imapserver/imapmemserver"
	"github.com/emersion/go-sasl"
)

// Options shape the server.
type Options struct {
	Old          bool   // IMAP4rev1 only: no MOVE, no UIDPLUS
	RefuseCreate bool   // CREATE always fails (a read-only or quota-full account)
	OAuthToken   string // accept SASL XOAUTH2 with this bearer token only, as Microsoft 365 does
}

// Server is a running test server with one user.
type Server struct {
	Addr     string
	Username string
	Password string
	User     *imapmemserver.User
}

// Start runs a server until the test ends. Its user has an INBOX.
func Start(t testing.TB, o Options) *Server {
	t.Helper()
	mem := imapmemserver.New()
	s := &Server{Username: "reports@msp.test", Password: "correct horse"}
	s.User = imapmemserver.NewUser(s.Username, s.Password)
	if err := s.User.Create("INBOX", nil); err != nil {
		t.Fatal(err)
	}
	mem.AddUser(s.User)
	caps := imap.CapSet{imap.CapIMAP4rev1: {}, imap.CapIMAP4rev2: {}}
	if o.Old {
		caps = imap.CapSet{imap.CapIMAP4rev1: {}}
	}
	srv := imapserver.New(&imapserver.Options{
		NewSession: func(*imapserver.Conn) (imapserver.Session, *imapserver.GreetingData, error) {
			sess := mem.NewSession().(imapserver.SessionIMAP4rev2)
			switch {
			case o.OAuthToken != "":
				return &xoauth2Session{SessionIMAP4rev2: sess, token: o.OAuthToken, user: s.Username, pass: s.Password}, nil, nil
			case o.RefuseCreate:
				return refuseCreate{sess}, nil, nil
			}
			return sess, nil, nil
		},
		Caps:         caps,
		InsecureAuth: true,
		Logger:       discard{},
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	s.Addr = ln.Addr().String()
	return s
}

// Append puts a message into a folder over IMAP, as a delivery would.
func (s *Server) Append(t testing.TB, folder string, raw []byte, received time.Time) {
	t.Helper()
	c := s.client(t)
	defer c.Close()
	cmd := c.Append(folder, int64(len(raw)), &imap.AppendOptions{Time: received})
	if _, err := cmd.Write(raw); err != nil {
		t.Fatal(err)
	}
	if err := cmd.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := cmd.Wait(); err != nil {
		t.Fatalf("append to %s: %v", folder, err)
	}
}

// Count is how many messages a folder holds, not counting ones marked
// \Deleted; 0 for a folder that does not exist.
func (s *Server) Count(t testing.TB, folder string) int {
	t.Helper()
	c := s.client(t)
	defer c.Close()
	st, err := c.Status(folder, &imap.StatusOptions{NumMessages: true}).Wait()
	if err != nil {
		return 0
	}
	if _, err := c.Select(folder, &imap.SelectOptions{ReadOnly: true}).Wait(); err != nil {
		t.Fatal(err)
	}
	deleted, err := c.Search(&imap.SearchCriteria{Flag: []imap.Flag{imap.FlagDeleted}}, nil).Wait()
	if err != nil {
		t.Fatal(err)
	}
	return int(*st.NumMessages) - len(deleted.AllSeqNums())
}

func (s *Server) client(t testing.TB) *imapclient.Client {
	t.Helper()
	c, err := imapclient.DialInsecure(s.Addr, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Login(s.Username, s.Password).Wait(); err != nil {
		t.Fatal(err)
	}
	return c
}

// xoauth2Session signs in with XOAUTH2 and the one valid token.
type xoauth2Session struct {
	imapserver.SessionIMAP4rev2
	token, user, pass string
}

func (x *xoauth2Session) AuthenticateMechanisms() []string { return []string{"XOAUTH2"} }

func (x *xoauth2Session) Authenticate(mech string) (sasl.Server, error) {
	if mech != "XOAUTH2" {
		return nil, imapserver.ErrAuthFailed
	}
	return saslFunc(func(resp []byte) ([]byte, bool, error) {
		if resp == nil {
			return []byte{}, false, nil // no initial response: ask for it
		}
		want := "user=" + x.user + "\x01auth=Bearer " + x.token + "\x01\x01"
		if string(resp) != want {
			return nil, false, imapserver.ErrAuthFailed
		}
		return nil, true, x.Login(x.user, x.pass)
	}), nil
}

type saslFunc func([]byte) ([]byte, bool, error)

func (f saslFunc) Next(resp []byte) ([]byte, bool, error) { return f(resp) }

type refuseCreate struct{ imapserver.SessionIMAP4rev2 }

func (refuseCreate) Create(string, *imap.CreateOptions) error {
	return &imap.Error{Type: imap.StatusResponseTypeNo, Text: "creating folders is not allowed for this account"}
}

type discard struct{}

func (discard) Printf(string, ...any) {}
