package commands

import (
	"strings"
	"testing"
	"time"

	"github.com/atelier-bot/atelier/storage"
)

// After a session's feedback the optional skill questions come as taps;
// the member's journal shows only their own answers; 30 days later one
// question about reuse; staff see distributions of groups of five or more,
// counted here by hand.
func TestSkillsScenario(t *testing.T) {
	h := newHarness(t)
	people := []string{"alice", "bob", "carol", "dave", "erin", "fred"}
	h.meet(append([]string{"admin"}, people...)...)
	for _, u := range people[:5] {
		h.must(u, "me org Acme")
	}
	h.must("fred", "me org Tiny")
	h.at("2027-01-04 09:00")
	h.createWorkshop("Causal clinic #causal #dowhy")
	h.must("admin", "workshop schedule #1 2027-01-12 14:00 2h Room A")
	for _, u := range people {
		h.must(u, "workshop join #1")
	}
	h.at("2027-01-13 09:00")

	// Alice: a score, then the questions, one tap each.
	rep := h.must("alice", "feedback 1 4")
	if len(rep.Cards) != 2 {
		t.Fatalf("feedback: %d question cards, want one per tag: %s", len(rep.Cards), replyText(rep))
	}
	wantText(t, rep.Cards[0].Title, "how sure were you of #causal before?")
	now := h.press("alice", lineButton(t, rep.Cards[0], "feedback 1 skill #causal 2"))
	wantText(t, h.text(now), "Noted: #causal before, 2 (a little).", "In 30 days I will ask you once", "And how sure are you of #causal now?")
	saved := h.press("alice", lineButton(t, h.card(now), "feedback 1 skill #causal 2 3"))
	wantText(t, h.text(saved), "Noted: #causal, 2 (a little) before, 3 (fairly sure) now.")
	wantNoText(t, h.text(saved), "In 30 days")
	wantText(t, h.text(h.must("alice", "feedback 1 learned #zzalice")), "Noted in your journal: #zzalice.")

	// Typed answers, refused when not understood.
	wantText(t, h.text(h.do("bob", "feedback 1 skill #causal 5 3")), "`5` is not a level")
	wantText(t, h.text(h.do("bob", "feedback 1 skill causal")), "Usage: `skill #tag")
	wantText(t, h.text(h.do("admin", "feedback 1 skill #causal 1 2")), "Only the session's participants")
	// Changes: alice +1 (above); bob +1, carol +2, dave 0, erin 0, fred -1.
	for _, a := range []string{"bob 3 4", "carol 1 3", "dave 3 3", "erin 2 2", "fred 3 2"} {
		f := strings.Fields(a)
		h.must(f[0], "feedback 1 skill #causal "+f[1]+" "+f[2])
	}

	// The journal is the member's own.
	journal := h.text(h.must("alice", "me skills"))
	wantText(t, journal, "#causal: 2 → 3 (session 1 of Causal clinic)", "learned #zzalice")
	for _, u := range people[1:] {
		wantNoText(t, h.text(h.must(u, "me skills")), "zzalice", "2 → 3")
	}

	// One question 30 days later, once, to each who answered.
	notes, err := h.db.Outbox(h.ctx, storage.OutboxFilter{Kind: storage.NoteSkillReuse})
	if err != nil {
		t.Fatal(err)
	}
	if len(notes) != 6 {
		t.Fatalf("%d reuse questions queued, want one per member who answered", len(notes))
	}
	want := time.Date(2027, 1, 13, 9, 0, 0, 0, time.UTC).Add(storage.ReuseAfter)
	for _, n := range notes {
		if !n.PlannedAt.Equal(want) {
			t.Errorf("reuse question planned %s, want %s", n.PlannedAt, want)
		}
	}
	text, card := ReuseQuestion(EN, storage.SkillSession, 1, "Causal clinic")
	wantText(t, text, "A month ago you told me about session 1 of Causal clinic.")
	h.at("2027-02-12 10:00")
	wantText(t, h.text(h.press("alice", lineButton(t, card, "me reuse session 1 yes"))), "Thank you: “Yes” noted.")
	wantText(t, h.text(h.must("alice", "me skills")), "reused at work after session 1 of Causal clinic: Yes")
	wantText(t, h.text(h.do("alice", "me reuse session 1 maybe")), "Usage: `/me reuse")
	wantText(t, h.text(h.must("fred", "me skills off")), "No more questions 30 days later")
	if title, ok, err := h.db.ReuseQuestion(h.ctx, h.member("fred").ID, storage.SkillSession, 1); err != nil || ok {
		t.Errorf("fred turned the question off, still asked: %q %v %v", title, ok, err)
	}

	// Staff: six people answered before and now. Changes -1: 1, 0: 2,
	// +1: 2, +2: 1, so 3 of 6 answers (50%) say surer. Acme has five
	// people; Tiny one, hidden. One reuse answer: hidden.
	stats := h.text(h.must("admin", "atelier stats skills 2027"))
	wantText(t, stats,
		"overstates gains",
		"• causal: 6 people, 6 answers, 50% surer · -1: 1 · =: 2 · +1: 2 · +2: 1",
		"• 2027-Q1: 6 people, 6 answers, 50% surer",
		"• Acme: 5 people, 5 answers, 60% surer · =: 2 · +1: 2 · +2: 1",
		"• Tiny: < 5",
		"• #zzalice: < 5 people",
		"Reused at work, 30 days later: < 5 people answered · yes - · not yet - · no -")
	wantText(t, h.text(h.do("alice", "atelier stats skills")), "staff")
	wantText(t, h.text(h.do("admin", "atelier stats skills last-year")), "Usage: `/atelier stats skills")

	// Forgotten, alice leaves the figures only as an anonymous count.
	rep = h.must("alice", "atelier forget")
	code := strings.Fields(rep.Cards[0].Buttons[0].Line)[3]
	h.must("alice", "atelier forget confirm "+code)
	wantText(t, h.text(h.must("admin", "atelier stats skills 2027")), "• causal: 6 people, 6 answers, 50% surer")
}

// No member-facing reply shows another member's skills: every command a
// member can run, answered for bob after alice told hers.
func TestNoOneSeesAnothersSkills(t *testing.T) {
	h := newHarness(t)
	h.meet("admin", "alice", "bob")
	h.at("2027-01-04 09:00")
	h.createWorkshop("Causal clinic #causal")
	h.must("admin", "workshop schedule #1 2027-01-12 14:00 2h Room A")
	h.must("alice", "workshop join #1")
	h.must("bob", "workshop join #1")
	h.at("2027-01-13 09:00")
	h.must("alice", "feedback 1 skill #causal 1 4")
	h.must("alice", "feedback 1 learned #zzsecret")
	for _, rt := range h.r.Routes() {
		if rt.Staff {
			continue
		}
		for _, args := range []string{"", " 1", " skills", " list", " mine"} {
			line := strings.TrimSpace(rt.Command + " " + rt.Sub + args)
			got := h.text(h.do("bob", line))
			// Names are public (a workshop's participants); skills are not.
			wantNoText(t, got, "zzsecret", "1 → 4")
		}
	}
}

// Suggestions follow what a member does: the module on the tag of the
// workshop they have a seat in this week comes first ("before workshop
// …"), then the tag of a problem they follow, then their interests; in
// their language first; never one they finished; nobody else's.
func TestTrainingSuggestions(t *testing.T) {
	h := newHarness(t)
	h.meet("admin", "alice", "bob")
	h.at("2027-01-04 09:00")
	for _, line := range []string{
		"training add Causal inference in 10 minutes | video | Uni | en | 10 | https://u.example/c #causal",
		"training add L'inférence causale | video | Uni | fr | 10 | https://u.example/cfr #causal",
		"training add Time series basics | course | Uni | en | 60 | https://u.example/ts #timeseries",
		"training add NLP tour | link | Uni | en | 5 | https://u.example/nlp #nlp",
		"training add Knitting | game | Uni | en | 5 | https://u.example/k #knitting",
	} {
		h.must("admin", line)
	}
	wantText(t, h.text(h.must("alice", "training suggest")), "Nothing to suggest yet")
	h.must("alice", "me interests add #nlp")
	h.postProblem("bob", "Gaps in sensor data #timeseries")
	h.must("alice", "problem interested 1")
	h.createWorkshop("Causal clinic #causal")
	h.must("admin", "workshop schedule #1 2027-01-07 18:00 2h Room A")
	h.must("alice", "workshop join #1")

	got := h.text(h.must("alice", "training suggest"))
	lines := strings.Split(got, "\n")
	if len(lines) != 5 {
		t.Fatalf("suggestions:\n%s", got)
	}
	wantText(t, lines[1], "#1 Causal inference in 10 minutes", "before workshop #1 Causal clinic on")
	wantText(t, lines[2], "#3 Time series basics", "like a problem you follow")
	wantText(t, lines[3], "#4 NLP tour", "one of your interests")
	wantText(t, lines[4], "#2 L'inférence causale") // French, after the English ones for an English reader
	wantNoText(t, got, "Knitting")
	// Done: no longer suggested.
	h.must("alice", "training done 1")
	wantNoText(t, h.text(h.must("alice", "training suggest")), "Causal inference in 10 minutes")
	// Bob follows nothing of alice's.
	wantText(t, h.text(h.must("bob", "training suggest")), "#3 Time series basics")
	wantNoText(t, h.text(h.must("bob", "training suggest")), "Causal", "NLP")
	// A problem closed is no longer followed: it brings nothing more.
	h.must("bob", "problem close 1")
	wantNoText(t, h.text(h.must("alice", "training suggest")), "Time series basics")
}
