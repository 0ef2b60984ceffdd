package storage

import (
	"crypto/rand"
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/backupchecks/backupchecks/app/secret"
)

// SecretKeyFile is the name, inside the data directory, of the AES-256 key
// that encrypts integration passwords and tokens at rest.
const SecretKeyFile = "secrets.key"

func newSecretKey() ([]byte, error) {
	k := make([]byte, 32)
	if _, err := rand.Read(k); err != nil {
		return nil, fmt.Errorf("generate secrets key: %w", err)
	}
	return k, nil
}

func loadOrCreateSecretKey(path string) ([]byte, error) {
	k, err := os.ReadFile(path)
	if err == nil {
		if len(k) != 32 {
			return nil, fmt.Errorf("secrets key %s holds %d bytes, want 32: restore it from a backup", path, len(k))
		}
		return k, nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("read secrets key: %w", err)
	}
	k, err = newSecretKey()
	if err != nil {
		return nil, err
	}
	if err := writeKeyFile(path, k); err != nil {
		return nil, err
	}
	return k, nil
}

// writeKeyFile creates the key file 0600, refusing to overwrite one.
func writeKeyFile(path string, k []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("create secrets key: %w", err)
	}
	if _, err := f.Write(k); err != nil {
		f.Close()
		return fmt.Errorf("write secrets key: %w", err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return fmt.Errorf("write secrets key: %w", err)
	}
	return f.Close()
}

// Cipher returns the sealer for secrets stored in this data directory.
func (s *Store) Cipher() *secret.Cipher {
	c, err := secret.NewCipher(s.secretKey)
	if err != nil {
		panic(err) // the key length was checked when it was loaded
	}
	return c
}

// SecretKeyMaterial is the data directory's master key, for deriving
// purpose-specific keys (CSRF tokens). Never log or render it.
func (s *Store) SecretKeyMaterial() []byte { return s.secretKey }
