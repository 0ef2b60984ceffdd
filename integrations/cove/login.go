package cove

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
)

// User is the signed-in user as Login reports it.
type User struct {
	ID        int64
	PartnerID int64 // the user's own partner: the root of everything it may see
	Name      string
	Email     string
	Flags     []string // e.g. "SecurityOfficer", "NonInteractive" for an API user
}

type loginParams struct {
	Partner  string `json:"partner"` // always sent, even empty
	Username string `json:"username"`
	Password string `json:"password"`
}

type wireUser struct {
	ID           flexInt     `json:"Id"`
	PartnerID    flexInt     `json:"PartnerId"`
	Name         string      `json:"Name"`
	EmailAddress string      `json:"EmailAddress"`
	Flags        flexStrings `json:"Flags"`
}

// Login starts a new session and returns who it belongs to. Other calls
// log in by themselves when needed; call Login to check credentials or to
// learn the user's PartnerID. A refused login returns an error wrapping
// ErrBadCredentials and is never retried: Cove locks a user out after
// repeated failures.
func (c *Client) Login(ctx context.Context) (User, error) {
	c.loginMu.Lock()
	defer c.loginMu.Unlock()
	return c.login(ctx)
}

// login does the work of Login; the caller holds loginMu.
func (c *Client) login(ctx context.Context) (User, error) {
	const method = "Login"
	ctx, cancel := Within(ctx, c.cfg.PageTimeout, "the login")
	defer cancel()
	params := loginParams{Partner: c.cfg.Partner, Username: c.cfg.Username, Password: c.cfg.Password}
	// No visa: Login is the one call that goes without.
	body, err := json.Marshal(request{JSONRPC: "2.0", ID: "jsonrpc", Method: method, Params: params})
	if err != nil {
		return User{}, fmt.Errorf("cove login: encoding the request: %w", err)
	}
	reply, err := c.post(ctx, method, body)
	if err != nil {
		return User{}, err
	}
	u, visa, rerr, err := decodeReply[wireUser](method, reply)
	switch {
	case err != nil:
		return User{}, err
	case rerr != nil && rerr.Data == dataBadCredentials:
		return User{}, fmt.Errorf("cove login: %w: %w", ErrBadCredentials, rerr)
	case rerr != nil:
		return User{}, fmt.Errorf("cove login: %w", rerr)
	case visa == "":
		return User{}, &malformedError{method: method, err: errors.New("no visa in a successful login")}
	}
	c.loggedIn(visa)
	return User{ID: int64(u.ID), PartnerID: int64(u.PartnerID), Name: u.Name, Email: u.EmailAddress, Flags: u.Flags}, nil
}
