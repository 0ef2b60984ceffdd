package coveimport_test

import (
	"strings"
	"testing"

	"github.com/backupchecks/backupchecks/app/coveimport"
	"github.com/backupchecks/backupchecks/integrations/cove/covetest"
)

// I32 as the reference documents it (1 workstation, 2 server), and as an
// OS name where a tenant sends one instead; a device neither tells apart
// is a server, and says so.
func TestWorkstationsAreToldFromI32AsNumberOrOSName(t *testing.T) {
	for _, tc := range []struct {
		id        int64
		i32, i16  string
		want      coveimport.Kind
		guessNote bool
	}{
		{1, "1", "", coveimport.Workstation, false},
		{2, "2", "", coveimport.Server, false},
		{3, "Windows 11 Pro", "", coveimport.Workstation, false},
		{4, "Windows 10 Enterprise", "", coveimport.Workstation, false},
		{5, "macOS 14.5 Sonoma", "", coveimport.Workstation, false},
		{6, "Windows Server 2022 Standard", "", coveimport.Server, false},
		{7, "Ubuntu 22.04", "", coveimport.Server, true},
		{8, "0", "", coveimport.Server, true},
		{9, "", "", coveimport.Server, true},
		{10, "", "Windows 11 Pro (10.0.22631)", coveimport.Workstation, false}, // no I32: the OS version tells
		{11, "2", "Windows 11 Pro", coveimport.Server, false},                  // the documented number wins
	} {
		w := newWorld(t)
		vals := map[string]string{"I1": "dev", "I18": "DEV", "I78": "D01", "I32": tc.i32, "I16": tc.i16}
		w.fake.PutDevice(covetest.Device{ID: tc.id, PartnerID: 2, Values: vals})
		w.poll()
		a, err := w.svc.Get(tc.id)
		if err != nil {
			t.Fatal(err)
		}
		if a.Kind != tc.want || (a.KindNote != "") != tc.guessNote {
			t.Errorf("I32 %q, I16 %q: %s (note %q), want %s with a note: %v", tc.i32, tc.i16, a.Kind, a.KindNote, tc.want, tc.guessNote)
		}
		if tc.guessNote && !strings.Contains(a.KindNote, "taken as a server") {
			t.Errorf("I32 %q: the note does not say the guess: %q", tc.i32, a.KindNote)
		}
	}
}

// The fake's OSTypeAsName sends every device's I32 as its OS name, as
// such a tenant does; the kinds come out the same as from the numbers.
func TestATenantSendingOSNamesInI32GetsTheSameKinds(t *testing.T) {
	w := newWorld(t)
	w.fake.PutDevice(covetest.Device{ID: 1, PartnerID: 2, Values: map[string]string{"I1": "lt", "I18": "LT", "I78": "D01", "I32": "1", "I16": "Windows 11 Pro"}})
	w.fake.PutDevice(covetest.Device{ID: 2, PartnerID: 2, Values: map[string]string{"I1": "mac", "I18": "MAC", "I78": "D01", "I32": "1", "I16": "macOS 13"}})
	w.fake.PutDevice(covetest.Device{ID: 3, PartnerID: 2, Values: map[string]string{"I1": "fs", "I18": "FS", "I78": "D01", "I32": "2", "I16": "Windows Server 2019 Standard"}})
	w.fake.SetFaults(covetest.Faults{OSTypeAsName: true})
	w.poll()
	for id, want := range map[int64]coveimport.Kind{1: coveimport.Workstation, 2: coveimport.Workstation, 3: coveimport.Server} {
		if a, _ := w.svc.Get(id); a.Kind != want || a.KindNote != "" {
			t.Errorf("account %d: %s (%q), want %s", id, a.Kind, a.KindNote, want)
		}
	}
}
