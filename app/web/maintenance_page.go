package web

import (
	"github.com/gofiber/fiber/v2"

	"github.com/backupchecks/backupchecks/views"
)

func (s *Server) maintenancePage(c *fiber.Ctx) error {
	sh := s.shell(c, "Maintenance", "settings")
	st := s.Maintenance.Store()
	du, err := st.Disk()
	if err != nil {
		return err
	}
	schema, err := st.Schema()
	if err != nil {
		return err
	}
	gc, err := st.LastGC()
	if err != nil {
		return err
	}
	d := views.MaintenanceData{DataDir: st.Dir(), DataBytes: du.DataBytes, FreeBytes: du.FreeBytes, LowDisk: du.Low(), Schema: schema}
	if d.DataDir == "" {
		d.DataDir = "(in memory)"
	}
	if !gc.At.IsZero() {
		d.LastGC = views.GCInfo{Ran: true, At: sh.Time(gc.At), Rewritten: gc.Rewritten, Error: gc.Error}
	}
	if ev, ok, err := s.Maintenance.LastBackup(); err != nil {
		return err
	} else if ok {
		d.LastBackup = views.LastBackup{At: sh.Time(ev.Time), By: ev.Actor}
	}
	keep, err := s.Settings.Retention()
	if err != nil {
		return err
	}
	d.RetentionMonths = keep.RawMailMonths
	if p, err := s.Retention.Last(); err != nil {
		return err
	} else if !p.At.IsZero() {
		d.LastPrune = views.PruneInfo{Ran: true, At: sh.Time(p.At), Mails: p.Mails, Bytes: p.Bytes, Error: p.Error}
	}
	return render(c, fiber.StatusOK, views.MaintenancePage(sh, d))
}
