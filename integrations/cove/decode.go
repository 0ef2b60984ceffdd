package cove

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
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
	code, _ := lenientInt(w.Code)
	data, _ := lenientInt(w.Data)
	return &RPCError{Code: int(code), Data: int(data), Message: lenientText(w.Message)}
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
	v, ok := lenientInt(b)
	if !ok && string(b) != "null" {
		return fmt.Errorf("not an integer: %s", snippet(b))
	}
	*n = flexInt(v)
	return nil
}

// lenientInt reads a JSON number or numeric string; false for anything else.
func lenientInt(b []byte) (int64, bool) {
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '"' {
		var s string
		if json.Unmarshal(b, &s) != nil {
			return 0, false
		}
		return parseInt(s)
	}
	return parseInt(string(b))
}

// parseInt accepts "42" and integral floats such as "42.0" or "4.2e1".
func parseInt(s string) (int64, bool) {
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		return n, true
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f != math.Trunc(f) || f < math.MinInt64 || f >= math.MaxInt64 {
		return 0, false
	}
	return int64(f), true
}

// lenientText is a string member as text, whatever JSON type it came as.
func lenientText(b []byte) string {
	b = bytes.TrimSpace(b)
	if len(b) == 0 || string(b) == "null" {
		return ""
	}
	var s string
	if b[0] == '"' && json.Unmarshal(b, &s) == nil {
		return s
	}
	return string(b)
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
