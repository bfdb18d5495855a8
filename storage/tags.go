package storage

import (
	"sort"
	"strings"
	"unicode"
)

// Tag limits.
const (
	MaxTagLen = 32
	MaxTags   = 10
)

// NormalizeTag lowercases a tag and drops a leading '#'. It does not
// validate; validateTags does, so storage is the one judge of a tag.
func NormalizeTag(s string) string {
	return strings.ToLower(strings.TrimPrefix(strings.TrimSpace(s), "#"))
}

// NormalizeTags normalises, deduplicates and sorts tags.
func NormalizeTags(in []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range in {
		t := NormalizeTag(s)
		if t == "" || seen[t] {
			continue
		}
		seen[t] = true
		out = append(out, t)
	}
	sort.Strings(out)
	return out
}

// ValidTag reports whether a normalised tag is letters, digits, '-', '_'
// or '.', starting with a letter or digit, at most MaxTagLen characters.
func ValidTag(t string) bool {
	if t == "" || len([]rune(t)) > MaxTagLen {
		return false
	}
	for i, r := range t {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
		case i > 0 && (r == '-' || r == '_' || r == '.'):
		default:
			return false
		}
	}
	return true
}

func validateTags(tags []string) error {
	if len(tags) > MaxTags {
		return Errorf(EINVALID, "too_many_tags", "more than %d tags", MaxTags)
	}
	for _, t := range tags {
		if !ValidTag(t) {
			return Errorf(EINVALID, "tag", "invalid tag %q", t)
		}
	}
	return nil
}

func splitTags(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Fields(s)
}
