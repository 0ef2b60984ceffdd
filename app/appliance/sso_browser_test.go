package appliance_test

import (
	"github.com/backupchecks/backupchecks/app/appliance"

	"net"
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/zitadel/oidc/v3/example/server/exampleop"
	"github.com/zitadel/oidc/v3/example/server/storage"
	"github.com/zitadel/oidc/v3/pkg/op"

	"github.com/backupchecks/backupchecks/app/accounts"
	"github.com/backupchecks/backupchecks/app/audit"
	"github.com/backupchecks/backupchecks/app/secret"
	"github.com/backupchecks/backupchecks/app/settings"
)

// startProvider runs zitadel/oidc's example OpenID provider on loopback: a
// complete provider (discovery, PKCE, signed ID tokens, userinfo) with a
// login page and two users, test-user@127.0.0.1 and test-user2, both with
// the password "verysecure".
func startProvider(t *testing.T, callback string) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	issuer := "http://" + ln.Addr().String()
	storage.RegisterClients(storage.WebClient("backupchecks", "client-secret", callback))
	router := exampleop.SetupServer(issuer, storage.NewStorage(storage.NewUserStore(issuer)), nil, false, op.WithAllowInsecure())
	srv := &http.Server{Handler: router}
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Close() })
	return issuer
}

// An admin sets up single sign-on; a user whose e-mail maps to admin signs
// in at the provider and is created as an admin; a user who maps to no
// role, and then anyone from a tenant not allowed, is refused with a
// sentence; with passwords off, only the first admin still uses one.
func TestBrowserSingleSignOn(t *testing.T) {
	a, base := serveAppliance(t)
	issuer := startProvider(t, base+"/login/sso/callback")
	ctx := newBrowser(t)
	must := steps(t, ctx, "sso")
	if _, err := a.Accounts.Setup(accounts.NewUser{Username: "olivia", Password: browserPassword, Confirm: browserPassword}, audit.Actor{}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Accounts.Create(accounts.NewUser{Username: "pete", Password: browserPassword, Confirm: browserPassword, Role: accounts.Operator}, audit.Actor{}); err != nil {
		t.Fatal(err)
	}
	useBaseURL(t, a, base) // single sign-on needs it; the request's Host is not trusted
	cfg := settings.SignIn{Enabled: true, Issuer: issuer, ClientID: "backupchecks", RoleClaim: "email",
		Admins: []string{"test-user@zitadel.ch"}, LocalPasswords: true}
	if _, err := a.Settings.SaveSignIn(cfg, secret.New("client-secret"), audit.Actor{Name: "olivia"}); err != nil {
		t.Fatal(err)
	}
	atProvider := func(user string) []chromedp.Action[chromedp.Void] {
		return []chromedp.Action[chromedp.Void]{chromedp.Navigate(base + "/login"),
			chromedp.Click(`[data-testid=sso-login]`),
			chromedp.WaitVisible(`#username`),
			fill(`#username`, user), fill(`#password`, "verysecure"),
			chromedp.Click(`button[type=submit]`)}
	}
	must("sign in at the provider", chromedp.Do(ctx, append(atProvider("test-user@127.0.0.1"), chromedp.WaitVisible(`[data-testid=health]`))...))
	users, _ := a.Accounts.List()
	var created *accounts.User
	for i := range users {
		if users[i].Username == "test-user@127.0.0.1" {
			created = &users[i]
		}
	}
	if created == nil || created.Role != accounts.Admin || !strings.HasPrefix(created.External, issuer+"|") || created.PasswordHash != "" {
		t.Fatalf("the user made on first sign-in: %+v", created)
	}
	screenshot(t, ctx, "sso-signed-in")
	must("the new admin opens Settings", chromedp.Do(ctx, chromedp.Navigate(base+"/settings/signin"), chromedp.WaitVisible(`[data-testid=signin-form]`)))
	must("their account has no password to change", chromedp.Do(ctx, chromedp.Navigate(base+"/account"), chromedp.WaitVisible(`[data-testid=account-sso]`)))

	// Each further visitor in a browser of their own.
	refused := func(user string) string {
		t.Helper()
		bctx := newBrowser(t)
		bmust := steps(t, bctx, "sso-"+user)
		bmust("sign in as "+user, chromedp.Do(bctx, append(atProvider(user), chromedp.WaitVisible(`[data-testid=login-error]`))...))
		s, err := chromedp.Run(bctx, chromedp.Text(`[data-testid=login-error]`))
		bmust("read the refusal", err)
		return s
	}
	if msg := refused("test-user2"); !strings.Contains(msg, "no Backupchecks role") {
		t.Errorf("refusal of a user without a role: %q", msg)
	}

	cfg, _ = a.Settings.SignIn()
	cfg.Tenants, cfg.Reporters = []string{"contoso-tenant"}, []string{"test-user2@zitadel.ch"}
	if _, err := a.Settings.SaveSignIn(cfg, secret.Value{}, audit.Actor{Name: "olivia"}); err != nil {
		t.Fatal(err)
	}
	if msg := refused("test-user2"); !strings.Contains(msg, "tenant none") || !strings.Contains(msg, "not allowed") {
		t.Errorf("refusal of another tenant: %q", msg)
	}
	if users, _ := a.Accounts.List(); len(users) != 3 {
		t.Errorf("%d users after two refusals, want 3", len(users))
	}

	cfg.LocalPasswords = false
	if _, err := a.Settings.SaveSignIn(cfg, secret.Value{}, audit.Actor{Name: "olivia"}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Accounts.Login("pete", browserPassword, "127.0.0.1"); err != accounts.ErrLocalOff {
		t.Errorf("an operator's password with passwords off: %v", err)
	}
	must("the first admin still signs in with the password", chromedp.Do(newBrowser(t), signIn(base, "olivia")...))
}

// useBaseURL sets Settings → General's base URL, as an admin does before
// turning on single sign-on.
func useBaseURL(t *testing.T, a *appliance.Appliance, base string) {
	t.Helper()
	g, err := a.Settings.General()
	if err != nil {
		t.Fatal(err)
	}
	g.BaseURL = base
	if _, err := a.Settings.SaveGeneral(g, audit.Actor{Name: "test"}); err != nil {
		t.Fatal(err)
	}
}
