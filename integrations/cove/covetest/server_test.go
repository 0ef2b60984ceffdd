package covetest_test

import (
	"encoding/json"
	"io"
	"net/http"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/backupchecks/backupchecks/integrations/cove/covetest"
)

var now = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

func start(t *testing.T) *covetest.Server {
	t.Helper()
	srv := covetest.New()
	srv.SetClock(func() time.Time { return now })
	srv.AddPartner(covetest.Partner{ID: 1, Name: "MSP", Level: "Reseller"})
	srv.AddPartner(covetest.Partner{ID: 2, ParentID: 1, Name: "Acme Ltd", Level: "EndCustomer"})
	srv.AddPartner(covetest.Partner{ID: 3, ParentID: 1, Name: "Beta GmbH", Level: "EndCustomer"})
	srv.AddPartner(covetest.Partner{ID: 4, ParentID: 3, Name: "Beta Site", Level: "Site"})
	srv.AddPartner(covetest.Partner{ID: 9, Name: "Someone else", Level: "Reseller"})
	srv.AddUser(covetest.User{Partner: "MSP", Username: "api", Password: "pw", PartnerID: 1, ID: 77})
	for _, d := range []covetest.Device{
		{ID: 10, PartnerID: 2, Values: map[string]string{"I1": "acme-fs01", "D09F00": "5", "D09F15": "1000", "I78": "D01D02D10", "I32": "2"}},
		{ID: 11, PartnerID: 2, Values: map[string]string{"AN": "acme-ws001", "T0": "2", "D9F15": "3000", "I78": "D01", "I32": "1"}},
		{ID: 12, PartnerID: 3, Flags: []string{"AutoDeployed"}, Values: map[string]string{"I1": "beta-m365", "D09F00": "8", "D09F15": "2000", "I78": "D19D20D05D23"}},
		{ID: 13, PartnerID: 4, Values: map[string]string{"I1": "beta-site-fs", "D09F00": "5", "D09F15": "500", "AA843": "note"}},
		{ID: 14, PartnerID: 9, Values: map[string]string{"I1": "foreign"}},
	} {
		srv.PutDevice(d)
	}
	srv.Start()
	t.Cleanup(srv.Close)
	return srv
}

func post(t *testing.T, srv *covetest.Server, body string) (int, string) {
	t.Helper()
	resp, err := http.Post(srv.URL(), "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func login(t *testing.T, srv *covetest.Server) string {
	t.Helper()
	_, body := post(t, srv, `{"jsonrpc":"2.0","id":"1","method":"Login","params":{"partner":"MSP","username":"api","password":"pw"}}`)
	var r struct {
		Visa   string
		Result struct{ Result map[string]any }
	}
	if err := json.Unmarshal([]byte(body), &r); err != nil || r.Visa == "" || r.Result.Result["PartnerId"] != 1.0 {
		t.Fatalf("login: %s", body)
	}
	return r.Visa
}

// rows runs a statistics query and returns AccountIds and Settings.
func rows(t *testing.T, srv *covetest.Server, query string) ([]int64, [][]map[string]string, string) {
	t.Helper()
	_, body := post(t, srv, `{"jsonrpc":"2.0","id":"jsonrpc","visa":"`+login(t, srv)+`","method":"EnumerateAccountStatistics","params":{"query":`+query+`}}`)
	var r struct {
		Result struct {
			Result []struct {
				AccountId int64
				Settings  []map[string]string
			}
		}
	}
	if err := json.Unmarshal([]byte(body), &r); err != nil {
		t.Fatalf("%v: %s", err, body)
	}
	var ids []int64
	var settings [][]map[string]string
	for _, row := range r.Result.Result {
		ids = append(ids, row.AccountId)
		settings = append(settings, row.Settings)
	}
	return ids, settings, body
}

func TestRepliesAreWordedLikeCove(t *testing.T) {
	srv := start(t)
	for _, tc := range []struct{ req, want string }{
		{`{"jsonrpc":"2.0","id":"1","method":"Login","params":{"partner":"MSP","username":"api","password":"no"}}`,
			`{"id":"1","jsonrpc":"2.0","error":{"code":-32603,"data":2100,"message":"Unknown partner/username or bad password"}}`},
		{`{"jsonrpc":"2.0","id":"jsonrpc","method":"GetServerInfo","params":{}}`,
			`{"id":"jsonrpc","jsonrpc":"2.0","error":{"code":-32603,"data":1701,"message":"Visa is inconsistent/corrupted"}}`},
		{`{"jsonrpc":"2.0","id":7,"visa":"cv1-forged","method":"GetServerInfo"}`,
			`{"id":7,"jsonrpc":"2.0","error":{"code":-32603,"data":1701,"message":"Visa is inconsistent/corrupted"}}`},
		{`{"jsonrpc":"2.0","id":"x","method":"getServerInfo"}`,
			`{"id":"x","jsonrpc":"2.0","error":{"code":-32601,"message":"Method not found"}}`},
	} {
		if status, got := post(t, srv, tc.req); status != 200 || got != tc.want {
			t.Errorf("%s\n got %d %s\nwant %s", tc.req, status, got, tc.want)
		}
	}
	visa := login(t, srv)
	if !regexp.MustCompile(`^cv1-[0-9a-f]+-[0-9a-f]+-` + "1772442000" + `-[0-9a-f]+$`).MatchString(visa) {
		t.Errorf("visa %q lacks the issue time as its fourth field", visa)
	}
	_, got := post(t, srv, `{"jsonrpc":"2.0","id":"jsonrpc","visa":"`+visa+`","method":"GetServerInfo","params":{}}`)
	if !regexp.MustCompile(`^\{"id":"jsonrpc","jsonrpc":"2.0","result":\{"result":\{"Version":"23.3"\}\},"visa":"cv1-[^"]+"\}$`).MatchString(got) {
		t.Errorf("GetServerInfo: %s", got)
	}
}

func TestBadRequests(t *testing.T) {
	srv := start(t)
	if status, _ := post(t, srv, `{"jsonrpc":`); status != 400 {
		t.Errorf("unparsable body: HTTP %d", status)
	}
	resp, err := http.Get(srv.URL())
	if err != nil || resp.StatusCode != 405 {
		t.Errorf("GET: %v %v", resp.StatusCode, err)
	}
	visa := login(t, srv)
	for req, want := range map[string]string{
		`[{"jsonrpc":"2.0","id":"1","method":"Login"}]`:                                                                             `"code":-32600`,
		`{"jsonrpc":"2.0","id":"1","method":"EnumerateAccountStatistics","params":{"query":{},"visa":"` + visa + `"}}`:              `"data":1701`,
		`{"jsonrpc":"2.0","id":"1","visa":"` + visa + `","method":"EnumerateAccountStatistics","params":{"query":{"partnerId":1}}}`: `unknown query member \"partnerId\"`,
		`{"jsonrpc":"2.0","id":"1","visa":"` + visa + `","method":"EnumerateAccountStatistics","params":{"query":{"PartnerId":9}}}`: `"data":13501`,
		`{"jsonrpc":"2.0","id":"1","visa":"` + visa + `","method":"EnumeratePartners","params":{}}`:                                 `"data":13501`,
	} {
		if _, got := post(t, srv, req); !strings.Contains(got, want) {
			t.Errorf("%s\n got %s\nwant %s", req, got, want)
		}
	}
	recorded := false
	for _, c := range srv.Calls() {
		recorded = recorded || c.VisaInParams
	}
	if !recorded {
		t.Error("a visa in params was not recorded as such")
	}
}

func TestVisasExpireFifteenMinutesAfterIssue(t *testing.T) {
	srv := start(t)
	clock := now
	srv.SetClock(func() time.Time { return clock })
	visa := login(t, srv)
	info := func(v string) string {
		_, body := post(t, srv, `{"jsonrpc":"2.0","id":"1","visa":"`+v+`","method":"GetServerInfo","params":{}}`)
		var r struct{ Visa string }
		json.Unmarshal([]byte(body), &r)
		return r.Visa
	}
	clock = now.Add(10 * time.Minute)
	fresh := info(visa)
	if fresh == "" || fresh == visa {
		t.Fatalf("no new visa: %q", fresh)
	}
	if info(visa) == "" {
		t.Fatal("the old visa must stay valid until its own expiry")
	}
	clock = now.Add(15 * time.Minute)
	if info(visa) != "" {
		t.Fatal("a 15-minute-old visa was accepted")
	}
	if info(fresh) == "" {
		t.Fatal("the newer visa expired with the old one")
	}
}

func TestKeysAreEchoedSortedAndEmptyValuesLeftOut(t *testing.T) {
	srv := start(t)
	ids, settings, body := rows(t, srv, `{"PartnerId":1,"RecordsCount":10,"Columns":["T0","I1","D9F15","AN","I18","D09F00","AP","aa843","I8"]}`)
	if !reflect.DeepEqual(ids, []int64{10, 11, 12, 13}) {
		t.Fatalf("ids %v (the foreign partner's device must not show)", ids)
	}
	want := []map[string]string{{"AN": "acme-fs01"}, {"AP": "FSZ"}, {"D09F00": "5"}, {"D9F15": "1000"}, {"I1": "acme-fs01"}, {"I8": "Acme Ltd"}, {"T0": "5"}}
	if !reflect.DeepEqual(settings[0], want) {
		t.Fatalf("settings of device 10:\n got %v\nwant %v", settings[0], want)
	}
	if !strings.Contains(body, `{"aa843":"note"}`) || !strings.Contains(body, `"Flags":["AutoDeployed"]`) || !strings.Contains(body, `"totalStatistics":null`) {
		t.Fatalf("body: %s", body)
	}
	if _, _, body := rows(t, srv, `{"PartnerId":1,"Columns":["I1","ZZ9"]}`); !strings.Contains(body, `"data":13501`) {
		t.Fatalf("unknown column: %s", body)
	}
	srv.SetFaults(covetest.Faults{UnknownColumns: "skip"})
	if ids, _, _ := rows(t, srv, `{"PartnerId":1,"Columns":["I1","ZZ9"]}`); len(ids) != 1 {
		t.Fatalf("RecordsCount must default to 1, got %d rows", len(ids))
	}
}

func TestSubtreeExclusionFilterOrderAndSlice(t *testing.T) {
	srv := start(t)
	for query, want := range map[string][]int64{
		`{"PartnerId":3,"RecordsCount":10}`:                                                  {12, 13},
		`{"PartnerId":1,"RecordsCount":10,"ExcludedPartners":[3]}`:                           {10, 11},
		`{"PartnerId":1,"RecordsCount":10,"Filter":"T0 == 5"}`:                               {10, 13},
		`{"PartnerId":1,"RecordsCount":10,"Filter":"D09F00 != 5 AND I78 =~ '*d01*'"}`:        {11},
		`{"PartnerId":1,"RecordsCount":10,"Filter":"(OT >= 1) && an =~ 'ACME-??001'"}`:       {11},
		`{"PartnerId":1,"RecordsCount":10,"Filter":"AU in (10, 12)"}`:                        {10, 12},
		`{"PartnerId":1,"RecordsCount":10,"Filter":"T0 == Session.Failed"}`:                  {11},
		`{"PartnerId":1,"RecordsCount":10,"Filter":"TL > 1.days().ago()"}`:                   {},
		`{"PartnerId":1,"RecordsCount":10,"OrderBy":"D09F15 DESC"}`:                          {11, 12, 10, 13},
		`{"PartnerId":1,"RecordsCount":10,"OrderBy":"AN ASC"}`:                               {10, 11, 12, 13},
		`{"PartnerId":1,"RecordsCount":2,"StartRecordNumber":1,"OrderBy":"I0 DESC"}`:         {12, 11},
		`{"PartnerId":1,"RecordsCount":10,"StartRecordNumber":10}`:                           {},
		`{"PartnerId":1,"RecordsCount":10,"Filter":"I1 == 'it''s'","OrderBy":"D09F15 DESC"}`: {},
	} {
		ids, _, body := rows(t, srv, query)
		if len(want) == 0 && (len(ids) != 0 || !strings.Contains(body, `"result":[]`)) {
			t.Errorf("%s: want no rows, got %s", query, body)
		} else if len(want) > 0 && !reflect.DeepEqual(ids, want) {
			t.Errorf("%s: got %v, want %v (%s)", query, ids, want, body)
		}
	}
	for _, f := range []string{"T0 == 5 OR T0 == 2", "ANY =~ '*acme*'", "!(T0 == 5)", "T0 ==", "TS > 7.weeks().ago()"} {
		if _, _, body := rows(t, srv, `{"PartnerId":1,"Filter":"`+f+`"}`); !strings.Contains(body, `"code":-32602`) || !strings.Contains(body, "unsupported filter") {
			t.Errorf("%s: %s", f, body)
		}
	}
}

func TestEnumeratePartners(t *testing.T) {
	srv := start(t)
	visa := login(t, srv)
	list := func(params string) []int64 {
		_, body := post(t, srv, `{"jsonrpc":"2.0","id":"1","visa":"`+visa+`","method":"EnumeratePartners","params":`+params+`}`)
		var r struct {
			Result struct {
				Result []struct{ Id, ParentId int64 }
			}
		}
		if err := json.Unmarshal([]byte(body), &r); err != nil {
			t.Fatalf("%v: %s", err, body)
		}
		var ids []int64
		for _, p := range r.Result.Result {
			ids = append(ids, p.Id)
		}
		return ids
	}
	if got := list(`{"parentPartnerId":1,"fetchRecursively":false,"fields":[0,1]}`); !reflect.DeepEqual(got, []int64{2, 3}) {
		t.Errorf("children: %v", got)
	}
	if got := list(`{"parentPartnerId":1,"fetchRecursively":true}`); !reflect.DeepEqual(got, []int64{2, 3, 4}) {
		t.Errorf("recursive: %v", got)
	}
}

func TestFaultsCountFromWhenTheyAreSet(t *testing.T) {
	srv := start(t)
	visa := login(t, srv)
	info := `{"jsonrpc":"2.0","id":"1","visa":"` + visa + `","method":"GetServerInfo"}`
	post(t, srv, info)
	srv.SetFaults(covetest.Faults{VisaErrorOnCall: 2, HTTPStatus: 503, HTTPStatusCount: 1, TruncateNext: 1})
	if status, _ := post(t, srv, info); status != 503 {
		t.Fatalf("first call after SetFaults: HTTP %d", status)
	}
	if _, body := post(t, srv, info); json.Valid([]byte(body)) {
		t.Fatalf("not truncated: %s", body)
	}
	if _, body := post(t, srv, info); !strings.Contains(body, `"data":1701`) {
		t.Fatalf("second non-Login JSON-RPC call: %s", body)
	}
	if _, body := post(t, srv, info); !strings.Contains(body, `"Version"`) {
		t.Fatalf("after the faults: %s", body)
	}
}

func TestFleetIsDeterministicAndRealistic(t *testing.T) {
	p1, d1 := covetest.Fleet(1000, 42, now)
	p2, d2 := covetest.Fleet(1000, 42, now)
	if !reflect.DeepEqual(p1, p2) || !reflect.DeepEqual(d1, d2) {
		t.Fatal("the same seed gave two fleets")
	}
	if _, d3 := covetest.Fleet(1000, 43, now); reflect.DeepEqual(d1, d3) {
		t.Fatal("another seed gave the same fleet")
	}
	if len(p1) != 51 || len(d1) != 1000 || p1[0].ID != covetest.RootPartnerID || p1[0].Name != "Demo MSP" {
		t.Fatalf("%d partners, %d devices, root %+v", len(p1), len(d1), p1[0])
	}
	names := map[string]bool{}
	status := map[string]int{}
	for _, d := range d1 {
		v := d.Values
		if names[v["I1"]] {
			t.Fatalf("duplicate device name %q", v["I1"])
		}
		names[v["I1"]] = true
		status[v["D09F00"]]++
		if len(v["D09F08"]) != 28 || v["D09F08"][27:] != v["D09F00"] {
			t.Fatalf("colour bar %q for status %s", v["D09F08"], v["D09F00"])
		}
		last, err := strconv.ParseInt(v["D09F15"], 10, 64)
		if err != nil || now.Unix()-last < 0 || now.Unix()-last > 86400 || v["I8"] == "" || v["I0"] != strconv.FormatInt(d.ID, 10) {
			t.Fatalf("device %s: %v", v["I1"], v)
		}
	}
	if status["5"] < 600 || status["8"] == 0 || status["2"] == 0 || status["1"] == 0 {
		t.Fatalf("status mix: %v", status)
	}
}
