package cove

import (
	"context"
	"encoding/json"
	"fmt"
)

// request is the JSON-RPC envelope Cove expects. The visa is a top-level
// sibling of method and params: inside params Cove rejects it as corrupted.
type request struct {
	JSONRPC string `json:"jsonrpc"`
	ID      string `json:"id"`
	Visa    string `json:"visa,omitempty"`
	Method  string `json:"method"`
	Params  any    `json:"params"`
}

// rpc is one JSON-RPC exchange (with transport retries). It adopts the
// reply's visa, whether the reply is a result or an error.
func rpc[T any](ctx context.Context, c *Client, method string, params any, visa string) (T, *RPCError, error) {
	var zero T
	body, err := json.Marshal(request{JSONRPC: "2.0", ID: "jsonrpc", Visa: visa, Method: method, Params: params})
	if err != nil {
		return zero, nil, fmt.Errorf("cove %s: encoding the request: %w", method, err)
	}
	reply, err := c.post(ctx, method, body)
	if err != nil {
		return zero, nil, err
	}
	res, newVisa, rerr, err := decodeReply[T](method, reply)
	if err != nil {
		return zero, nil, err
	}
	c.adopt(newVisa)
	return res, rerr, nil
}

// call runs a method that needs a session: it logs in when there is no
// fresh visa, and on a rejected visa (1701) or a security refusal (13501)
// logs in once more and retries once, because both are also what a stale
// session looks like.
func call[T any](ctx context.Context, c *Client, method string, params any) (T, error) {
	var zero T
	if err := c.ensureSession(ctx); err != nil {
		return zero, err
	}
	retried := false
	for {
		visa, _, gen := c.session()
		res, rerr, err := rpc[T](ctx, c, method, params, visa)
		switch {
		case err != nil:
			return zero, err
		case rerr == nil:
			return res, nil
		case (rerr.Data == dataVisa || rerr.Data == dataSecurity) && !retried:
			retried = true
			if err := c.relogin(ctx, gen); err != nil {
				return zero, err
			}
			continue
		case rerr.Data == dataVisa:
			return zero, fmt.Errorf("cove %s: %w: %w", method, ErrVisa, rerr)
		case rerr.Data == dataSecurity:
			return zero, fmt.Errorf("cove %s: %w: %w", method, ErrPermission, rerr)
		case rerr.Data == dataBadCredentials:
			return zero, fmt.Errorf("cove %s: %w: %w", method, ErrBadCredentials, rerr)
		}
		return zero, fmt.Errorf("cove %s: %w", method, rerr)
	}
}

// ensureSession logs in when the visa is missing or older than visaMaxAge.
func (c *Client) ensureSession(ctx context.Context) error {
	if _, fresh, _ := c.session(); fresh {
		return nil
	}
	c.loginMu.Lock()
	defer c.loginMu.Unlock()
	if _, fresh, _ := c.session(); fresh {
		return nil // another goroutine logged in while this one waited
	}
	_, err := c.login(ctx)
	return err
}

// relogin logs in after the session of login generation gen was refused,
// unless another goroutine has logged in since.
func (c *Client) relogin(ctx context.Context, gen uint64) error {
	c.loginMu.Lock()
	defer c.loginMu.Unlock()
	if _, fresh, cur := c.session(); fresh && cur != gen {
		return nil
	}
	_, err := c.login(ctx)
	return err
}
