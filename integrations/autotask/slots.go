package autotask

import (
	"context"
	"sync"
)

// Autotask allows 3 concurrent requests per integration code and entity
// endpoint and answers a fourth with 429. The slots are shared by every
// Client in the process with the same code (the settings page, the
// periodic check and a click may each hold one) and are per code, not per
// endpoint: that is stricter than Autotask, and simple.
const slotsPerCode = 3

var slots = struct {
	sync.Mutex
	byCode map[string]chan struct{}
}{byCode: map[string]chan struct{}{}}

// slotsFor returns the process-wide semaphore of an integration code.
func slotsFor(code string) chan struct{} {
	slots.Lock()
	defer slots.Unlock()
	ch, ok := slots.byCode[code]
	if !ok {
		ch = make(chan struct{}, slotsPerCode)
		slots.byCode[code] = ch
	}
	return ch
}

// acquire takes a slot, or gives up when ctx ends; the caller calls the
// returned func to give the slot back.
func (c *Client) acquire(ctx context.Context) (release func(), err error) {
	select {
	case c.slots <- struct{}{}:
		return func() { <-c.slots }, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}
