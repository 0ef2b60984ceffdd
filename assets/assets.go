// Package assets embeds the stylesheets and scripts the UI loads and serves
// them under content-hashed URLs (/assets/<hash>/<name>), so browsers may
// cache them for a year and still never see a stale file after an upgrade.
package assets

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"mime"
	"path"
	"strings"
)

//go:embed css js vendor
var files embed.FS

type asset struct {
	body        []byte
	hash        string
	contentType string
}

var byName = map[string]asset{}

func init() {
	err := fs.WalkDir(files, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		body, err := files.ReadFile(name)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(body)
		ct := mime.TypeByExtension(path.Ext(name))
		if ct == "" {
			ct = "text/plain; charset=utf-8"
		}
		byName[name] = asset{body: body, hash: hex.EncodeToString(sum[:5]), contentType: ct}
		return nil
	})
	if err != nil {
		panic("assets: " + err.Error())
	}
}

// Prefix is where assets are mounted.
const Prefix = "/assets/"

// URL returns the versioned URL of an embedded file, e.g. URL("css/app.css").
// An unknown name panics at first render, so a typo fails every test.
func URL(name string) string {
	a, ok := byName[name]
	if !ok {
		panic("assets: no embedded file " + name)
	}
	return Prefix + a.hash + "/" + name
}

// Lookup resolves the part of a request path after Prefix ("<hash>/<name>").
// A known name with a stale hash is still served (a page cached across an
// upgrade keeps working), but fresh reports false so it is not cached long.
func Lookup(rest string) (body []byte, contentType string, fresh, ok bool) {
	hash, name, found := strings.Cut(rest, "/")
	if !found {
		return nil, "", false, false
	}
	a, ok := byName[name]
	if !ok {
		return nil, "", false, false
	}
	return a.body, a.contentType, hash == a.hash, true
}
