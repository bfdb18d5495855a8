package storage

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// CleanText is what every piece of member text goes through before it is
// stored: Unicode NFC, so that "é" typed two ways is one string (for
// search, duplicates and limits alike); no control characters but newline
// and tab (NUL and the rest of C0, DEL, C1); no bidirectional overrides,
// embeddings or isolates, which can make a title display as something else;
// no zero-width characters or spaces at either end.
func CleanText(s string) string {
	if s == "" {
		return s
	}
	s = strings.Map(func(r rune) rune {
		switch {
		case r == '\n' || r == '\t':
			return r
		case r == '\r':
			return -1
		case r < 0x20 || (r >= 0x7f && r <= 0x9f):
			return -1
		case isBidiControl(r):
			return -1
		}
		return r
	}, s)
	s = norm.NFC.String(s)
	return strings.TrimFunc(s, func(r rune) bool { return unicode.IsSpace(r) || isZeroWidth(r) })
}

// CleanLine is CleanText for one-line fields (titles, places,
// organisations): line breaks and tabs become spaces.
func CleanLine(s string) string {
	return CleanText(strings.Map(func(r rune) rune {
		if r == '\n' || r == '\t' || r == '\r' {
			return ' '
		}
		return r
	}, s))
}

// isBidiControl: LRE, RLE, PDF, LRO, RLO, LRI, RLI, FSI, PDI, and the
// marks LRM, RLM and ALM.
func isBidiControl(r rune) bool {
	return (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069) || r == 0x200e || r == 0x200f || r == 0x061c
}

// isZeroWidth: zero-width space, non-joiner, joiner, word joiner and the
// byte-order mark; kept inside text (joiners matter in some scripts),
// trimmed at its ends.
func isZeroWidth(r rune) bool {
	return r == 0x200b || r == 0x200c || r == 0x200d || r == 0x2060 || r == 0xfeff
}
