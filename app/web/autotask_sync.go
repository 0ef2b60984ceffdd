package web

import (
	"context"
	"time"

	"github.com/gofiber/fiber/v2"
)

// syncNowTimeout bounds what a "Sync now" click waits for Autotask.
const syncNowTimeout = time.Minute

// autotaskSyncNow reads every mapped company and open linked ticket from
// Autotask at once and says what changed; the periodic sync does the same
// on its own schedule.
func (s *Server) autotaskSyncNow(c *fiber.Ctx) error {
	ctx, cancel := context.WithTimeout(c.Context(), syncNowTimeout)
	defer cancel()
	r, err := s.Autotask.SyncNow(ctx, actor(c))
	if err != nil {
		kind, text, ok := autotaskFailure(err)
		if !ok {
			return err
		}
		s.flash(c, kind, text)
	} else {
		s.flash(c, "success", "Synchronised with Autotask. "+r.Sentence())
	}
	return redirect(c, "/customers/autotask")
}
