package autotask

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
)

// Autotask's note limits.
const (
	maxNoteTitle       = 250
	maxNoteDescription = 32000
)

// CompleteTicket sets a ticket to the system status Complete (5). It
// PATCHes only the status; zones that refuse collection-level PATCH
// (an HTML 404, or 405) get the whole ticket read back and PUT with the
// new status, because PUT blanks every writable field it is not given.
func (c *Client) CompleteTicket(ctx context.Context, id int64) error {
	body, err := json.Marshal(map[string]any{"id": id, "status": StatusComplete})
	if err != nil {
		return fmt.Errorf("autotask complete ticket: encoding: %w", err)
	}
	_, err = c.send(ctx, call{method: http.MethodPatch, path: "Tickets", body: body})
	var ae *APIError
	if err == nil || !errors.As(err, &ae) || (ae.Status != http.StatusNotFound && ae.Status != http.StatusMethodNotAllowed) {
		return err
	}
	item, err := getItem[map[string]json.RawMessage](ctx, c, "Tickets", id)
	if err != nil {
		return err
	}
	for k := range item {
		if strings.EqualFold(k, "status") {
			delete(item, k)
		}
	}
	item["status"] = json.RawMessage(fmt.Sprint(StatusComplete))
	if body, err = json.Marshal(item); err != nil {
		return fmt.Errorf("autotask complete ticket: encoding: %w", err)
	}
	_, err = c.send(ctx, call{method: http.MethodPut, path: "Tickets", body: body})
	return err
}

type wireNewNote struct {
	TicketID    int64  `json:"ticketID"`
	Title       string `json:"title"`
	Description string `json:"description"`
	NoteType    int    `json:"noteType"`
	Publish     int    `json:"publish"`
}

// AddNote adds a note to a ticket through the child route (Autotask has
// no POST /TicketNotes) and returns its id. Title and description are cut
// to Autotask's limits. It is a create: see CreateTicket for its retries.
func (c *Client) AddNote(ctx context.Context, ticketID int64, n NewNote) (int64, error) {
	body, err := json.Marshal(wireNewNote{TicketID: ticketID, Title: truncate(n.Title, maxNoteTitle),
		Description: truncate(n.Description, maxNoteDescription), NoteType: n.NoteType, Publish: n.Publish})
	if err != nil {
		return 0, fmt.Errorf("autotask add note: encoding: %w", err)
	}
	return c.create(ctx, call{method: http.MethodPost, path: fmt.Sprintf("Tickets/%d/Notes", ticketID), body: body, create: true})
}

// TimeEntryCount is how many time entries a ticket has: whether anyone
// has worked on it.
func (c *Client) TimeEntryCount(ctx context.Context, ticketID int64) (int, error) {
	return c.Count(ctx, "TimeEntries", []Filter{{Op: "eq", Field: "ticketID", Value: ticketID}})
}
