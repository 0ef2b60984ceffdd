package mailimport

import "bytes"

// headerOf is the header block of a raw message (up to the first empty
// line), what is kept of a mail too large to store whole.
func headerOf(raw []byte) []byte {
	for _, sep := range [][]byte{[]byte("\r\n\r\n"), []byte("\n\n")} {
		if i := bytes.Index(raw, sep); i >= 0 {
			return raw[:i+len(sep)]
		}
	}
	if len(raw) > 64<<10 {
		return raw[:64<<10] // no header end in sight: keep what a header could be
	}
	return raw
}
