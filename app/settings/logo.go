package settings

import (
	"bytes"
	"image"
	_ "image/jpeg" // the formats a logo may come in
	_ "image/png"
	"net/http"
	"time"

	"github.com/backupchecks/backupchecks/app/audit"
)

// Logo is the MSP's logo, Settings → General: on the printable report and
// the PDF handed to customers.
type Logo struct {
	Data  []byte    `json:"data,omitempty"`
	Type  string    `json:"type,omitempty"` // image/png or image/jpeg
	Saved time.Time `json:"saved,omitzero"`
}

// MaxLogoBytes bounds an uploaded logo; a header image needs far less.
const MaxLogoBytes = 512 << 10

// Empty reports whether no logo is set.
func (l Logo) Empty() bool { return len(l.Data) == 0 }

// NewLogo checks an uploaded image: PNG or JPEG, within size, and sane
// dimensions; the sentence says what to do otherwise.
func NewLogo(data []byte) (Logo, error) {
	bad := func(msg string) (Logo, error) { return Logo{}, FieldErrors{"logo": msg} }
	if len(data) == 0 {
		return bad("Choose a PNG or JPEG file for the logo.")
	}
	if len(data) > MaxLogoBytes {
		return bad("The logo may be at most 512 KB; a smaller PNG or JPEG will do.")
	}
	kind := http.DetectContentType(data)
	if kind != "image/png" && kind != "image/jpeg" {
		return bad("The logo must be a PNG or JPEG image.")
	}
	cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil || cfg.Width < 1 || cfg.Height < 1 || cfg.Width > 4000 || cfg.Height > 4000 {
		return bad("This image cannot be read, or is larger than 4000 × 4000 pixels.")
	}
	return Logo{Data: data, Type: kind}, nil
}

// Logo returns the MSP's logo (empty when none).
func (s *Service) Logo() (Logo, error) { return s.store.Logo() }

// SaveLogo stores a checked logo, or removes it when l is empty; audited.
func (s *Service) SaveLogo(l Logo, by audit.Actor) error {
	what := "logo removed"
	if !l.Empty() {
		l.Saved = time.Now().UTC()
		what = "logo set"
	}
	return s.store.SaveLogo(l, audit.New(by, audit.SettingsGeneral, "general", what))
}
