package autotask

import "net/http"

// DecodeAnswer runs every decoder of the package on one body, as the
// calls do, for the fuzz test: it must return errors, never panic.
func DecodeAnswer(body []byte) error {
	_ = successErrors(body)
	_, _ = failureMessages(body)
	var z wireZone
	_ = decode(http.MethodGet, "zone", body, &z)
	var fs struct{ Fields *[]wireField }
	_ = decode(http.MethodGet, "fields", body, &fs)
	var p wirePage
	_ = decode(http.MethodPost, "query", body, &p)
	var item struct{ Item wireTicket }
	return decode(http.MethodGet, "item", body, &item)
}
