package web

import (
	"bufio"
	"fmt"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/backupchecks/backupchecks/app/audit"
)

// backupDownload streams a consistent backup of the whole data directory.
// The app keeps serving meanwhile; the file is written while it is read,
// so memory stays flat however large the data is.
func (s *Server) backupDownload(c *fiber.Ctx) error {
	pass, confirm := c.FormValue("passphrase"), c.FormValue("confirm")
	if pass != confirm {
		s.flash(c, "error", "The two passphrases differ; no backup was made.")
		return redirect(c, "/settings/maintenance")
	}
	if pass != "" && len(pass) < 8 {
		s.flash(c, "error", "Use a passphrase of at least 8 characters, or none for an unencrypted backup.")
		return redirect(c, "/settings/maintenance")
	}
	name := fmt.Sprintf("backupchecks-%s.bcbackup", time.Now().UTC().Format("20060102-150405"))
	c.Set(fiber.HeaderContentType, "application/octet-stream")
	c.Set(fiber.HeaderContentDisposition, `attachment; filename="`+name+`"`)
	by := actor(c)
	c.Context().SetBodyStreamWriter(func(w *bufio.Writer) {
		if err := s.Maintenance.Backup(w, pass, by, audit.BackupDownload); err != nil {
			// Headers are gone; the truncated file fails to restore, and the audit log says why.
			s.Logger.Error("backup download failed", "error", err)
		}
		_ = w.Flush()
	})
	return nil
}
