package web

import (
	"github.com/backupchecks/backupchecks/app/psa"
	"github.com/backupchecks/backupchecks/app/runs"
)

// apiRunOut is a run as the API shows it: the run and its Autotask ticket.
type apiRunOut struct {
	runs.Run
	Ticket *apiTicket `json:"ticket"` // null when the run has none
}

// apiTicket is a run's current Autotask ticket as stored (read from
// Autotask at most ten minutes before a page or the sync last showed it).
type apiTicket struct {
	Number string `json:"number,omitempty"`
	URL    string `json:"url,omitempty"`
	State  string `json:"state"`            // pending, open, resolved or deleted
	Status string `json:"status,omitempty"` // Autotask's status label when last read
}

// withTickets adds each run's current ticket link.
func (s *Server) withTickets(list []runs.Run) ([]apiRunOut, error) {
	ids := make([]uint64, len(list))
	for i, r := range list {
		ids[i] = r.ID
	}
	links, err := s.Autotask.CurrentLinks(ids)
	if err != nil {
		return nil, err
	}
	out := make([]apiRunOut, len(list))
	for i, r := range list {
		out[i] = apiRunOut{Run: r}
		if l, ok := links[r.ID]; ok {
			out[i].Ticket = ticketOut(l)
		}
	}
	return out, nil
}

func ticketOut(l psa.Link) *apiTicket {
	return &apiTicket{Number: l.Number, URL: l.URL, State: string(l.State), Status: l.Status}
}
