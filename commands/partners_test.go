package commands

import (
	"strings"
	"testing"
	"time"
)

// Staff name a workshop's partners: the card shows them, the reply echoes
// what was understood, "none" clears them, and members cannot.
func TestWorkshopPartners(t *testing.T) {
	h := newHarness(t)
	id := h.createWorkshop("Journée données ouvertes | avec nos amis #opendata")

	rep := h.must("admin", "workshop partners 1 Women in Data ; Data for Good, women in data")
	wantEqual(t, "reply", rep.Text, "Workshop #1 is co-organised with: Women in Data, Data for Good.")
	wantEqual(t, "refresh", len(rep.Refresh), 1)
	c := h.card(h.do("bob", "workshop show 1"))
	wantEqual(t, "card partners", h.field(c, "Co-organised with"), "Women in Data, Data for Good")
	wantSlice(t, "stored", h.workshop(id).Partners, []string{"Women in Data", "Data for Good"})

	// In French, by its French name.
	h.must("admin", "me language fr")
	rep = h.must("admin", "workshop partenaires 1 Latitudes")
	wantEqual(t, "fr reply", rep.Text, "L'atelier #1 est co-organisé avec : Latitudes.")
	wantEqual(t, "fr card", h.field(h.card(h.do("admin", "workshop voir 1")), "Co-organisé avec"), "Latitudes")
	h.must("admin", "me language en")

	// Refusals, each saying what works; nothing changes.
	for _, c := range []struct{ line, want string }{
		{"workshop partners 1 A, B, C, D, E, F", "A workshop names 5 partner organisations at most."},
		{"workshop partners 1 " + strings.Repeat("x", 101), "The organisation name is too long (100 characters at most)."},
		{"workshop partners 1", "Usage: `/workshop partners <id> <organisation>[, <organisation>…] | none`"},
		{"workshop partners 9 Latitudes", "No workshop has that id."},
	} {
		rep := h.do("admin", c.line)
		if !isRefusal(rep) || !strings.HasPrefix(rep.Text, c.want) {
			t.Errorf("%q: %q, want a refusal starting %q", c.line, rep.Text, c.want)
		}
	}
	if rep := h.do("bob", "workshop partners 1 Bob Corp"); !isRefusal(rep) {
		t.Errorf("a member named partners: %q", rep.Text)
	}
	wantSlice(t, "after refusals", h.workshop(id).Partners, []string{"Latitudes"})

	rep = h.must("admin", "workshop partners 1 none")
	wantEqual(t, "cleared", rep.Text, "Workshop #1 names no partner organisation any more.")
	for _, f := range h.card(h.do("bob", "workshop show 1")).Fields {
		if f.Label == "Co-organised with" {
			t.Errorf("cleared card still shows %q", f.Value)
		}
	}

	// A cancelled workshop keeps its partners as they were.
	h.must("admin", "workshop partners 1 Latitudes")
	h.must("admin", "workshop cancel 1")
	if rep := h.do("admin", "workshop partners 1 Other"); !isRefusal(rep) {
		t.Errorf("partners changed on a cancelled workshop: %q", rep.Text)
	}
}

// The stats count the workshops co-organised, and each partner's share,
// names compared case aside; the CSV carries the same rows.
func TestStatsCountPartners(t *testing.T) {
	h := newHarness(t)
	for _, title := range []string{"Un", "Deux", "Trois"} {
		h.createWorkshop(title)
	}
	h.must("admin", "workshop partners 1 Latitudes, Data for Good")
	h.must("admin", "workshop partners 2 latitudes")
	h.now = h.now.Add(time.Hour) // a period ends before now
	text := h.do("admin", "atelier stats").Text
	wantText(t, text, "Workshops co-organised with partners: 2 (Latitudes (2), Data for Good (1))")
	rep := h.do("admin", "atelier stats csv")
	if len(rep.Files) != 1 {
		t.Fatalf("csv reply %q", rep.Text)
	}
	wantText(t, string(rep.Files[0].Data), "workshops_with_partners,,2\n", "partner_workshops,Latitudes,2\n", "partner_workshops,Data for Good,1\n")
}
