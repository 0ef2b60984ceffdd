package autotasktest

import (
	"fmt"
	"html/template"
	"net/http"
	"strconv"
	"strings"

	"github.com/backupchecks/backupchecks/integrations/autotask"
)

// webUI answers the zone's web UI (discovery's webUrl, "/web/<zone>/"),
// where Autotask's "open ticket" links go: a plain page showing the ticket,
// so the demo's links lead somewhere and say it is the simulation.
func (s *Server) webUI(w http.ResponseWriter, r *http.Request) {
	rest := strings.Trim(strings.TrimPrefix(strings.ToLower(r.URL.Path), "/web/"), "/")
	zone, page, _ := strings.Cut(rest, "/")
	q := lowerQuery(r)
	if page != "autotask/autotaskextend/executecommand.aspx" || !strings.EqualFold(q["code"], "OpenTicketDetail") {
		s.webPage(w, http.StatusNotFound, webView{Title: "Not found", Text: "The simulated Autotask has no such page: it shows tickets only."})
		return
	}
	id, _ := strconv.ParseInt(q["ticketid"], 10, 64)
	s.mu.Lock()
	var v webView
	for _, t := range s.tenants {
		if !strings.EqualFold(t.cfg.Zone, zone) {
			continue
		}
		if rec, found := t.data[tickets][id]; found {
			tk := toTicket(rec)
			v = webView{Title: "Ticket " + tk.Number, Ticket: &tk, Company: str(t.data[companies][tk.CompanyID]["companyName"]), Status: strconv.Itoa(tk.Status)}
			for _, pv := range t.picklists["tickets.status"] {
				if pv.Value == v.Status {
					v.Status = pv.Label
				}
			}
			for _, nid := range sortedIDs(t.data[ticketNotes]) {
				if n := t.data[ticketNotes][nid]; n["ticketID"] == id {
					v.Notes = append(v.Notes, Note{ID: nid, Title: str(n["title"]), Description: str(n["description"])})
				}
			}
		}
	}
	s.mu.Unlock()
	if v.Ticket == nil {
		s.webPage(w, http.StatusNotFound, webView{Title: "Ticket not found", Text: fmt.Sprintf("The simulated Autotask has no ticket %d in zone %s.", id, strings.ToUpper(zone))})
		return
	}
	s.webPage(w, http.StatusOK, v)
}

type webView struct {
	Title, Text, Company string
	Status               string // the status's label
	Ticket               *autotask.Ticket
	Notes                []Note
}

var webTemplate = template.Must(template.New("web").Parse(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{{.Title}} · Autotask (simulated)</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}
.note{background:#fff4cc;padding:.5rem 1rem;border-radius:4px}dt{font-weight:600}pre{white-space:pre-wrap}</style></head>
<body><p class="note">This is the demo's simulated Autotask PSA, running inside the Backupchecks process. A real Autotask shows the ticket here.</p>
<h1>{{.Title}}</h1>{{with .Text}}<p>{{.}}</p>{{end}}
{{with .Ticket}}<dl><dt>Title</dt><dd>{{.Title}}</dd><dt>Company</dt><dd>{{$.Company}}</dd><dt>Status</dt><dd>{{$.Status}}</dd>
<dt>Created</dt><dd>{{.CreateDate.Format "2006-01-02 15:04 MST"}}</dd></dl><h2>Description</h2><pre>{{.Description}}</pre>{{end}}
{{with .Notes}}<h2>Notes</h2>{{range .}}<h3>{{.Title}}</h3><pre>{{.Description}}</pre>{{end}}{{end}}
</body></html>`))

func (s *Server) webPage(w http.ResponseWriter, status int, v webView) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_ = webTemplate.Execute(w, v)
}
