package covetest

import (
	"cmp"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// query is AccountStatisticsQuery (§3.1).
type query struct {
	PartnerID         int64
	Filter            string
	ExcludedPartners  []int64
	SelectionMode     string
	Labels            []int64
	StartRecordNumber int64
	RecordsCount      int64
	OrderBy           string
	Columns           []string
	Totals            []string
}

// decodeQuery reads params.query with exact member names. RecordsCount
// defaults to 1, as N-able's scripts warn, so a client that forgets it
// notices here.
func decodeQuery(params map[string]json.RawMessage) (query, *rpcError) {
	q := query{RecordsCount: 1}
	for k := range params {
		if k != "query" {
			return q, invalidParams(fmt.Sprintf("unknown member %q", k))
		}
	}
	var members map[string]json.RawMessage
	if json.Unmarshal(params["query"], &members) != nil || members == nil {
		return q, invalidParams("query must be an object")
	}
	fields := map[string]any{
		"PartnerId": &q.PartnerID, "Filter": &q.Filter, "ExcludedPartners": &q.ExcludedPartners,
		"SelectionMode": &q.SelectionMode, "Labels": &q.Labels, "StartRecordNumber": &q.StartRecordNumber,
		"RecordsCount": &q.RecordsCount, "OrderBy": &q.OrderBy, "Columns": &q.Columns, "Totals": &q.Totals,
	}
	for k, raw := range members {
		dst, ok := fields[k]
		if !ok {
			return q, invalidParams(fmt.Sprintf("unknown query member %q (names are case-sensitive)", k))
		}
		if err := json.Unmarshal(raw, dst); err != nil {
			return q, invalidParams(fmt.Sprintf("query.%s: %v", k, err))
		}
	}
	switch {
	case q.StartRecordNumber < 0 || q.RecordsCount < 0:
		return q, invalidParams("negative StartRecordNumber or RecordsCount")
	case len(q.Totals) > 0:
		return q, invalidParams("Totals are not supported by the fake")
	}
	switch q.SelectionMode {
	case "", "Undefined", "Merged", "PerInstallation":
	default:
		return q, invalidParams(fmt.Sprintf("unknown SelectionMode %q", q.SelectionMode))
	}
	return q, nil
}

// outColumn is a requested column with its key pre-encoded.
type outColumn struct {
	key    string // as requested
	prefix []byte // {"key":
	col    column
}

func (s *Server) enumerateAccountStatistics(u *User, params map[string]json.RawMessage, now time.Time, buf []byte) ([]byte, string, *rpcError) {
	q, err := decodeQuery(params)
	if err != nil {
		return nil, "", err
	}
	if !s.within(q.PartnerID, u.PartnerID) {
		return nil, "", errSecurity
	}
	cols, err := s.outColumns(q.Columns)
	if err != nil {
		return nil, "", err
	}
	match, err := s.parseFilter(q.Filter, now)
	if err != nil {
		return nil, "", err
	}
	order, err := s.parseOrder(q.OrderBy)
	if err != nil {
		return nil, "", err
	}

	set := s.subtree(q.PartnerID, q.ExcludedPartners)
	var rows []*device
	for _, id := range s.order {
		d := s.devices[id]
		if set[d.PartnerID] && (match == nil || match(d)) {
			rows = append(rows, d)
		}
	}
	if order != nil {
		slices.SortStableFunc(rows, order)
	}
	switch {
	case s.faults.EmptyList:
		rows = nil
	case s.faults.ListOnly > 0 && len(rows) > s.faults.ListOnly:
		rows = rows[:s.faults.ListOnly]
	}
	start := min(q.StartRecordNumber, int64(len(rows)))
	end := min(start+q.RecordsCount, int64(len(rows)))

	buf = append(buf, '[')
	for i, d := range rows[start:end] {
		if i > 0 {
			buf = append(buf, ',')
		}
		buf = s.appendRow(buf, d, cols)
	}
	buf = append(buf, ']')
	return buf, `,"totalStatistics":null`, nil
}

// outColumns resolves the requested codes once per query, without
// repeats, sorted by key as Cove's sample rows are.
func (s *Server) outColumns(codes []string) ([]outColumn, *rpcError) {
	out := make([]outColumn, 0, len(codes))
	seen := make(map[string]bool, len(codes))
	for _, code := range codes {
		if seen[code] {
			continue
		}
		seen[code] = true
		c, skip, err := s.check(code)
		if err != nil {
			return nil, err
		}
		if skip {
			continue
		}
		prefix := appendString([]byte(`{`), code)
		out = append(out, outColumn{key: code, prefix: append(prefix, ':'), col: c})
	}
	slices.SortFunc(out, func(a, b outColumn) int { return strings.Compare(a.key, b.key) })
	return out, nil
}

// appendRow writes one AccountStatisticsInfo: only columns with a value.
func (s *Server) appendRow(b []byte, d *device, cols []outColumn) []byte {
	b = append(b, `{"AccountId":`...)
	b = strconv.AppendInt(b, d.ID, 10)
	b = append(b, `,"PartnerId":`...)
	b = strconv.AppendInt(b, d.PartnerID, 10)
	b = append(b, `,"Flags":`...)
	b = append(b, d.flagsJSON...)
	b = append(b, `,"Settings":[`...)
	first := true
	for _, c := range cols {
		v := s.value(d, c.col)
		if v == "" {
			continue
		}
		if !first {
			b = append(b, ',')
		}
		first = false
		b = append(b, c.prefix...)
		b = appendString(b, v)
		b = append(b, '}')
	}
	return append(b, `]}`...)
}

// parseOrder reads "<code> [ASC|DESC]"; nil means device ID order, which
// is also how the fake keeps its devices. Values compare as numbers when
// both are integers, else as strings; ties go by device ID.
func (s *Server) parseOrder(orderBy string) (func(a, b *device) int, *rpcError) {
	f := strings.Fields(orderBy)
	if len(f) == 0 {
		return nil, nil
	}
	desc := false
	if len(f) > 2 || (len(f) == 2 && !strings.EqualFold(f[1], "ASC") && !strings.EqualFold(f[1], "DESC")) {
		return nil, invalidParams(fmt.Sprintf("unsupported OrderBy %q", orderBy))
	}
	if len(f) == 2 {
		desc = strings.EqualFold(f[1], "DESC")
	}
	c, skip, err := s.check(f[0])
	if err != nil {
		return nil, err
	}
	if skip || (c.canon == "I0" && !desc) {
		return nil, nil
	}
	return func(a, b *device) int {
		r := compareValues(s.value(a, c), s.value(b, c))
		if desc {
			r = -r
		}
		if r == 0 {
			r = cmp.Compare(a.ID, b.ID)
		}
		return r
	}, nil
}

func compareValues(a, b string) int {
	x, errA := strconv.ParseInt(a, 10, 64)
	y, errB := strconv.ParseInt(b, 10, 64)
	if errA == nil && errB == nil {
		return cmp.Compare(x, y)
	}
	return strings.Compare(a, b)
}
