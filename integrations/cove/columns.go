package cove

import (
	"fmt"
	"strconv"
)

// DataSources lists the data sources of an I78 value ("D01D02D10", or
// "D1,D2" as one documentation page shows it) as numbers, in order,
// without repeats. Anything that is not D followed by digits is ignored.
func DataSources(i78 string) []int {
	var out []int
	for i := 0; i < len(i78); i++ {
		if i78[i] != 'D' {
			continue
		}
		j := i + 1
		for j < len(i78) && i78[j] >= '0' && i78[j] <= '9' {
			j++
		}
		if j == i+1 {
			continue
		}
		n, err := strconv.Atoi(i78[i+1 : j])
		i = j - 1
		if err != nil {
			continue // too long to be a data source
		}
		if !containsInt(out, n) {
			out = append(out, n)
		}
	}
	return out
}

func containsInt(list []int, n int) bool {
	for _, v := range list {
		if v == n {
			return true
		}
	}
	return false
}

// sourceNames are the data sources Cove's column documentation names,
// indexed by number (SCHEMA Plugin order).
var sourceNames = [...]string{
	1:  "Files and Folders",
	2:  "System State",
	3:  "MS SQL (legacy)",
	4:  "Exchange",
	5:  "Microsoft 365 SharePoint",
	6:  "Network Shares",
	7:  "System State (VSS)",
	8:  "VMware",
	9:  "Total",
	10: "MS SQL",
	11: "SharePoint",
	12: "Oracle",
	14: "Hyper-V",
	15: "MySQL",
	16: "Virtual Disaster Recovery",
	17: "Bare Metal Restore",
	18: "Linux System State",
	19: "Microsoft 365 Exchange",
	20: "Microsoft 365 OneDrive",
	21: "Gmail",
	22: "Google Drive",
	23: "Microsoft 365 Teams",
}

// SourceName is a data source's display name; "Data source N" when unknown.
func SourceName(ds int) string {
	if ds >= 0 && ds < len(sourceNames) && sourceNames[ds] != "" {
		return sourceNames[ds]
	}
	return fmt.Sprintf("Data source %d", ds)
}

// Total is the data source that aggregates all the others (D09).
const Total = 9

// Column is the padded code of a statistic of a data source:
// Column(9, 0) = "D09F00", the last session status over all sources.
func Column(ds, field int) string {
	return fmt.Sprintf("D%02dF%02d", ds, field)
}
