package commands

import "strings"

// Lang is a language of the message catalog.
type Lang string

const (
	EN Lang = "en"
	FR Lang = "fr"
)

// ParseLang maps a platform locale ("fr", "fr-FR", "en-US", "French") to a
// catalog language; ok is false when the locale is not one we speak.
func ParseLang(locale string) (Lang, bool) {
	l := strings.ToLower(strings.TrimSpace(locale))
	switch {
	case l == "fr" || strings.HasPrefix(l, "fr-") || strings.HasPrefix(l, "fr_") || l == "french" || l == "français" || l == "francais":
		return FR, true
	case l == "en" || strings.HasPrefix(l, "en-") || strings.HasPrefix(l, "en_") || l == "english" || l == "anglais":
		return EN, true
	}
	return "", false
}
