package web_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/backupchecks/backupchecks/app/audit"
	"github.com/backupchecks/backupchecks/app/secret"
	"github.com/backupchecks/backupchecks/app/settings"
)

// The SSO redirect_uri comes from the configured base URL only: without
// one, sign-on is refused with a sentence saying where to set it, and a
// client's Host or X-Forwarded-Host never becomes the address the
// provider sends the code to.
func TestSSORedirectURIComesFromTheBaseURL(t *testing.T) {
	idp := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		base := "http://" + r.Host
		_ = json.NewEncoder(w).Encode(map[string]any{"issuer": base, "authorization_endpoint": base + "/auth",
			"token_endpoint": base + "/token", "jwks_uri": base + "/keys", "id_token_signing_alg_values_supported": []string{"RS256"}})
	}))
	t.Cleanup(idp.Close)
	h := newHarness(t)
	cfg := settings.SignIn{Enabled: true, Issuer: idp.URL, ClientID: "backupchecks", RoleClaim: "email", Admins: []string{"a@example.com"}, LocalPasswords: true}
	if _, err := h.app.Settings.SaveSignIn(cfg, secret.New("client-secret"), audit.Actor{Name: "admin"}); err != nil {
		t.Fatal(err)
	}
	start := func() *http.Response {
		req := httptest.NewRequest(http.MethodGet, "/login/sso", nil)
		req.Host = "evil.example"
		req.Header.Set("X-Forwarded-Host", "evil.example")
		req.Header.Set("X-Forwarded-Proto", "https")
		return h.anon().do(req)
	}
	res := start()
	if body := bodyOf(res); res.StatusCode != 403 || !strings.Contains(body, "base URL under Settings → General") {
		t.Fatalf("sign-on without a base URL: %d %q\n%s", res.StatusCode, res.Header.Get("Location"), body)
	}
	if page := bodyOf(h.login("admin").get("/settings/signin")); strings.Contains(page, "evil.example") || !strings.Contains(page, "Settings → General") {
		t.Errorf("Settings → Sign-in shows a callback from the request, or does not say the base URL is needed")
	}

	g, _ := h.app.Settings.General()
	g.BaseURL = "https://backups.example.com"
	if _, err := h.app.Settings.SaveGeneral(g, audit.Actor{Name: "admin"}); err != nil {
		t.Fatal(err)
	}
	res = start()
	loc, err := url.Parse(res.Header.Get("Location"))
	if res.StatusCode != 303 || err != nil {
		t.Fatalf("sign-on with a base URL: %d %q %s", res.StatusCode, res.Header.Get("Location"), bodyOf(res))
	}
	if got := loc.Query().Get("redirect_uri"); got != "https://backups.example.com/login/sso/callback" {
		t.Fatalf("redirect_uri = %q", got)
	}
}
