package cove_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"testing"

	"github.com/backupchecks/backupchecks/integrations/cove"
	"github.com/backupchecks/backupchecks/integrations/cove/covetest"
)

// importerColumns are what a Backupchecks import asks for: device identity,
// the Total statistics and status/errors/time per data source in use.
func importerColumns() []string {
	cols := []string{"I1", "I8", "I18", "I16", "I32", "I59", "I78", "D09F00", "D09F06", "D09F08", "D09F09", "D09F15"}
	for _, ds := range []int{1, 2, 5, 10, 11, 14, 19, 20, 23} {
		cols = append(cols, cove.Column(ds, 0), cove.Column(ds, 6), cove.Column(ds, 15))
	}
	return cols
}

// BenchmarkStatistics10k is one full poll of 10,000 devices in pages of
// 1,000 through the fake over loopback HTTP: client and fake together.
func BenchmarkStatistics10k(b *testing.B) {
	srv := fake(b, 10_000)
	c := client(srv, func(cfg *cove.Config) { cfg.PageSize = 1000 })
	cols := importerColumns()
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		n := 0
		err := c.Statistics(ctx, covetest.RootPartnerID, cols, func(page []cove.Account) error {
			n += len(page)
			return nil
		})
		if err != nil || n != 10_000 {
			b.Fatalf("%d accounts, %v", n, err)
		}
	}
}

// BenchmarkDecodePage is the client's share: decoding one page of 1,000
// devices as the fake sends it.
func BenchmarkDecodePage(b *testing.B) {
	partners, devices := covetest.Fleet(1000, 1, epoch)
	body := pageBody(b, partners, devices)
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		if accounts, err := cove.DecodePage(body); err != nil || len(accounts) != 1000 {
			b.Fatalf("%d accounts, %v", len(accounts), err)
		}
	}
}

// pageBody captures the fake's reply to one page request.
func pageBody(b *testing.B, partners []covetest.Partner, devices []covetest.Device) []byte {
	srv := covetest.New()
	for _, p := range partners {
		srv.AddPartner(p)
	}
	for _, d := range devices {
		srv.PutDevice(d)
	}
	srv.AddUser(covetest.User{Partner: testPartner, Username: testUser, Password: testPassword, PartnerID: covetest.RootPartnerID, ID: 1})
	srv.Start()
	defer srv.Close()
	var body []byte
	c := cove.New(cove.Config{URL: srv.URL(), Partner: testPartner, Username: testUser, Password: testPassword, PageSize: 1000,
		HTTPClient: capture(&body)})
	if err := c.Statistics(context.Background(), covetest.RootPartnerID, importerColumns(), func([]cove.Account) error { return nil }); err != nil {
		b.Fatal(err)
	}
	if len(body) == 0 {
		b.Fatal("no page captured")
	}
	return body
}

// capture is an HTTP client that keeps the last reply carrying devices.
func capture(dst *[]byte) *http.Client {
	return &http.Client{Transport: recorder{dst}}
}

type recorder struct{ last *[]byte }

func (r recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	data, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return nil, err
	}
	if bytes.Contains(data, []byte(`"AccountId"`)) {
		*r.last = data
	}
	resp.Body = io.NopCloser(bytes.NewReader(data))
	return resp, nil
}
