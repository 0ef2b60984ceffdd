package notify_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/backupchecks/backupchecks/app/notify"
)

// A receiver answering 307 to another host gets no second, signed POST
// there; the test reports the redirect as a failure, not "answered 200".
func TestWebhookRedirectIsNotFollowed(t *testing.T) {
	w := newWorld(t)
	elsewhere := newReceiver(t)
	redirector := newReceiver(t)
	redirector.srv.Config.Handler = http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		http.Redirect(rw, r, elsewhere.srv.URL+"/collect", http.StatusTemporaryRedirect)
	})
	h, _ := w.hook(t, redirector.srv.URL, notify.Generic, notify.RunMissed)
	entry, err := w.svc.SendTest(h.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(elsewhere.got) != 0 {
		t.Fatalf("the signed body was resent to the redirect's target (%d requests)", len(elsewhere.got))
	}
	if entry.Status != 307 || entry.Outcome == "delivered" || !strings.Contains(entry.Error, "answered 307") || !strings.Contains(entry.Error, "redirect not followed") {
		t.Fatalf("the test's result: %+v", entry)
	}
}
