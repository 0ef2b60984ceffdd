package covetest

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"
)

// RootPartnerID is the MSP partner Fleet puts every customer under.
const RootPartnerID = 1000

var customerNames = []string{
	"Acme Ltd", "Beta GmbH", "Contoso BV", "Fabrikam Inc", "Northwind Traders", "Globex Corp",
	"Initech", "Umbrella Care", "Stark Logistics", "Wayne Dental", "Hooli Legal", "Vandelay Imports",
	"Soylent Foods", "Tyrell Design", "Cyberdyne Labs", "Wonka Bakery", "Oceanic Air", "Massive Dynamic",
	"Dunder Paper", "Pied Piper", "Aperture Science", "Bluth Homes", "Gekko Partners", "Krusty Burgers",
}

// serverRoles are the kinds of server Fleet makes, with their data sources.
var serverRoles = []struct{ role, sources string }{
	{"dc", "D01D02"}, {"fs", "D01D02"}, {"sql", "D01D02D10"}, {"app", "D01D02"},
	{"hv", "D01D02D14"}, {"sp", "D01D02D11"}, {"rds", "D01D02"},
}

var (
	serverOS      = []string{"Windows Server 2022 Standard (10.0.20348)", "Windows Server 2019 Standard (10.0.17763)", "Windows Server 2016 Datacenter (10.0.14393)"}
	workstationOS = []string{"Windows 11 Pro (10.0.22631)", "Windows 10 Pro (10.0.19045)", "Windows 11 Enterprise (10.0.26100)"}
	versions      = []string{"24.3.0.24079", "24.6.0.24190", "25.1.0.25014"}
)

// Fleet makes n devices spread over n/20 customers (at least one) under
// one root partner (RootPartnerID, "Demo MSP"): Microsoft 365 tenants (one
// for most customers), servers and workstations, with the statistics an
// importer reads, most sessions completed within the last day and a
// realistic share of warnings, failures and running backups. The same
// seed gives the same fleet; now anchors every timestamp.
func Fleet(n int, seed int64, now time.Time) (partners []Partner, devices []Device) {
	rng := rand.New(rand.NewPCG(uint64(seed), 0x5eed))
	nc := max(n/20, 1)
	partners = append(partners, Partner{ID: RootPartnerID, Name: "Demo MSP", Level: "Reseller"})
	type customer struct {
		name, slug string
		count      map[string]int
	}
	custs := make([]customer, nc)
	for i := range custs {
		name := customerNames[i%len(customerNames)]
		slug := strings.ToLower(strings.Fields(name)[0])
		if round := i / len(customerNames); round > 0 {
			name += " " + strconv.Itoa(round+1)
			slug += strconv.Itoa(round + 1)
		}
		custs[i] = customer{name: name, slug: slug, count: map[string]int{}}
		partners = append(partners, Partner{ID: RootPartnerID + 1 + int64(i), ParentID: RootPartnerID, Name: name, Level: "EndCustomer"})
	}
	for i := range n {
		ci := i
		if i >= nc {
			ci = rng.IntN(nc)
		}
		c := &custs[ci]
		g := deviceGen{rng: rng, now: now}
		var d Device
		switch first := c.count["*"] == 0; {
		case first && rng.IntN(10) < 8:
			d = g.m365(c.slug)
		case rng.IntN(10) < 3:
			r := serverRoles[rng.IntN(len(serverRoles))]
			c.count[r.role]++
			d = g.machine(fmt.Sprintf("%s-%s%02d", c.slug, r.role, c.count[r.role]), "2", r.sources, serverOS)
		default:
			c.count["ws"]++
			sources := "D01"
			if rng.IntN(5) == 0 {
				sources = "D01D02"
			}
			d = g.machine(fmt.Sprintf("%s-ws%03d", c.slug, c.count["ws"]), "1", sources, workstationOS)
		}
		c.count["*"]++
		d.ID = 1_000_000 + int64(i)*13 + int64(rng.IntN(13))
		d.PartnerID = RootPartnerID + 1 + int64(ci)
		d.Values["I0"] = strconv.FormatInt(d.ID, 10)
		d.Values["I8"] = c.name
		devices = append(devices, d)
	}
	return partners, devices
}

type deviceGen struct {
	rng *rand.Rand
	now time.Time
}

func (g deviceGen) m365(slug string) Device {
	d := Device{Values: map[string]string{
		"I1": slug + "-m365", "I18": "", "I32": "0", "I59": "2", "I78": "D19D20D05D23",
		"I17": "M365", "I4": g.unix(g.now.Add(-g.days(400, 1500))),
	}}
	g.sessions(&d, "D19D20D05D23")
	return d
}

func (g deviceGen) machine(name, osType, sources string, oses []string) Device {
	d := Device{Values: map[string]string{
		"I1": name, "I18": strings.ToUpper(name[strings.IndexByte(name, '-')+1:]), "I32": osType, "I59": "1",
		"I78": sources, "I16": oses[g.rng.IntN(len(oses))], "I17": versions[g.rng.IntN(len(versions))],
		"I4": g.unix(g.now.Add(-g.days(30, 2000))),
	}}
	if g.rng.IntN(10) == 0 {
		d.Flags = []string{"AutoDeployed"}
	}
	g.sessions(&d, sources)
	return d
}

// sessions fills the Total (D09) and per-source statistics: the total
// status is drawn first and one source carries it, the others completed.
func (g deviceGen) sessions(d *Device, sources string) {
	status := 5
	switch r := g.rng.IntN(100); {
	case r < 4:
		status = 1
	case r < 10:
		status = 2
	case r < 20:
		status = 8
	}
	errs := 0
	switch status {
	case 8:
		errs = 1 + g.rng.IntN(50)
	case 2:
		errs = 1 + g.rng.IntN(10)
	}
	last := g.now.Add(-time.Duration(g.rng.Int64N(int64(24 * time.Hour))))
	success := last
	if status != 5 && status != 8 {
		success = last.Add(-time.Duration(1+g.rng.IntN(72)) * time.Hour)
	}
	v := d.Values
	v["D09F00"], v["D09F06"] = strconv.Itoa(status), strconv.Itoa(errs)
	v["D09F15"], v["D09F09"] = g.unix(last), g.unix(success)
	v["D09F08"] = g.colourBar(status)
	v["I6"] = g.unix(last.Add(time.Duration(g.rng.IntN(600)) * time.Second))
	v["I14"] = strconv.FormatInt(g.rng.Int64N(2<<40), 10)

	ds := dataSources(sources)
	culprit := ds[g.rng.IntN(len(ds))]
	for _, n := range ds {
		s, e, t, ok := 5, 0, last.Add(-time.Duration(g.rng.IntN(1800))*time.Second), success
		if n == culprit {
			s, e, t = status, errs, last
		} else {
			ok = t
		}
		code := func(f int) string { return fmt.Sprintf("D%02dF%02d", n, f) }
		v[code(0)], v[code(6)] = strconv.Itoa(s), strconv.Itoa(e)
		v[code(15)], v[code(9)] = g.unix(t), g.unix(ok)
	}
}

// colourBar is 28 days, oldest first, ending with today's status.
func (g deviceGen) colourBar(status int) string {
	var b strings.Builder
	for range 27 {
		switch r := g.rng.IntN(100); {
		case r < 85:
			b.WriteByte('5')
		case r < 92:
			b.WriteByte('8')
		case r < 96:
			b.WriteByte('2')
		default:
			b.WriteByte('0')
		}
	}
	b.WriteString(strconv.Itoa(status))
	return b.String()
}

func (g deviceGen) days(lo, hi int) time.Duration {
	return time.Duration(lo+g.rng.IntN(hi-lo)) * 24 * time.Hour
}

func (deviceGen) unix(t time.Time) string { return strconv.FormatInt(t.Unix(), 10) }

func dataSources(i78 string) []int {
	var out []int
	for _, part := range strings.Split(i78, "D")[1:] {
		if n, err := strconv.Atoi(part); err == nil {
			out = append(out, n)
		}
	}
	return out
}
