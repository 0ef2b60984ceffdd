package customers

import (
	"sort"
	"strings"
)

func sortByName(list []Customer) {
	sort.SliceStable(list, func(i, j int) bool { return strings.ToLower(list[i].Name) < strings.ToLower(list[j].Name) })
}
