package covetest

import (
	"encoding/json"
	"strings"
	"time"
	"unicode/utf8"
)

// request is a decoded JSON-RPC request. Member names are matched exactly:
// Cove's dialect is case-sensitive.
type request struct {
	id           json.RawMessage // echoed verbatim; null when absent
	method       string
	visa         string
	visaBad      bool // a visa member that is not a string
	params       map[string]json.RawMessage
	rawParams    json.RawMessage
	visaInParams bool
	invalid      string // why the envelope is not a request; "" = fine
}

// parseRequest reads a body already known to be valid JSON.
func parseRequest(body []byte) request {
	req := request{id: json.RawMessage("null")}
	var top map[string]json.RawMessage
	if json.Unmarshal(body, &top) != nil {
		req.invalid = "not a JSON object (batches are not supported)"
		return req
	}
	if id, ok := top["id"]; ok {
		req.id = id
	}
	if json.Unmarshal(top["method"], &req.method) != nil || req.method == "" {
		req.invalid = "no method"
	}
	if v, ok := top["visa"]; ok && string(v) != "null" {
		req.visaBad = json.Unmarshal(v, &req.visa) != nil
	}
	req.rawParams = top["params"]
	if len(req.rawParams) > 0 && string(req.rawParams) != "null" {
		if json.Unmarshal(req.rawParams, &req.params) != nil {
			req.invalid = "params is not an object"
		}
	}
	for k := range req.params {
		if strings.EqualFold(k, "visa") {
			req.visaInParams = true
		}
	}
	return req
}

// rpcError is a JSON-RPC error as Cove words it (§6).
type rpcError struct {
	code, data int
	message    string
}

var (
	errVisa     = &rpcError{-32603, 1701, "Visa is inconsistent/corrupted"}
	errLogin    = &rpcError{-32603, 2100, "Unknown partner/username or bad password"}
	errSecurity = &rpcError{-32603, 13501, "Operation failed because of security reasons"}
	errMethod   = &rpcError{code: -32601, message: "Method not found"}
)

func invalidParams(why string) *rpcError {
	return &rpcError{code: -32602, message: "Invalid params: " + why}
}

// handler answers one method for a signed-in user: the inner result as
// JSON, plus any OUT-parameter members to put beside it.
type handler func(s *Server, u *User, params map[string]json.RawMessage, now time.Time, buf []byte) (result []byte, out string, err *rpcError)

var handlers = map[string]handler{
	"EnumerateAccountStatistics": (*Server).enumerateAccountStatistics,
	"EnumeratePartners":          (*Server).enumeratePartners,
	"GetServerInfo":              (*Server).getServerInfo,
}

// dispatch answers a request; the caller holds s.mu. It returns the reply,
// the error number it carries (0 = success) and the visa minted.
func (s *Server) dispatch(req request, now time.Time, buf []byte) ([]byte, int, string) {
	if req.invalid != "" {
		e := &rpcError{code: -32600, message: "Invalid Request: " + req.invalid}
		return appendError(buf, req.id, e), e.code, ""
	}
	if req.method == "Login" {
		s.logins++
		u, err := s.login(req)
		if err != nil {
			return appendError(buf, req.id, err), errNumber(err), ""
		}
		visa := s.mint(u, now)
		return appendResult(buf, req.id, userInfo(u, now), "", visa), 0, visa
	}
	h, ok := handlers[req.method]
	if !ok {
		return appendError(buf, req.id, errMethod), errMethod.code, ""
	}
	s.nonLogin++
	if n, f := s.nonLogin, s.faults; f.VisaErrorOnCall > 0 && n >= f.VisaErrorOnCall && n < f.VisaErrorOnCall+max(f.VisaErrorCount, 1) {
		return appendError(buf, req.id, errVisa), errVisa.data, ""
	}
	u := s.checkVisa(req, now)
	if u == nil {
		return appendError(buf, req.id, errVisa), errVisa.data, ""
	}
	// Reserve the envelope's head so a large result is written in place.
	head := len(buf)
	buf = appendHead(buf, req.id)
	result, out, err := h(s, u, req.params, now, buf)
	if err != nil {
		return appendError(buf[:head], req.id, err), errNumber(err), ""
	}
	visa := s.mint(u, now)
	return appendTail(result, out, visa), 0, visa
}

func errNumber(e *rpcError) int {
	if e.data != 0 {
		return e.data
	}
	return e.code
}

// appendHead starts a success reply up to the inner result's value.
func appendHead(b []byte, id json.RawMessage) []byte {
	b = append(b, `{"id":`...)
	b = append(b, id...)
	return append(b, `,"jsonrpc":"2.0","result":{"result":`...)
}

// appendTail closes a success reply after the inner result.
func appendTail(b []byte, out, visa string) []byte {
	b = append(b, out...)
	b = append(b, `},"visa":`...)
	b = appendString(b, visa)
	return append(b, '}')
}

func appendResult(b []byte, id json.RawMessage, v any, out, visa string) []byte {
	raw, err := json.Marshal(v)
	if err != nil {
		return appendError(b, id, &rpcError{code: -32603, message: "Internal error: " + err.Error()})
	}
	b = appendHead(b, id)
	b = append(b, raw...)
	return appendTail(b, out, visa)
}

// appendError writes an error reply: no result and, as far as anyone has
// seen, no visa.
func appendError(b []byte, id json.RawMessage, e *rpcError) []byte {
	b = append(b, `{"id":`...)
	b = append(b, id...)
	b = append(b, `,"jsonrpc":"2.0","error":{"code":`...)
	b = appendInt(b, e.code)
	if e.data != 0 {
		b = append(b, `,"data":`...)
		b = appendInt(b, e.data)
	}
	b = append(b, `,"message":`...)
	b = appendString(b, e.message)
	return append(b, `}}`...)
}

func appendInt(b []byte, n int) []byte {
	raw, _ := json.Marshal(n)
	return append(b, raw...)
}

// appendString writes s as a JSON string; plain ASCII, by far the common
// case, is copied as is.
func appendString(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c == '"' || c == '\\' || c >= utf8.RuneSelf {
			raw, _ := json.Marshal(s)
			return append(b, raw...)
		}
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}
