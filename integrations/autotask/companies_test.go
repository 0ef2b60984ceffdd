package autotask_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/backupchecks/backupchecks/integrations/autotask"
)

func TestQueryPagesByPostingToNextPageURL(t *testing.T) {
	w := newWorld(t)
	for i := range 1203 {
		w.tenant.AddCompany(fmt.Sprintf("Customer %04d", i), true)
	}
	c := w.client()
	var pages []int
	seen := map[int64]bool{}
	err := c.Query(ctx, "Companies", autotask.Query{Filter: []autotask.Filter{{Op: "exist", Field: "id"}},
		IncludeFields: []string{"id", "companyName"}}, func(items []json.RawMessage) error {
		pages = append(pages, len(items))
		for _, raw := range items {
			var v struct{ ID int64 }
			if err := json.Unmarshal(raw, &v); err != nil {
				return err
			}
			if seen[v.ID] {
				return fmt.Errorf("id %d twice", v.ID)
			}
			seen[v.ID] = true
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(seen) != 1204 || fmt.Sprint(pages) != "[500 500 204]" {
		t.Fatalf("%d companies in pages %v, want 1204 (with id 0) in 500+500+204", len(seen), pages)
	}
	next := w.log.matching("", "/query/next")
	if len(next) != 2 || next[0].Method != http.MethodPost || next[1].Method != http.MethodPost {
		t.Fatalf("next pages %+v, want two POSTs", next)
	}
	if n, err := c.Count(ctx, "Companies", []autotask.Filter{{Op: "gt", Field: "id", Value: 0}}); err != nil || n != 1203 {
		t.Fatalf("count %d, %v", n, err)
	}
}

func TestQueryPageCapIsAnError(t *testing.T) {
	w := newWorld(t)
	for i := range 12 {
		w.tenant.AddCompany(fmt.Sprintf("C%d", i), true)
	}
	c := w.client(func(cfg *autotask.Config) { cfg.MaxPages = 2 })
	pages := 0
	err := c.Query(ctx, "Companies", autotask.Query{Filter: []autotask.Filter{{Op: "exist", Field: "id"}}, MaxRecords: 5},
		func([]json.RawMessage) error { pages++; return nil })
	if err == nil || pages != 2 || !strings.Contains(autotask.Explain(err), "page limit") {
		t.Fatalf("%d pages, %v", pages, err)
	}
	if err := c.Query(ctx, "Companies", autotask.Query{}, func([]json.RawMessage) error { return nil }); err == nil {
		t.Fatal("a query without a filter was sent")
	}
}

func TestSearchCompanies(t *testing.T) {
	w := newWorld(t)
	w.tenant.AddCompany("zeta Backup Corp", true)
	w.tenant.AddCompany("Alpha BACKUP", false)
	w.tenant.AddCompany("Beta backup", true)
	w.tenant.AddCompany("Unrelated", true)
	c := w.client()
	got, err := c.SearchCompanies(ctx, "  backup ", 0)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, co := range got {
		names = append(names, co.Name)
	}
	if strings.Join(names, ",") != "Beta backup,zeta Backup Corp,Alpha BACKUP" {
		t.Fatalf("order %v: active first, then by name", names)
	}
	if got, _ := c.SearchCompanies(ctx, "backup", 1); len(got) != 1 || got[0].Name != "Beta backup" {
		t.Fatalf("limit 1: %+v", got)
	}
	if _, err := c.SearchCompanies(ctx, "  ", 10); err == nil {
		t.Fatal("empty search accepted")
	}
}

func TestCompanyAndCompanies(t *testing.T) {
	w := newWorld(t)
	c := w.client()
	own, err := c.Company(ctx, 0)
	if err != nil || own.Name != "AE02 MSP" || !own.Active {
		t.Fatalf("company 0: %+v, %v", own, err)
	}
	var ids []int64
	for i := range 620 {
		ids = append(ids, w.tenant.AddCompany(fmt.Sprintf("C%d", i), i%2 == 0))
	}
	gone := ids[3]
	w.tenant.DeleteCompany(gone)
	w.tenant.RenameCompany(ids[4], "Renamed")
	if _, err := c.Company(ctx, gone); !errors.Is(err, autotask.ErrNotFound) {
		t.Fatalf("deleted company: %v", err)
	}
	want := append([]int64{ids[619], 99999999}, ids...)
	got, err := c.Companies(ctx, want)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 619 || got[0].ID != ids[619] || got[1].ID != ids[0] || got[4].Name != "Renamed" || got[1].Active == got[2].Active {
		t.Fatalf("%d companies, first %+v %+v", len(got), got[0], got[1])
	}
	if n := len(w.log.matching(http.MethodPost, "Companies/query")); n != 2 {
		t.Fatalf("%d queries for 620 ids, want 2 of at most 500", n)
	}
}
