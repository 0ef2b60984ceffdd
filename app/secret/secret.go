// Package secret holds credentials (integration passwords, API tokens,
// OAuth client secrets) so that they cannot be shown by accident: a Value
// prints as a mask in templates, logs, fmt and JSON, and is stored only in
// sealed (AES-256-GCM) form.
package secret

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"errors"
	"fmt"
	"log/slog"
)

const mask = "••••••••"

// Value is a plaintext secret in memory. Only Reveal gives the text back.
type Value struct{ plain string }

// New wraps a plaintext secret.
func New(plain string) Value { return Value{plain: plain} }

// Reveal returns the plaintext: call it only where the secret is sent to the
// system it belongs to (an IMAP login, an API request).
func (v Value) Reveal() string { return v.plain }

// IsZero reports whether no secret is set.
func (v Value) IsZero() bool { return v.plain == "" }

func (v Value) String() string               { return mask }
func (v Value) GoString() string             { return mask }
func (v Value) Format(f fmt.State, _ rune)   { _, _ = f.Write([]byte(mask)) }
func (v Value) LogValue() slog.Value         { return slog.StringValue(mask) }
func (v Value) MarshalJSON() ([]byte, error) { return []byte(`"` + mask + `"`), nil }
func (v Value) MarshalText() ([]byte, error) { return []byte(mask), nil }

// Sealed is a secret encrypted under the data directory's key: what records
// hold and what storage writes to disk.
type Sealed []byte

// IsZero reports whether no secret is stored.
func (s Sealed) IsZero() bool { return len(s) == 0 }

func (s Sealed) String() string { return mask }

// Cipher seals and opens secrets with AES-256-GCM.
type Cipher struct{ aead cipher.AEAD }

// NewCipher builds a Cipher from a 32-byte key.
func NewCipher(key []byte) (*Cipher, error) {
	if len(key) != 32 {
		return nil, fmt.Errorf("secret key must be 32 bytes, got %d", len(key))
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	return &Cipher{aead: aead}, nil
}

// Seal encrypts v; the empty secret seals to nil.
func (c *Cipher) Seal(v Value) (Sealed, error) {
	if v.IsZero() {
		return nil, nil
	}
	nonce := make([]byte, c.aead.NonceSize(), c.aead.NonceSize()+len(v.plain)+c.aead.Overhead())
	if _, err := rand.Read(nonce); err != nil {
		return nil, fmt.Errorf("seal secret: %w", err)
	}
	return c.aead.Seal(nonce, nonce, []byte(v.plain), nil), nil
}

// ErrUnreadable means a stored secret cannot be decrypted with this data
// directory's key (the key file was replaced or lost).
var ErrUnreadable = errors.New("stored secret cannot be decrypted with this data directory's key; enter it again")

// Open decrypts a sealed secret.
func (c *Cipher) Open(s Sealed) (Value, error) {
	if s.IsZero() {
		return Value{}, nil
	}
	n := c.aead.NonceSize()
	if len(s) < n+c.aead.Overhead() {
		return Value{}, ErrUnreadable
	}
	plain, err := c.aead.Open(nil, s[:n], s[n:], nil)
	if err != nil {
		return Value{}, ErrUnreadable
	}
	return Value{plain: string(plain)}, nil
}
