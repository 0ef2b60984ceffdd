package bench

import (
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// ReviewFigures are one bulk review: the runs an operator selected on Run
// Checks, marked reviewed in one click.
type ReviewFigures struct {
	Runs int    `json:"runs"`
	Took Millis `json:"took_ms"` // the POST, with the refreshed queue it answers
}

var csrfField = regexp.MustCompile(`name="_csrf" value="([^"]+)"`)

// bulkReview posts Run Checks' "mark selected reviewed" for ids, as the
// browser does: with the CSRF cookie and token a page handed out.
func bulkReview(c *client, ids []uint64) (ReviewFigures, error) {
	f := ReviewFigures{Runs: len(ids)}
	req, _ := http.NewRequest(http.MethodGet, c.base+"/review", nil)
	req.Header.Set("Cookie", "bc_session="+c.session)
	res, err := c.http.Do(req)
	if err != nil {
		return f, err
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	var nonce string
	for _, ck := range res.Cookies() {
		if ck.Name == "bc_csrf" {
			nonce = ck.Value
		}
	}
	m := csrfField.FindSubmatch(body)
	if nonce == "" || m == nil {
		return f, fmt.Errorf("Run Checks handed out no CSRF token (HTTP %d)", res.StatusCode)
	}
	form := url.Values{"_csrf": {string(m[1])}}
	for _, id := range ids {
		form.Add("run", strconv.FormatUint(id, 10))
	}
	req, _ = http.NewRequest(http.MethodPost, c.base+"/runs/review", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Cookie", "bc_session="+c.session+"; bc_csrf="+nonce)
	req.Header.Set("HX-Request", "true")
	start := time.Now()
	res, err = c.http.Do(req)
	if err != nil {
		return f, err
	}
	_, _ = io.Copy(io.Discard, res.Body)
	res.Body.Close()
	f.Took = Millis(time.Since(start))
	if res.StatusCode != http.StatusOK {
		return f, fmt.Errorf("bulk review: HTTP %d", res.StatusCode)
	}
	return f, nil
}
