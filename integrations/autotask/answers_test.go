package autotask_test

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/backupchecks/backupchecks/integrations/autotask"
)

func TestUnknownEntitiesAre404(t *testing.T) {
	w := newWorld(t)
	c := w.client()
	for _, e := range []string{"Queues", "TicketSources"} {
		err := c.Query(ctx, e, autotask.Query{Filter: []autotask.Filter{{Op: "exist", Field: "id"}}}, func([]json.RawMessage) error { return nil })
		var ae *autotask.APIError
		if !errors.As(err, &ae) || ae.Status != 404 || !strings.HasPrefix(ae.Body, "<!DOCTYPE html>") || !errors.Is(err, autotask.ErrNotFound) {
			t.Fatalf("%s: %v", e, err)
		}
		if msg := autotask.Explain(err); !strings.Contains(msg, "404") || !strings.Contains(msg, e+"/query") {
			t.Fatalf("explanation: %q", msg)
		}
	}
}

// Zones differ in what they send: numbers as strings, dates without a
// fraction or null, unknown members, other casing. None of it may break
// decoding.
func TestLenientDecoding(t *testing.T) {
	ts := stub(t, func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, `{"item":{"ID":"9001","TicketNumber":"T20260102.0042","companyId":0,"status":"5",
			"queueID":29683482.0,"dueDateTime":"2026-01-02T17:00:00Z","createDate":"2026-01-02T08:00:00.5",
			"completedDate":null,"someNewField":{"x":[1,2]},"source":null}}`)
	})
	tk, err := stubClient(ts).Ticket(ctx, 9001)
	if err != nil {
		t.Fatal(err)
	}
	want := autotask.Ticket{ID: 9001, Number: "T20260102.0042", Status: 5, QueueID: 29683482,
		DueDateTime: time.Date(2026, 1, 2, 17, 0, 0, 0, time.UTC), CreateDate: time.Date(2026, 1, 2, 8, 0, 0, 5e8, time.UTC)}
	if tk != want {
		t.Fatalf("got  %+v\nwant %+v", tk, want)
	}
}

func TestMalformedAnswersAreClearErrors(t *testing.T) {
	for _, body := range []string{`{"item":{"id":1,`, `<html>oops</html>`, `{"item":{"id":"abc"}}`, `{"items":5}`} {
		ts := stub(t, func(w http.ResponseWriter, r *http.Request) { _, _ = io.WriteString(w, body) })
		_, err := stubClient(ts).Ticket(ctx, 1)
		if err == nil || !strings.Contains(err.Error(), "malformed answer") {
			t.Fatalf("%s: %v", body, err)
		}
		if msg := autotask.Explain(err); !strings.Contains(msg, "could not be read") {
			t.Fatalf("explanation: %q", msg)
		}
	}
	ts := stub(t, func(w http.ResponseWriter, r *http.Request) { _, _ = io.WriteString(w, `{"pageDetails":{}}`) })
	if _, err := stubClient(ts).TicketsByExternalID(ctx, "x"); err == nil || !strings.Contains(err.Error(), `no "items"`) {
		t.Fatalf("query without items: %v", err)
	}
}

func TestSuccessStatusWithErrorsIsAFailure(t *testing.T) {
	ts := stub(t, func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, `{"itemId":0,"errors":["The logged in Resource does not have the adequate permissions to create this entity type."]}`)
	})
	_, err := stubClient(ts).CreateTicket(ctx, newTicket(1, ""))
	var ae *autotask.APIError
	if !errors.As(err, &ae) || ae.Status != 200 || len(ae.Messages) != 1 || errors.Is(err, autotask.ErrOutcomeUnknown) {
		t.Fatalf("got %v", err)
	}
}

func TestMethodNotAllowedMessageIsKept(t *testing.T) {
	ts := stub(t, func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusMethodNotAllowed)
		_, _ = io.WriteString(w, `{"Message":"The requested resource does not support http method 'PATCH'."}`)
	})
	_, err := stubClient(ts).Threshold(ctx)
	var ae *autotask.APIError
	if !errors.As(err, &ae) || ae.Status != 405 || len(ae.Messages) != 1 || !strings.Contains(ae.Messages[0], "'PATCH'") {
		t.Fatalf("got %v", err)
	}
}

// A next page on another host is not followed: the secret would go with it.
func TestForeignNextPageIsNotFollowed(t *testing.T) {
	var elsewhere atomic.Int32
	other := stub(t, func(w http.ResponseWriter, r *http.Request) { elsewhere.Add(1) })
	ts := stub(t, func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, `{"items":[{"id":1}],"pageDetails":{"count":1,"requestCount":500,"prevPageUrl":null,
			"nextPageUrl":"`+other.URL+`/ATServicesRest/V1.0/Tickets/query/next?paging=x"}}`)
	})
	_, err := stubClient(ts).TicketsByExternalID(ctx, "x")
	if err == nil || elsewhere.Load() != 0 || !strings.Contains(autotask.Explain(err), "another server") {
		t.Fatalf("%v after %d requests elsewhere", err, elsewhere.Load())
	}
}

func TestRetryAfterOverridesBackoff(t *testing.T) {
	var n atomic.Int32
	ts := stub(t, func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) == 1 {
			w.Header().Set("Retry-After", "0")
			w.WriteHeader(http.StatusTooManyRequests)
			return
		}
		_, _ = io.WriteString(w, `{"queryCount":3}`)
	})
	c := stubClient(ts, func(cfg *autotask.Config) { cfg.Backoff = func(int) time.Duration { return time.Hour } })
	if got, err := c.TimeEntryCount(ctx, 1); err != nil || got != 3 {
		t.Fatalf("%d, %v", got, err)
	}
}

func TestExplain(t *testing.T) {
	cases := []struct {
		err  error
		want string
	}{
		{nil, ""},
		{autotask.ErrUnauthorized, "Autotask refused the API user: check the user name, secret and API integration code (Admin → Resources → the API user → Security)."},
		{autotask.ErrRateLimited, "Nothing was done in Autotask; try again in a minute"},
		{autotask.ErrUnknownUser, "does not know this API user name"},
		{autotask.ErrOutcomeUnknown, "looks it up by its reference"},
		{&autotask.APIError{Status: 500, Method: "POST", Path: "Tickets", Messages: []string{"dueDateTime is required.; on record number [0]."}},
			"Autotask refused the request: dueDateTime is required. Check the ticket defaults in Settings → Autotask"},
		{&autotask.APIError{Status: 403, Method: "GET", Path: "Tickets/1"}, "The API user's security level does not allow GET Tickets/1."},
		{&autotask.APIError{Status: 500, Method: "POST", Path: "Resources/query", Messages: []string{"The logged in Resource does not have the adequate permissions to query this entity."}},
			"The API user's security level does not allow POST Resources/query (Autotask said: The logged in Resource does not have the adequate permissions to query this entity.)"},
		{&autotask.APIError{Status: 400, Method: "GET", Path: "Tickets/1", Body: "Bad"}, "HTTP 400 (Bad)"},
		{errors.New("plain"), "plain"},
	}
	for _, tc := range cases {
		if got := autotask.Explain(tc.err); !strings.Contains(got, tc.want) || (tc.want == "" && got != "") {
			t.Errorf("Explain(%v) = %q, want %q", tc.err, got, tc.want)
		}
	}
	ae := &autotask.APIError{Status: 500, Method: "POST", Path: "Tickets", Messages: []string{"a.", "b."}}
	if ae.Error() != "autotask POST Tickets: HTTP 500: a. b." {
		t.Errorf("Error() = %q", ae.Error())
	}
}
