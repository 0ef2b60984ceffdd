// Package backupfile is the on-disk format of a Backupchecks backup: a
// header, then a gzip stream holding one JSON manifest line and the
// caller's payload (Badger's backup stream). Everything streams with
// bounded memory, so backups of any size cost the same RAM.
//
// # Layout
//
//	offset  size  field
//	0       8     magic "BCBACKUP"
//	8       1     format version (1)
//	9       1     mode: 0 plain, 1 encrypted
//
// A plain file continues with the gzip stream. An encrypted file continues with
//
//	10      4     argon2id time (big-endian)
//	14      4     argon2id memory in KiB
//	18      1     argon2id threads
//	19      16    salt
//	35      4     nonce prefix (random per file)
//
// and then chunks, each a 4-byte big-endian length and an AES-256-GCM
// ciphertext of at most 64 KiB of the gzip stream. A chunk's nonce is the
// nonce prefix plus its 8-byte big-endian index; its additional data is the
// whole header plus one byte, 1 on the last chunk and 0 otherwise. So a
// changed header, swapped or dropped chunks, a missing last chunk or bytes
// after it all fail authentication. A wrong passphrase shows as the first
// chunk failing (ErrWrongPassphrase); a modified header does too, because the
// key and the additional data both come from it.
package backupfile

import (
	"crypto/aes"
	"crypto/cipher"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"time"

	"golang.org/x/crypto/argon2"
)

var (
	ErrNotBackup       = errors.New("not a Backupchecks backup file")
	ErrUnsupported     = errors.New("backup file format is newer than this program")
	ErrWrongPassphrase = errors.New("wrong passphrase for this backup file")
	ErrCorrupt         = errors.New("backup file is damaged or was modified")
)

// Manifest describes a backup.
type Manifest struct {
	Format        int       `json:"format"`
	Created       time.Time `json:"created"`
	AppVersion    string    `json:"app_version"`
	SchemaVersion int       `json:"schema_version"`
	SecretsKey    []byte    `json:"secrets_key"` // the data dir's secrets key, needed to restore on a new VM
	Note          string    `json:"note,omitempty"`
}

const (
	magic         = "BCBACKUP"
	formatVersion = 1
	modePlain     = 0
	modeEncrypted = 1
	plainHeader   = 10
	cryptHeader   = plainHeader + 4 + 4 + 1 + 16 + 4
	chunkSize     = 64 << 10
	maxManifest   = 1 << 20
)

// kdf holds the argon2id cost; tests lower it.
var kdf = struct {
	time, memory uint32
	threads      uint8
}{time: 3, memory: 64 << 10, threads: 2}

// checkKDF rejects parameters a crafted file could use to exhaust memory or time.
func checkKDF(t, m uint32, p uint8) error {
	if t < 1 || t > 16 || m < 8 || m > 1<<20 || p < 1 || p > 16 {
		return fmt.Errorf("backup file: key derivation parameters out of range (time %d, memory %d KiB, threads %d): %w", t, m, p, ErrCorrupt)
	}
	return nil
}

func deriveAEAD(pass string, header []byte) (cipher.AEAD, error) {
	t := binary.BigEndian.Uint32(header[10:14])
	m := binary.BigEndian.Uint32(header[14:18])
	p := header[18]
	if err := checkKDF(t, m, p); err != nil {
		return nil, err
	}
	key := argon2.IDKey([]byte(pass), header[19:35], t, m, p, 32)
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(block)
}

func nonce(header []byte, index uint64) []byte {
	n := make([]byte, 12)
	copy(n, header[35:39])
	binary.BigEndian.PutUint64(n[4:], index)
	return n
}

func additional(header []byte, final bool) []byte {
	ad := append([]byte(nil), header...)
	if final {
		return append(ad, 1)
	}
	return append(ad, 0)
}

// IsEncrypted peeks at a header without needing the passphrase.
func IsEncrypted(r io.Reader) (bool, error) {
	h := make([]byte, plainHeader)
	if _, err := io.ReadFull(r, h); err != nil {
		return false, fmt.Errorf("backup file: %w", ErrNotBackup)
	}
	if string(h[:8]) != magic {
		return false, fmt.Errorf("backup file: %w", ErrNotBackup)
	}
	return h[9] == modeEncrypted, nil
}
