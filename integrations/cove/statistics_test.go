package cove_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/backupchecks/backupchecks/integrations/cove"
	"github.com/backupchecks/backupchecks/integrations/cove/covetest"
)

// oneDevice is a fake with a single hand-made device under customer 1001.
func oneDevice(t *testing.T, values map[string]string) *covetest.Server {
	t.Helper()
	srv := fake(t, 0)
	srv.AddPartner(covetest.Partner{ID: 1001, ParentID: covetest.RootPartnerID, Name: "Acme Ltd", Level: "EndCustomer"})
	srv.PutDevice(covetest.Device{ID: 654321, PartnerID: 1001, Flags: []string{"AutoDeployed"}, Values: values})
	return srv
}

func TestKeysAreTheCodesAsSent(t *testing.T) {
	srv := oneDevice(t, map[string]string{"I1": "acme-fs01", "D09F00": "5", "D09F09": "1718000000", "D09F06": "3", "I78": "D01D02D10"})
	codes := []string{"D09F00", "D9F0", "T0", "d09f00", "I1", "AN", "TL", "D9F9", "T7", "D09F06", "I78", "AP"}
	all, err := collect(t, client(srv), covetest.RootPartnerID, codes...)
	if err != nil || len(all) != 1 {
		t.Fatalf("%d accounts, %v", len(all), err)
	}
	a := all[0]
	if a.ID != 654321 || a.PartnerID != 1001 || len(a.Flags) != 1 || a.Flags[0] != "AutoDeployed" {
		t.Fatalf("account: %+v", a)
	}
	for _, same := range [][]string{{"D09F00", "D9F0", "T0", "d09f00"}, {"I1", "AN"}, {"TL", "D9F9"}, {"T7", "D09F06"}} {
		for _, code := range same {
			if got, want := a.Value(code), a.Value(same[0]); got != want || got == "" {
				t.Errorf("%s = %q, %s = %q", code, got, same[0], want)
			}
		}
	}
	if a.Value("T0") != "5" || a.Value("AN") != "acme-fs01" || a.Value("T7") != "3" {
		t.Fatalf("values: %v", a.Settings)
	}
	if a.Value("I78") != "D01D02D10" || a.Value("AP") != "FSZ" {
		t.Fatalf("I78 %q, legacy AP %q", a.Value("I78"), a.Value("AP"))
	}
	if got := a.Time("TL").Unix(); got != 1718000000 {
		t.Fatalf("TL as time: %d", got)
	}
}

func TestMissingAndEmptyValuesAreTheSame(t *testing.T) {
	srv := oneDevice(t, map[string]string{"I1": "beta-m365", "I18": "", "D09F15": "0"})
	all, err := collect(t, client(srv), covetest.RootPartnerID, "I1", "I8", "I18", "I16", "D09F15", "D09F00")
	if err != nil || len(all) != 1 {
		t.Fatalf("%d accounts, %v", len(all), err)
	}
	a := all[0]
	for _, code := range []string{"I18", "I16", "D09F00"} {
		if a.Value(code) != "" {
			t.Errorf("%s = %q", code, a.Value(code))
		}
		if _, ok := a.Int(code); ok {
			t.Errorf("%s reads as a number", code)
		}
		if !a.Time(code).IsZero() {
			t.Errorf("%s reads as a time", code)
		}
	}
	if _, ok := a.Settings["I18"]; ok {
		t.Error("an empty value was sent; Cove leaves such columns out")
	}
	if !a.Time("D09F15").IsZero() {
		t.Error(`"0" must read as never`)
	}
	if a.Value("I8") != "Acme Ltd" {
		t.Errorf("I8 defaults to the customer name, got %q", a.Value("I8"))
	}
}

func TestPagingStopsAtTheFirstShortPage(t *testing.T) {
	for _, n := range []int{0, 7, 20, 25} {
		srv := fake(t, n)
		c := client(srv, func(cfg *cove.Config) { cfg.PageSize = 10 })
		var pages []int
		err := c.Statistics(context.Background(), covetest.RootPartnerID, []string{"I1"}, func(p []cove.Account) error {
			pages = append(pages, len(p))
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		total := 0
		for _, p := range pages {
			total += p
		}
		if total != n || len(pages) != n/10+1 {
			t.Fatalf("%d devices: pages %v", n, pages)
		}
	}
}

func TestMorePagesThanTheCapIsAnError(t *testing.T) {
	srv := fake(t, 25)
	c := client(srv, func(cfg *cove.Config) { cfg.PageSize = 10; cfg.MaxPages = 2 })
	all, err := collect(t, c, covetest.RootPartnerID, "I1")
	if err == nil {
		t.Fatalf("25 devices in 2 pages of 10 gave no error (%d accounts)", len(all))
	}
	if msg := cove.Explain(err); !strings.Contains(msg, "page limit") {
		t.Fatalf("explanation: %q", msg)
	}
	c = client(srv, func(cfg *cove.Config) { cfg.PageSize = 10; cfg.MaxPages = 3 })
	if all, err := collect(t, c, covetest.RootPartnerID, "I1"); err != nil || len(all) != 25 {
		t.Fatalf("three pages: %d accounts, %v", len(all), err)
	}
}

func TestACustomerSeesOnlyItsOwnDevices(t *testing.T) {
	srv := fake(t, 200)
	c := client(srv)
	all, err := collect(t, c, covetest.RootPartnerID+1, "I1", "I8")
	if err != nil || len(all) == 0 {
		t.Fatalf("%d accounts, %v", len(all), err)
	}
	for _, a := range all {
		if a.PartnerID != covetest.RootPartnerID+1 || a.Value("I8") != "Acme Ltd" {
			t.Fatalf("foreign device %+v", a)
		}
	}
	if _, err := collect(t, c, 999, "I1"); !errors.Is(err, cove.ErrPermission) {
		t.Fatalf("a partner outside the user's tree: %v", err)
	}
}

func TestAnErrorFromEachStopsPaging(t *testing.T) {
	srv := fake(t, 50)
	c := client(srv, func(cfg *cove.Config) { cfg.PageSize = 10 })
	stop := errors.New("disk full")
	err := c.Statistics(context.Background(), covetest.RootPartnerID, []string{"I1"}, func([]cove.Account) error { return stop })
	if !errors.Is(err, stop) || len(methodCalls(srv, "EnumerateAccountStatistics")) != 1 {
		t.Fatalf("err %v after %d pages", err, len(methodCalls(srv, "EnumerateAccountStatistics")))
	}
}

func TestConcurrentPollsShareOneLogin(t *testing.T) {
	srv := fake(t, 300)
	c := client(srv, func(cfg *cove.Config) { cfg.PageSize = 50 })
	var wg sync.WaitGroup
	counts := make([]int, 4)
	errs := make([]error, 4)
	for i := range 4 {
		wg.Go(func() {
			var all []cove.Account
			all, errs[i] = collect(t, c, covetest.RootPartnerID, "I1", "D09F00")
			counts[i] = len(all)
		})
	}
	wg.Wait()
	for i := range 4 {
		if errs[i] != nil || counts[i] != 300 {
			t.Fatalf("poll %d: %d accounts, %v", i, counts[i], errs[i])
		}
	}
	if n := srv.Logins(); n != 1 {
		t.Fatalf("%d logins for four concurrent polls", n)
	}
}

func TestRealisticFleetReadsBack(t *testing.T) {
	srv := fake(t, 400)
	cols := []string{"I1", "I8", "I18", "I32", "I59", "I78", "D09F00", "D09F08", "D09F15"}
	all, err := collect(t, client(srv), covetest.RootPartnerID, cols...)
	if err != nil || len(all) != 400 {
		t.Fatalf("%d accounts, %v", len(all), err)
	}
	kinds := map[string]int{}
	for _, a := range all {
		st, ok := cove.ParseStatus(a.Value("D09F00"))
		bar := cove.ColourBar(a.Value("D09F08"))
		if !ok || len(bar) != 28 || bar[27] != st || a.Time("D09F15").IsZero() || len(cove.DataSources(a.Value("I78"))) == 0 {
			t.Fatalf("device %d: %v", a.ID, a.Settings)
		}
		switch {
		case a.Value("I18") == "" && a.Value("I59") == "2":
			kinds["m365"]++
		case a.Value("I32") == "2":
			kinds["server"]++
		case a.Value("I32") == "1":
			kinds["workstation"]++
		}
	}
	if kinds["m365"] == 0 || kinds["server"] == 0 || kinds["workstation"] == 0 {
		t.Fatalf("device kinds: %v", kinds)
	}
}
