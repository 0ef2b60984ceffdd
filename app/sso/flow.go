package sso

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"github.com/backupchecks/backupchecks/app/accounts"
	"github.com/backupchecks/backupchecks/app/settings"
)

// Service runs sign-ins.
type Service struct {
	Settings *settings.Service
	Accounts *accounts.Service
	Client   *http.Client // to the provider

	mu        sync.Mutex
	providers map[string]*oidc.Provider // by issuer: discovery read once
	pending   pendingStates             // by state, capped
}

type pending struct {
	nonce, verifier, next, redirect string
	expires                         time.Time
}

// pendingFor is how long a sign-in may take at the provider.
const pendingFor = 10 * time.Minute

// ErrOff means single sign-on is not set up.
var ErrOff = errors.New("single sign-on is not set up: sign in with your password")

// ErrNoAddress means the appliance's base URL is not set: the redirect URI
// the provider sends the code back to must not come from the request.
var ErrNoAddress = errors.New("single sign-on needs this appliance's address: an administrator sets the base URL under Settings → General")

// ErrState is a callback that matches no sign-in started here (expired,
// used already, or forged).
var ErrState = errors.New("the sign-in expired or did not start here: try again")

func (s *Service) provider(ctx context.Context, issuer string) (*oidc.Provider, error) {
	s.mu.Lock()
	p := s.providers[issuer]
	s.mu.Unlock()
	if p != nil {
		return p, nil
	}
	p, err := oidc.NewProvider(s.ctx(ctx), issuer)
	if err != nil {
		return nil, fmt.Errorf("read the provider's configuration at %s: %w", issuer, err)
	}
	s.mu.Lock()
	if s.providers == nil {
		s.providers = map[string]*oidc.Provider{}
	}
	s.providers[issuer] = p
	s.mu.Unlock()
	return p, nil
}

func (s *Service) ctx(ctx context.Context) context.Context {
	if s.Client != nil {
		return oidc.ClientContext(ctx, s.Client)
	}
	return ctx
}

func (s *Service) config(ctx context.Context, redirect string) (settings.SignIn, *oidc.Provider, *oauth2.Config, error) {
	cfg, err := s.Settings.SignIn()
	if err != nil {
		return cfg, nil, nil, err
	}
	if !cfg.Enabled {
		return cfg, nil, nil, ErrOff
	}
	if redirect == "" {
		return cfg, nil, nil, ErrNoAddress
	}
	sec, err := s.Settings.SignInSecret()
	if err != nil {
		return cfg, nil, nil, err
	}
	p, err := s.provider(ctx, cfg.Issuer)
	if err != nil {
		return cfg, nil, nil, err
	}
	oc := &oauth2.Config{ClientID: cfg.ClientID, ClientSecret: sec.Reveal(), Endpoint: p.Endpoint(), RedirectURL: redirect,
		Scopes: []string{oidc.ScopeOpenID, "profile", "email"}}
	return cfg, p, oc, nil
}

// Begin starts a sign-in: the state to keep in the browser's cookie, and
// the provider's address to send the browser to.
func (s *Service) Begin(ctx context.Context, redirect, next string) (state, authURL string, err error) {
	_, _, oc, err := s.config(ctx, redirect)
	if err != nil {
		return "", "", err
	}
	state, nonce, verifier := random(), random(), oauth2.GenerateVerifier()
	s.mu.Lock()
	now := time.Now()
	s.pending.add(state, pending{nonce: nonce, verifier: verifier, next: next, redirect: redirect, expires: now.Add(pendingFor)}, now)
	s.mu.Unlock()
	return state, oc.AuthCodeURL(state, oidc.Nonce(nonce), oauth2.S256ChallengeOption(verifier)), nil
}

// Finish completes a sign-in from the provider's callback: the code is
// exchanged (with the PKCE verifier), the ID token verified (issuer,
// audience, expiry, signature, nonce), the claims decided on, and the
// user signed in. It returns the session and where to go next.
func (s *Service) Finish(ctx context.Context, state, code, ip string) (accounts.LoginResult, string, error) {
	s.mu.Lock()
	p, ok := s.pending.take(state) // one use
	s.mu.Unlock()
	if !ok || time.Now().After(p.expires) {
		return accounts.LoginResult{}, "", ErrState
	}
	cfg, prov, oc, err := s.config(ctx, p.redirect)
	if err != nil {
		return accounts.LoginResult{}, "", err
	}
	ctx = s.ctx(ctx)
	tok, err := oc.Exchange(ctx, code, oauth2.VerifierOption(p.verifier))
	if err != nil {
		return accounts.LoginResult{}, "", fmt.Errorf("exchange the code with the provider: %w", err)
	}
	raw, _ := tok.Extra("id_token").(string)
	if raw == "" {
		return accounts.LoginResult{}, "", errors.New("the provider sent no ID token")
	}
	idt, err := prov.Verifier(&oidc.Config{ClientID: cfg.ClientID}).Verify(ctx, raw)
	if err != nil {
		return accounts.LoginResult{}, "", fmt.Errorf("verify the ID token: %w", err)
	}
	if idt.Nonce != p.nonce {
		return accounts.LoginResult{}, "", errors.New("the ID token's nonce is not this sign-in's")
	}
	claims := map[string]any{}
	if err := idt.Claims(&claims); err != nil {
		return accounts.LoginResult{}, "", err
	}
	// Providers that keep names and e-mail out of the ID token give them
	// from the userinfo endpoint; the ID token's own claims win.
	if ui, err := prov.UserInfo(ctx, oauth2.StaticTokenSource(tok)); err == nil {
		extra := map[string]any{}
		if ui.Claims(&extra) == nil {
			for k, v := range extra {
				if _, has := claims[k]; !has {
					claims[k] = v
				}
			}
		}
	}
	id, err := Decide(cfg, claims)
	if err != nil {
		return accounts.LoginResult{}, "", err
	}
	res, err := s.Accounts.LoginExternal(id, ip)
	return res, p.next, err
}

func random() string {
	b := make([]byte, 24)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}
