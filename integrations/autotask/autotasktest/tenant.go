package autotasktest

import (
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/backupchecks/backupchecks/integrations/autotask"
)

// TenantConfig is one Autotask database and its API user.
type TenantConfig struct {
	Zone            string // zone name, e.g. "AE02"; also names the MSP's own company
	Username        string // the API user's user name, unique over the server
	Secret          string
	IntegrationCode string
	FirstName       string // the API user's resource
	LastName        string
}

// Tenant is one database on the fake. Its methods seed and inspect it as
// a person in the Autotask UI would, bypassing the API's rules; all are
// safe while serving.
type Tenant struct {
	srv    *Server
	cfg    TenantConfig
	ci     int64
	prefix string // zone path before "/ATServicesRest/"; "" until MoveZone

	data      map[*entity]map[int64]record
	nextID    map[*entity]int64
	picklists map[string][]autotask.PicklistValue // "tickets.status" → values
	daySeq    map[string]int                      // "20260102" → tickets numbered that day
	requests  []time.Time                         // the last hour's, for the hourly limit
	apiUser   int64                               // resource id of the API user
	tech      int64                               // resource id of a technician who works tickets
	denied    map[string]bool                     // lower-case entity roots the API user may not use
}

// AddTenant adds a database with its API user, the MSP's own company (id
// 0, named after the zone), two more resources and the default picklists.
// A user name already on the server panics: Autotask's are global.
func (s *Server) AddTenant(c TenantConfig) *Tenant {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, o := range s.tenants {
		if strings.EqualFold(o.cfg.Username, c.Username) {
			panic(fmt.Sprintf("autotasktest: user name %q is already on the server", c.Username))
		}
	}
	t := &Tenant{srv: s, cfg: c, ci: int64(100000 + 1111*len(s.tenants)),
		data: map[*entity]map[int64]record{}, nextID: map[*entity]int64{}, daySeq: map[string]int{}}
	for _, e := range entities {
		t.data[e] = map[int64]record{}
	}
	// Ids in the ranges real tenants show, so no test can rely on small ones.
	t.nextID[tickets], t.nextID[ticketNotes], t.nextID[timeEntries] = 9001, 31000, 52000
	t.nextID[companies], t.nextID[resources] = 174, 29682885
	now := s.now().UTC()
	t.data[companies][0] = record{"id": int64(0), "companyName": c.Zone + " MSP", "companyType": int64(5),
		"isActive": true, "createDate": now.AddDate(-5, 0, 0)}
	t.apiUser = t.addResource(c.Username, c.FirstName, c.LastName, "API User")
	t.tech = t.addResource("tess.tech@msp.example", "Tess", "Tech", "Employee")
	former := t.addResource("former@msp.example", "Former", "Employee", "Employee")
	t.data[resources][former]["isActive"] = false
	t.picklists = defaultPicklists()
	s.tenants = append(s.tenants, t)
	return t
}

func (t *Tenant) addResource(user, first, last, typ string) int64 {
	id := t.take(resources)
	t.data[resources][id] = record{"id": id, "userName": user, "firstName": first, "lastName": last,
		"email": user, "isActive": true, "resourceType": typ}
	return id
}

// take hands out the next id of e; the caller holds the lock.
func (t *Tenant) take(e *entity) int64 {
	id := t.nextID[e]
	t.nextID[e]++
	return id
}

// MoveZone moves the tenant to another zone, as Autotask sometimes does:
// the old REST base answers its user with 401 and discovery gives the new.
func (t *Tenant) MoveZone() {
	s := t.srv
	s.mu.Lock()
	defer s.mu.Unlock()
	s.zones++
	t.prefix = fmt.Sprintf("/zone%d", s.zones)
}

// zoneURL is the REST base discovery gives for t.
func (t *Tenant) zoneURL() string { return t.srv.ts.URL + t.prefix + "/ATServicesRest/" }

// zoneInformation answers discovery; it needs no credentials.
func (s *Server) zoneInformation(r request) answer {
	if r.method != http.MethodGet {
		return notAllowed(r.method, http.MethodGet)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	user := strings.TrimSpace(r.query["user"])
	for _, t := range s.tenants {
		if user != "" && strings.EqualFold(t.cfg.Username, user) {
			return ok(map[string]any{"zoneName": t.cfg.Zone, "url": t.zoneURL(),
				"webUrl": s.ts.URL + "/web/" + strings.ToLower(t.cfg.Zone) + "/", "ci": t.ci})
		}
	}
	return refused("Zone information could not be determined")
}

// authenticate finds the tenant of the three headers (names are
// case-insensitive in HTTP), on its current zone; nil = 401. An
// Authorization header counts for nothing.
func (s *Server) authenticate(r *http.Request, prefix string) *Tenant {
	user, secret, code := r.Header.Get("UserName"), r.Header.Get("Secret"), r.Header.Get("ApiIntegrationCode")
	if user == "" || secret == "" || code == "" {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, t := range s.tenants {
		if strings.EqualFold(t.cfg.Username, user) {
			if t.cfg.Secret != secret || t.cfg.IntegrationCode != code || t.prefix != prefix {
				return nil
			}
			return t
		}
	}
	return nil
}
