package appliance_test

import (
	"fmt"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/backupchecks/backupchecks/app/accounts"
	"github.com/backupchecks/backupchecks/app/audit"
	"github.com/backupchecks/backupchecks/app/mailimport"
)

// A hostile mail opened in the Inbox: its scripts, event handlers, forms
// and remote images, styles and fonts must do nothing and fetch nothing.
func TestBrowserHostileMailIsInert(t *testing.T) {
	a, base := serveAppliance(t)
	ctx := newBrowser(t)

	var hits atomic.Int32
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	remote := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.Add(1) })}
	go remote.Serve(ln)
	t.Cleanup(func() { remote.Close() })
	evil := "http://" + ln.Addr().String()

	if _, err := a.Accounts.Setup(accounts.NewUser{Username: "olivia", Password: browserPassword, Confirm: browserPassword}, audit.Actor{}); err != nil {
		t.Fatal(err)
	}
	html := fmt.Sprintf(`<html><head><style>body { background: url(%[1]s/bg.png) } @import url(%[1]s/x.css); @font-face { font-family: x; src: url(%[1]s/f.woff) }</style>
<link rel="stylesheet" href="%[1]s/style.css"><meta http-equiv="refresh" content="0; url=%[1]s/refresh"></head>
<body onload="parent.document.title='pwned'">
<script>parent.document.title = 'pwned'; fetch('%[1]s/fetch');</script>
<img src="%[1]s/pixel.png" onerror="parent.document.title='pwned'">
<form action="%[1]s/form" method="post"><input name="q" value="1"><button id="go">Go</button></form>
<a href="%[1]s/link" id="link">click</a>
<p style="background-image: url(%[1]s/inline.png)">Backup of everything succeeded.</p>
</body></html>`, evil)
	raw := "From: attacker@evil.test\r\nTo: reports@msp.test\r\nSubject: [Success] totally a report\r\nDate: Thu, 26 Nov 2026 10:00:00 +0000\r\n" +
		"Message-ID: <evil@evil.test>\r\nMIME-Version: 1.0\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + strings.ReplaceAll(html, "\n", "\r\n")
	res, err := a.Mail.Import([]byte(raw), mailimport.Source{})
	if err != nil {
		t.Fatal(err)
	}

	must := steps(t, ctx, "mail")
	must("sign in", chromedp.Do(ctx, signIn(base, "olivia")...))
	must("open mail", chromedp.Do(ctx, chromedp.Navigate(fmt.Sprintf("%s/inbox/%d", base, res.Mail.ID)),
		chromedp.WaitVisible(`[data-testid=mail-body]`)))
	time.Sleep(1500 * time.Millisecond) // time for anything that would load or run
	title, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.title`))
	must("title", err)
	if title == "pwned" {
		t.Fatal("a script or event handler in the mail ran")
	}
	// The frame is there and shows the text, yet is a separate, scriptless origin.
	text, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(function(){ try { return document.querySelector('[data-testid=mail-body]').contentDocument ? 'readable' : 'opaque' } catch (e) { return 'opaque' } })()`))
	must("frame origin", err)
	if text != "opaque" {
		t.Fatalf("the page can reach into the mail's frame (%s): it is not sandboxed", text)
	}
	screenshot(t, ctx, "mail-hostile")
	if n := hits.Load(); n != 0 {
		t.Fatalf("the mail made %d request(s) to a remote server", n)
	}
}
