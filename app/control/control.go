// Package control is the local admin channel between the `backupchecks`
// command line and a running server. Badger lets one process own a data
// directory, so while the server runs, `backup` and `user` talk to it over
// a unix socket inside the data directory (mode 0600: only the service's
// own user and root can connect). The socket offers admin operations only.
package control

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/backupchecks/backupchecks/app/accounts"
	"github.com/backupchecks/backupchecks/app/audit"
	"github.com/backupchecks/backupchecks/app/coveimport"
	"github.com/backupchecks/backupchecks/app/maintenance"
	"github.com/backupchecks/backupchecks/integrations/cove"
)

// SocketName is the socket's file name inside the data directory.
const SocketName = "control.sock"

// SocketPath returns the socket path for a data directory.
func SocketPath(dataDir string) string { return filepath.Join(dataDir, SocketName) }

// UserRequest creates a user or sets a password.
type UserRequest struct {
	Username    string        `json:"username"`
	DisplayName string        `json:"display_name,omitempty"`
	Role        accounts.Role `json:"role,omitempty"`
	Password    string        `json:"password"`
	Caller      string        `json:"caller"` // OS user running the command, for the audit log
}

// BackupRequest asks for a backup stream.
type BackupRequest struct {
	Passphrase string `json:"passphrase"`
	Caller     string `json:"caller"`
}

// Server answers the socket.
type Server struct {
	Accounts    *accounts.Service
	Maintenance *maintenance.Service
	// CovePoll polls Cove once now, as Settings → Cove → Poll now does,
	// audited under the caller.
	CovePoll func(ctx context.Context, by audit.Actor) (coveimport.PollResult, error)
	Logger   *slog.Logger
	srv      *http.Server
}

// Listen opens the socket (replacing a stale one left by a crash) and serves it.
func (s *Server) Listen(dataDir string) error {
	path := SocketPath(dataDir)
	if err := os.Remove(path); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("control socket: %w", err)
	}
	ln, err := net.Listen("unix", path)
	if err != nil {
		return fmt.Errorf("control socket: %w", err)
	}
	if err := os.Chmod(path, 0o600); err != nil {
		ln.Close()
		return fmt.Errorf("control socket: %w", err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /backup", s.backup)
	mux.HandleFunc("POST /users", s.userAdd)
	mux.HandleFunc("POST /users/password", s.userPassword)
	mux.HandleFunc("POST /cove/poll", s.covePoll)
	s.srv = &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		if err := s.srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			s.Logger.Error("control socket stopped", "error", err)
		}
	}()
	return nil
}

// Shutdown stops serving and removes the socket.
func (s *Server) Shutdown(ctx context.Context) error {
	if s.srv == nil {
		return nil
	}
	return s.srv.Shutdown(ctx) // the unix listener unlinks its socket file on close
}

// Actor is how command-line actions appear in the audit log.
func Actor(caller string) audit.Actor { return audit.Actor{IP: "cli:" + caller} }

func (s *Server) backup(w http.ResponseWriter, r *http.Request) {
	var req BackupRequest
	if err := json.NewDecoder(io.LimitReader(r.Body, 1<<16)).Decode(&req); err != nil {
		http.Error(w, "bad request: "+err.Error(), http.StatusBadRequest)
		return
	}
	w.Header().Set("Content-Type", "application/octet-stream")
	if err := s.Maintenance.Backup(w, req.Passphrase, Actor(req.Caller), audit.BackupCLI); err != nil {
		s.Logger.Error("backup over control socket failed", "error", err)
		// The status is already sent; aborting the connection makes the client see a broken stream.
		panic(http.ErrAbortHandler)
	}
}

func (s *Server) userAdd(w http.ResponseWriter, r *http.Request) {
	var req UserRequest
	if err := json.NewDecoder(io.LimitReader(r.Body, 1<<16)).Decode(&req); err != nil {
		http.Error(w, "bad request: "+err.Error(), http.StatusBadRequest)
		return
	}
	u, err := s.Accounts.Create(accounts.NewUser{Username: req.Username, DisplayName: req.DisplayName, Role: req.Role,
		Password: req.Password, Confirm: req.Password}, Actor(req.Caller))
	reply(w, u, err)
}

func (s *Server) userPassword(w http.ResponseWriter, r *http.Request) {
	var req UserRequest
	if err := json.NewDecoder(io.LimitReader(r.Body, 1<<16)).Decode(&req); err != nil {
		http.Error(w, "bad request: "+err.Error(), http.StatusBadRequest)
		return
	}
	u, err := s.Accounts.SetPasswordByName(req.Username, req.Password, Actor(req.Caller))
	reply(w, u, err)
}

// CovePollRequest asks for a Cove poll.
type CovePollRequest struct {
	Caller string `json:"caller"`
}

func (s *Server) covePoll(w http.ResponseWriter, r *http.Request) {
	var req CovePollRequest
	if err := json.NewDecoder(io.LimitReader(r.Body, 1<<16)).Decode(&req); err != nil && !errors.Is(err, io.EOF) {
		http.Error(w, "bad request: "+err.Error(), http.StatusBadRequest)
		return
	}
	res, err := s.CovePoll(r.Context(), Actor(req.Caller))
	if err != nil {
		http.Error(w, "the Cove poll failed: "+cove.Explain(err), http.StatusBadGateway)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(res)
}

func reply(w http.ResponseWriter, u accounts.User, err error) {
	if err != nil {
		code := http.StatusInternalServerError
		var ve *accounts.ValidationError
		switch {
		case errors.As(err, &ve), errors.Is(err, accounts.ErrUsernameTaken):
			code = http.StatusUnprocessableEntity
		case errors.Is(err, accounts.ErrUserNotFound):
			code = http.StatusNotFound
		}
		http.Error(w, err.Error(), code)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(map[string]string{"username": u.Username, "role": string(u.Role)})
}

// Client talks to a running server's socket.
type Client struct{ http *http.Client }

// Dial returns a client when a server answers on the data directory's
// socket, or ok=false when no server runs there.
func Dial(dataDir string) (c *Client, ok bool) {
	path := SocketPath(dataDir)
	conn, err := net.DialTimeout("unix", path, 2*time.Second)
	if err != nil {
		return nil, false
	}
	conn.Close()
	tr := &http.Transport{DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
		var d net.Dialer
		return d.DialContext(ctx, "unix", path)
	}}
	return &Client{http: &http.Client{Transport: tr}}, true
}

func (c *Client) post(path string, body any) (*http.Response, error) {
	b, err := json.Marshal(body)
	if err != nil {
		return nil, err
	}
	resp, err := c.http.Post("http://backupchecks"+path, "application/json", strings.NewReader(string(b)))
	if err != nil {
		return nil, fmt.Errorf("running server: %w", err)
	}
	if resp.StatusCode != http.StatusOK {
		msg, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
		resp.Body.Close()
		return nil, errors.New(strings.TrimSpace(string(msg)))
	}
	return resp, nil
}

// Backup copies a backup stream from the server into w.
func (c *Client) Backup(w io.Writer, req BackupRequest) error {
	resp, err := c.post("/backup", req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if _, err := io.Copy(w, resp.Body); err != nil {
		return fmt.Errorf("backup stream from the running server broke: %w", err)
	}
	return nil
}

// AddUser creates a user through the server.
func (c *Client) AddUser(req UserRequest) error {
	resp, err := c.post("/users", req)
	if err == nil {
		resp.Body.Close()
	}
	return err
}

// PollCove has the server poll Cove once, audited under caller (the OS
// user), and returns what the poll did.
func (c *Client) PollCove(caller string) (coveimport.PollResult, error) {
	var res coveimport.PollResult
	resp, err := c.post("/cove/poll", CovePollRequest{Caller: caller})
	if err != nil {
		return res, err
	}
	defer resp.Body.Close()
	return res, json.NewDecoder(resp.Body).Decode(&res)
}

// SetPassword sets a user's password through the server.
func (c *Client) SetPassword(req UserRequest) error {
	resp, err := c.post("/users/password", req)
	if err == nil {
		resp.Body.Close()
	}
	return err
}
