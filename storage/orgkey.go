package storage

import (
	"strings"
	"unicode"

	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"
)

// OrgKey is how two organisations' names are compared, here and in SQL
// (org_key(), registered on every connection): case, accents, the kind of
// apostrophe or dash and runs of spaces aside. "Société Générale",
// "SOCIETE  GENERALE" and "societe generale" are one organisation, and
// so are "L'Oréal" and "L’OREAL". Comparing more loosely than people type
// is the safe side: the comparisons keep a member's own employer from
// seeing them open to opportunities and decide whose staff acts for an
// event.
func OrgKey(name string) string {
	var b strings.Builder
	space := false
	for _, r := range cases.Fold().String(norm.NFKD.String(name)) {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue
		case unicode.IsSpace(r):
			space = b.Len() > 0
			continue
		case r == '’' || r == '‘' || r == 'ʼ' || r == '`' || r == '´':
			r = '\''
		case unicode.Is(unicode.Pd, r):
			r = '-'
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return b.String()
}
