package covetest

import (
	"encoding/json"
	"maps"
	"slices"
	"strconv"
	"strings"
)

// Partner is a node of the customer tree (Cove calls customers partners).
type Partner struct {
	ID, ParentID int64 // ParentID 0 = a root
	Name         string
	Level        string // Root, SubRoot, Distributor, SubDistributor, Reseller, EndCustomer, Site
}

// User is a login: Partner is the name given at Login (as the console's
// customer list shows it), PartnerID the root of all the user may see.
type User struct {
	Partner, Username, Password string
	PartnerID                   int64
	ID                          int64
}

// Device is one backup device with its statistics. Values are keyed by
// column code; known codes in any spelling are stored under the new padded
// code ("D9F0" and "T0" become "D09F00", "AN" becomes "I1"), unknown ones
// (custom columns such as "AA843") as given. I0 defaults to the ID and I8
// to the partner's name.
type Device struct {
	ID, PartnerID int64
	Flags         []string // nil = null
	Values        map[string]string
}

// device is a Device ready to be served.
type device struct {
	Device
	flagsJSON []byte
}

// AddPartner adds or replaces a partner.
func (s *Server) AddPartner(p Partner) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if old, ok := s.partners[p.ID]; ok {
		s.children[old.ParentID] = slices.DeleteFunc(s.children[old.ParentID], func(id int64) bool { return id == p.ID })
	}
	s.partners[p.ID] = p
	kids := append(s.children[p.ParentID], p.ID)
	slices.Sort(kids)
	s.children[p.ParentID] = kids
}

// AddUser adds a login, replacing one with the same partner and username.
func (s *Server) AddUser(u User) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.users = slices.DeleteFunc(s.users, func(o *User) bool { return o.Partner == u.Partner && o.Username == u.Username })
	s.users = append(s.users, &u)
}

// PutDevice inserts or replaces a device.
func (s *Server) PutDevice(d Device) {
	vals := make(map[string]string, len(d.Values)+1)
	for code, v := range d.Values {
		if c, ok := resolve(code); ok {
			vals[c.canon] = v
		} else {
			code = strings.ToUpper(strings.TrimSpace(code))
			vals[code] = v
		}
	}
	if vals["I0"] == "" {
		vals["I0"] = strconv.FormatInt(d.ID, 10)
	}
	dev := &device{Device: Device{ID: d.ID, PartnerID: d.PartnerID, Flags: slices.Clone(d.Flags), Values: vals}}
	dev.flagsJSON = []byte("null")
	if d.Flags != nil {
		dev.flagsJSON, _ = json.Marshal(d.Flags)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for code := range vals {
		if _, ok := aliases[code]; !ok {
			s.extra[code] = true
		}
	}
	if _, ok := s.devices[d.ID]; !ok {
		i, _ := slices.BinarySearch(s.order, d.ID)
		s.order = slices.Insert(s.order, i, d.ID)
	}
	s.devices[d.ID] = dev
}

// RemoveDevice deletes a device, as when it is removed from Cove.
func (s *Server) RemoveDevice(id int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.devices[id]; !ok {
		return
	}
	delete(s.devices, id)
	if i, ok := slices.BinarySearch(s.order, id); ok {
		s.order = slices.Delete(s.order, i, i+1)
	}
}

// Device returns a copy of a device, its Values keyed by the stored codes.
func (s *Server) Device(id int64) (Device, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	d, ok := s.devices[id]
	if !ok {
		return Device{}, false
	}
	return Device{ID: d.ID, PartnerID: d.PartnerID, Flags: slices.Clone(d.Flags), Values: maps.Clone(d.Values)}, true
}

// column resolves a code for this server: the alias table, then the custom
// codes its devices brought.
func (s *Server) column(code string) (column, bool) {
	if c, ok := resolve(code); ok {
		return c, true
	}
	up := strings.ToUpper(strings.TrimSpace(code))
	return column{canon: up}, s.extra[up]
}

// value is a device's value for a column; "" = none.
func (s *Server) value(d *device, c column) string {
	v := d.Values[c.canon]
	if c.canon == "I32" && s.faults.OSTypeAsName {
		v = d.Values["I16"]
	}
	if v == "" && c.canon == "I8" {
		v = s.partners[d.PartnerID].Name
	}
	if c.letters {
		return apLetters(v)
	}
	return v
}

// subtree is the set of partners at and below root, less the excluded
// partners and everything below them.
func (s *Server) subtree(root int64, excluded []int64) map[int64]bool {
	skip := make(map[int64]bool, len(excluded))
	for _, id := range excluded {
		skip[id] = true
	}
	set := map[int64]bool{}
	stack := []int64{root}
	for len(stack) > 0 {
		id := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if skip[id] || set[id] {
			continue
		}
		set[id] = true
		stack = append(stack, s.children[id]...)
	}
	return set
}

// within reports whether partner id is at or below root.
func (s *Server) within(id, root int64) bool {
	for seen := 0; seen <= len(s.partners); seen++ {
		if id == root {
			return true
		}
		p, ok := s.partners[id]
		if !ok || p.ParentID == 0 {
			return false
		}
		id = p.ParentID
	}
	return false // a cycle in the fixtures
}
