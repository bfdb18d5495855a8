package commands

import (
	"strings"
	"testing"
	"time"
)

// A recruiting session's card lists the listed offers it presents; the
// stats count recruiting sessions and their participants apart.
func TestRecruitingSession(t *testing.T) {
	h := newHarness(t)
	h.meet("alice", "bob", "carol")
	h.postJob("alice", "jobs post Ingénieur | Airbus | CDI | junior | Toulouse | https://airbus.example | 45-55k€ #hpc")
	h.postJob("bob", "jobs post Thèse | Thales | CIFRE | student | Palaiseau | https://thales.example | 2 200-2 400 €/mois #vision")
	h.createWorkshop("Forum des docteurs")
	h.createWorkshop("Lecture de papiers")

	rep := h.must("admin", "workshop recruiting 1 #1, #2")
	wantEqual(t, "reply", rep.Text, "Workshop #1 is a recruiting session presenting: #1 Ingénieur (Airbus), #2 Thèse (Thales).")
	wantEqual(t, "refresh", len(rep.Refresh), 1)
	c := h.card(h.do("carol", "workshop show 1"))
	wantEqual(t, "card", h.field(c, "Recruiting session · offers presented"), "#1 Ingénieur (Airbus)\n#2 Thèse (Thales)")
	h.must("bob", "me language fr")
	wantEqual(t, "fr card", h.field(h.card(h.do("bob", "workshop voir 1")), "Session de recrutement · offres présentées"), "#1 Ingénieur (Airbus)\n#2 Thèse (Thales)")

	// A closed offer leaves the card; a closed one cannot be linked.
	h.must("alice", "jobs close 1")
	wantEqual(t, "after close", h.field(h.card(h.do("carol", "workshop show 1")), "Recruiting session · offers presented"), "#2 Thèse (Thales)")
	for _, c := range []struct{ line, want string }{
		{"workshop recruiting 2 #1", "This job offer is closed."},
		{"workshop recruiting 2 #9", "No job has that id."},
		{"workshop recruiting 2 soon", "`soon` is not"},
		{"workshop recruiting 2", "Usage: `/workshop recruiting <id>"},
	} {
		if rep := h.do("admin", c.line); !isRefusal(rep) || !strings.HasPrefix(rep.Text, c.want) {
			t.Errorf("%q: %q, want %q", c.line, rep.Text, c.want)
		}
	}
	if rep := h.do("carol", "workshop recruiting 2 #2"); !isRefusal(rep) {
		t.Errorf("a member made a recruiting session: %q", rep.Text)
	}

	// Participants counted apart.
	h.must("carol", "workshop join 1")
	h.must("bob", "workshop rejoindre 1")
	h.must("alice", "workshop join 2")
	// A member of one session of it counts too.
	h.must("admin", "workshop schedule 1 tous les mardis 18h pendant 3 séances")
	h.must("dave", "workshop join 1 session 2")
	h.now = h.now.Add(time.Hour)
	wantText(t, h.text(h.must("admin", "atelier stats")), "Recruiting sessions: 1, with 3 participants (counted apart)")
	wantText(t, string(h.must("admin", "atelier stats csv").Files[0].Data), "recruiting,sessions,1\n", "recruiting,participants,3\n")

	wantEqual(t, "off", h.must("admin", "workshop recruiting 1 none").Text, "Workshop #1 is no longer a recruiting session.")
	for _, f := range h.card(h.do("carol", "workshop show 1")).Fields {
		if strings.HasPrefix(f.Label, "Recruiting") {
			t.Errorf("card still a recruiting session: %q", f.Value)
		}
	}
}
