package cove

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/backupchecks/backupchecks/integrations/lenient"
)

// envelope is a JSON-RPC reply. The method's value sits one level down, at
// result.result; siblings of that inner result are OUT parameters
// (totalStatistics), which this client does not use.
type envelope[T any] struct {
	Visa   string `json:"visa"`
	Result *struct {
		Result T `json:"result"`
	} `json:"result"`
	Error *wireError `json:"error"`
}

// wireError keeps every member raw: "data" is an int in every reply seen,
// but nothing promises it.
type wireError struct {
	Code    json.RawMessage `json:"code"`
	Data    json.RawMessage `json:"data"`
	Message json.RawMessage `json:"message"`
}

func (w *wireError) rpcError() *RPCError {
	code, _ := lenient.Int(w.Code)
	data, _ := lenient.Int(w.Data)
	return &RPCError{Code: int(code), Data: int(data), Message: lenient.Text(w.Message)}
}

// decodeReply reads one reply. An RPC error is returned as rerr (with the
// visa, if any); anything unreadable is a malformedError.
func decodeReply[T any](method string, body []byte) (res T, visa string, rerr *RPCError, err error) {
	var env envelope[T]
	if err := json.Unmarshal(body, &env); err != nil {
		// A type mismatch deep in the result does not hide an error reply:
		// encoding/json decodes the rest before it reports the mismatch.
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) && env.Error != nil {
			return res, env.Visa, env.Error.rpcError(), nil
		}
		return res, "", nil, &malformedError{method: method, err: err}
	}
	switch {
	case env.Error != nil:
		return res, env.Visa, env.Error.rpcError(), nil
	case env.Result == nil:
		return res, "", nil, &malformedError{method: method, err: errors.New("neither result nor error")}
	}
	return env.Result.Result, env.Visa, nil, nil
}

// flexInt is an integer that may arrive as a number, a numeric string or null.
type flexInt int64

func (n *flexInt) UnmarshalJSON(b []byte) error {
	v, ok := lenient.Int(b)
	if !ok && string(b) != "null" {
		return fmt.Errorf("not an integer: %s", snippet(b))
	}
	*n = flexInt(v)
	return nil
}

// flexStrings is a list of names that may be null, a list, or one string.
type flexStrings []string

func (f *flexStrings) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*f = nil
		return nil
	}
	var ss []string
	if err := json.Unmarshal(b, &ss); err == nil {
		*f = ss
		return nil
	}
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	list, ok := v.([]any)
	if !ok {
		list = []any{v}
	}
	out := make([]string, 0, len(list))
	for _, e := range list {
		switch e := e.(type) {
		case nil:
		case string:
			out = append(out, e)
		default:
			raw, _ := json.Marshal(e)
			out = append(out, string(raw))
		}
	}
	*f = out
	return nil
}

// rawText keeps a JSON value as one string, to be parsed later with a
// per-page key table (see parseSettings).
type rawText string

func (r *rawText) UnmarshalJSON(b []byte) error {
	*r = rawText(b)
	return nil
}
