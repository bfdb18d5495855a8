package commands

import (
	"fmt"
	"testing"
)

// Through the router, in English and French: one session of a series is
// joined and left, a full one puts the member in its line, a whole-series
// join says where it sits and where it waits, a freed seat goes to the
// first in that session's line, and what does not work is refused saying
// what does.
func TestJoinOneSessionScenario(t *testing.T) {
	h := newHarness(t)
	h.meet("admin", "alice", "bob", "chloe")
	h.at("2027-01-04 09:00")
	h.createWorkshop("capacity 1 Reading group #ml")
	h.must("admin", "workshop schedule #1 every Tuesday 18:00 for 3 sessions Salle B")
	w := h.workshop(1)
	s1, s2, s3 := w.Sessions[0].ID, w.Sessions[1].ID, w.Sessions[2].ID

	got := h.text(h.must("alice", fmt.Sprintf("workshop join 1 session %d", s1)))
	wantText(t, got, fmt.Sprintf("You have a seat in session %d of workshop #1 Reading group, Tue 5 Jan 2027, 18:00 CET.", s1),
		"Reminders come for that session only.", "Every session to come: `/workshop join 1`.")
	h.must("chloe", "me language fr")
	got = h.text(h.must("chloe", fmt.Sprintf("workshop rejoindre 1 séance %d", s1)))
	wantText(t, got, fmt.Sprintf("La séance %d de l'atelier #1 est complète : vous êtes n° 1 en attente.", s1))
	got = h.text(h.must("chloe", fmt.Sprintf("workshop join 1 seance %d", s1)))
	wantText(t, got, fmt.Sprintf("Vous êtes déjà en attente pour la séance %d de l'atelier #1, n° 1.", s1))

	// Bob joins the whole series: seated in the second and third, in line
	// for the first, and told so.
	got = h.text(h.must("bob", "workshop join 1"))
	wantText(t, got, "You joined the series of workshop #1 Reading group: every session to come.",
		fmt.Sprintf("Seated in: session %d (Tue 12 Jan 2027, 18:00 CET) · session %d (Tue 19 Jan 2027, 18:00 CET).", s2, s3),
		fmt.Sprintf("Full, you are in line for: session %d (Tue 5 Jan 2027, 18:00 CET, number 2 in line).", s1))

	// Alice leaves her session: Chloé, first in line, gets the seat.
	got = h.text(h.must("alice", fmt.Sprintf("workshop leave 1 session %d", s1)))
	wantText(t, got, fmt.Sprintf("You left session %d of workshop #1 Reading group", s1), fmt.Sprintf("chloe moved from the line to a seat in session %d.", s1))
	got = h.text(h.must("chloe", fmt.Sprintf("workshop quitter 1 séance %d", s2)))
	wantText(t, got, fmt.Sprintf("Vous n'étiez pas inscrit·e à la séance %d de l'atelier #1.", s2))
	// Bob skips the third session; the series stays his.
	got = h.text(h.must("bob", fmt.Sprintf("workshop leave 1 session %d", s3)))
	wantText(t, got, fmt.Sprintf("You left session %d of workshop #1 Reading group", s3), "your other sessions stay as they were")
	got = h.text(h.must("bob", "workshop join 1"))
	wantText(t, got, "You are already in the series of workshop #1 Reading group.",
		fmt.Sprintf("Seated in: session %d (Tue 12 Jan 2027, 18:00 CET).", s2),
		fmt.Sprintf("Full, you are in line for: session %d (Tue 5 Jan 2027, 18:00 CET, number 1 in line).", s1))

	// The workshop shows who sits where, and each session's seats.
	got = h.text(h.must("alice", "workshop show 1"))
	wantText(t, got, fmt.Sprintf("By session: session %d (Tue 5 Jan 2027, 18:00 CET): chloe · in line: 1. bob", s1),
		fmt.Sprintf("session %d · 1/1 seats · 1 waiting", s1), fmt.Sprintf("session %d · 0/1 seats", s3))
	wantText(t, got, fmt.Sprintf("[Session %d only (line)] workshop join 1 session %d", s1, s1), fmt.Sprintf("[Session %d only] workshop join 1 session %d", s3, s3))
	wantText(t, h.text(h.must("admin", "workshop series 1")), fmt.Sprintf("session %d · Tue 12 Jan 2027, 18:00 CET · 1/1 seats", s2))
	// Staff remove Chloé, a member of one session: Bob gets her seat.
	got = h.text(h.must("admin", "workshop remove 1 chloe"))
	wantText(t, got, fmt.Sprintf("bob moved from the line to a seat in session %d.", s1))

	// Refusals say what works.
	for _, tc := range []struct{ user, line, want string }{
		{"alice", "workshop join 1 session 99", "That is not a session of this workshop: `/workshop series <id>` lists its sessions"},
		{"alice", "workshop join 1 session two", "`two` is not a session number: `/workshop series 1` lists them."},
		{"chloe", "workshop rejoindre 1 séance 99", "Ce n'est pas une séance de cet atelier"},
	} {
		rep := h.do(tc.user, tc.line)
		if !isRefusal(rep) {
			t.Errorf("%q not refused: %s", tc.line, rep.Text)
		}
		wantText(t, rep.Text, tc.want)
	}
	h.must("admin", fmt.Sprintf("workshop unschedule 1 session %d", s2))
	wantText(t, h.do("alice", fmt.Sprintf("workshop join 1 session %d", s2)).Text, "That session is cancelled: pick another in `/workshop series <id>`.")
	h.createWorkshop("One-off")
	h.must("admin", "workshop schedule #2 2027-01-08 18:00")
	one := h.workshop(2).Sessions[0].ID
	wantText(t, h.do("alice", fmt.Sprintf("workshop join 2 session %d", one)).Text, "This workshop is not a series: join it with `/workshop join <id>`.")
	h.at("2027-01-05 18:30")
	wantText(t, h.do("bob", fmt.Sprintf("workshop leave 1 session %d", s1)).Text, "That session has already begun")
}
