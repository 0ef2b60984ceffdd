package backupfile

import (
	"bufio"
	"crypto/cipher"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/klauspost/compress/gzip"
)

// Reader reads a backup file's payload.
type Reader struct {
	manifest  Manifest
	encrypted bool
	body      *bufio.Reader
}

// NewReader reads the header and manifest. passphrase is called only when
// the file is encrypted; an error from it aborts with that error.
func NewReader(r io.Reader, passphrase func() (string, error)) (*Reader, error) {
	header := make([]byte, plainHeader, cryptHeader)
	if _, err := io.ReadFull(r, header); err != nil || string(header[:8]) != magic {
		return nil, fmt.Errorf("backup file: %w", ErrNotBackup)
	}
	if header[8] != formatVersion {
		return nil, fmt.Errorf("backup file: format %d: %w", header[8], ErrUnsupported)
	}
	out := &Reader{}
	var src io.Reader = r
	switch header[9] {
	case modePlain:
	case modeEncrypted:
		out.encrypted = true
		header = header[:cryptHeader]
		if _, err := io.ReadFull(r, header[plainHeader:]); err != nil {
			return nil, fmt.Errorf("backup file: header: %w", ErrCorrupt)
		}
		if err := checkKDF(binary.BigEndian.Uint32(header[10:14]), binary.BigEndian.Uint32(header[14:18]), header[18]); err != nil {
			return nil, err
		}
		if passphrase == nil {
			return nil, fmt.Errorf("backup file is encrypted: %w", ErrWrongPassphrase)
		}
		pass, err := passphrase()
		if err != nil {
			return nil, err
		}
		aead, err := deriveAEAD(pass, header)
		if err != nil {
			return nil, err
		}
		src = &chunkReader{r: r, aead: aead, header: header}
	default:
		return nil, fmt.Errorf("backup file: mode %d: %w", header[9], ErrUnsupported)
	}
	gz, err := gzip.NewReader(src)
	if err != nil {
		return nil, corrupt(err)
	}
	out.body = bufio.NewReaderSize(&gzipErrors{gz}, 64<<10)
	line, err := readLine(out.body, maxManifest)
	if err != nil {
		return nil, corrupt(err)
	}
	if err := json.Unmarshal(line, &out.manifest); err != nil {
		return nil, fmt.Errorf("backup file: manifest: %w", ErrCorrupt)
	}
	if out.manifest.Format > formatVersion {
		return nil, fmt.Errorf("backup file: manifest format %d: %w", out.manifest.Format, ErrUnsupported)
	}
	return out, nil
}

// Manifest describes the backup.
func (r *Reader) Manifest() Manifest { return r.manifest }

// Encrypted reports whether the file was encrypted.
func (r *Reader) Encrypted() bool { return r.encrypted }

// Read returns the payload; io.EOF comes only after the whole file checked out.
func (r *Reader) Read(p []byte) (int, error) { return r.body.Read(p) }

func readLine(r *bufio.Reader, limit int) ([]byte, error) {
	var line []byte
	for {
		part, err := r.ReadSlice('\n')
		line = append(line, part...)
		if err == nil {
			return line[:len(line)-1], nil
		}
		if !errors.Is(err, bufio.ErrBufferFull) {
			return nil, err
		}
		if len(line) > limit {
			return nil, errors.New("manifest too long")
		}
	}
}

// corrupt maps stream errors to ErrCorrupt, keeping the sentinels of the chunk layer.
func corrupt(err error) error {
	if errors.Is(err, ErrCorrupt) || errors.Is(err, ErrWrongPassphrase) {
		return err
	}
	return fmt.Errorf("backup file: %v: %w", err, ErrCorrupt)
}

// gzipErrors reports a truncated or damaged gzip stream as ErrCorrupt.
type gzipErrors struct{ r io.Reader }

func (g *gzipErrors) Read(p []byte) (int, error) {
	n, err := g.r.Read(p)
	if err != nil && err != io.EOF {
		err = corrupt(err)
	}
	return n, err
}

// chunkReader opens the sealed chunks in order.
type chunkReader struct {
	r      io.Reader
	aead   cipher.AEAD
	header []byte
	index  uint64
	plain  []byte
	done   bool
}

func (c *chunkReader) Read(p []byte) (int, error) {
	for len(c.plain) == 0 {
		if c.done {
			return 0, io.EOF
		}
		if err := c.next(); err != nil {
			return 0, err
		}
	}
	n := copy(p, c.plain)
	c.plain = c.plain[n:]
	return n, nil
}

func (c *chunkReader) next() error {
	var size [4]byte
	if _, err := io.ReadFull(c.r, size[:]); err != nil {
		return fmt.Errorf("backup file: ends before its last chunk: %w", ErrCorrupt)
	}
	n := binary.BigEndian.Uint32(size[:])
	if n < uint32(c.aead.Overhead()) || n > chunkSize+uint32(c.aead.Overhead()) {
		return fmt.Errorf("backup file: chunk %d has length %d: %w", c.index, n, ErrCorrupt)
	}
	ct := make([]byte, n)
	if _, err := io.ReadFull(c.r, ct); err != nil {
		return fmt.Errorf("backup file: chunk %d cut short: %w", c.index, ErrCorrupt)
	}
	nc := nonce(c.header, c.index)
	plain, err := c.aead.Open(nil, nc, ct, additional(c.header, false)) // not in place: a failed Open clears its output
	if err != nil {
		plain, err = c.aead.Open(nil, nc, ct, additional(c.header, true))
		if err != nil {
			if c.index == 0 {
				return fmt.Errorf("backup file: %w", ErrWrongPassphrase)
			}
			return fmt.Errorf("backup file: chunk %d: %w", c.index, ErrCorrupt)
		}
		c.done = true
		var extra [1]byte
		if k, _ := c.r.Read(extra[:]); k > 0 {
			return fmt.Errorf("backup file: data after the last chunk: %w", ErrCorrupt)
		}
	}
	c.index++
	c.plain = plain
	return nil
}
