package sso

import "time"

// maxPending bounds the sign-ins waiting at the provider. Anyone can start
// one without signing in, so without a bound a stream of GET /login/sso
// grows memory for the ten minutes each is kept (~1 KB apiece); 10,000
// is far more than people signing in at once, and the oldest goes first.
const maxPending = 10_000

// pendingStates are the started sign-ins by state, with their order of
// arrival so the expired and the oldest are dropped from the front, at a
// constant cost per sign-in instead of a scan of all of them.
type pendingStates struct {
	byState map[string]pending
	order   []string // states in arrival order; some may be finished already
}

// add keeps p under state, first dropping what expired by now and, at the
// bound, the oldest. The caller holds the service's lock.
func (ps *pendingStates) add(state string, p pending, now time.Time) {
	if ps.byState == nil {
		ps.byState = map[string]pending{}
	}
	for len(ps.order) > 0 {
		front := ps.order[0]
		old, live := ps.byState[front]
		if live && !now.After(old.expires) && len(ps.order) < maxPending {
			break
		}
		delete(ps.byState, front)
		ps.order = ps.order[1:]
	}
	ps.byState[state] = p
	ps.order = append(ps.order, state)
}

// take removes and returns the sign-in of state: each is used once.
func (ps *pendingStates) take(state string) (pending, bool) {
	p, ok := ps.byState[state]
	delete(ps.byState, state)
	return p, ok
}

func (ps *pendingStates) len() int { return len(ps.byState) }
