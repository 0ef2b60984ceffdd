package covetest

import (
	"fmt"
	"strings"
)

// column is what a requested code resolves to: the statistic it names,
// by its new padded code ("I1", "D09F00").
type column struct {
	canon string
	// letters: the legacy AP code, which reports data sources as letters
	// ("FSZ") where I78 says "D01D02D10".
	letters bool
}

// legacyI maps the legacy device codes to their I numbers (§4.1).
var legacyI = map[string]int{
	"AU": 0, "AN": 1, "AL": 2, "QW": 3, "CD": 4, "ED": 5, "TS": 6, "AR": 8, "PD": 9, "PN": 10,
	"LN": 11, "AG": 12, "OU": 13, "US": 14, "EM": 15, "OS": 16, "VN": 17, "MN": 18, "IP": 19, "EI": 20,
	"MA": 21, "DF": 22, "DL": 23, "TZ": 24, "SE": 26, "CC": 27, "E0": 28, "E1": 29, "E2": 30, "UV": 31,
	"OT": 32, "IS": 33, "AC": 34, "VE": 35, "YS": 36, "YV": 37, "AS": 38, "RU": 39, "DS": 40, "HN": 41,
	"EN": 42, "ES": 43, "MF": 44, "MO": 45, "II": 46, "IM": 47, "REM": 48, "RDF": 49, "RDL": 50, "OI": 54,
	"OV": 55, "OP": 56, "KU": 57, "PU": 58, "AT": 59, "PT": 60, "RP": 62, "NC": 63, "AD": 64, "ZP": 65,
	"CY": 66, "CT": 67, "PH": 68, "FX": 69, "CP": 70, "GN": 71, "DE": 72, "EU": 73, "AI": 74, "IF": 75,
	"MV": 76, "PF": 77, "AP": 78,
}

// knownI are the documented device columns plus I84-I90, which N-able's
// own scripts use.
var knownI = [][2]int{{0, 6}, {8, 24}, {26, 50}, {54, 60}, {62, 78}, {80, 82}, {84, 90}}

// Data sources and their legacy letters (§4.2); 0 = no letter. D02 and
// D07 share S; S means D02.
var dsLetter = [24]byte{1: 'F', 2: 'S', 3: 'Q', 4: 'X', 6: 'N', 7: 'S', 8: 'W', 9: 'T', 10: 'Z', 11: 'P',
	12: 'Y', 14: 'H', 15: 'L', 16: 'V', 17: 'B', 18: 'K', 19: 'G', 20: 'J'}

const maxDS, maxField = 23, 21

// fieldChar maps the legacy statistic characters to field numbers (§4.3);
// note 7 is F06 (errors) and 6 is F07 (protected size).
var fieldChar = map[byte]int{'0': 0, '1': 1, '2': 2, '3': 3, '4': 4, '5': 5, '7': 6, '6': 7, 'B': 8, 'L': 9,
	'8': 10, '9': 11, 'A': 12, 'I': 13, 'R': 14, 'G': 15, 'Q': 16, 'J': 17, 'O': 18, 'K': 19, 'M': 20, '@': 21}

// aliases maps every accepted spelling, upper-cased, to its column; built
// once so a query resolves each code with one map lookup.
var aliases = buildAliases()

func buildAliases() map[string]column {
	m := map[string]column{}
	for _, r := range knownI {
		for n := r[0]; n <= r[1]; n++ {
			m[fmt.Sprintf("I%d", n)] = column{canon: fmt.Sprintf("I%d", n)}
		}
	}
	for ds := 1; ds <= maxDS; ds++ {
		for f := 0; f <= maxField; f++ {
			c := column{canon: fmt.Sprintf("D%02dF%02d", ds, f)}
			for _, form := range []string{"D%dF%d", "D%02dF%02d", "D%dF%02d", "D%02dF%d"} {
				m[fmt.Sprintf(form, ds, f)] = c
			}
		}
	}
	for ds, letter := range dsLetter {
		if letter == 0 || (letter == 'S' && ds == 7) {
			continue
		}
		for ch, f := range fieldChar {
			m[string([]byte{letter, ch})] = column{canon: fmt.Sprintf("D%02dF%02d", ds, f)}
		}
	}
	// Legacy device codes win over a composite of the same spelling (none
	// collide today).
	for code, n := range legacyI {
		m[code] = column{canon: fmt.Sprintf("I%d", n), letters: code == "AP"}
	}
	return m
}

// resolve finds a code's column; code names are case-insensitive, as
// filters such as "an == 'x'" show.
func resolve(code string) (column, bool) {
	c, ok := aliases[strings.ToUpper(strings.TrimSpace(code))]
	return c, ok
}

// apLetters turns "D01D02D10" into "FSZ", skipping sources without a letter.
func apLetters(i78 string) string {
	var b strings.Builder
	for i := 0; i < len(i78); i++ {
		if i78[i] != 'D' {
			continue
		}
		n, j := 0, i+1
		for ; j < len(i78) && i78[j] >= '0' && i78[j] <= '9' && n <= maxDS; j++ {
			n = n*10 + int(i78[j]-'0')
		}
		if n < len(dsLetter) && dsLetter[n] != 0 {
			b.WriteByte(dsLetter[n])
		}
		i = j - 1
	}
	return b.String()
}
