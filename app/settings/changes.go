package settings

import (
	"fmt"
	"strings"
)

// changes lists what a save changed, for its audit event (never a secret).
type changes []string

// diff notes a field whose value changed.
func (c *changes) diff(name string, old, new any) {
	if fmt.Sprint(old) != fmt.Sprint(new) {
		*c = append(*c, fmt.Sprintf("%s: %v → %v", name, old, new))
	}
}

// note adds a change that has no value to show, such as a new password.
func (c *changes) note(what string) { *c = append(*c, what) }

func (c changes) String() string {
	if len(c) == 0 {
		return "no changes"
	}
	return strings.Join(c, "; ")
}
