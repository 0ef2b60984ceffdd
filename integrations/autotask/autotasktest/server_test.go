package autotasktest

import (
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"
)

func TestZoneDiscoveryAndVersion(t *testing.T) {
	f := newFixture(t)
	for _, path := range []string{"/atservicesrest/v1.0/zoneInformation?user=", "/ATServicesRest/V1.0/ZONEINFORMATION?User="} {
		r := f.call(http.MethodGet, path+escape("API@msp.example"), "", "X-None", "")
		var z struct{ ZoneName, URL, WebURL string }
		r.json(t, &z)
		if r.status != 200 || z.ZoneName != "AE02" || z.URL != f.srv.URL()+"/ATServicesRest/" || z.WebURL != f.srv.URL()+"/web/ae02/" {
			t.Fatalf("%s: HTTP %d %s", path, r.status, r.body)
		}
	}
	r := f.call(http.MethodGet, "/atservicesrest/v1.0/zoneInformation?user=nobody", "", "X-None", "")
	if r.status != 500 || fmt.Sprint(r.errors()) != "[Zone information could not be determined]" {
		t.Fatalf("unknown user: HTTP %d %s", r.status, r.body)
	}
	if r := f.call(http.MethodGet, "/atservicesrest/versioninformation", "", "X-None", ""); r.status != 200 || r.body != `{"apiVersions":["V1.0"]}` {
		t.Fatalf("versions: HTTP %d %s", r.status, r.body)
	}
}

func TestAuthentication(t *testing.T) {
	f := newFixture(t)
	good := map[string]string{"UserName": user, "Secret": secret, "ApiIntegrationCode": code}
	for _, drop := range []string{"UserName", "Secret", "ApiIntegrationCode"} {
		var h []string
		for k, v := range good {
			if k != drop {
				h = append(h, k, v)
			}
		}
		if r := f.call(http.MethodGet, "/ATServicesRest/V1.0/Companies/0", "", h...); r.status != 401 || r.body != "" {
			t.Errorf("without %s: HTTP %d %q", drop, r.status, r.body)
		}
	}
	if r := f.call(http.MethodGet, "/ATServicesRest/V1.0/Companies/0", "", "UserName", user, "Secret", "wrong", "ApiIntegrationCode", code); r.status != 401 {
		t.Errorf("wrong secret: HTTP %d", r.status)
	}
	req, _ := http.NewRequest(http.MethodGet, f.srv.URL()+"/ATServicesRest/V1.0/Companies/0", nil)
	req.SetBasicAuth(user, secret)
	if resp, err := http.DefaultClient.Do(req); err != nil || resp.StatusCode != 401 {
		t.Errorf("Basic only: %v %v", resp.StatusCode, err)
	}
	if r := f.call(http.MethodGet, "/atservicesrest/v1.0/companies/0", "", "username", user, "SECRET", secret, "Apiintegrationcode", code); r.status != 200 {
		t.Errorf("header names in other casing: HTTP %d", r.status)
	}
}

func TestRoutesAndVerbs(t *testing.T) {
	f := newFixture(t)
	for _, tc := range []struct {
		method, path string
		status       int
		html         bool
	}{
		{http.MethodPost, "Queues/query", 404, true},
		{http.MethodGet, "TicketSources/query?search=x", 404, true},
		{http.MethodPost, "TicketNotes", 404, true},
		{http.MethodPatch, "Tickets/9001", 405, false},
		{http.MethodDelete, "Tickets/9001", 405, false},
		{http.MethodGet, "Tickets", 405, false},
		{http.MethodGet, "COMPANIES/0", 200, false},
		{http.MethodGet, "Companies/abc", 404, true},
	} {
		r := f.api(tc.method, tc.path, `{"filter":[{"op":"exist","field":"id"}]}`)
		if r.status != tc.status || strings.HasPrefix(r.body, "<!DOCTYPE html>") != tc.html {
			t.Errorf("%s %s: HTTP %d %.60s", tc.method, tc.path, r.status, r.body)
		}
		if tc.status == 405 && !strings.Contains(r.body, `"Message":"The requested resource does not support http method '`+tc.method+`'."`) {
			t.Errorf("%s %s: %s", tc.method, tc.path, r.body)
		}
	}
	if r := f.api(http.MethodGet, "Tickets/424242", ""); r.status != 200 || r.body != `{"item":null}` {
		t.Errorf("missing ticket: HTTP %d %s", r.status, r.body)
	}
}

func TestQueryOperators(t *testing.T) {
	f := newFixture(t)
	acme := f.tenant.AddCompany("Acme Backup", true)
	beta := f.tenant.AddCompany("Beta Systems", false)
	gamma := f.tenant.AddCompany("gamma backup ltd", true)
	for _, tc := range []struct {
		filter string
		want   []int64
	}{
		{`{"op":"eq","field":"companyName","value":"ACME BACKUP"}`, []int64{acme}},
		{`{"op":"noteq","field":"id","value":0}`, []int64{acme, beta, gamma}},
		{`{"op":"gt","field":"id","value":"174"}`, []int64{beta, gamma}},
		{`{"op":"gte","field":"id","value":175}`, []int64{beta, gamma}},
		{`{"op":"lt","field":"id","value":175}`, []int64{0, acme}},
		{`{"op":"lte","field":"id","value":0}`, []int64{0}},
		{`{"op":"beginsWith","field":"companyname","value":"gam"}`, []int64{gamma}},
		{`{"op":"BEGINSWITH","field":"companyName","value":"Acme"}`, []int64{acme}},
		{`{"op":"endsWith","field":"companyName","value":"LTD"}`, []int64{gamma}},
		{`{"op":"contains","field":"CompanyName","value":"backup"}`, []int64{acme, gamma}},
		{`{"op":"exist","field":"companyNumber"}`, []int64{}},
		{`{"op":"notExist","field":"phone"}`, []int64{0, acme, beta, gamma}},
		{`{"op":"in","field":"id","value":[0,175,999]}`, []int64{0, beta}},
		{`{"op":"notIn","field":"id","value":[0,175]}`, []int64{acme, gamma}},
		{`{"op":"eq","field":"isActive","value":false}`, []int64{beta}},
		{`{"op":"or","items":[{"op":"eq","field":"id","value":0},{"op":"contains","field":"companyName","value":"systems"}]}`, []int64{0, beta}},
		{`{"op":"and","field":"","value":null,"items":[{"op":"contains","field":"companyName","value":"backup"},{"op":"gt","field":"id","value":174}]}`, []int64{gamma}},
		{`{"op":"eq","field":"MyUdf","udf":true,"value":"x"}`, []int64{}},
		{`{"op":"gte","field":"createDate","value":"2000-01-01T00:00:00"}`, []int64{0, acme, beta, gamma}},
	} {
		got := f.ids("Companies", `{"Filter":[`+tc.filter+`]}`)
		if fmt.Sprint(got) != fmt.Sprint(tc.want) {
			t.Errorf("%s: %v, want %v", tc.filter, got, tc.want)
		}
	}
	// Two top-level conditions are ANDed.
	if got := f.ids("Companies", `{"filter":[{"op":"contains","field":"companyName","value":"backup"},{"op":"eq","field":"isActive","value":true}],"maxRecords":1}`); fmt.Sprint(got) != fmt.Sprint([]int64{acme}) {
		t.Errorf("AND with maxRecords 1: %v", got)
	}
}

func TestQueryRefusals(t *testing.T) {
	f := newFixture(t)
	for _, tc := range []struct{ entity, body, want string }{
		{"Companies", `{"filter":[]}`, "at least one filter condition"},
		{"Companies", `{"MaxRecords":10}`, "at least one filter condition"},
		{"Companies", `{"filter":[{"op":"exist","field":"id"}],"MaxRecords":0}`, "MaxRecords must be between 1 and 500."},
		{"Companies", `{"filter":[{"op":"exist","field":"id"}],"MaxRecords":501}`, "MaxRecords must be between 1 and 500."},
		{"Tickets", `{"filter":[{"op":"eq","field":"creatorType","value":1}]}`, "creatorType is not queryable"},
		{"Tickets", `{"filter":[{"op":"exist","field":"LastActivityPersonType"}]}`, "lastActivityPersonType is not queryable"},
		{"Tickets", `{"filter":[{"op":"eq","field":"nope","value":1}]}`, "Unable to find nope in the Ticket entity."},
		{"Tickets", `{"filter":[{"op":"like","field":"title","value":1}]}`, "unknown operator"},
		{"Tickets", `{"filter":[{"op":"eq","field":"id","value":"abc"}]}`, "Invalid value"},
		{"Tickets", `{"filter":[{"op":"in","field":"id","value":5}]}`, "needs a list"},
		{"Tickets", `[1]`, "not a JSON object"},
	} {
		r := f.api(http.MethodPost, tc.entity+"/query", tc.body)
		if r.status != 500 || !strings.Contains(strings.Join(r.errors(), " "), tc.want) {
			t.Errorf("%s: HTTP %d %s, want %q", tc.body, r.status, r.body, tc.want)
		}
	}
}

type pageReply struct {
	Items       []struct{ ID int64 }
	PageDetails struct {
		Count, RequestCount      int
		PrevPageURL, NextPageURL *string
	}
}

func TestPaging(t *testing.T) {
	f := newFixture(t)
	for i := range 5 {
		f.tenant.AddCompany(fmt.Sprintf("C%d", i), true)
	}
	q := `{"filter":[{"op":"gt","field":"id","value":0}],"MaxRecords":2}`

	// A POST query: the next page is POSTed with the same body; GET is 405.
	var p pageReply
	f.api(http.MethodPost, "Companies/query", q).json(t, &p)
	if len(p.Items) != 2 || p.PageDetails.Count != 2 || p.PageDetails.RequestCount != 2 || p.PageDetails.PrevPageURL != nil || p.PageDetails.NextPageURL == nil {
		t.Fatalf("first page %+v", p)
	}
	next := *p.PageDetails.NextPageURL
	if !regexp.MustCompile(`^http://127\.0\.0\.1:\d+/ATServicesRest/V1\.0/Companies/query/next\?paging=.+&search=.+$`).MatchString(next) {
		t.Fatalf("next page URL %s", next)
	}
	r := f.call(http.MethodGet, next, "")
	if r.status != 405 || !strings.Contains(r.body, "does not support http method 'GET'") {
		t.Fatalf("GET of a POST query's next page: HTTP %d %s", r.status, r.body)
	}
	var ids []int64
	for url := &next; url != nil; {
		var pg pageReply
		f.call(http.MethodPost, *url, q).json(t, &pg)
		if pg.PageDetails.PrevPageURL == nil {
			t.Fatal("a later page without prevPageUrl")
		}
		for _, it := range pg.Items {
			ids = append(ids, it.ID)
		}
		url = pg.PageDetails.NextPageURL
	}
	if fmt.Sprint(ids) != "[176 177 178]" {
		t.Fatalf("later pages %v", ids)
	}

	// A GET query: its next page is fetched with GET.
	var g pageReply
	f.api(http.MethodGet, "Companies/query?search="+escape(q), "").json(t, &g)
	if g.PageDetails.NextPageURL == nil {
		t.Fatal("no next page")
	}
	var g2 pageReply
	if r := f.call(http.MethodGet, *g.PageDetails.NextPageURL, ""); r.status != 200 {
		t.Fatalf("GET next of a GET query: HTTP %d %s", r.status, r.body)
	} else {
		r.json(t, &g2)
	}
	if len(g2.Items) != 2 || g2.Items[0].ID != 176 {
		t.Fatalf("second GET page %+v", g2)
	}

	var n struct{ QueryCount int }
	f.api(http.MethodPost, "Companies/query/count", q).json(t, &n)
	if n.QueryCount != 5 {
		t.Fatalf("count %d", n.QueryCount)
	}
}

func TestIncludeFields(t *testing.T) {
	f := newFixture(t)
	var p struct{ Items []map[string]any }
	f.api(http.MethodPost, "Companies/query", `{"filter":[{"op":"eq","field":"id","value":0}],"includeFields":["ID","companyName"]}`).json(t, &p)
	if len(p.Items) != 1 || len(p.Items[0]) != 2 || p.Items[0]["companyName"] != "AE02 MSP" {
		t.Fatalf("items %+v", p.Items)
	}
}
