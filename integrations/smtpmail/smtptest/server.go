// Package smtptest is an SMTP server on loopback for tests: it speaks real
// SMTP (github.com/emersion/go-smtp), with STARTTLS on a certificate of its
// own, PLAIN sign-in, and faults to inject, and keeps what it received.
package smtptest

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"io"
	"math/big"
	"net"
	"strconv"
	"sync"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// Received is one message as the server took it.
type Received struct {
	From string
	To   []string
	Data []byte
	User string // who signed in, if anyone
}

// Server is a running test server.
type Server struct {
	Host string
	Port int
	// Pool trusts the server's certificate, for the client's TLS config.
	Pool *x509.CertPool

	srv *smtp.Server
	ln  net.Listener

	mu       sync.Mutex
	users    map[string]string
	got      []Received
	failNext int
	failCode int
}

// Options shape the server.
type Options struct {
	// STARTTLS offers TLS on the plain port; sign-in then needs it.
	STARTTLS bool
	// Users may sign in with PLAIN; none means no sign-in is asked for.
	Users map[string]string
}

// Start listens on a free loopback port.
func Start(opt Options) (*Server, error) {
	s := &Server{Host: "127.0.0.1", users: opt.Users}
	s.srv = smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) { return &session{s: s}, nil }))
	s.srv.Domain = "localhost"
	s.srv.ReadTimeout, s.srv.WriteTimeout = 10*time.Second, 10*time.Second
	s.srv.MaxMessageBytes = 32 << 20
	s.srv.AllowInsecureAuth = !opt.STARTTLS
	if opt.STARTTLS {
		cert, pool, err := selfSigned()
		if err != nil {
			return nil, err
		}
		s.srv.TLSConfig = &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
		s.Pool = pool
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	s.ln = ln
	s.Port = ln.Addr().(*net.TCPAddr).Port
	go func() { _ = s.srv.Serve(ln) }()
	return s, nil
}

// Addr is host:port.
func (s *Server) Addr() string { return net.JoinHostPort(s.Host, strconv.Itoa(s.Port)) }

// Close stops the server.
func (s *Server) Close() error { return s.srv.Close() }

// Received is every message taken so far, in order.
func (s *Server) Received() []Received {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Received(nil), s.got...)
}

// FailNext refuses the next n messages at DATA with code (451: try later;
// 550: refused for good).
func (s *Server) FailNext(n, code int) {
	s.mu.Lock()
	s.failNext, s.failCode = n, code
	s.mu.Unlock()
}

type session struct {
	s    *Server
	user string
	msg  Received
}

func (c *session) AuthMechanisms() []string {
	if len(c.s.users) == 0 {
		return nil
	}
	return []string{sasl.Plain}
}

func (c *session) Auth(string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(_, user, pass string) error {
		if want, ok := c.s.users[user]; !ok || want != pass {
			return &smtp.SMTPError{Code: 535, EnhancedCode: smtp.EnhancedCode{5, 7, 8}, Message: "Authentication credentials invalid"}
		}
		c.user = user
		return nil
	}), nil
}

func (c *session) Mail(from string, _ *smtp.MailOptions) error {
	if len(c.s.users) > 0 && c.user == "" {
		return smtp.ErrAuthRequired
	}
	c.msg = Received{From: from, User: c.user}
	return nil
}

func (c *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	c.msg.To = append(c.msg.To, to)
	return nil
}

func (c *session) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	c.s.mu.Lock()
	defer c.s.mu.Unlock()
	if c.s.failNext > 0 {
		c.s.failNext--
		code := c.s.failCode
		return &smtp.SMTPError{Code: code, EnhancedCode: smtp.EnhancedCode{code / 100, 3, 0}, Message: "Injected failure"}
	}
	c.msg.Data = b
	c.s.got = append(c.s.got, c.msg)
	return nil
}

func (c *session) Reset()        { c.msg = Received{} }
func (c *session) Logout() error { return nil }

// selfSigned makes a certificate for 127.0.0.1 and a pool that trusts it.
func selfSigned() (tls.Certificate, *x509.CertPool, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, nil, err
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "smtptest"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, DNSNames: []string{"localhost"},
		KeyUsage: x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true, IsCA: true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return tls.Certificate{}, nil, err
	}
	leaf, err := x509.ParseCertificate(der)
	if err != nil {
		return tls.Certificate{}, nil, err
	}
	pool := x509.NewCertPool()
	pool.AddCert(leaf)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf}, pool, nil
}
