package settings

import (
	_ "embed"
	"strings"
)

// zones.txt is UTC plus every zone of tzdata's zone1970.tab (one per line):
// the canonical IANA names a person picks from. The binary embeds the zone
// data itself (time/tzdata in main), so the list and lookups agree even on a
// VM without the tzdata package.
//
//go:embed zones.txt
var zoneList string

// TimeZones returns the IANA names offered in Settings → General.
func TimeZones() []string { return strings.Fields(zoneList) }
