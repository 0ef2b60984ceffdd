// Package bench sizes the appliance: it builds a realistic data directory
// of a given scale through the same use cases the product uses (the
// demo's generators), and measures the real server on it — start-up,
// memory, and every page under an operator's morning load — so that an
// admin can size a VM and a developer can hold DESIGN §6.
package bench

import (
	"fmt"
	"slices"
	"strings"

	"github.com/backupchecks/backupchecks/app/demo"
)

// Scale is one size of MSP.
type Scale struct {
	Name string
	demo.Size
	CoveAccounts int // devices in the simulated Cove partner, polled once
	CoveApproved int // Cove customers whose accounts are approved
	Mapped       int // customers mapped to Autotask companies
	Tickets      int // Autotask tickets on waiting runs
}

// Scales are the sizes `bench generate --scale` knows; large is DESIGN §6's
// "large MSP" (≈3.6 M runs over two years, a third with objects). The last
// MailDays days of the email jobs' runs arrive as report mail, stored with
// their originals.
var Scales = []Scale{
	{Name: "small", Size: demo.Size{Customers: 30, Jobs: 300, Days: 60, ObjectShare: 33, WaitingDays: 5, MailDays: 14},
		CoveAccounts: 500, CoveApproved: 5, Mapped: 10, Tickets: 10},
	{Name: "medium", Size: demo.Size{Customers: 100, Jobs: 1500, Days: 365, ObjectShare: 33, WaitingDays: 5, MailDays: 30},
		CoveAccounts: 3000, CoveApproved: 20, Mapped: 30, Tickets: 30},
	{Name: "large", Size: demo.Size{Customers: 300, Jobs: 5000, Days: 730, ObjectShare: 33, WaitingDays: 5, MailDays: 30},
		CoveAccounts: 10000, CoveApproved: 50, Mapped: 60, Tickets: 50},
}

// ScaleNamed finds a scale by name.
func ScaleNamed(name string) (Scale, error) {
	i := slices.IndexFunc(Scales, func(s Scale) bool { return s.Name == name })
	if i < 0 {
		names := make([]string, len(Scales))
		for k, s := range Scales {
			names[k] = s.Name
		}
		return Scale{}, fmt.Errorf("unknown scale %q: use %s", name, strings.Join(names, ", "))
	}
	return Scales[i], nil
}
