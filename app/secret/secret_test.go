package secret

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"testing"
)

const plain = "hunter2-imap-password"

// A secret must not leak through any of the ways Go code prints values.
func TestValueNeverPrintsItself(t *testing.T) {
	v := New(plain)
	type settings struct {
		Host     string
		Password Value
	}
	s := settings{Host: "imap.example.test", Password: v}
	js, _ := json.Marshal(s)
	var logs bytes.Buffer
	slog.New(slog.NewJSONHandler(&logs, nil)).Info("saved", "password", v, "settings", s)
	outputs := map[string]string{
		"%v": fmt.Sprintf("%v", v), "%s": fmt.Sprintf("%s", v), "%+v struct": fmt.Sprintf("%+v", s),
		"%#v struct": fmt.Sprintf("%#v", s), "%q": fmt.Sprintf("%q", v), "String": v.String(),
		"json": string(js), "slog": logs.String(), "Println": fmt.Sprintln(v),
	}
	for how, out := range outputs {
		if strings.Contains(out, plain) {
			t.Errorf("%s leaks the secret: %s", how, out)
		}
	}
	if v.Reveal() != plain {
		t.Fatal("Reveal lost the secret")
	}
}

func TestSealOpen(t *testing.T) {
	key := bytes.Repeat([]byte{42}, 32)
	c, err := NewCipher(key)
	if err != nil {
		t.Fatal(err)
	}
	sealed, err := c.Seal(New(plain))
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(sealed, []byte(plain)) || sealed.String() == plain {
		t.Fatal("sealed form contains the plaintext")
	}
	again, _ := c.Seal(New(plain))
	if bytes.Equal(sealed, again) {
		t.Fatal("two seals are equal: nonce reuse")
	}
	got, err := c.Open(sealed)
	if err != nil || got.Reveal() != plain {
		t.Fatalf("open: %v", err)
	}
	sealed[len(sealed)-1] ^= 1
	if _, err := c.Open(sealed); err != ErrUnreadable {
		t.Fatalf("tampered secret: %v", err)
	}
	other, _ := NewCipher(bytes.Repeat([]byte{1}, 32))
	good, _ := c.Seal(New(plain))
	if _, err := other.Open(good); err != ErrUnreadable {
		t.Fatalf("other key: %v", err)
	}
	if z, err := c.Seal(Value{}); err != nil || !z.IsZero() {
		t.Fatal("empty secret should seal to nothing")
	}
	if _, err := NewCipher([]byte("short")); err == nil {
		t.Fatal("short key accepted")
	}
}
