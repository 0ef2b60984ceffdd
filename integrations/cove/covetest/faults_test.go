package covetest_test

import (
	"context"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/backupchecks/backupchecks/integrations/cove/covetest"
)

const allRows = `{"PartnerId":1,"RecordsCount":100,"Columns":["I1","I32"]}`

// The list faults shape the answer a client pages through, and nothing else.
func TestEmptyListAndListOnlyShrinkTheAnswer(t *testing.T) {
	srv := start(t)
	if ids, _, _ := rows(t, srv, allRows); len(ids) != 4 {
		t.Fatalf("before the faults: %v", ids)
	}
	srv.SetFaults(covetest.Faults{EmptyList: true})
	if ids, _, body := rows(t, srv, allRows); len(ids) != 0 || !strings.Contains(body, `"result":{"result":[]`) {
		t.Fatalf("EmptyList: %s", body)
	}
	srv.SetFaults(covetest.Faults{ListOnly: 3})
	if ids, _, _ := rows(t, srv, allRows); !reflect.DeepEqual(ids, []int64{10, 11, 12}) {
		t.Fatalf("ListOnly 3: %v", ids)
	}
	// Paging past the shortened list is empty, as past the real end.
	if ids, _, _ := rows(t, srv, `{"PartnerId":1,"StartRecordNumber":2,"RecordsCount":2,"Columns":["I1"]}`); !reflect.DeepEqual(ids, []int64{12}) {
		t.Fatalf("ListOnly 3, second page of 2: %v", ids)
	}
}

func TestRefuseSourcesRefusesTheirColumnsInAnySpelling(t *testing.T) {
	srv := start(t)
	srv.SetFaults(covetest.Faults{RefuseSources: []int{2}})
	for _, code := range []string{"D02F00", "D2F0", "S0", "D02F15"} {
		_, _, body := rows(t, srv, `{"PartnerId":1,"RecordsCount":10,"Columns":["I1","`+code+`"]}`)
		if !strings.Contains(body, `"data":13501`) || !strings.Contains(body, "Operation failed because of security reasons") {
			t.Fatalf("%s was not refused: %s", code, body)
		}
	}
	if ids, _, _ := rows(t, srv, `{"PartnerId":1,"RecordsCount":10,"Columns":["I1","D01F00","D10F00"]}`); len(ids) != 4 {
		t.Fatalf("other sources' columns: %v", ids)
	}
}

func TestOSTypeAsNameAnswersI32WithTheOSName(t *testing.T) {
	srv := start(t)
	srv.PutDevice(covetest.Device{ID: 20, PartnerID: 2, Values: map[string]string{"I1": "acme-mac", "I16": "macOS 14.5", "I32": "1"}})
	srv.SetFaults(covetest.Faults{OSTypeAsName: true})
	ids, settings, _ := rows(t, srv, allRows)
	for i, id := range ids {
		var i32 string
		for _, kv := range settings[i] {
			if v, ok := kv["I32"]; ok {
				i32 = v
			}
		}
		if id == 20 && i32 != "macOS 14.5" || id != 20 && i32 != "" {
			t.Errorf("device %d: I32 %q", id, i32)
		}
	}
}

func TestHTMLPageAnswersAWebPageWithStatus200(t *testing.T) {
	srv := start(t)
	srv.SetFaults(covetest.Faults{HTMLPage: true})
	resp, err := http.Post(srv.URL(), "application/json", strings.NewReader(`{"jsonrpc":"2.0","id":"1","method":"Login","params":{}}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") || srv.Logins() != 0 {
		t.Fatalf("HTTP %d, %s, %d logins", resp.StatusCode, resp.Header.Get("Content-Type"), srv.Logins())
	}
}

func TestNeverAnswerHoldsUntilTheClientGivesUp(t *testing.T) {
	srv := start(t)
	srv.SetFaults(covetest.Faults{NeverAnswer: true})
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, srv.URL(), strings.NewReader(`{"jsonrpc":"2.0","id":"1","method":"GetServerInfo"}`))
	resp, err := http.DefaultClient.Do(req)
	if err == nil {
		resp.Body.Close()
		t.Fatalf("answered HTTP %d", resp.StatusCode)
	}
	if ctx.Err() == nil {
		t.Fatalf("failed before the client gave up: %v", err)
	}
}
