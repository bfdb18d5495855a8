package commands

import (
	"strings"
	"testing"
)

// Every message of the workshop threads exists in English and in French,
// with the same arguments: the thread is in the language of the
// workshop's cards, whichever it is.
func TestThreadMessagesInBothLanguages(t *testing.T) {
	for _, k := range []string{"thread.open", "thread.place", "thread.closed", "thread.closed_cancelled"} {
		m, ok := catalog[k]
		if !ok {
			t.Errorf("%s: not in the catalog", k)
			continue
		}
		en, fr := m[0], m[1]
		if en == "" || fr == "" || en == fr {
			t.Errorf("%s: English %q, French %q", k, en, fr)
		}
		if strings.Count(en, "%") != strings.Count(fr, "%") {
			t.Errorf("%s: the languages take different arguments: %q, %q", k, en, fr)
		}
	}
	if got := T(FR, "thread.open", 3, "Atelier QGIS"); !strings.HasPrefix(got, "💬 Le fil de l'atelier #3 Atelier QGIS") {
		t.Errorf("thread.open in French: %q", got)
	}
}
