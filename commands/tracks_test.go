package commands

import (
	"testing"
)

// "/training tracks" shows a member the tracks they follow, each with its
// next module and when (or paused), so that someone following several can
// tell them apart; nobody else sees them.
func TestTracksListShowsOnesOwnFollows(t *testing.T) {
	h := newHarness(t) // Friday 27 November 2026, 9:30 UTC
	for _, line := range []string{
		"training add One | video | Uni | en | 10 | https://u.example/1 #causal",
		"training add Two | video | Uni | en | 10 | https://u.example/2 #causal",
		"training add Three | video | Uni | en | 10 | https://u.example/3 #nlp",
	} {
		h.must("admin", line)
	}
	h.must("admin", "training track add Causal basics | #1, #2")
	h.must("admin", "training track add NLP | #3")
	h.must("alice", "training follow Causal basics tuesday 9am")
	h.must("alice", "training follow NLP friday 18:00")
	h.must("alice", "training pause NLP")

	got := h.text(h.must("alice", "training tracks"))
	wantText(t, got, "• Causal basics: #1 → #2", "• NLP: #3", "You follow:",
		"• Causal basics: module 1 of 2 on Tue 1 Dec 2026, 09:00",
		"• NLP: paused before module 1 of 1 (`/training resume`)")

	bob := h.text(h.must("bob", "training tracks"))
	wantText(t, bob, "• Causal basics: #1 → #2")
	wantNoText(t, bob, "You follow", "module 1 of", "paused")
	wantText(t, h.text(h.do("bob", "training tracks now")), "Usage")
}
