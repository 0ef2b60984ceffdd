package report

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzDecode feeds arbitrary bytes to the MIME decoder and the unwrapping
// of attached mails: it must never panic, and nesting stays bounded.
func FuzzDecode(f *testing.F) {
	seeds, _ := filepath.Glob("../*/testdata/*.eml")
	nested, _ := filepath.Glob("../*/testdata/*/*.eml")
	seeds = append(seeds, nested...)
	for _, p := range seeds {
		if raw, err := os.ReadFile(p); err == nil {
			f.Add(raw)
		}
	}
	f.Add([]byte("Subject: =?ISO-2022-JP?B?GyRCJUYlOSVIGyhC?=\r\nContent-Type: multipart/mixed; boundary=x\r\n\r\n--x\r\nContent-Type: message/rfc822\r\n\r\nSubject: inner\r\n\r\nbody\r\n--x--\r\n"))
	f.Fuzz(func(t *testing.T, raw []byte) {
		m, err := Decode(raw)
		if err != nil {
			return
		}
		if n := len(m.Candidates()); n > 1<<(MaxDepth+4) {
			t.Fatalf("%d candidate messages from %d bytes: nesting is not bounded", n, len(raw))
		}
	})
}
