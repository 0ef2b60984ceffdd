package storage

import (
	"fmt"
	"testing"

	"github.com/backupchecks/backupchecks/app/coveimport"
)

// A page of the approval list groups by Cove customer (case aside), counts
// every account and reads only the first rows of the customers shown.
func TestCoveAccountPage(t *testing.T) {
	s := memStore(t)
	var list []coveimport.Account
	id := int64(0)
	for customer, n := range map[string]int{"Acme": 3, "beta": 1, "Gamma": 5} {
		for i := range n {
			id++
			list = append(list, coveimport.Account{ID: id, DeviceName: fmt.Sprintf("%s-%d", customer, i), Customer: customer, State: coveimport.Pending})
		}
	}
	list = append(list, coveimport.Account{ID: 99, DeviceName: "ignored", Customer: "Acme", State: coveimport.Ignored})
	if err := s.SaveCoveAccounts(list, nil); err != nil {
		t.Fatal(err)
	}
	shape := func(p coveimport.AccountPage) string {
		out := fmt.Sprintf("page %d of %d:", p.Page, p.Pages)
		for _, g := range p.Groups {
			out += fmt.Sprintf(" %s %d/%d", g.Accounts[0].Customer, len(g.Accounts), g.Total)
		}
		return out
	}
	for _, c := range []struct {
		page int
		want string
	}{{0, "page 0 of 2: Acme 2/3 beta 1/1"}, {1, "page 1 of 2: Gamma 2/5"}, {7, "page 1 of 2: Gamma 2/5"}, {-1, "page 0 of 2: Acme 2/3 beta 1/1"}} {
		p, err := s.CoveAccountPage(coveimport.Pending, c.page, 2, 2)
		if err != nil {
			t.Fatal(err)
		}
		if got := shape(p); got != c.want {
			t.Errorf("page %d: %s, want %s", c.page, got, c.want)
		}
	}
	if p, _ := s.CoveAccountPage(coveimport.Ignored, 0, 2, 2); shape(p) != "page 0 of 1: Acme 1/1" {
		t.Errorf("ignored: %s", shape(p))
	}
}
