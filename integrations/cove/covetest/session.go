package covetest

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"
)

// visaLifetime is Cove's documented 15 minutes, counted from each visa's
// own issue: every reply mints a new one and the old ones stay valid.
const visaLifetime = 15 * time.Minute

type session struct {
	user   *User
	issued time.Time
}

// mint issues a visa in the dash-separated form whose fourth field is the
// issue time, which N-able's own scripts parse.
func (s *Server) mint(u *User, now time.Time) string {
	// Forget expired visas now and then; doubling the threshold keeps a
	// burst of live ones from making every call sweep them all.
	if len(s.visas) >= s.sweepAt {
		for v, ses := range s.visas {
			if now.Sub(ses.issued) >= visaLifetime {
				delete(s.visas, v)
			}
		}
		s.sweepAt = max(4096, 2*len(s.visas))
	}
	visa := fmt.Sprintf("cv1-%08x-%08x-%d-%016x", rand.Uint32(), rand.Uint32(), now.Unix(), rand.Uint64())
	s.visas[visa] = session{user: u, issued: now}
	return visa
}

// checkVisa returns the user of a valid top-level visa, or nil: missing,
// not a string, unknown, expired, or (also) sent inside params.
func (s *Server) checkVisa(req request, now time.Time) *User {
	if req.visaInParams || req.visaBad || req.visa == "" {
		return nil
	}
	ses, ok := s.visas[req.visa]
	if !ok || now.Sub(ses.issued) >= visaLifetime {
		return nil
	}
	return ses.user
}

// login checks the credentials. An empty partner is accepted only when the
// username is unique, so a fixture can model both kinds of Cove login.
func (s *Server) login(req request) (*User, *rpcError) {
	var p struct{ partner, username, password string }
	for k, v := range req.params {
		var dst *string
		switch k {
		case "partner":
			dst = &p.partner
		case "username":
			dst = &p.username
		case "password":
			dst = &p.password
		default:
			return nil, invalidParams(fmt.Sprintf("unknown member %q", k))
		}
		if string(v) != "null" && json.Unmarshal(v, dst) != nil {
			return nil, invalidParams(k + " is not a string")
		}
	}
	if s.faults.LoginError || p.username == "" {
		return nil, errLogin
	}
	var found *User
	n := 0
	for _, u := range s.users {
		if u.Username != p.username || (p.partner != "" && u.Partner != p.partner) {
			continue
		}
		found = u
		n++
	}
	if n != 1 || found.Password != p.password {
		return nil, errLogin
	}
	return found, nil
}

// wireUserInfo is UserInfo with the field names of §2.2.
type wireUserInfo struct {
	ID                            int64    `json:"Id"`
	PartnerID                     int64    `json:"PartnerId"`
	Name                          string   `json:"Name"`
	EmailAddress                  string   `json:"EmailAddress"`
	FirstName                     string   `json:"FirstName"`
	FullName                      string   `json:"FullName"`
	Title                         string   `json:"Title"`
	PhoneNumber                   string   `json:"PhoneNumber"`
	RoleID                        int      `json:"RoleId"`
	ContactPersonID               int64    `json:"ContactPersonId"`
	Flags                         []string `json:"Flags"`
	TwoFactorAuthenticationStatus string   `json:"TwoFactorAuthenticationStatus"`
	FirstLoginTime                int64    `json:"FirstLoginTime"`
	LastLoginTime                 int64    `json:"LastLoginTime"`
	Password                      *string  `json:"Password"`
}

func userInfo(u *User, now time.Time) wireUserInfo {
	email := ""
	if strings.Contains(u.Username, "@") {
		email = u.Username
	}
	return wireUserInfo{
		ID: u.ID, PartnerID: u.PartnerID, Name: u.Username, EmailAddress: email, RoleID: 1,
		Flags:                         []string{"SecurityOfficer", "NonInteractive"}, // what API users show
		TwoFactorAuthenticationStatus: "Disabled",
		FirstLoginTime:                now.Add(-90 * 24 * time.Hour).Unix(),
		LastLoginTime:                 now.Unix(),
	}
}
