package web_test

import (
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"github.com/backupchecks/backupchecks/app/audit"
)

func code(t *testing.T, secret string, at time.Time) string {
	t.Helper()
	c, err := totp.GenerateCode(secret, at)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

var challengeField = regexp.MustCompile(`name="challenge" value="([^"]+)"`)

// signIn sends the password and, when asked, the code; it returns the
// browser and the final response.
func (h *harness) signIn(name, code string) (*client, string, int) {
	h.t.Helper()
	c := h.anon()
	res := c.post("/login", url.Values{"username": {name}, "password": {testPassword}})
	body := bodyOf(res)
	m := challengeField.FindStringSubmatch(body)
	if m == nil {
		return c, body, res.StatusCode
	}
	res = c.post("/login/code", url.Values{"challenge": {m[1]}, "code": {code}})
	return c, bodyOf(res), res.StatusCode
}

// An operator sets up codes with the QR page and a code from the app; then
// signing in asks for a code: a wrong one is refused, a right one works
// once, a recovery code works once; an admin can reset them.
func TestTwoFactorCodes(t *testing.T) {
	h := newHarness(t)
	op := h.login("op")
	page := bodyOf(op.get("/account/2fa"))
	m := regexp.MustCompile(`data-testid="totp-secret">([A-Z2-7]+)<`).FindStringSubmatch(page)
	if m == nil || !strings.Contains(page, `src="/account/2fa/qr.png"`) {
		t.Fatalf("enrolment page:\n%s", page)
	}
	secret := m[1]
	if res := op.get("/account/2fa/qr.png"); res.StatusCode != 200 || res.Header.Get("Content-Type") != "image/png" {
		t.Fatalf("QR code: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	if res := op.post("/account/2fa/enable", url.Values{"code": {"12345"}}); res.StatusCode != 422 {
		t.Fatalf("a wrong code enabled codes: %d", res.StatusCode)
	}
	now := time.Now()
	res := op.post("/account/2fa/enable", url.Values{"code": {code(t, secret, now)}})
	body := bodyOf(res)
	recovery := regexp.MustCompile(`<li>([a-z2-7]{5}-[a-z2-7]{5})</li>`).FindAllStringSubmatch(body, -1)
	if res.StatusCode != 200 || len(recovery) != 10 || !strings.Contains(body, `data-testid="totp-on"`) {
		t.Fatalf("enable: %d, %d recovery codes\n%s", res.StatusCode, len(recovery), body)
	}
	if strings.Contains(bodyOf(op.get("/account/2fa")), recovery[0][1]) {
		t.Fatal("the recovery codes are shown again")
	}
	u, _ := h.app.Accounts.Get(h.userID("op"))
	if strings.Contains(string(u.TOTP), secret) {
		t.Fatal("the TOTP secret is stored in the clear")
	}

	// The code that enabled them is used up; a wrong one is refused.
	if _, body, status := h.signIn("op", code(t, secret, now)); status != 401 || !strings.Contains(body, "Wrong code") {
		t.Errorf("the enrolment's code reused: %d", status)
	}
	if _, _, status := h.signIn("op", "000001"); status != 401 {
		t.Errorf("a wrong code: %d", status)
	}
	next := code(t, secret, now.Add(30*time.Second))
	c, _, status := h.signIn("op", next)
	if status != 303 {
		t.Fatalf("the right code: %d", status)
	}
	if res := c.get("/"); res.StatusCode != 200 {
		t.Fatalf("after signing in with a code: %d", res.StatusCode)
	}
	if _, _, status := h.signIn("op", next); status != 401 {
		t.Errorf("the same code twice: %d", status)
	}
	if _, _, status := h.signIn("op", recovery[3][1]); status != 303 {
		t.Errorf("a recovery code: %d", status)
	}
	if _, _, status := h.signIn("op", recovery[3][1]); status != 401 {
		t.Errorf("a recovery code twice: %d", status)
	}
	page2, _ := h.app.Store.List(audit.Filter{Action: audit.LoginSuccess, Limit: 1})
	if len(page2.Events) != 1 || page2.Events[0].Details != "with a recovery code (9 left)" {
		t.Errorf("audit: %+v", page2.Events)
	}

	// Wrong codes are throttled like passwords: the sixth is refused unread.
	for range 4 {
		h.signIn("op", "000001")
	}
	if _, body, status := h.signIn("op", code(t, secret, now.Add(60*time.Second))); status != 429 {
		t.Errorf("after five wrong codes a right one: %d %s", status, body)
	}

	admin := h.login("admin")
	if res := admin.post("/settings/users/"+itoa(h.userID("op"))+"/2fa/reset", nil); res.StatusCode != 303 {
		t.Fatalf("reset: %d", res.StatusCode)
	}
	if u, _ := h.app.Accounts.Get(h.userID("op")); u.HasTOTP() {
		t.Error("the reset left codes on")
	}
}

// With codes required for admins, an admin without them reaches nothing
// but the set-up page.
func TestTwoFactorRequiredForAdmins(t *testing.T) {
	h := newHarness(t)
	g, _ := h.app.Settings.General()
	g.RequireTOTPAdmins = true
	if _, err := h.app.Settings.SaveGeneral(g, audit.Actor{}); err != nil {
		t.Fatal(err)
	}
	admin := h.login("admin")
	if res := admin.get("/settings/users"); res.StatusCode != 303 || res.Header.Get("Location") != "/account/2fa" {
		t.Fatalf("an admin without codes: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	if res := admin.post("/settings/notifications", url.Values{"queue_runs": {"5"}}); res.StatusCode != 403 {
		t.Errorf("a POST by an admin without codes: %d", res.StatusCode)
	}
	if res := h.login("op").get("/settings/users"); res.StatusCode != 403 {
		t.Errorf("an operator: %d (codes are required of admins only)", res.StatusCode)
	}
	page := bodyOf(admin.get("/account/2fa"))
	secret := regexp.MustCompile(`data-testid="totp-secret">([A-Z2-7]+)<`).FindStringSubmatch(page)
	if secret == nil || !strings.Contains(page, `data-testid="totp-required"`) {
		t.Fatalf("set-up page:\n%s", page)
	}
	admin.post("/account/2fa/enable", url.Values{"code": {code(t, secret[1], time.Now())}})
	if res := admin.get("/settings/users"); res.StatusCode != 200 {
		t.Errorf("after setting codes up: %d", res.StatusCode)
	}
	if res := admin.post("/account/2fa/disable", url.Values{"password": {testPassword}}); res.StatusCode != 403 {
		t.Errorf("turning required codes off: %d", res.StatusCode)
	}
}
