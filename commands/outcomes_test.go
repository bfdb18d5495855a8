package commands

import (
	"testing"
	"time"

	"github.com/atelier-bot/atelier/storage"
)

// An outcome on the console: refused to non-participants, private until
// its organisations agree, a "problem solved" that only the problem's
// author can confirm, and a published outcome nominated in one step.
func TestOutcomes(t *testing.T) {
	h := newHarness(t)
	h.meet("alice", "bob", "erin")
	pid := h.postProblem("alice", "Gaps in sensor series #timeseries")
	h.must("admin", "workshop create from 1")
	h.must("alice", "workshop join 1")
	h.must("bob", "workshop join 1")
	h.must("bob", "me org CNRS")

	wantText(t, h.do("erin", "workshop outcome 1 tool a tool").Text, "Only")
	wantText(t, h.do("bob", "workshop outcome 1 party fun").Text, "`party` is not a kind of outcome")
	f := h.doForm("bob", "workshop outcome 1").Form
	if f == nil || f.Line != "workshop outcome 1" || len(f.Inputs) != 4 {
		t.Fatalf("form %+v", f)
	}

	// Bob says the problem is solved: Alice, its author, is asked.
	rep := h.must("bob", "workshop outcome 1 solved The imputation works https://git.example/imp")
	wantText(t, h.text(rep), "Outcome #1 recorded", "It is public", "The author of problem #1 is asked to confirm")
	wantSlice(t, "asked", h.notes(storage.NoteOutcomeSolved), []string{"outcome_solved:outcome=1:member=1:to=console/local/alice 2026-11-27 09:30"})
	if h.problem(pid).Status == storage.ProblemSolved {
		t.Error("solved without its author")
	}
	// Alice herself: a button to mark it solved.
	rep = h.must("alice", "workshop outcome 1 solved It is solved for me")
	h.press("alice", h.button(h.card(rep), "close"))
	wantEqual(t, "status", h.problem(pid).Status, storage.ProblemSolved)

	// A collaboration naming CNRS stays private until CNRS agrees.
	h.must("bob", "workshop outcome 1 collaboration CNRS funds a follow-up | CNRS")
	wantText(t, h.do("erin", "outcomes show 3").Text, "No outcome you can see")
	wantText(t, h.do("erin", "outcomes nominate 3 1 1").Text, "No outcome you can see")
	wantText(t, h.do("alice", "outcomes agree 3 CNRS").Text, "Only a participant from that organisation")
	h.must("admin", "awards create Awards 2027")
	wantText(t, h.do("bob", "outcomes nominate 3 1 1").Text, "not public yet")
	wantText(t, h.text(h.must("bob", "outcomes agree 3")), "CNRS agrees to publish outcome #3", "It is public")

	// One step from outcome to nomination.
	rep = h.must("bob", "outcomes nominate 3 1 1 2")
	wantText(t, h.text(rep), "Nomination #1 saved", "Gaps in sensor series", "CNRS funds a follow-up", "Collaboration", "Team: bob")

	h.now = h.now.Add(time.Minute)
	wantText(t, h.text(h.must("admin", "atelier stats")), "Outcomes recorded: Collaboration 1 · Tool or code 0 · Problem solved 2",
		"Collaborations started, by year and organisation: 2026 CNRS (1)", "Problems solved, by year and organisation: 2026 — (2)")
	wantText(t, h.must("erin", "outcomes 2026 CNRS").Text, "#3 Collaboration")
	wantText(t, h.must("erin", "outcomes questions off").Text, "no longer be asked")
}
