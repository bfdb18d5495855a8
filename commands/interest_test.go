package commands

import (
	"testing"
	"time"

	"github.com/atelier-bot/atelier/storage"
)

// A mark the adapter has mapped to an entity itself (a Discord event's
// "Interested") is decided here as a reaction on the entity's card is: on a
// workshop it joins (on the waitlist when full) and unmarking leaves; on a
// problem it marks interest; on anything else it does nothing.
func TestInterestMark(t *testing.T) {
	h := newHarness(t)
	id := h.createWorkshop("capacity 1 Clinic")
	mark := func(user string, e Entity, added bool) Reply {
		req := request(user, "")
		req.Interest = &Interest{Entity: e, Added: added}
		return h.r.Handle(h.ctx, req)
	}
	ws := Entity{Kind: storage.KindWorkshop, ID: id}
	mark("alice", ws, true)
	mark("bob", ws, true)
	w := h.workshop(id)
	wantSlice(t, "participants", names(w.Participants), []string{"alice"})
	wantSlice(t, "waitlist", names(w.Waitlist), []string{"bob"})
	mark("alice", ws, false)
	wantSlice(t, "after alice unmarks", names(h.workshop(id).Participants), []string{"bob"})

	before := h.counts()
	if r := mark("alice", Entity{Kind: storage.KindJob, ID: 1}, true); r.Text != "" {
		t.Errorf("a mark on a job answered %q, want nothing", r.Text)
	}
	wantCounts(t, "mark on a job", h.counts(), before)
	bare := func(kind string) Card { return Card{Entity: Entity{Kind: kind, ID: 1}} }
	if Seeded(bare(storage.KindJob)) || !Seeded(bare(storage.KindWorkshop)) || !Seeded(bare(storage.KindProblem)) {
		t.Error("Seeded: workshops and problems take a mark, jobs do not")
	}
	open := bare(storage.KindWorkshop)
	open.Buttons = []Button{{Label: "Join", Line: "workshop join 1"}}
	if Seeded(open) {
		t.Error("Seeded: a card with its join button needs no seeded reaction")
	}
	open.Buttons[0].Line = "workshop join 2"
	if !Seeded(open) {
		t.Error("Seeded: another workshop's button is not this card's join")
	}
}

func TestInterestChanges(t *testing.T) {
	forgotten := map[string]bool{storage.ReactorHash("discord", "dave"): true}
	added, removed := InterestChanges("discord",
		[]string{"carol", "dave", "bob"}, // marking now
		[]string{"alice", "bob"},         // acted on before
		forgotten)
	wantSlice(t, "added", added, []string{"carol"}) // not dave: a forgotten member's old mark
	wantSlice(t, "removed", removed, []string{"alice"})
	if a, r := InterestChanges("discord", []string{"bob"}, []string{"bob"}, nil); len(a)+len(r) != 0 {
		t.Errorf("nothing changed, got added %q removed %q", a, r)
	}
}

func TestSessionOffered(t *testing.T) {
	now := time.Date(2026, 12, 5, 12, 0, 0, 0, time.UTC)
	open := storage.Workshop{Status: storage.WorkshopOpen}
	s := storage.Session{Start: now.Add(-30 * time.Minute), Duration: time.Hour}
	for _, c := range []struct {
		what string
		w    storage.Workshop
		s    storage.Session
		want bool
	}{
		{"under way", open, s, true},
		{"to come", open, storage.Session{Start: now.Add(time.Hour), Duration: time.Hour}, true},
		{"ended", open, storage.Session{Start: now.Add(-2 * time.Hour), Duration: time.Hour}, false},
		{"cancelled", open, storage.Session{Start: s.Start, Duration: time.Hour, Cancelled: true}, false},
		{"workshop cancelled", storage.Workshop{Status: storage.WorkshopCancelled}, s, false},
	} {
		if got := SessionOffered(c.w, c.s, now); got != c.want {
			t.Errorf("%s: SessionOffered = %v, want %v", c.what, got, c.want)
		}
	}
}
