package imapmail

import (
	"context"
	"fmt"
	"strings"
	"time"

	"golang.org/x/oauth2/clientcredentials"
)

// Microsoft365Scope is what an app needs to read a mailbox over IMAP with
// the client-credentials grant.
const Microsoft365Scope = "https://outlook.office365.com/.default"

// Microsoft365TokenURL is the token endpoint of a tenant.
func Microsoft365TokenURL(tenant string) string {
	return "https://login.microsoftonline.com/" + strings.TrimSpace(tenant) + "/oauth2/v2.0/token"
}

// ClientCredentials returns a token source for Config.Token: each call
// fetches a fresh token from tokenURL with the client-credentials grant. A
// poll signs in once every few minutes, so there is nothing to cache.
func ClientCredentials(tokenURL, clientID, clientSecret string) func() (string, error) {
	cc := clientcredentials.Config{ClientID: clientID, ClientSecret: clientSecret, TokenURL: tokenURL, Scopes: []string{Microsoft365Scope}}
	return func() (string, error) {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		tok, err := cc.Token(ctx)
		if err != nil {
			return "", fmt.Errorf("token endpoint %s: %w", tokenURL, err)
		}
		return tok.AccessToken, nil
	}
}
