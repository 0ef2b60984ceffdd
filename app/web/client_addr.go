package web

import (
	"net"
	"net/netip"
	"strings"
	"sync/atomic"

	"github.com/gofiber/fiber/v2"

	"github.com/backupchecks/backupchecks/app/settings"
)

// forwardedHeaders are the request headers in which a reverse proxy says
// who the client is and how it connected. They are believed only from
// the trusted proxies of Settings → General.
var forwardedHeaders = []string{
	"X-Forwarded-For", "X-Real-Ip", "Forwarded",
	fiber.HeaderXForwardedProto, fiber.HeaderXForwardedProtocol, fiber.HeaderXForwardedSsl, fiber.HeaderXUrlScheme,
	fiber.HeaderXForwardedHost,
}

// clientAddress is the one place that decides who the client is. Every
// request passes here first:
//   - from a peer that is not a trusted proxy (the default: none is), the
//     forwarded headers are removed, so the peer's own address is the
//     client's and nothing later (c.IP(), c.Protocol(), c.Hostname())
//     believes a header anyone can send;
//   - from a trusted proxy, the client is the right-most X-Forwarded-For
//     entry that is not itself a trusted proxy, and X-Forwarded-Proto is
//     kept.
//
// The decision is written back as the request's remote address, so
// c.IP() everywhere (throttle, audit, sessions, logs) reads the same one.
func (s *Server) clientAddress(c *fiber.Ctx) error {
	peer, _ := netip.AddrFromSlice(c.Context().RemoteIP())
	peer = peer.Unmap()
	trusted := s.trustedProxies()
	if !trusted.has(peer) {
		for _, h := range forwardedHeaders {
			c.Request().Header.Del(h)
		}
		return c.Next()
	}
	if client, ok := forwardedClient(c, trusted); ok && client != peer {
		c.Context().SetRemoteAddr(&net.TCPAddr{IP: client.AsSlice()})
	}
	return c.Next()
}

// forwardedClient walks X-Forwarded-For from the right (the entry our
// proxy added) past trusted proxies; the first other address is the
// client. Entries to its left were written by the client and are ignored.
func forwardedClient(c *fiber.Ctx, trusted proxySet) (netip.Addr, bool) {
	var hops []string
	for _, v := range c.Request().Header.PeekAll("X-Forwarded-For") {
		hops = append(hops, strings.Split(string(v), ",")...)
	}
	var last netip.Addr
	for i := len(hops) - 1; i >= 0; i-- {
		a, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
		if err != nil {
			break // a garbled hop: trust nothing further left
		}
		last = a.Unmap()
		if !trusted.has(last) {
			return last, true
		}
	}
	return last, last.IsValid()
}

// proxySet is the parsed trusted-proxies setting.
type proxySet []netip.Prefix

func (p proxySet) has(a netip.Addr) bool {
	for _, pr := range p {
		if pr.Contains(a) {
			return true
		}
	}
	return false
}

// parsedProxies caches the parse of the setting's current text.
var parsedProxies atomic.Pointer[struct {
	text string
	set  proxySet
}]

func (s *Server) trustedProxies() proxySet {
	g, err := s.Settings.General()
	if err != nil || len(g.TrustedProxies) == 0 {
		return nil
	}
	text := strings.Join(g.TrustedProxies, " ")
	if p := parsedProxies.Load(); p != nil && p.text == text {
		return p.set
	}
	set := proxySet(settings.ProxyPrefixes(g.TrustedProxies))
	parsedProxies.Store(&struct {
		text string
		set  proxySet
	}{text, set})
	return set
}
