package backupfile

import (
	"bytes"
	"crypto/rand"
	"encoding/binary"
	"errors"
	"io"
	"testing"
	"time"
)

func init() { kdf.time, kdf.memory = 1, 8 } // fast tests; same code path

const pass = "correct horse battery"

func write(t testing.TB, payload []byte, passphrase string) []byte {
	t.Helper()
	var buf bytes.Buffer
	w, err := NewWriter(&buf, Manifest{Created: time.Unix(1700000000, 0).UTC(), AppVersion: "v1", SchemaVersion: 2, SecretsKey: bytes.Repeat([]byte{7}, 32)}, passphrase)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Write(payload); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func read(file []byte, passphrase string) ([]byte, Manifest, error) {
	r, err := NewReader(bytes.NewReader(file), func() (string, error) { return passphrase, nil })
	if err != nil {
		return nil, Manifest{}, err
	}
	b, err := io.ReadAll(r)
	return b, r.Manifest(), err
}

func random(n int) []byte {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return b
}

func TestRoundTrip(t *testing.T) {
	for _, size := range []int{0, 1, chunkSize, 1 << 20} {
		for _, p := range []string{"", pass} {
			payload := random(size)
			file := write(t, payload, p)
			if enc, _ := IsEncrypted(bytes.NewReader(file)); enc != (p != "") {
				t.Fatalf("size %d: IsEncrypted %v", size, enc)
			}
			got, m, err := read(file, p)
			if err != nil {
				t.Fatalf("size %d encrypted %v: %v", size, p != "", err)
			}
			if !bytes.Equal(got, payload) {
				t.Fatalf("size %d encrypted %v: payload differs (%d bytes back)", size, p != "", len(got))
			}
			if m.Format != 1 || m.SchemaVersion != 2 || m.AppVersion != "v1" || len(m.SecretsKey) != 32 || !m.Created.Equal(time.Unix(1700000000, 0)) {
				t.Fatalf("manifest %+v", m)
			}
		}
	}
}

func TestPassphraseOnlyAskedForEncryptedFiles(t *testing.T) {
	file := write(t, []byte("x"), "")
	r, err := NewReader(bytes.NewReader(file), func() (string, error) { t.Fatal("asked for a passphrase"); return "", nil })
	if err != nil || r.Encrypted() {
		t.Fatalf("%v %v", err, r.Encrypted())
	}
	enc := write(t, []byte("x"), pass)
	sentinel := errors.New("no terminal")
	if _, err := NewReader(bytes.NewReader(enc), func() (string, error) { return "", sentinel }); !errors.Is(err, sentinel) {
		t.Fatalf("passphrase error not passed through: %v", err)
	}
}

func TestWrongPassphrase(t *testing.T) {
	file := write(t, random(200_000), pass)
	if _, _, err := read(file, "not it"); !errors.Is(err, ErrWrongPassphrase) {
		t.Fatalf("got %v", err)
	}
}

func TestTruncationDetected(t *testing.T) {
	payload := random(3*chunkSize + 1000) // random data does not compress: several chunks
	for _, p := range []string{"", pass} {
		file := write(t, payload, p)
		for _, cut := range []int{len(file) - 1, len(file) - 20, len(file) / 2, cryptHeader + 10} {
			_, _, err := read(file[:cut], p)
			if err == nil {
				t.Fatalf("encrypted %v cut at %d of %d: no error", p != "", cut, len(file))
			}
			if p != "" && !errors.Is(err, ErrCorrupt) {
				t.Fatalf("cut at %d: %v, want ErrCorrupt", cut, err)
			}
		}
	}
	// Dropping the whole final chunk leaves a file of complete chunks only.
	file := write(t, payload, pass)
	lastStart := finalChunkOffset(t, file)
	if _, _, err := read(file[:lastStart], pass); !errors.Is(err, ErrCorrupt) {
		t.Fatalf("without its final chunk: %v", err)
	}
	if _, _, err := read(append(append([]byte{}, file...), 0, 0, 0, 0), pass); !errors.Is(err, ErrCorrupt) {
		t.Fatalf("bytes after the final chunk: %v", err)
	}
}

// finalChunkOffset walks the chunk lengths to where the last chunk starts.
func finalChunkOffset(t *testing.T, file []byte) int {
	off, last := cryptHeader, 0
	for off < len(file) {
		last = off
		off += 4 + int(binary.BigEndian.Uint32(file[off:off+4]))
	}
	if off != len(file) {
		t.Fatal("chunk walk did not end at the end")
	}
	return last
}

func TestTamperingDetected(t *testing.T) {
	payload := random(3 * chunkSize)
	file := write(t, payload, pass)
	flip := func(at int) []byte {
		b := append([]byte{}, file...)
		b[at] ^= 0x01
		return b
	}
	// The header feeds the key and every chunk's additional data: a changed
	// header reads as a wrong passphrase (or out-of-range parameters).
	if _, _, err := read(flip(20), pass); !errors.Is(err, ErrWrongPassphrase) && !errors.Is(err, ErrCorrupt) {
		t.Fatalf("header flip: %v", err)
	}
	if _, _, err := read(flip(cryptHeader+4+100), pass); !errors.Is(err, ErrWrongPassphrase) {
		t.Fatalf("flip in the first chunk: %v", err)
	}
	second := cryptHeader + 4 + int(binary.BigEndian.Uint32(file[cryptHeader:cryptHeader+4]))
	if _, _, err := read(flip(second+4+100), pass); !errors.Is(err, ErrCorrupt) {
		t.Fatalf("flip in the second chunk: %v", err)
	}
	// Swap the second and third chunk (both full size).
	l := 4 + int(binary.BigEndian.Uint32(file[second:second+4]))
	swapped := append([]byte{}, file[:second]...)
	swapped = append(swapped, file[second+l:second+2*l]...)
	swapped = append(swapped, file[second:second+l]...)
	swapped = append(swapped, file[second+2*l:]...)
	if _, _, err := read(swapped, pass); !errors.Is(err, ErrCorrupt) {
		t.Fatalf("swapped chunks: %v", err)
	}
}

func TestNotABackupAndFutureVersions(t *testing.T) {
	if _, _, err := read([]byte("PK\x03\x04 certainly a zip file"), ""); !errors.Is(err, ErrNotBackup) {
		t.Fatalf("garbage: %v", err)
	}
	if _, _, err := read(nil, ""); !errors.Is(err, ErrNotBackup) {
		t.Fatalf("empty: %v", err)
	}
	future := write(t, []byte("x"), "")
	future[8] = 2
	if _, _, err := read(future, ""); !errors.Is(err, ErrUnsupported) {
		t.Fatalf("future format: %v", err)
	}
}

func TestCraftedKDFRejectedBeforeDeriving(t *testing.T) {
	file := write(t, []byte("x"), pass)
	binary.BigEndian.PutUint32(file[14:18], 4<<20) // 4 GiB of argon2 memory
	called := false
	_, err := NewReader(bytes.NewReader(file), func() (string, error) { called = true; return pass, nil })
	if !errors.Is(err, ErrCorrupt) || called {
		t.Fatalf("crafted memory cost: %v (passphrase asked: %v)", err, called)
	}
}

func BenchmarkEncryptedWriteRead(b *testing.B) {
	kdf.time, kdf.memory = 1, 8
	payload := random(8 << 20)
	b.SetBytes(int64(len(payload)))
	for b.Loop() {
		file := write(b, payload, pass)
		if _, _, err := read(file, pass); err != nil {
			b.Fatal(err)
		}
	}
}
