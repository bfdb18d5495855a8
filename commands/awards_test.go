package commands

import (
	"strings"
	"testing"
	"time"

	"github.com/atelier-bot/atelier/storage"
)

// An edition on the console, from creation to results: the template,
// nominations (one per project per category, edits by the team only), a
// jury with a conflict of interest skipped, a vote counted once, a tie
// shown to staff and decided, and the winners without a score or a vote.
func TestAwardsEdition(t *testing.T) {
	h := newHarness(t)
	h.meet("alice", "bob", "carol", "dave", "erin")
	h.must("carol", "me org Inria")

	rep := h.must("admin", "awards create Awards 2027")
	text := h.text(rep)
	wantText(t, text, "Awards edition #1 “Awards 2027” created", "Most audacious project", "Organisation whose work AI improved most",
		"Impact · Originality · Execution")
	wantText(t, h.text(h.must("admin", "me language fr")), "")
	wantText(t, h.text(h.must("admin", "awards show 1")), "Projet le plus audacieux", "Impact · Originalité · Réalisation")
	h.must("admin", "me language en")
	// Two categories are enough here; the second criterion goes.
	for range 3 {
		h.must("admin", "awards category 1 remove 3")
	}
	h.must("admin", "awards criterion 1 remove 3")
	h.must("admin", "awards criterion 1 rename 2 Novelty | Nouveauté")
	wantText(t, h.text(h.must("admin", "awards set 1 community on")), "community prize on")
	wantText(t, h.do("alice", "awards create Mine").Text, "Only staff")

	n1 := h.must("alice", "awards nominate 1 1 2 collaboration https://flood.example | Flood forecasting | Inria | Six months with the city | @bob, Jane Doe")
	wantText(t, h.text(n1), "Nomination #1 saved", "Flood forecasting", "Collaboration", "bob, Jane Doe", "1. Most audacious project", "2. Most innovative project")
	h.must("alice", "awards nominate 1 1 | Open maps | IGN | Maps for all")
	h.must("dave", "awards nominate 1 2 | Tutor bot | CNRS | Helps students")
	// One nomination per project per category, whatever the case.
	wantText(t, h.do("erin", "awards nominate 1 1 | FLOOD Forecasting | Inria | again").Text, "already nominated")
	// The team edits; others cannot.
	wantText(t, h.text(h.must("bob", "awards edit 1 pitch Six months with the city, two streets dry")), "two streets dry", "bob, Jane Doe")
	wantText(t, h.do("erin", "awards edit 1 pitch mine now").Text, "Only the member who nominated it")
	// Bob, named, was told by direct message.
	wantSlice(t, "nominated DMs", h.notes(storage.NoteAwardNominated), []string{"award_nominated:nomination=1:member=2:to=console/local/bob 2026-11-27 09:30"})

	wantText(t, h.text(h.must("admin", "awards jury 1 add @carol @dave")), "carol, dave named to the jury of edition #1")
	wantText(t, h.do("carol", "awards score 2 1 4 good | 3 fine").Text, "The jury starts when the nominations close")
	wantText(t, h.do("erin", "awards vote 1 1").Text, "The community vote opens when the nominations close")

	e, err := h.db.Edition(h.ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	h.now = e.ClosesAt.Add(time.Minute)
	wantText(t, h.do("erin", "awards nominate 1 1 | Late | X | late").Text, "The nominations are closed")
	wantText(t, h.do("bob", "awards withdraw 1").Text, "The nominations are closed")

	// Carol is from Inria: Flood forecasting is skipped on her ballot.
	ballot := h.text(h.must("carol", "awards ballot 1"))
	wantText(t, ballot, "#1 Flood forecasting (Inria): skipped, your own organisation", "#2 Open maps (IGN): to score", "Only you and staff see your scores")
	wantText(t, h.do("carol", "awards score 1 1 5 great | 5 great").Text, "from your own organisation")
	wantText(t, h.do("erin", "awards score 2 1 5 great | 5 great").Text, "You are not on this edition's jury")
	wantText(t, h.do("carol", "awards score 2 1 5 great | 5").Text, "Novelty: give a one-line reason")
	wantText(t, h.do("carol", "awards score 2 1 9 great | 5 fine").Text, "Impact: `9 great` does not start with a score from 1 to 5")
	wantText(t, h.do("carol", "awards score 2 1 5 great").Text, "Give 2 scores")
	h.must("carol", "awards score 2 1 4 carol-reason-maps | 4 carol-reason-maps2")
	h.must("carol", "awards score 3 2 3 carol-reason-tutor | 3 carol-reason-tutor2")
	h.must("dave", "awards score 1 1 4 dave-reason-flood | 4 dave-reason-flood2")
	h.must("dave", "awards score 2 1 4 dave-reason-maps | 4 dave-reason-maps2")
	h.must("dave", "awards score 1 2 5 dave-reason-flood3 | 5 dave-reason-flood4")
	// Dave's ballot shows his own state, never Carol's reasons.
	wantNot(t, h.text(h.must("dave", "awards ballot 1")), "carol-reason")

	// The form of a score says who sees it.
	f := h.doForm("carol", "awards score 3 2").Form
	if f == nil || len(f.Inputs) != 2 || !strings.Contains(f.Inputs[0].Placeholder, "staff only") {
		t.Fatalf("score form %+v", f)
	}

	// Votes: once per member per category.
	wantText(t, h.text(h.must("erin", "awards vote 1")), "Your vote is secret")
	wantText(t, h.text(h.must("erin", "awards vote 1 1")), "Your vote in “Most audacious project” is counted")
	wantText(t, h.do("erin", "awards vote 2 1").Text, "You have already voted in this category")
	h.must("bob", "awards vote 1 1")
	h.must("alice", "awards vote 2 1")

	// Staff see progress and the tie in category 1 (Flood and Maps at 8).
	progress := h.text(h.must("admin", "awards progress 1"))
	wantText(t, progress, "carol: 2 scored, 0 to score, 2 skipped", "dave: 3 scored, 0 to score, 1 skipped",
		"Tie in “Most audacious project” between #1 Flood forecasting, #2 Open maps")
	wantText(t, h.do("carol", "awards progress 1").Text, "Only staff")
	// Votes stay hidden from staff too until the results.
	csvRep := h.must("admin", "awards csv 1")
	wantText(t, csvRep.Text, "hidden until the results date")
	if got := string(csvRep.Files[0].Data); strings.Contains(got, ",2,,") && !strings.Contains(got, "community_votes") {
		t.Errorf("csv %s", got)
	}
	wantText(t, h.do("admin", "awards decide 1 1 3").Text, "not tied at the top")
	h.must("admin", "awards decide 1 1 2")

	h.now = e.ResultsAt.Add(time.Minute)
	show := h.text(h.must("erin", "awards show 1"))
	wantText(t, show, "Awards 2027 · Most audacious project\n🥇 Open maps · IGN", "Community prize: Flood forecasting",
		"Awards 2027 · Most innovative project\n🥇 Flood forecasting · Inria")
	for _, bad := range []string{"reason", "/5", "votes", "mean"} {
		wantNot(t, show, bad)
	}
	csv := string(h.must("admin", "awards csv 1").Files[0].Data)
	wantText(t, csv, "Most audacious project,1,Flood forecasting,Inria,collaboration,1,8.00,2,,yes", "Most audacious project,2,Open maps,IGN,project,2,8.00,1,yes,")
}

func wantNot(t *testing.T, got, bad string) {
	t.Helper()
	if strings.Contains(got, bad) {
		t.Errorf("%q shows %q", got, bad)
	}
}
