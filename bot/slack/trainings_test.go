package slack

import (
	"strings"
	"testing"
)

// /training through the fake Slack: staff add, a member lists, searches
// without accents, says done and answers in one word.
func TestSlashTrainings(t *testing.T) {
	h := newHarness(t)
	h.start()
	for _, c := range []struct {
		user, text, want string
	}{
		{admin, "add L'inférence causale | video | Université de Lyon | fr | 10 | https://u.example/c #causal", "Training #1 added to the catalogue."},
		{bob, "add X | video | U | en | 10 | https://u.example #a", "Only staff can do that."},
		{bob, "search inference", "#1 L'inférence causale"},
		{bob, "list #causal", "#1 L'inférence causale"},
		{bob, "done 1", "Noted: you are done with #1"},
		{bob, "gave 1 idea", "an idea"},
		{bob, "list page x", "`x` is not a page number"},
	} {
		got := h.answer(h.slash(c.user, chan1, "/training", c.text)).Text
		if !strings.Contains(got, c.want) {
			t.Errorf("%s /training %s: %q, want %q", c.user, c.text, got, c.want)
		}
	}
}
