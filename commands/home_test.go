package commands

import (
	"strings"
	"testing"
)

func homeText(h Home) string {
	var b strings.Builder
	for _, s := range h.Sections {
		b.WriteString("## " + s.Title + "\n")
		if len(s.Cards) == 0 {
			b.WriteString(s.Empty + "\n")
		}
		b.WriteString(replyText(Reply{Cards: s.Cards, Lang: h.Lang, Loc: h.Loc}) + "\n")
	}
	return b.String()
}

func TestHome(t *testing.T) {
	h := newHarness(t)
	h.must("alice", "problem post Missing values | gaps #timeseries")
	h.must("admin", "workshop create capacity 1 Imputation clinic")
	h.must("admin", "workshop schedule 1 next thursday 14:00 1h30 Room B")
	h.must("admin", "workshop create Transformers")
	h.must("bob", "workshop join 1")
	h.must("alice", "workshop join 1") // waitlisted

	home, err := h.r.Home(h.ctx, request("alice", ""))
	if err != nil {
		t.Fatal(err)
	}
	got := homeText(home)
	want := `## Your next sessions

#1 · Imputation clinic
Thu 3 Dec 2026, 14:00 CET · 1h30 · Room B · on the waitlist
[Leave] workshop leave 1
[Participants] workshop show 1
## Your open problems

#1 · Missing values
0 interested, 0 can help · #timeseries
[Show] problem show 1
[Mark solved] problem close 1 solved
Problem #1 · ` + "`/problem show 1`" + `
## Open workshops

#1 · Imputation clinic
Host: admin
Seats: 1/1 · 1 waiting
Next session: Thu 3 Dec 2026, 14:00 CET · 1h30 · Room B
[Join the waitlist] workshop join 1
[Leave] workshop leave 1
[Participants] workshop show 1
Workshop #1 · react ✋ to join
#2 · Transformers
Host: admin
Seats: 0/unlimited
Next session: no session yet
[Join] workshop join 2
[Leave] workshop leave 2
[Participants] workshop show 2
Workshop #2 · react ✋ to join
`
	if got != want {
		t.Errorf("home:\n%s\nwant:\n%s", got, want)
	}

	// A member seen for the first time gets a home too, in their locale.
	req := request("carol", "")
	req.Locale = "fr-FR"
	home, err = h.r.Home(h.ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	if home.Lang != FR || len(home.Sections) != 3 || home.Sections[0].Title != "Vos prochaines séances" ||
		len(home.Sections[0].Cards) != 0 || !strings.HasPrefix(home.Sections[0].Empty, "Aucune séance") || len(home.Sections[2].Cards) != 2 {
		t.Errorf("carol's home = %+v", home)
	}
}
