package web

import "testing"

// Every redirect target that came from a request goes through localPath;
// these are the values a red team tries. Each must fall back.
func TestHostileRedirectTargetsFallBack(t *testing.T) {
	hostile := []string{
		"", "evil.example", "https://evil.example/", "//evil.example", "///evil.example",
		"/\t/evil.example/", "/\t/evil.example/landing", "\t//evil.example", "/\r\n/evil.example", "/\n/evil.example",
		`/\evil.example`, `/\\evil.example`, `\\evil.example`, "/x\\..\\..\\evil",
		"/%09/evil.example/", "/%2F/evil.example", "/%2f%2fevil.example", "/%5Cevil.example", "/%5c/evil.example",
		"/%0d%0a/evil.example", "/ /evil.example", "/\x00/evil.example", "/\x7f/evil.example",
		"javascript:alert(1)", "/%zz", "http:/evil.example", string(make([]byte, 3000)),
	}
	for _, v := range hostile {
		if got := localPath(v, "/"); got != "/" {
			t.Errorf("localPath(%q) = %q, want the fallback", v, got)
		}
		if got := safeReturnTo(v, "/customers"); got != "/customers" {
			t.Errorf("safeReturnTo(%q) = %q", v, got)
		}
		if got := safeNext(v); got != "" {
			t.Errorf("safeNext(%q) = %q", v, got)
		}
	}
	for _, v := range []string{"/", "/review", "/jobs/3?tab=runs&page=2", "/customers?q=M%C3%BCller%20AG", "/reports#top"} {
		if got := localPath(v, "/"); got != v {
			t.Errorf("localPath(%q) = %q, want it kept", v, got)
		}
	}
	if got := safeNext("/login/sso"); got != "" {
		t.Errorf("safeNext sends a signed-in user back to sign-in: %q", got)
	}
}
