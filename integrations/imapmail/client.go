// Package imapmail is the IMAP side of mail import: connect and sign in,
// list folders, fetch the messages after a UID, and move a processed
// message without ever losing one. It speaks go-imap v2 and works around
// that version's MOVE fallback, which can delete a message whose copy
// failed (see Move).
package imapmail

import (
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"sort"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
	"github.com/emersion/go-message/charset"
	"github.com/emersion/go-sasl"
)

// Security is how the connection is protected.
type Security string

const (
	TLS      Security = "tls"      // implicit TLS, usually port 993
	StartTLS Security = "starttls" // plain connect, then STARTTLS, usually port 143
	None     Security = "none"     // loopback only (tests, a relay on the same host)
)

// Config says where and how to sign in.
type Config struct {
	Addr     string // host:port
	Security Security
	Username string
	Password string
	// Token, when set, signs in with SASL XOAUTH2 using the token it returns
	// (Microsoft 365) instead of the password.
	Token     func() (string, error)
	TLSConfig *tls.Config // nil: system roots, server name from Addr
	Timeout   time.Duration
}

// Conn is a signed-in IMAP connection.
type Conn struct {
	c *imapclient.Client
	// BatchBytes bounds the bytes one After call fetches (the first
	// message always comes): an import holds a batch and the next in
	// memory, and report mails of megabytes a hundred to a batch would
	// not fit the appliance's memory.
	BatchBytes int64
}

// DefaultBatchBytes is a batch's size bound.
const DefaultBatchBytes = 16 << 20

// ErrInsecure refuses an unencrypted connection to anything but loopback.
var ErrInsecure = errors.New("an unencrypted IMAP connection is only allowed to a loopback address; choose TLS or STARTTLS")

// Dial connects and signs in.
func Dial(cfg Config) (*Conn, error) {
	if cfg.Timeout == 0 {
		cfg.Timeout = 30 * time.Second
	}
	opts := &imapclient.Options{
		TLSConfig:   cfg.TLSConfig,
		Dialer:      &net.Dialer{Timeout: cfg.Timeout},
		WordDecoder: &mime.WordDecoder{CharsetReader: charset.Reader},
	}
	var c *imapclient.Client
	var err error
	switch cfg.Security {
	case TLS:
		c, err = imapclient.DialTLS(cfg.Addr, opts)
	case StartTLS:
		c, err = imapclient.DialStartTLS(cfg.Addr, opts)
	case None:
		if !loopback(cfg.Addr) {
			return nil, ErrInsecure
		}
		c, err = imapclient.DialInsecure(cfg.Addr, opts)
	default:
		return nil, fmt.Errorf("unknown security %q", cfg.Security)
	}
	if err != nil {
		return nil, fmt.Errorf("connect to %s: %w", cfg.Addr, err)
	}
	if cfg.Token != nil {
		tok, terr := cfg.Token()
		if terr != nil {
			c.Close()
			return nil, fmt.Errorf("get OAuth2 token: %w", terr)
		}
		err = c.Authenticate(xoauth2{user: cfg.Username, token: tok})
	} else {
		err = c.Login(cfg.Username, cfg.Password).Wait()
	}
	if err != nil {
		c.Close()
		return nil, fmt.Errorf("sign in as %s: %w", cfg.Username, err)
	}
	return &Conn{c: c}, nil
}

func loopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// xoauth2 is SASL XOAUTH2 (go-sasl has none): one message with the user and
// bearer token; an error challenge is answered empty so the server can
// finish with its failure.
type xoauth2 struct{ user, token string }

func (x xoauth2) Start() (string, []byte, error) {
	return "XOAUTH2", []byte("user=" + x.user + "\x01auth=Bearer " + x.token + "\x01\x01"), nil
}

func (x xoauth2) Next([]byte) ([]byte, error) { return []byte{}, nil }

var _ sasl.Client = xoauth2{}

// Close logs out and closes the connection.
func (c *Conn) Close() error {
	_ = c.c.Logout().Wait()
	return c.c.Close()
}

// Capabilities the server announced after sign-in.
func (c *Conn) Capabilities() []string {
	var out []string
	for cap := range c.c.Caps() {
		out = append(out, string(cap))
	}
	sort.Strings(out)
	return out
}

// Folders lists the mailbox names.
func (c *Conn) Folders() ([]string, error) {
	list, err := c.c.List("", "*", nil).Collect()
	if err != nil {
		return nil, fmt.Errorf("list folders: %w", err)
	}
	var out []string
	for _, l := range list {
		out = append(out, l.Mailbox)
	}
	sort.Strings(out)
	return out, nil
}

// Select opens a folder and returns its UIDVALIDITY and message count.
func (c *Conn) Select(folder string) (validity uint32, count uint32, err error) {
	sel, err := c.c.Select(folder, nil).Wait()
	if err != nil {
		return 0, 0, fmt.Errorf("open folder %s: %w", folder, err)
	}
	return sel.UIDValidity, sel.NumMessages, nil
}

// Message is one fetched message.
type Message struct {
	UID      uint32
	Size     int64
	Received time.Time // INTERNALDATE
	Raw      []byte    // the whole message, or only its header when over the size limit
	Partial  bool      // Raw holds only the header
}

// After returns up to limit messages of the selected folder with a UID
// above after, oldest first. A message larger than maxSize comes with its
// header only; BODY.PEEK leaves \Seen alone.
func (c *Conn) After(after uint32, maxSize int64, limit int) ([]Message, error) {
	var set imap.UIDSet
	set.AddRange(imap.UID(after+1), 0) // "after+1:*"
	sd, err := c.c.UIDSearch(&imap.SearchCriteria{UID: []imap.UIDSet{set}}, nil).Wait()
	if err != nil {
		return nil, fmt.Errorf("search new messages: %w", err)
	}
	var uids []imap.UID
	for _, u := range sd.AllUIDs() {
		if uint32(u) > after { // "*" is the highest UID, which may be old: filter
			uids = append(uids, u)
		}
	}
	sort.Slice(uids, func(a, b int) bool { return uids[a] < uids[b] })
	if len(uids) > limit {
		uids = uids[:limit]
	}
	if len(uids) == 0 {
		return nil, nil
	}
	sizes, err := c.c.Fetch(imap.UIDSetNum(uids...), &imap.FetchOptions{UID: true, RFC822Size: true, InternalDate: true}).Collect()
	if err != nil {
		return nil, fmt.Errorf("fetch sizes: %w", err)
	}
	// In UID order, so the bytes bound takes a prefix: the poll's state
	// advances past the last message taken and must skip none.
	sort.Slice(sizes, func(a, b int) bool { return sizes[a].UID < sizes[b].UID })
	budget := c.BatchBytes
	if budget <= 0 {
		budget = DefaultBatchBytes
	}
	var out []Message
	var taken int64
	for _, s := range sizes {
		size := s.RFC822Size
		if maxSize > 0 && size > maxSize {
			size = 64 << 10 // only its header is fetched
		}
		if len(out) > 0 && taken+size > budget {
			break
		}
		taken += size
		m := Message{UID: uint32(s.UID), Size: s.RFC822Size, Received: s.InternalDate}
		sec := &imap.FetchItemBodySection{Peek: true}
		if maxSize > 0 && s.RFC822Size > maxSize {
			sec.Specifier, m.Partial = imap.PartSpecifierHeader, true
		}
		bufs, err := c.c.Fetch(imap.UIDSetNum(s.UID), &imap.FetchOptions{UID: true, BodySection: []*imap.FetchItemBodySection{sec}}).Collect()
		if err != nil {
			return out, fmt.Errorf("fetch message %d: %w", s.UID, err)
		}
		if len(bufs) == 0 {
			continue // expunged meanwhile
		}
		m.Raw = bufs[0].FindBodySection(sec)
		out = append(out, m)
	}
	sort.Slice(out, func(a, b int) bool { return out[a].UID < out[b].UID })
	return out, nil
}

// EnsureFolder creates a folder unless it exists.
func (c *Conn) EnsureFolder(name string) error {
	folders, err := c.Folders()
	if err != nil {
		return err
	}
	for _, f := range folders {
		if f == name {
			return nil
		}
	}
	if err := c.c.Create(name, nil).Wait(); err != nil {
		return fmt.Errorf("create folder %s: %w", name, err)
	}
	return nil
}

// Move moves one message of the selected folder to dst. With MOVE it is
// one command. Without, it copies, and only after a successful copy marks
// the original \Deleted and removes it with UID EXPUNGE; without UIDPLUS
// the original stays, marked, because a plain EXPUNGE could take messages
// others marked. (go-imap's own fallback pipelines all three and deleted
// the message when the copy failed.)
func (c *Conn) Move(uid uint32, dst string) error {
	set := imap.UIDSetNum(imap.UID(uid))
	caps := c.c.Caps()
	if caps.Has(imap.CapMove) {
		if _, err := c.c.Move(set, dst).Wait(); err != nil {
			return fmt.Errorf("move message %d to %s: %w", uid, dst, err)
		}
		return nil
	}
	if _, err := c.c.Copy(set, dst).Wait(); err != nil {
		return fmt.Errorf("copy message %d to %s: %w", uid, dst, err)
	}
	if err := c.c.Store(set, &imap.StoreFlags{Op: imap.StoreFlagsAdd, Silent: true, Flags: []imap.Flag{imap.FlagDeleted}}, nil).Close(); err != nil {
		return fmt.Errorf("mark message %d deleted after copying: %w", uid, err)
	}
	if caps.Has(imap.CapUIDPlus) {
		if err := c.c.UIDExpunge(set).Close(); err != nil {
			return fmt.Errorf("remove message %d after copying: %w", uid, err)
		}
	}
	return nil
}

var _ io.Closer = (*Conn)(nil)
