package testenv

import (
	"os"
	"path/filepath"
	"testing"
)

// MailCorpus returns the shared mail fixtures (../shared/fixtures/mail
// beside the repository), or calls Missing. It is found from the test's
// directory upwards, so any package's test can use it.
func MailCorpus(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			corpus := filepath.Join(dir, "..", "shared", "fixtures", "mail")
			if fi, err := os.Stat(corpus); err == nil && fi.IsDir() {
				return corpus
			}
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			break
		}
		dir = parent
	}
	Missing(t, "the shared mail corpus (../shared/fixtures/mail)")
	return ""
}
