package web

import (
	"bytes"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/backupchecks/backupchecks/app/transfer"
	"github.com/backupchecks/backupchecks/views"
)

// transferPage is Settings → Export / import.
func (s *Server) transferPage(c *fiber.Ctx) error {
	return render(c, fiber.StatusOK, views.TransferPage(s.shell(c, "Settings", "settings"), views.TransferData{}))
}

// transferExport downloads customers and jobs: JSON, or one CSV.
func (s *Server) transferExport(c *fiber.Ctx) error {
	f, err := s.Transfer.Export()
	if err != nil {
		return err
	}
	var b bytes.Buffer
	day := time.Now().Format("2006-01-02")
	name, ctype := "backupchecks-export-"+day+".json", fiber.MIMEApplicationJSONCharsetUTF8
	switch c.Params("file") {
	case "export.json":
		err = transfer.WriteJSON(&b, f)
	case "customers.csv":
		name, ctype, err = "backupchecks-customers-"+day+".csv", "text/csv; charset=utf-8", transfer.WriteCustomersCSV(&b, f)
	case "jobs.csv":
		name, ctype, err = "backupchecks-jobs-"+day+".csv", "text/csv; charset=utf-8", transfer.WriteJobsCSV(&b, f)
	default:
		return fiber.ErrNotFound
	}
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, ctype)
	c.Set(fiber.HeaderContentDisposition, fmt.Sprintf(`attachment; filename="%s"`, name))
	return c.Send(b.Bytes())
}

// transferImport is both steps of an import: an uploaded file is read and
// planned (a dry run, the file kept for half an hour); "Import now" writes
// the kept file's plan, planned again against the appliance as it is then.
func (s *Server) transferImport(c *fiber.Ctx) error {
	d := views.TransferData{}
	var f transfer.File
	var err error
	if id := c.FormValue("staged"); id != "" {
		st, ok := s.staged.take(id, currentUser(c).ID)
		if !ok {
			d.Problems = []string{"The uploaded file is no longer kept (after half an hour, or already imported): upload it again."}
			return render(c, fiber.StatusUnprocessableEntity, views.TransferPage(s.shell(c, "Settings", "settings"), d))
		}
		f, d.FileName = st.file, st.name
		p, err := s.Transfer.Import(f, false, actor(c))
		return s.renderImport(c, d, p, err, true)
	}
	fh, err := c.FormFile("file")
	if err != nil {
		d.Problems = []string{"Choose the file to import."}
		return render(c, fiber.StatusUnprocessableEntity, views.TransferPage(s.shell(c, "Settings", "settings"), d))
	}
	d.FileName = filepath.Base(fh.Filename)
	file, err := fh.Open()
	if err != nil {
		return err
	}
	defer file.Close()
	raw, err := io.ReadAll(io.LimitReader(file, 32<<20))
	if err != nil {
		return err
	}
	if strings.HasSuffix(strings.ToLower(d.FileName), ".csv") {
		f, err = transfer.ReadCSV(bytes.NewReader(raw))
	} else {
		f, err = transfer.ReadJSON(bytes.NewReader(raw))
	}
	if err == nil {
		var p transfer.Plan
		p, err = s.Transfer.Import(f, true, actor(c))
		if err == nil {
			d.Staged = s.staged.put(stagedFile{file: f, name: d.FileName, user: currentUser(c).ID})
		}
		return s.renderImport(c, d, p, err, false)
	}
	return s.renderImport(c, d, transfer.Plan{}, err, false)
}

func (s *Server) renderImport(c *fiber.Ctx, d views.TransferData, p transfer.Plan, err error, applied bool) error {
	var inv *transfer.Invalid
	if errors.As(err, &inv) {
		d.Problems = inv.Problems
		return render(c, fiber.StatusUnprocessableEntity, views.TransferPage(s.shell(c, "Settings", "settings"), d))
	}
	if err != nil {
		return err
	}
	d.Plan, d.Applied = &p, applied
	return render(c, fiber.StatusOK, views.TransferPage(s.shell(c, "Settings", "settings"), d))
}

// stagedFiles keeps uploaded imports between the dry run and "Import now",
// in memory, per user, for half an hour.
type stagedFiles struct {
	mu    sync.Mutex
	files map[string]stagedFile
}

type stagedFile struct {
	file    transfer.File
	name    string
	user    uint64
	expires time.Time
}

const stagedFor = 30 * time.Minute

func (sf *stagedFiles) put(f stagedFile) string {
	b := make([]byte, 18)
	_, _ = rand.Read(b)
	id := base64.RawURLEncoding.EncodeToString(b)
	now := time.Now()
	f.expires = now.Add(stagedFor)
	sf.mu.Lock()
	defer sf.mu.Unlock()
	if sf.files == nil {
		sf.files = map[string]stagedFile{}
	}
	for k, v := range sf.files {
		if now.After(v.expires) {
			delete(sf.files, k)
		}
	}
	sf.files[id] = f
	return id
}

// take removes and returns the user's staged file of id.
func (sf *stagedFiles) take(id string, user uint64) (stagedFile, bool) {
	sf.mu.Lock()
	defer sf.mu.Unlock()
	f, ok := sf.files[id]
	if !ok || f.user != user || time.Now().After(f.expires) {
		return stagedFile{}, false
	}
	delete(sf.files, id)
	return f, true
}
