package customers

import (
	"slices"
	"strings"
)

// sortByName sorts by lowered name, lowering each name once and moving
// small keys instead of whole customers.
func sortByName(list []Customer) {
	type sortKey struct {
		name string
		at   int
	}
	order := make([]sortKey, len(list))
	for i, c := range list {
		order[i] = sortKey{strings.ToLower(c.Name), i}
	}
	slices.SortStableFunc(order, func(a, b sortKey) int { return strings.Compare(a.name, b.name) })
	sorted := make([]Customer, len(list))
	for i, k := range order {
		sorted[i] = list[k.at]
	}
	copy(list, sorted)
}
