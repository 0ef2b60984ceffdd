package cove_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/backupchecks/backupchecks/integrations/cove"
)

// scripted serves a fixed Login reply and then the given reply to every
// other call: shapes the fake never sends but Cove might.
func scripted(t *testing.T, reply string) *cove.Client {
	t.Helper()
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if strings.Contains(string(body), `"method":"Login"`) {
			io.WriteString(w, `{"id":"jsonrpc","jsonrpc":"2.0","result":{"result":{"Id":"7","PartnerId":33491.0,"Name":"u","Flags":null}},"visa":"v1"}`)
			return
		}
		io.WriteString(w, reply)
	}))
	t.Cleanup(ts.Close)
	return cove.New(cove.Config{URL: ts.URL, Username: "u", Password: "p"})
}

func TestLenientSettings(t *testing.T) {
	c := scripted(t, `{"id":"jsonrpc","jsonrpc":"2.0","visa":"v2","result":{"totalStatistics":null,"result":[
		{"AccountId":"11","PartnerId":5,"Flags":"Trial","Settings":[
			{"I1":"a\"b\u00e9"},{"D09F00":5},{"D09F15":1.718e9},{"I16":null},{"I78":["D01","D02"]},{"X":true},
			{"A":"1","B":"2"},null]},
		{"AccountId":12,"PartnerId":5,"Flags":[1,null,"x"],"Settings":{"I1":"plain"}},
		{"AccountId":13,"PartnerId":5,"Settings":null},
		{"AccountId":14,"PartnerId":5}]}}`)
	all, err := collect(t, c, 5, "I1")
	if err != nil || len(all) != 4 {
		t.Fatalf("%d accounts, %v", len(all), err)
	}
	a := all[0]
	want := map[string]string{"I1": `a"bé`, "D09F00": "5", "D09F15": "1.718e9", "I78": `["D01","D02"]`, "X": "true", "A": "1", "B": "2"}
	for k, v := range want {
		if a.Value(k) != v {
			t.Errorf("%s = %q, want %q", k, a.Value(k), v)
		}
	}
	if _, ok := a.Settings["I16"]; ok {
		t.Error("null must read as missing")
	}
	if n, ok := a.Int("D09F15"); !ok || n != 1718000000 || a.Time("D09F15").Unix() != 1718000000 {
		t.Errorf("a float timestamp: %d %v", n, ok)
	}
	if a.ID != 11 || len(a.Flags) != 1 || a.Flags[0] != "Trial" {
		t.Errorf("account 11: %+v", a)
	}
	if b := all[1]; b.Value("I1") != "plain" || strings.Join(b.Flags, ",") != "1,x" {
		t.Errorf("account 12: %+v", b)
	}
	if all[2].Settings == nil || all[3].Settings == nil || len(all[3].Settings) != 0 {
		t.Errorf("missing Settings: %+v %+v", all[2], all[3])
	}
}

func TestErrorDataMayBeAString(t *testing.T) {
	c := scripted(t, `{"id":"jsonrpc","jsonrpc":"2.0","error":{"code":"-32603","data":"13501","message":"Operation failed because of security reasons."}}`)
	_, err := collect(t, c, 5, "I1")
	var rpcErr *cove.RPCError
	if !errors.Is(err, cove.ErrPermission) || !errors.As(err, &rpcErr) || rpcErr.Code != -32603 || rpcErr.Data != 13501 {
		t.Fatalf("got %v", err)
	}
	if !strings.Contains(err.Error(), "Operation failed because of security reasons.") || !strings.Contains(err.Error(), "13501") {
		t.Fatalf("message: %v", err)
	}
}

func TestGenericRPCErrorsPassThrough(t *testing.T) {
	c := scripted(t, `{"id":"jsonrpc","jsonrpc":"2.0","error":{"code":-32601,"message":"Method not found"}}`)
	_, err := collect(t, c, 5, "I1")
	var rpcErr *cove.RPCError
	if !errors.As(err, &rpcErr) || rpcErr.Code != -32601 || errors.Is(err, cove.ErrPermission) {
		t.Fatalf("got %v", err)
	}
	// Cove's own words stay in the log; the operator reads a sentence.
	if msg := cove.Explain(err); strings.Contains(msg, "Method not found") || !strings.Contains(msg, "JSON-RPC code -32601") {
		t.Fatalf("explanation: %q", msg)
	}
}

func TestRepliesThatAreNotReplies(t *testing.T) {
	for _, reply := range []string{``, `null`, `[]`, `{"id":"jsonrpc"}`, `{"result":{"result":[{"AccountId":{}}]}}`, `{"result":{"result":"rows"}}`} {
		_, err := collect(t, scripted(t, reply), 5, "I1")
		if err == nil || !strings.HasPrefix(err.Error(), "cove: malformed reply from EnumerateAccountStatistics") {
			t.Errorf("%q: %v", reply, err)
		}
	}
}

func TestNoVisaStaysOnTheCurrentOne(t *testing.T) {
	// Replies without a visa (not what Cove does) must not wipe the session.
	c := scripted(t, `{"id":"jsonrpc","jsonrpc":"2.0","result":{"result":[]}}`)
	for range 2 {
		if _, err := collect(t, c, 5, "I1"); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := c.Login(context.Background()); err != nil {
		t.Fatal(err)
	}
}
