package views

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/backupchecks/backupchecks/app/psa"
)

// A ticket URL from Autotask becomes a link only when it is http(s).
func TestTicketLinkOnlyForWebURLs(t *testing.T) {
	for url, linked := range map[string]bool{
		"https://ww5.autotask.net/Autotask/x?TicketID=1": true,
		"javascript:alert(document.cookie)":              false,
		"data:text/html,<script>alert(1)</script>":       false,
		"//evil.example/":                                false,
		"https://user:pw@evil.example/":                  false,
	} {
		var b bytes.Buffer
		if err := ticketLink(psa.Link{Number: "T1", URL: url}, false).Render(context.Background(), &b); err != nil {
			t.Fatal(err)
		}
		if got := strings.Contains(b.String(), "href="); got != linked {
			t.Errorf("ticket URL %q: linked %v, want %v\n%s", url, got, linked, b.String())
		}
	}
}
