package commands

import (
	"testing"

	"github.com/atelier-bot/atelier/storage"
)

func reactReq(user, msg string, added bool) *Request {
	req := request(user, "")
	req.Reaction = &Reaction{Channel: "console", MessageID: msg, Added: added}
	return req
}

// Reactions made while the bot was down take effect once; a join by button
// is never undone by a reconcile.
func TestReconcileReactions(t *testing.T) {
	h := newHarness(t)
	id := h.createWorkshop("Clinic")
	if err := h.r.SaveMessage(h.ctx, "console", "console", "m1", Entity{storage.KindWorkshop, id}); err != nil {
		t.Fatal(err)
	}
	ref := storage.MessageRef{Platform: "console", Channel: "console", MessageID: "m1", Kind: storage.KindWorkshop, EntityID: id}

	// Live: alice reacts, bob joins with the button.
	h.r.Handle(h.ctx, reactReq("alice", "m1", true))
	h.do("bob", "workshop join 1")
	wantSlice(t, "live", names(h.workshop(id).Participants), []string{"alice", "bob"})

	// While down: alice took her reaction back, carol and dave reacted.
	got, err := h.r.Reconcile(h.ctx, ref, "local", "", []string{"carol", "dave"})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 {
		t.Fatalf("reconciled %d changes, want 3: %+v", len(got), got)
	}
	wantSlice(t, "after reconcile", names(h.workshop(id).Participants), []string{"bob", "carol", "dave"})

	// Once: the same view again changes nothing.
	before := h.counts()
	if got, _ := h.r.Reconcile(h.ctx, ref, "local", "", []string{"carol", "dave"}); len(got) != 0 {
		t.Errorf("second reconcile changed %d", len(got))
	}
	wantCounts(t, "second reconcile", h.counts(), before)

	// Targets: the workshop's message while open, none once cancelled.
	ts, _ := h.r.ReconcileTargets(h.ctx, "console")
	if len(ts) != 1 || ts[0].MessageID != "m1" {
		t.Errorf("targets %+v", ts)
	}
	h.do("admin", "workshop cancel 1")
	if ts, _ := h.r.ReconcileTargets(h.ctx, "console"); len(ts) != 0 {
		t.Errorf("targets after cancel %+v", ts)
	}
}

// A forgotten member's reaction, still on the message, does not bring them
// back at the next reconcile; someone else's new reaction still counts.
func TestReconcileForgottenReaction(t *testing.T) {
	h := newHarness(t)
	id := h.createWorkshop("Clinic")
	if err := h.r.SaveMessage(h.ctx, "console", "console", "m1", Entity{storage.KindWorkshop, id}); err != nil {
		t.Fatal(err)
	}
	ref := storage.MessageRef{Platform: "console", Channel: "console", MessageID: "m1", Kind: storage.KindWorkshop, EntityID: id}
	h.r.Handle(h.ctx, reactReq("dave", "m1", true))
	wantSlice(t, "before forget", names(h.workshop(id).Participants), []string{"dave"})

	c := h.card(h.must("dave", "atelier forget"))
	h.must("dave", c.Buttons[0].Line)
	members := h.counts()["members"]

	got, err := h.r.Reconcile(h.ctx, ref, "local", "", []string{"dave", "erin"})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].Request.UserID != "erin" {
		t.Fatalf("reconciled %+v, want erin's reaction only", got)
	}
	if n := h.counts()["members"]; n != members+1 {
		t.Errorf("members %d, want %d: the forgotten member came back", n, members+1)
	}
	for _, p := range h.workshop(id).Participants {
		if p.Name == "dave" {
			t.Errorf("dave rejoined: %+v", h.workshop(id).Participants)
		}
	}
}
