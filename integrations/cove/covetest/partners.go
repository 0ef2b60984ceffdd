package covetest

import (
	"encoding/json"
	"fmt"
	"slices"
	"time"
)

// getServerInfo is the cheapest call that needs a visa.
func (s *Server) getServerInfo(_ *User, params map[string]json.RawMessage, _ time.Time, buf []byte) ([]byte, string, *rpcError) {
	if len(params) > 0 {
		return nil, "", invalidParams("GetServerInfo takes no parameters")
	}
	return append(buf, `{"Version":"23.3"}`...), "", nil
}

// wirePartner is the part of PartnerInfo the fake fills in; Id, ParentId
// and Level come back whatever fields were asked for.
type wirePartner struct {
	ID                        int64          `json:"Id"`
	ParentID                  int64          `json:"ParentId"`
	Name                      string         `json:"Name"`
	Level                     string         `json:"Level"`
	State                     string         `json:"State"`
	ServiceType               string         `json:"ServiceType"`
	ChildServiceTypes         []string       `json:"ChildServiceTypes"`
	LocationID                int            `json:"LocationId"`
	Flags                     []string       `json:"Flags"`
	Company                   map[string]any `json:"Company"`
	ExternalPartnerProperties any            `json:"ExternalPartnerProperties"`
}

// enumeratePartners lists the partners below parentPartnerId: its children,
// or with fetchRecursively the whole sub-tree, in ID order. The fields
// selection is accepted and ignored.
func (s *Server) enumeratePartners(u *User, params map[string]json.RawMessage, _ time.Time, buf []byte) ([]byte, string, *rpcError) {
	var (
		parent    *int64
		recursive bool
		fields    []int
	)
	for k, raw := range params {
		var err error
		switch k {
		case "parentPartnerId":
			err = json.Unmarshal(raw, &parent)
		case "fetchRecursively":
			err = json.Unmarshal(raw, &recursive)
		case "fields":
			err = json.Unmarshal(raw, &fields)
		default:
			return nil, "", invalidParams(fmt.Sprintf("unknown member %q", k))
		}
		if err != nil {
			return nil, "", invalidParams(fmt.Sprintf("%s: %v", k, err))
		}
	}
	// Cove answers empty params with 13501 (seen live).
	if parent == nil || !s.within(*parent, u.PartnerID) {
		return nil, "", errSecurity
	}
	var ids []int64
	if recursive {
		for id := range s.subtree(*parent, nil) {
			if id != *parent {
				ids = append(ids, id)
			}
		}
	} else {
		ids = append(ids, s.children[*parent]...)
	}
	slices.Sort(ids)
	out := make([]wirePartner, 0, len(ids))
	for _, id := range ids {
		p, ok := s.partners[id]
		if !ok {
			continue
		}
		out = append(out, wirePartner{
			ID: p.ID, ParentID: p.ParentID, Name: p.Name, Level: p.Level,
			State: "InProduction", ServiceType: "AllInclusive", ChildServiceTypes: []string{"AllInclusive"},
			LocationID: 1, Company: map[string]any{"PostAddress": nil},
		})
	}
	raw, err := json.Marshal(out)
	if err != nil {
		return nil, "", &rpcError{code: -32603, message: "Internal error: " + err.Error()}
	}
	return append(buf, raw...), "", nil
}
