package commands

import (
	"fmt"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/atelier-bot/atelier/storage"
)

// pending lists the messages of a kind waiting for a member.
func (h *harness) pending(kind string, member int64) []storage.Note {
	h.t.Helper()
	ns, err := h.db.Outbox(h.ctx, storage.OutboxFilter{Kind: kind, State: storage.OutboxPending, MemberID: member})
	if err != nil {
		h.t.Fatal(err)
	}
	return ns
}

// forgetNow runs the whole forget, code and confirmation, as a member does.
func (h *harness) forgetNow(user string) Reply {
	h.t.Helper()
	code := strings.Fields(h.card(h.must(user, "atelier forget")).Buttons[0].Line)[3]
	return h.must(user, "atelier forget confirm "+code)
}

// Forgetting a seated member of a full workshop frees the seat: the first
// in line is promoted and told, the member's reminders are gone, the card
// is refreshed with the new count.
func TestForgetFreesSeatAndPromotes(t *testing.T) {
	h := newHarness(t)
	h.db.Reminders = storage.ReminderPolicy{Offsets: []time.Duration{time.Hour}}
	h.meet("admin", "alice", "bob", "carol", "dave")
	h.at("2026-11-27 09:30")
	h.createWorkshop("capacity 2 Imputation clinic #timeseries")
	h.must("admin", "workshop schedule #1 2026-12-10 14:00 2h Room A")
	for _, u := range []string{"alice", "dave", "bob", "carol"} {
		h.must(u, "workshop join #1")
	}
	dave := h.member("dave").ID
	if n := len(h.pending(storage.NoteReminder, dave)); n == 0 {
		t.Fatal("dave has no reminder queued: the test proves nothing")
	}
	rep := h.forgetNow("dave")
	found := false
	for _, e := range rep.Refresh {
		found = found || e == (Entity{storage.KindWorkshop, 1})
	}
	if !found {
		t.Errorf("refresh %v lacks the workshop", rep.Refresh)
	}
	w := h.workshop(1)
	wantSlice(t, "seated", names(w.Participants), []string{"alice", "bob"})
	wantSlice(t, "waitlist", names(w.Waitlist), []string{"carol"})
	wantEqual(t, "card seats", h.field(h.card(h.must("alice", "workshop show 1")), "Seats"), "2/2 · 1 waiting")
	bob := h.member("bob").ID
	if n := len(h.pending(storage.NotePromoted, bob)); n != 1 {
		t.Errorf("bob has %d promotion messages, want 1", n)
	}
	if n := len(h.pending(storage.NoteReminder, bob)); n != 1 {
		t.Errorf("bob has %d reminders, want 1", n)
	}
	if ns, _ := h.db.Outbox(h.ctx, storage.OutboxFilter{MemberID: dave}); len(ns) != 0 {
		t.Errorf("dave's messages left: %+v", ns)
	}
}

// Forgetting the author of a problem that became a workshop withdraws the
// problem (list, search, card) and leaves the workshop whole; nobody
// else's rows change.
func TestForgetProblemAuthorKeepsWorkshop(t *testing.T) {
	h := newHarness(t)
	h.meet("admin", "alice", "bob", "carol")
	h.at("2026-11-27 09:30")
	h.postProblem("alice", "Missing values in sensor data | Gaps of hours #timeseries")
	h.postProblem("carol", "Drift in churn model #ml")
	h.createWorkshop("from #1")
	h.must("bob", "workshop join #1")
	h.must("bob", "problem interested #1")
	before := h.workshop(1)
	wantEqual(t, "workshop title", before.Title, "Missing values in sensor data")
	alice := h.member("alice").ID
	others := everyoneElse(t, h, alice, []string{"alice"})

	h.forgetNow("alice")
	after := h.workshop(1)
	if after.Title != before.Title || after.Description != before.Description || fmt.Sprint(names(after.Participants)) != "[bob]" {
		t.Errorf("workshop changed: %+v", after)
	}
	list := h.text(h.must("bob", "problem list"))
	wantText(t, list, "#2 Drift in churn model")
	wantNoText(t, list, "#1", "Missing values")
	wantText(t, h.text(h.must("bob", "problem search missing")), "No problem matches")
	card := h.card(h.must("bob", "problem show 1"))
	wantEqual(t, "withdrawn card", card.Title, "#1 · Withdrawn")
	if len(card.Buttons) != 0 || strings.Contains(replyText(Reply{Cards: []Card{card}}), "Gaps of hours") {
		t.Errorf("withdrawn card %+v", card)
	}
	wantText(t, h.text(h.do("bob", "problem interested 1")), "closed")
	if after := everyoneElse(t, h, alice, []string{"alice"}); after != others {
		t.Errorf("others' rows changed:\n%s", lineDiff(others, after))
	}
}

// Forty-five problems: paging by the Next button reaches every one, once,
// with where each page is; a problem posted meanwhile does not shift the
// next page; "page N" typed works too.
func TestPagingReachesEveryProblem(t *testing.T) {
	h := newHarness(t)
	h.meet("admin", "alice", "bob")
	for i := 1; i <= 45; i++ {
		h.must("admin", fmt.Sprintf("problem post Problem %d #p", i))
	}
	seen := map[string]bool{}
	rep := h.must("bob", "problem list")
	for page := 1; ; page++ {
		for _, line := range strings.Split(rep.Text, "\n")[1:] {
			id := strings.Fields(line)[1]
			if seen[id] {
				t.Errorf("page %d shows %s again", page, id)
			}
			seen[id] = true
		}
		if len(rep.Cards) != 1 {
			t.Fatalf("page %d has no page card: %s", page, replyText(rep))
		}
		// The newcomer counts in the total and in the positions, and shows on
		// no page after the first: every old problem still shows once.
		want := map[int]string{1: "1–20 of 45", 2: "22–41 of 46", 3: "42–46 of 46"}[page]
		wantText(t, rep.Cards[0].Footer, want)
		if page == 1 {
			// Posted after the first page was shown: not on the next one.
			h.must("alice", "problem post A newcomer #p")
		}
		if len(rep.Cards[0].Buttons) == 0 {
			break
		}
		rep = h.press("bob", rep.Cards[0].Buttons[0])
	}
	if len(seen) != 45 || seen["#46"] {
		t.Errorf("reached %d problems: %v", len(seen), seen)
	}
	wantText(t, h.text(h.must("bob", "problem list page 3")), "#1 Problem 1")
	wantText(t, h.text(h.must("bob", "problem list #p page 3")), "#1 Problem 1")
	wantText(t, h.text(h.do("bob", "problem list page x")), "`x` is not a page number")
	wantText(t, h.text(h.must("bob", "problem search problem page 2")), "#6 Problem 6")
}

// Edits say back what changed, follow through search and cards, and
// refuse what they cannot read; removing a participant frees the seat.
func TestEditAndRemove(t *testing.T) {
	h := newHarness(t)
	h.db.Reminders = storage.ReminderPolicy{Offsets: []time.Duration{time.Hour}}
	h.meet("admin", "alice", "bob", "carol")
	h.at("2026-11-27 09:30")
	h.postProblem("alice", "Missing values | Gaps of hours #timeseries")
	rep := h.must("alice", "problem edit 1 title: Gaps in sensor series | tags: #timeseries #imputation")
	wantText(t, h.text(rep), "Problem #1 updated", "• title: “Missing values” → “Gaps in sensor series”",
		"• tags: “#timeseries” → “#imputation #timeseries”")
	wantNoText(t, h.text(rep), "description")
	if len(rep.Refresh) != 1 || rep.Refresh[0] != (Entity{storage.KindProblem, 1}) {
		t.Errorf("refresh %v", rep.Refresh)
	}
	wantText(t, h.text(h.must("bob", "problem search sensor")), "#1 Gaps in sensor series")
	wantText(t, h.text(h.must("bob", "problem search missing")), "No problem matches")
	wantText(t, h.text(h.do("bob", "problem edit 1 title: Mine now")), "Only the problem's author or staff can edit it.")
	wantText(t, h.text(h.do("alice", "problem edit 1 colour: red")), "`colour` is not a field", "title, description, tags")
	wantText(t, h.text(h.do("alice", "problem edit 1 title: A | title: B")), "given twice")

	h.createWorkshop("capacity 1 Imputation clinic #timeseries")
	h.must("admin", "workshop schedule #1 2026-12-10 14:00 2h Room A")
	h.must("admin", "workshop schedule #1 2026-12-17 14:00 2h Room A")
	h.must("alice", "workshop join #1")
	h.must("bob", "workshop join #1")
	h.must("carol", "workshop join #1")
	rep = h.must("admin", "workshop edit 1 title: Imputation lab | place: Room B | capacity: 2")
	wantText(t, h.text(rep), "Workshop #1 updated", "• title: “Imputation clinic” → “Imputation lab”",
		"• capacity: “1” → “2”", "bob moved from the waitlist to a seat", "• place of the sessions to come: Room B (2 sessions")
	w := h.workshop(1)
	if w.Title != "Imputation lab" || w.Sessions[0].Place != "Room B" || w.Sessions[1].Place != "Room B" || w.Joined != 2 {
		t.Errorf("workshop %+v", w)
	}
	alice := h.member("alice").ID
	if n := len(h.pending(storage.NoteSessionMoved, alice)); n != 2 {
		t.Errorf("alice told of %d place changes, want 2", n)
	}
	wantText(t, h.text(h.do("alice", "workshop edit 1 title: Mine")), "staff")
	wantText(t, h.text(h.do("admin", "workshop edit 1 capacity: lots")), "capacity")
	if h.workshop(1).Capacity != 2 {
		t.Error("a refused edit changed the capacity")
	}

	// Removing bob gives his seat to carol, who is told.
	rep = h.must("admin", "workshop remove 1 bob")
	wantText(t, h.text(rep), "bob is no longer in workshop #1 Imputation lab.", "carol moved from the waitlist to a seat")
	if n := len(h.pending(storage.NotePromoted, h.member("carol").ID)); n != 1 {
		t.Errorf("carol has %d promotion messages", n)
	}
	wantText(t, h.text(h.do("admin", "workshop remove 1 zed")), "Nobody called “zed”")
	wantText(t, h.text(h.do("bob", "workshop remove 1 alice")), "staff")
}

// The edit form comes filled in with the workshop as it is; submitted with
// only the title changed, it changes and says back only the title: the
// place shown (the next session's) does not move the other sessions, and
// the capacity, unlimited or not, is not reported as changed.
func TestWorkshopEditFormChangesOnlyWhatChanged(t *testing.T) {
	h := newHarness(t)
	h.meet("admin", "alice")
	h.at("2026-11-27 09:30")
	for _, capacity := range []string{"", "capacity 3 "} {
		id := h.createWorkshop(capacity + "Imputation clinic #timeseries")
		h.must("admin", fmt.Sprintf("workshop schedule #%d 2026-12-10 14:00 2h Room A", id))
		h.must("admin", fmt.Sprintf("workshop schedule #%d 2026-12-17 14:00 2h Room C", id))
		h.must("alice", fmt.Sprintf("workshop join #%d", id))
		rep := h.doForm("admin", fmt.Sprintf("workshop edit %d", id))
		if rep.Form == nil {
			t.Fatalf("no form: %q", h.text(rep))
		}
		fields := map[string]string{}
		for _, in := range rep.Form.Inputs {
			fields[in.Name] = in.Value
		}
		fields["title"] = "Imputation lab"
		rep = h.doFields("admin", rep.Form.Line, fields)
		got := h.text(rep)
		wantText(t, got, fmt.Sprintf("Workshop #%d updated", id), "• title: “Imputation clinic” → “Imputation lab”")
		wantNoText(t, got, "capacity", "place")
		w := h.workshop(id)
		if w.Title != "Imputation lab" || w.Sessions[0].Place != "Room A" || w.Sessions[1].Place != "Room C" {
			t.Errorf("capacity %q: workshop %+v", capacity, w)
		}
		if n := len(h.pending(storage.NoteSessionMoved, h.member("alice").ID)); n != 0 {
			t.Errorf("capacity %q: alice told of %d moves by a title edit", capacity, n)
		}
	}
}

// Staff name participants as the platforms write them: a mention finds
// the very account, where the name alone is shared by two members.
func TestStaffNameParticipantsByMention(t *testing.T) {
	h := newHarness(t)
	h.meet("admin")
	h.at("2026-11-27 09:30")
	staff := NewRouter(h.db, Config{Location: h.paris, Language: EN, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
		IsStaff: func(platform, userID string) bool { return platform == "discord" && userID == "D0" }})
	onDiscord := func(line string) string {
		return h.text(staff.Handle(h.ctx, &Request{Platform: "discord", Workspace: "G1", UserID: "D0", UserName: "Ada", Channel: "C1", Line: line}))
	}
	h.createWorkshop("capacity 2 Imputation clinic #timeseries")
	h.must("admin", "workshop schedule #1 2026-11-28 14:00 2h Room A")
	h.mustOn("discord", "D1", "Bob", "workshop join #1")
	h.mustOn("discord", "D2", "Bob", "workshop join #1")
	h.mustOn("discord", "D3", "Carol", "workshop join #1")

	wantText(t, onDiscord("workshop remove 1 Bob"), "Several participants are called “Bob”")
	wantText(t, onDiscord("workshop remove 1 <@D2>"), "Bob is no longer in workshop #1", "Carol moved from the waitlist to a seat")
	wantText(t, onDiscord("workshop remove 1 <@D9>"), "Nobody called “<@D9>”")
	seated := map[int64]bool{}
	for _, p := range h.workshop(1).Participants {
		seated[p.MemberID] = true
	}
	if !seated[h.memberOn("discord", "D1").ID] || seated[h.memberOn("discord", "D2").ID] || !seated[h.memberOn("discord", "D3").ID] {
		t.Errorf("seated after the removal: %v", h.workshop(1).Participants)
	}

	h.at("2026-11-28 17:00")
	wantText(t, onDiscord("workshop attended 1 <@D1> <@!D3>"), "2 of 2 seated came")
	wantText(t, onDiscord("workshop attended 1 not <@D3>"), "1 of 2 seated came (Bob)")
	wantText(t, onDiscord("workshop attended 1 <@D2>"), "Nobody called “<@D2>” had a seat in session 1")
}
