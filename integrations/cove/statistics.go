package cove

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/backupchecks/backupchecks/integrations/lenient"
)

// Account is one device row of EnumerateAccountStatistics.
type Account struct {
	ID, PartnerID int64    // the device (I0) and the customer that owns it
	Flags         []string // e.g. "AutoDeployed"; nil when Cove sends null
	// Settings holds the requested columns keyed by the exact code sent
	// ("D09F00", "D9F0" and "T0" are three keys for one statistic). Values
	// are strings; a column without a value is simply absent.
	Settings map[string]string
}

// Value is the column's value; "" when missing.
func (a Account) Value(code string) string { return a.Settings[code] }

// Int is the column as an integer; false when it is missing, "" or not a number.
func (a Account) Int(code string) (int64, bool) {
	v := strings.TrimSpace(a.Settings[code])
	if v == "" {
		return 0, false
	}
	return lenient.ParseInt(v)
}

// Time reads a unix-seconds column; the zero time means never (missing,
// "", "0", negative or not a number).
func (a Account) Time(code string) time.Time {
	n, ok := a.Int(code)
	if !ok || n <= 0 {
		return time.Time{}
	}
	return time.Unix(n, 0).UTC()
}

type statsQuery struct {
	PartnerID         int64    `json:"PartnerId"`
	SelectionMode     string   `json:"SelectionMode"`
	Filter            string   `json:"Filter"`
	StartRecordNumber int      `json:"StartRecordNumber"`
	RecordsCount      int      `json:"RecordsCount"`
	OrderBy           string   `json:"OrderBy"`
	Columns           []string `json:"Columns"`
}

type wireRow struct {
	AccountID flexInt     `json:"AccountId"`
	PartnerID flexInt     `json:"PartnerId"`
	Flags     flexStrings `json:"Flags"`
	Settings  rawText     `json:"Settings"`
}

// Statistics pages EnumerateAccountStatistics over partnerID's whole
// sub-tree with the given column codes, sent verbatim (padded, unpadded or
// legacy), one row per device, ordered by device ID. It calls each for
// every page, so a caller can stream, and stops at the first short page;
// an error from each stops it too and is returned as is. More pages than
// MaxPages is an error, never a silent truncation.
func (c *Client) Statistics(ctx context.Context, partnerID int64, columns []string, each func([]Account) error) error {
	const method = "EnumerateAccountStatistics"
	if columns == nil {
		columns = []string{} // "Columns":[] rather than null
	}
	q := statsQuery{
		PartnerID:     partnerID,
		SelectionMode: "Merged",
		OrderBy:       "I0 ASC", // a stable order keeps offset paging from skipping or repeating devices
		RecordsCount:  c.cfg.PageSize,
		Columns:       columns,
	}
	// Keys repeat on every row: one copy each for the whole poll.
	intern := make(map[string]string, len(columns))
	for page := 0; ; page++ {
		if page == c.cfg.MaxPages {
			return &pageCapError{partnerID: partnerID, pages: c.cfg.MaxPages, perPage: c.cfg.PageSize}
		}
		q.StartRecordNumber = page * c.cfg.PageSize
		pctx, cancel := Within(ctx, c.cfg.PageTimeout, fmt.Sprintf("page %d of the account list", page+1))
		rows, err := call[[]wireRow](pctx, c, method, struct {
			Query statsQuery `json:"query"`
		}{q})
		cancel()
		if err != nil {
			return err
		}
		accounts, err := toAccounts(rows, intern)
		if err != nil {
			return &malformedError{method: method, err: err}
		}
		if err := each(accounts); err != nil {
			return err
		}
		if len(rows) < c.cfg.PageSize {
			return nil
		}
	}
}

func toAccounts(rows []wireRow, intern map[string]string) ([]Account, error) {
	out := make([]Account, len(rows))
	for i, r := range rows {
		settings, err := parseSettings(string(r.Settings), intern)
		if err != nil {
			return nil, err
		}
		if settings == nil {
			settings = map[string]string{}
		}
		out[i] = Account{ID: int64(r.AccountID), PartnerID: int64(r.PartnerID), Flags: r.Flags, Settings: settings}
	}
	return out, nil
}
