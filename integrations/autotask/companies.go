package autotask

import (
	"cmp"
	"context"
	"errors"
	"slices"
	"strings"
)

type wireCompany struct {
	ID            flexInt    `json:"id"`
	CompanyName   flexString `json:"companyName"`
	CompanyNumber flexString `json:"companyNumber"`
	IsActive      flexBool   `json:"isActive"`
}

func (w wireCompany) company() Company {
	return Company{ID: int64(w.ID), Name: string(w.CompanyName), Number: string(w.CompanyNumber), Active: bool(w.IsActive)}
}

var companyFields = []string{"id", "companyName", "companyNumber", "isActive"}

// SearchCompanies finds companies whose name contains text (Autotask
// compares case-insensitively): active ones first, then by name, at most
// limit (0 = all). Every match is read so that the order is right.
func (c *Client) SearchCompanies(ctx context.Context, text string, limit int) ([]Company, error) {
	text = strings.TrimSpace(text)
	if text == "" {
		return nil, errors.New("autotask company search: no text to search for")
	}
	found, err := queryAll[wireCompany](ctx, c, "Companies", Query{
		Filter:        []Filter{{Op: "contains", Field: "companyName", Value: text}},
		IncludeFields: companyFields,
	})
	if err != nil {
		return nil, err
	}
	out := make([]Company, len(found))
	for i, w := range found {
		out[i] = w.company()
	}
	slices.SortStableFunc(out, func(a, b Company) int {
		if a.Active != b.Active {
			if a.Active {
				return -1
			}
			return 1
		}
		return cmp.Or(cmp.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name)), cmp.Compare(a.ID, b.ID))
	})
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

// Company reads one company; ErrNotFound when it is gone.
func (c *Client) Company(ctx context.Context, id int64) (Company, error) {
	w, err := getItem[wireCompany](ctx, c, "Companies", id)
	if err != nil {
		return Company{}, err
	}
	return w.company(), nil
}

// Companies reads the given companies, 500 per query, in the order of
// ids; ids Autotask does not return (deleted, invisible) are absent.
func (c *Client) Companies(ctx context.Context, ids []int64) ([]Company, error) {
	byID := make(map[int64]Company, len(ids))
	for _, batch := range idBatches(ids) {
		found, err := queryAll[wireCompany](ctx, c, "Companies", Query{
			Filter: []Filter{{Op: "in", Field: "id", Value: batch}}, IncludeFields: companyFields,
		})
		if err != nil {
			return nil, err
		}
		for _, w := range found {
			byID[int64(w.ID)] = w.company()
		}
	}
	return inOrder(ids, byID), nil
}

// ActiveCompanies reads every active company, in Autotask's order (500
// per page): what the bulk mapping page matches customers against.
func (c *Client) ActiveCompanies(ctx context.Context) ([]Company, error) {
	found, err := queryAll[wireCompany](ctx, c, "Companies", Query{
		Filter: []Filter{{Op: "eq", Field: "isActive", Value: true}}, IncludeFields: companyFields,
	})
	if err != nil {
		return nil, err
	}
	out := make([]Company, len(found))
	for i, w := range found {
		out[i] = w.company()
	}
	return out, nil
}

// inOrder lists byID's values in the order of ids, each once.
func inOrder[T any](ids []int64, byID map[int64]T) []T {
	out := make([]T, 0, len(byID))
	for _, id := range ids {
		if v, ok := byID[id]; ok {
			out = append(out, v)
			delete(byID, id)
		}
	}
	return out
}
