// Package report holds what every backup-report parser shares: the decoded
// mail it reads, the result it returns (DESIGN §4.1.1, the contract the
// `parse` command prints), and helpers for the text, tables and dates that
// reports of several products are made of. Parsers are pure functions: no
// I/O, no clock, no state.
package report

import (
	"bytes"
	"encoding/json"
	"time"
)

// Status values a report maps onto.
const (
	Success = "success"
	Warning = "warning"
	Failed  = "failed"
)

// Object is one item the report lists (a VM, a share, a device).
type Object struct {
	Name    string `json:"name"`
	Kind    string `json:"kind"`
	Status  string `json:"status"`
	Message string `json:"message"`
}

// Result is a parser's answer.
type Result struct {
	Recognised bool
	Reason     string // why not, when not recognised
	Parser     string // e.g. "veeam-vbr"
	Software   string // canonical product name
	Type       string // canonical job type
	Job        string
	Status     string
	Started    *time.Time // in the offset the report implies; nil when it prints none
	Ended      *time.Time
	Message    string
	Objects    []Object
}

// NotRecognised is the answer for a mail no parser claims.
func NotRecognised(reason string) Result { return Result{Reason: reason} }

// MarshalJSON writes exactly the contract: every key of a recognised
// result in a fixed order, or only recognised and reason.
func (r Result) MarshalJSON() ([]byte, error) {
	if !r.Recognised {
		return marshal(struct {
			Recognised bool   `json:"recognised"`
			Reason     string `json:"reason"`
		}{false, r.Reason})
	}
	objs := r.Objects
	if objs == nil {
		objs = []Object{}
	}
	return marshal(struct {
		Recognised bool     `json:"recognised"`
		Parser     string   `json:"parser"`
		Software   string   `json:"software"`
		Type       string   `json:"type"`
		Job        string   `json:"job"`
		Status     string   `json:"status"`
		Started    *string  `json:"started"`
		Ended      *string  `json:"ended"`
		Message    string   `json:"message"`
		Objects    []Object `json:"objects"`
	}{true, r.Parser, r.Software, r.Type, r.Job, r.Status, rfc3339(r.Started), rfc3339(r.Ended), r.Message, objs})
}

// marshal is json.Marshal without HTML escaping: "Backup & Replication"
// stays readable in the parse command's output.
func marshal(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimRight(b.Bytes(), "\n"), nil
}

func rfc3339(t *time.Time) *string {
	if t == nil {
		return nil
	}
	// RFC 3339 with a numeric offset even at UTC ("+00:00", not "Z"): the
	// offset says which Date header the time was read in.
	s := t.Truncate(time.Second).Format("2006-01-02T15:04:05-07:00")
	return &s
}

// Parser is one product's parser in the ordered list.
type Parser struct {
	Name string
	// Recognises says in a sentence what in a mail the parser looks for,
	// for the admin's list of parsers.
	Recognises string
	Parse      func(m *Message) (Result, bool) // false: not this product's report
}
