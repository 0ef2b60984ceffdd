package imapmail_test

import (
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/backupchecks/backupchecks/integrations/imapmail"
	"github.com/backupchecks/backupchecks/integrations/imapmail/imaptest"
)

func message(i int) []byte {
	return []byte(fmt.Sprintf("From: nas@example.test\r\nTo: reports@msp.test\r\nSubject: report %d\r\nMessage-ID: <m%d@example.test>\r\n"+
		"Date: Thu, 26 Nov 2026 10:0%d:00 +0000\r\n\r\n%s\r\n", i, i, i, strings.Repeat("body line\r\n", 100)))
}

func dial(t *testing.T, s *imaptest.Server) *imapmail.Conn {
	t.Helper()
	c, err := imapmail.Dial(imapmail.Config{Addr: s.Addr, Security: imapmail.None, Username: s.Username, Password: s.Password})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

func TestFetchAfterAUIDAndMove(t *testing.T) {
	for _, old := range []bool{false, true} {
		t.Run(fmt.Sprintf("old server %v", old), func(t *testing.T) {
			s := imaptest.Start(t, imaptest.Options{Old: old})
			for i := 1; i <= 3; i++ {
				s.Append(t, "INBOX", message(i), time.Now())
			}
			c := dial(t, s)
			if _, n, err := c.Select("INBOX"); err != nil || n != 3 {
				t.Fatalf("select: %d messages, %v", n, err)
			}
			msgs, err := c.After(0, 1<<20, 10)
			if err != nil || len(msgs) != 3 || msgs[0].UID >= msgs[2].UID || !strings.Contains(string(msgs[1].Raw), "Subject: report 2") {
				t.Fatalf("first fetch: %d messages, %v", len(msgs), err)
			}
			if again, _ := c.After(msgs[2].UID, 1<<20, 10); len(again) != 0 {
				t.Fatalf("after the highest UID the server still gave %d message(s) (the '*' pitfall)", len(again))
			}
			if two, _ := c.After(msgs[0].UID, 1<<20, 1); len(two) != 1 || two[0].UID != msgs[1].UID {
				t.Fatal("the limit or the order is not kept")
			}
			if err := c.EnsureFolder("Processed"); err != nil {
				t.Fatal(err)
			}
			if err := c.Move(msgs[0].UID, "Processed"); err != nil {
				t.Fatal(err)
			}
			if in, done := s.Count(t, "INBOX"), s.Count(t, "Processed"); in != 2 || done != 1 {
				t.Fatalf("after the move: INBOX %d, Processed %d", in, done)
			}
		})
	}
}

// go-imap's own MOVE fallback deleted the message when the copy failed;
// ours must leave it where it is.
func TestAFailedMoveLosesNothing(t *testing.T) {
	s := imaptest.Start(t, imaptest.Options{Old: true, RefuseCreate: true})
	s.Append(t, "INBOX", message(1), time.Now())
	c := dial(t, s)
	c.Select("INBOX")
	if err := c.EnsureFolder("Processed"); err == nil {
		t.Fatal("creating a folder on a server that refuses it succeeded")
	}
	msgs, _ := c.After(0, 1<<20, 10)
	if err := c.Move(msgs[0].UID, "Processed"); err == nil {
		t.Fatal("a move into a folder that does not exist succeeded")
	}
	if n := s.Count(t, "INBOX"); n != 1 {
		t.Fatalf("the message is gone from INBOX after a failed move (%d left)", n)
	}
}

func TestLargeMessagesComeWithTheirHeaderOnly(t *testing.T) {
	s := imaptest.Start(t, imaptest.Options{})
	s.Append(t, "INBOX", message(1), time.Now())
	c := dial(t, s)
	c.Select("INBOX")
	msgs, err := c.After(0, 100, 10)
	if err != nil || len(msgs) != 1 || !msgs[0].Partial || strings.Contains(string(msgs[0].Raw), "body line") || !strings.Contains(string(msgs[0].Raw), "Subject: report 1") {
		t.Fatalf("a message over the limit: %+v %v", msgs, err)
	}
}

func TestPlainConnectionsOnlyToLoopback(t *testing.T) {
	_, err := imapmail.Dial(imapmail.Config{Addr: "192.0.2.10:143", Security: imapmail.None, Username: "x", Password: "y"})
	if !errors.Is(err, imapmail.ErrInsecure) {
		t.Fatalf("a plain connection to another host: %v", err)
	}
	s := imaptest.Start(t, imaptest.Options{})
	if _, err := imapmail.Dial(imapmail.Config{Addr: s.Addr, Security: imapmail.None, Username: s.Username, Password: "wrong"}); err == nil || !strings.Contains(err.Error(), "sign in") {
		t.Fatalf("a wrong password: %v", err)
	}
}

// Microsoft 365 style: a token from the client-credentials grant, then
// SASL XOAUTH2 with it; a wrong token is refused.
func TestSignInWithOAuth2(t *testing.T) {
	var gotForm url.Values
	tokens := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.ParseForm()
		gotForm = r.PostForm
		user, pass, _ := r.BasicAuth()
		if user == "" {
			user, pass = r.PostForm.Get("client_id"), r.PostForm.Get("client_secret")
		}
		if user != "app-id" || pass != "app-secret" {
			w.WriteHeader(http.StatusUnauthorized)
			w.Write([]byte(`{"error":"invalid_client","error_description":"AADSTS7000215: Invalid client secret provided."}`))
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"access_token":"tok-123","token_type":"Bearer","expires_in":3600}`))
	}))
	defer tokens.Close()
	s := imaptest.Start(t, imaptest.Options{OAuthToken: "tok-123"})
	cfg := imapmail.Config{Addr: s.Addr, Security: imapmail.None, Username: s.Username,
		Token: imapmail.ClientCredentials(tokens.URL, "app-id", "app-secret")}
	c, err := imapmail.Dial(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := c.Select("INBOX"); err != nil {
		t.Fatal(err)
	}
	c.Close()
	if gotForm.Get("grant_type") != "client_credentials" || gotForm.Get("scope") != imapmail.Microsoft365Scope {
		t.Fatalf("token request: %v", gotForm)
	}
	cfg.Token = imapmail.ClientCredentials(tokens.URL, "app-id", "wrong")
	if _, err := imapmail.Dial(cfg); err == nil || !strings.Contains(err.Error(), "Invalid client secret") {
		t.Fatalf("a wrong client secret: %v", err)
	}
	cfg.Token = func() (string, error) { return "stolen", nil }
	if _, err := imapmail.Dial(cfg); err == nil || !strings.Contains(err.Error(), "sign in") {
		t.Fatalf("a wrong token: %v", err)
	}
}

// A batch stops at its bytes bound, in UID order, so a poll of large
// report mails holds a few megabytes, not a hundred mails of them; the
// next call goes on after the last message taken.
func TestBatchStopsAtItsBytes(t *testing.T) {
	s := imaptest.Start(t, imaptest.Options{})
	for i := 1; i <= 5; i++ {
		s.Append(t, "INBOX", message(i), time.Now())
	}
	c := dial(t, s)
	c.Select("INBOX")
	c.BatchBytes = int64(2*len(message(1)) + 10) // room for two
	first, err := c.After(0, 1<<20, 10)
	if err != nil || len(first) != 2 || !strings.Contains(string(first[1].Raw), "Subject: report 2") {
		t.Fatalf("first batch: %d messages, %v", len(first), err)
	}
	rest, _ := c.After(first[1].UID, 1<<20, 10)
	if len(rest) != 2 || !strings.Contains(string(rest[0].Raw), "Subject: report 3") {
		t.Fatalf("second batch: %d messages", len(rest))
	}
	c.BatchBytes = 1 // smaller than any message: still one at a time
	if one, _ := c.After(0, 1<<20, 10); len(one) != 1 {
		t.Errorf("a bound below one message gave %d", len(one))
	}
}
