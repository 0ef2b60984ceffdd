package autotask

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// Autotask's field limits (SOAP field info; the REST model is the same).
const (
	maxTitle       = 255
	maxDescription = 8000
	defaultDue     = 24 * time.Hour
	wireTimeLayout = "2006-01-02T15:04:05Z"
)

type wireTicket struct {
	ID            flexInt    `json:"id"`
	TicketNumber  flexString `json:"ticketNumber"`
	Title         flexString `json:"title"`
	Description   flexString `json:"description"`
	CompanyID     flexInt    `json:"companyID"`
	Status        flexInt    `json:"status"`
	Priority      flexInt    `json:"priority"`
	QueueID       flexInt    `json:"queueID"`
	Source        flexInt    `json:"source"`
	ExternalID    flexString `json:"externalID"`
	DueDateTime   flexTime   `json:"dueDateTime"`
	CreateDate    flexTime   `json:"createDate"`
	CompletedDate flexTime   `json:"completedDate"`
}

func (w wireTicket) ticket() Ticket {
	return Ticket{ID: int64(w.ID), Number: string(w.TicketNumber), Title: string(w.Title), Description: string(w.Description),
		CompanyID: int64(w.CompanyID), Status: int(w.Status), Priority: int(w.Priority), QueueID: int64(w.QueueID),
		Source: int(w.Source), ExternalID: string(w.ExternalID), DueDateTime: time.Time(w.DueDateTime),
		CreateDate: time.Time(w.CreateDate), CompletedDate: time.Time(w.CompletedDate)}
}

var ticketFields = []string{"id", "ticketNumber", "title", "description", "companyID", "status", "priority",
	"queueID", "source", "externalID", "dueDateTime", "createDate", "completedDate"}

// wireNewTicket is the create body. companyID is always sent: 0 is a real
// company (the MSP's own).
type wireNewTicket struct {
	CompanyID   int64  `json:"companyID"`
	Title       string `json:"title"`
	Description string `json:"description,omitempty"`
	Status      int    `json:"status"`
	Priority    int    `json:"priority"`
	QueueID     int64  `json:"queueID,omitempty"`
	Source      int    `json:"source,omitempty"`
	DueDateTime string `json:"dueDateTime"`
	ExternalID  string `json:"externalID,omitempty"`
}

// CreateTicket creates a ticket and returns its id (the number is read
// back with Ticket). Title and description are cut to Autotask's limits;
// dueDateTime is always sent, because many tenants reject a ticket
// without one (a zero DueDateTime means 24 hours from now). ExternalID is
// not cut: a shortened marker would no longer find the ticket.
//
// It is retried only when Autotask certainly did not process it (429, or
// no connection made). Otherwise a failure without Autotask's verdict
// wraps ErrOutcomeUnknown: look the ticket up by ExternalID before trying
// again.
func (c *Client) CreateTicket(ctx context.Context, t NewTicket) (int64, error) {
	due := t.DueDateTime
	if due.IsZero() {
		due = c.cfg.Now().Add(defaultDue)
	}
	body, err := json.Marshal(wireNewTicket{
		CompanyID: t.CompanyID, Title: truncate(t.Title, maxTitle), Description: truncate(t.Description, maxDescription),
		Status: t.Status, Priority: t.Priority, QueueID: t.QueueID, Source: t.Source,
		DueDateTime: due.UTC().Format(wireTimeLayout), ExternalID: t.ExternalID,
	})
	if err != nil {
		return 0, fmt.Errorf("autotask create ticket: encoding: %w", err)
	}
	return c.create(ctx, call{method: http.MethodPost, path: "Tickets", body: body, create: true})
}

// create sends r and reads {"itemId": n}. Autotask answered, but if the id
// is unreadable the ticket probably exists: that is an unknown outcome too.
func (c *Client) create(ctx context.Context, r call) (int64, error) {
	reply, err := c.send(ctx, r)
	if err != nil {
		return 0, err
	}
	var w struct {
		ItemID flexInt `json:"itemId"`
	}
	if err := decode(r.method, r.path, reply, &w); err != nil {
		return 0, fmt.Errorf("%w: %w", ErrOutcomeUnknown, err)
	}
	if w.ItemID <= 0 {
		return 0, fmt.Errorf("%w: %w", ErrOutcomeUnknown, &malformedError{method: r.method, path: r.path, err: errors.New(`no "itemId"`)})
	}
	return int64(w.ItemID), nil
}

// Ticket reads one ticket; ErrNotFound when it is gone.
func (c *Client) Ticket(ctx context.Context, id int64) (Ticket, error) {
	w, err := getItem[wireTicket](ctx, c, "Tickets", id)
	if err != nil {
		return Ticket{}, err
	}
	return w.ticket(), nil
}

// TicketByNumber finds a ticket by its number ("T20260102.0042", any case).
func (c *Client) TicketByNumber(ctx context.Context, number string) (Ticket, error) {
	number = strings.TrimSpace(number)
	if number == "" {
		return Ticket{}, fmt.Errorf("autotask: no ticket number given: %w", ErrNotFound)
	}
	w, ok, err := queryFirst[wireTicket](ctx, c, "Tickets", []Filter{{Op: "eq", Field: "ticketNumber", Value: number}})
	switch {
	case err != nil:
		return Ticket{}, err
	case !ok:
		return Ticket{}, fmt.Errorf("autotask: no ticket %s: %w", number, ErrNotFound)
	}
	return w.ticket(), nil
}

// TicketsByExternalID finds the tickets carrying a marker, open or not.
func (c *Client) TicketsByExternalID(ctx context.Context, externalID string) ([]Ticket, error) {
	found, err := queryAll[wireTicket](ctx, c, "Tickets", Query{
		Filter: []Filter{{Op: "eq", Field: "externalID", Value: externalID}}, IncludeFields: ticketFields,
	})
	return tickets(found), err
}

// Tickets reads the given tickets, 500 per query, in the order of ids;
// ids Autotask does not return (deleted, merged) are absent.
func (c *Client) Tickets(ctx context.Context, ids []int64) ([]Ticket, error) {
	byID := make(map[int64]Ticket, len(ids))
	for _, batch := range idBatches(ids) {
		found, err := queryAll[wireTicket](ctx, c, "Tickets", Query{
			Filter: []Filter{{Op: "in", Field: "id", Value: batch}}, IncludeFields: ticketFields,
		})
		if err != nil {
			return nil, err
		}
		for _, t := range tickets(found) {
			byID[t.ID] = t
		}
	}
	return inOrder(ids, byID), nil
}

func tickets(ws []wireTicket) []Ticket {
	out := make([]Ticket, len(ws))
	for i, w := range ws {
		out[i] = w.ticket()
	}
	return out
}
