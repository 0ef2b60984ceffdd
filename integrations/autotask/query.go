package autotask

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"

	"github.com/backupchecks/backupchecks/integrations/lenient"
)

// Filter is one condition of a query: Op is eq, noteq, gt, gte, lt, lte,
// beginsWith, endsWith, contains, exist, notExist, in, notIn, or and/or
// with Items. UDF marks a user-defined field.
type Filter struct {
	Op    string   `json:"op"`
	Field string   `json:"field"`
	Value any      `json:"value"`
	UDF   bool     `json:"udf,omitempty"`
	Items []Filter `json:"items,omitempty"`
}

// Query is the body of {Entity}/query. Top-level filters are ANDed.
type Query struct {
	Filter        []Filter
	IncludeFields []string // nil = every field
	MaxRecords    int      // page size, 1–500; 0 = 500
}

type wireQuery struct {
	Filter        []Filter `json:"filter"`
	IncludeFields []string `json:"IncludeFields,omitempty"`
	MaxRecords    int      `json:"MaxRecords,omitempty"`
}

type wirePage struct {
	Items       *[]json.RawMessage `json:"items"`
	PageDetails struct {
		NextPageURL flexString `json:"nextPageUrl"`
	} `json:"pageDetails"`
}

// errStop ends a query early from inside each; never returned.
var errStop = errors.New("stop")

// Query runs q on entity and calls each with every page's raw items, in
// Autotask's order (by id). Pages are fetched by POSTing the same body to
// each nextPageUrl, as Autotask requires for a POST query. An error from
// each stops the query and is returned as is.
func (c *Client) Query(ctx context.Context, entity string, q Query, each func(items []json.RawMessage) error) error {
	if len(q.Filter) == 0 {
		// Autotask rejects it; "everything" is written {"op":"exist","field":"id"}.
		return fmt.Errorf("autotask query %s: a query needs at least one filter condition", entity)
	}
	if q.MaxRecords <= 0 || q.MaxRecords > pageSize {
		q.MaxRecords = pageSize
	}
	body, err := json.Marshal(wireQuery{Filter: q.Filter, IncludeFields: q.IncludeFields, MaxRecords: q.MaxRecords})
	if err != nil {
		return fmt.Errorf("autotask query %s: encoding the query: %w", entity, err)
	}
	r := call{method: http.MethodPost, path: entity + "/query", body: body}
	for page := 1; ; page++ {
		reply, err := c.send(ctx, r)
		if err != nil {
			return err
		}
		var p wirePage
		if err := decode(r.method, r.path, reply, &p); err != nil {
			return err
		}
		if p.Items == nil {
			return &malformedError{method: r.method, path: r.path, err: errNoItems}
		}
		if err := each(*p.Items); err != nil {
			return err
		}
		next := string(p.PageDetails.NextPageURL)
		if next == "" {
			return nil
		}
		if page >= c.cfg.MaxPages {
			return &pageCapError{entity: entity, pages: c.cfg.MaxPages}
		}
		r.url, r.path = next, entity+"/query/next"
	}
}

// Count is the number of entity records that match filter.
func (c *Client) Count(ctx context.Context, entity string, filter []Filter) (int, error) {
	if len(filter) == 0 {
		return 0, fmt.Errorf("autotask count %s: a query needs at least one filter condition", entity)
	}
	body, err := json.Marshal(wireQuery{Filter: filter})
	if err != nil {
		return 0, fmt.Errorf("autotask count %s: encoding the query: %w", entity, err)
	}
	r := call{method: http.MethodPost, path: entity + "/query/count", body: body}
	reply, err := c.send(ctx, r)
	if err != nil {
		return 0, err
	}
	var w struct {
		QueryCount *flexInt `json:"queryCount"`
	}
	if err := decode(r.method, r.path, reply, &w); err != nil {
		return 0, err
	}
	if w.QueryCount == nil {
		return 0, &malformedError{method: r.method, path: r.path, err: errors.New(`no "queryCount"`)}
	}
	return int(*w.QueryCount), nil
}

// queryAll decodes every item of a query into T.
func queryAll[T any](ctx context.Context, c *Client, entity string, q Query) ([]T, error) {
	var out []T
	err := c.Query(ctx, entity, q, func(items []json.RawMessage) error {
		for _, raw := range items {
			var v T
			if err := decode(http.MethodPost, entity+"/query", raw, &v); err != nil {
				return err
			}
			out = append(out, v)
		}
		return nil
	})
	return out, err
}

// queryFirst is the first item of a query (one record per page); ok false
// when nothing matches.
func queryFirst[T any](ctx context.Context, c *Client, entity string, filter []Filter) (v T, ok bool, err error) {
	err = c.Query(ctx, entity, Query{Filter: filter, MaxRecords: 1}, func(items []json.RawMessage) error {
		if len(items) == 0 {
			return nil
		}
		if err := decode(http.MethodPost, entity+"/query", items[0], &v); err != nil {
			return err
		}
		ok = true
		return errStop
	})
	if errors.Is(err, errStop) {
		err = nil
	}
	return v, ok, err
}

// getItem reads {Entity}/{id}; ErrNotFound for {"item":null} and 404.
func getItem[T any](ctx context.Context, c *Client, entity string, id int64) (T, error) {
	var zero T
	r := call{method: http.MethodGet, path: fmt.Sprintf("%s/%d", entity, id)}
	reply, err := c.send(ctx, r)
	if err != nil {
		return zero, err
	}
	var w struct {
		Item json.RawMessage `json:"item"`
	}
	if err := decode(r.method, r.path, reply, &w); err != nil {
		return zero, err
	}
	switch {
	case w.Item == nil:
		return zero, &malformedError{method: r.method, path: r.path, err: errors.New(`no "item"`)}
	case lenient.IsNull(w.Item):
		return zero, fmt.Errorf("autotask %s %s: %w", r.method, r.path, ErrNotFound)
	}
	var v T
	if err := decode(r.method, r.path, w.Item, &v); err != nil {
		return zero, err
	}
	return v, nil
}

// idBatches cuts ids (deduplicated, order kept) into "in" lists of 500.
func idBatches(ids []int64) [][]any {
	seen := make(map[int64]bool, len(ids))
	var out [][]any
	for _, id := range ids {
		if seen[id] {
			continue
		}
		seen[id] = true
		if len(out) == 0 || len(out[len(out)-1]) == pageSize {
			out = append(out, make([]any, 0, min(pageSize, len(ids))))
		}
		out[len(out)-1] = append(out[len(out)-1], id)
	}
	return out
}
