package commands

import (
	"strings"
	"testing"
)

// Every key renders in both languages, and nothing the help shows, in
// either language, for any command, is a raw key.
func TestCatalogCompleteInHelp(t *testing.T) {
	for key := range catalog {
		for _, lang := range []Lang{EN, FR} {
			if s := T(lang, key); strings.TrimSpace(s) == "" || IsRawKey(s) {
				t.Errorf("%s (%s) renders %q", key, lang, s)
			}
		}
	}
	if !IsRawKey("help.workshop.schedule") || IsRawKey("Add a session.") || IsRawKey("e.g. this") {
		t.Fatal("IsRawKey does not tell keys from text")
	}
	h := newHarness(t)
	lines := []string{"atelier help", "help", "aide"}
	for _, rt := range h.r.Routes() {
		lines = append(lines, "atelier help "+rt.Command)
	}
	for _, lang := range []string{"en", "fr"} {
		h.must("alice", "me language "+lang)
		for _, line := range lines {
			for _, l := range strings.Split(h.text(h.do("alice", line)), "\n") {
				for _, w := range strings.Fields(l) {
					if IsRawKey(strings.Trim(w, "`:,.()")) {
						t.Errorf("%s, %q shows the raw key %q in %q", lang, line, w, l)
					}
				}
			}
		}
	}
}
