package notify_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/backupchecks/backupchecks/app/notify"
)

// A report's text cannot ping a Slack channel or plant a disguised link in
// Slack or Teams; the appliance's own link still works.
func TestWebhookBodiesEscapeMailText(t *testing.T) {
	const evil = "<!channel> <https://evil.example/login|Sign in>"
	ev := notify.Event{ID: "run-9-failed", Kind: notify.RunFailed, Message: evil + " [Sign in](https://evil.example/) **now**"}
	d := notify.Detail{Customer: "Acme <!here>", Job: "Nightly", Link: "https://b.example/runs/9"}

	b, _ := notify.Body(notify.Slack, ev, d)
	var slack map[string]string
	if err := json.Unmarshal(b, &slack); err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"<!channel>", "<!here>", "<https://evil.example"} {
		if strings.Contains(slack["text"], bad) {
			t.Errorf("Slack text carries %q: %s", bad, slack["text"])
		}
	}
	if !strings.Contains(slack["text"], "&lt;!channel&gt; &lt;https://evil.example/login|Sign in&gt;") ||
		!strings.Contains(slack["text"], "<https://b.example/runs/9|Open in Backupchecks>") {
		t.Errorf("Slack text %s", slack["text"])
	}

	b, _ = notify.Body(notify.Teams, ev, d)
	var teams struct {
		Attachments []struct {
			Content struct {
				Body []struct{ Text string } `json:"body"`
			} `json:"content"`
		} `json:"attachments"`
	}
	if err := json.Unmarshal(b, &teams); err != nil {
		t.Fatal(err)
	}
	txt := teams.Attachments[0].Content.Body[1].Text
	for _, bad := range []string{"[Sign in](https://evil.example/)", "**now**", "<!channel>"} {
		if strings.Contains(txt, bad) {
			t.Errorf("Teams text carries %q: %s", bad, txt)
		}
	}
	if !strings.Contains(txt, `\[Sign in\]\(https://evil.example/\)`) {
		t.Errorf("Teams text %s", txt)
	}
}
