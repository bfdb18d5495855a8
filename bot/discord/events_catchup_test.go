package discord

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/atelier-bot/atelier/bot/discord/discordfake"
)

// "Interested" marks on a session's native event made while the bot was
// down (or its gateway link was) are caught up at the next start or
// resume, once each, through the same path as a live mark.

const caughtUp = "discord: event interest caught up"

// summary is the catch-up's log line.
func summary(events, changes int) string {
	return fmt.Sprintf("msg=%q platform=discord events=%d changes=%d", caughtUp, events, changes)
}

// newCatchUpEnv starts as newEnv does, and lets the first catch-up (of
// nothing) finish, so that it cannot list the events a test creates next.
func newCatchUpEnv(t *testing.T) *env {
	t.Helper()
	e := newEnv(t)
	e.awaitCatchUp(1)
	return e
}

// sessionEvent schedules a session of a workshop two days ahead and
// returns the id of the native event that mirrors it.
func (e *env) sessionEvent(wid int64) string {
	e.t.Helper()
	ctx := context.Background()
	before, _ := e.db.DiscordEvents(ctx, discordfake.GuildID, wid)
	start := time.Now().Add(48*time.Hour + time.Duration(len(before))*24*time.Hour).UTC().Truncate(time.Minute)
	e.text(staffID, "workshop", subc("schedule", integer("id", wid), str("when", start.Format("2006-01-02 15:04")), str("place", "Room B")))
	var id string
	e.await("the session's event", func() bool {
		rows, err := e.db.DiscordEvents(ctx, discordfake.GuildID, wid)
		if err != nil || len(rows) != len(before)+1 {
			return false
		}
		id = rows[len(rows)-1].EventID
		return true
	})
	return id
}

// restart stops the adapter and starts a new one on the same database, as
// a new process would, and waits for its catch-up of event interest.
func (e *env) restart() {
	e.t.Helper()
	e.stop()
	n := strings.Count(e.logs.String(), caughtUp)
	e.start()
	e.awaitCatchUp(n + 1)
}

// awaitCatchUp waits until n catch-ups have run since the test began.
func (e *env) awaitCatchUp(n int) {
	e.t.Helper()
	e.await("the catch-up of event interest", func() bool { return strings.Count(e.logs.String(), caughtUp) >= n })
}

// recordedInterest lists the users whose mark on an event the bot acted on.
func (e *env) recordedInterest(eventID string) []string {
	e.t.Helper()
	got, err := e.db.DiscordEventInterest(context.Background(), discordfake.GuildID, eventID)
	if err != nil {
		e.t.Fatal(err)
	}
	return got
}

func (e *env) markWhileDown(eventID, userID string, added bool) {
	e.t.Helper()
	if err := e.fake.MarkInterest(eventID, userID, added, false); err != nil {
		e.t.Fatal(err)
	}
}

// (a) A mark made while the bot was stopped joins at the next start, with
// a DM, once: a second restart neither joins again nor writes again. A
// mark made while the gateway link was down joins at the resume.
func TestEventInterestCaughtUpAtStart(t *testing.T) {
	t.Parallel()
	e := newCatchUpEnv(t)
	e.fake.AddUser(discordfake.User{ID: aliceID, Username: "alice", Nick: "Alice N."})
	wid, _ := e.createWorkshop("QGIS", 0)
	ev := e.sessionEvent(wid)
	e.stop()

	e.markWhileDown(ev, aliceID, true)
	e.markWhileDown(ev, discordfake.BotID, true) // the creator's own mark joins nobody
	e.start()
	e.await("alice's join caught up", func() bool { return e.workshop(wid).Joined == 1 && len(e.dmTexts(aliceID)) == 1 })
	if got := e.dmTexts(aliceID)[0]; !strings.HasPrefix(got, "You have a seat in workshop #1 QGIS.") {
		t.Errorf("alice's DM: %q", got)
	}
	// Named as the guild shows her (the list asked for members).
	if w := e.workshop(wid); w.Participants[0].Name != "Alice N." {
		t.Errorf("participants: %+v", w.Participants)
	}
	if got := e.recordedInterest(ev); !reflect.DeepEqual(got, []string{aliceID}) {
		t.Errorf("recorded interest %q, want alice's", got)
	}
	lists := e.fake.Calls("GET", "^/guilds/"+discordfake.GuildID+"/scheduled-events/"+ev+"/users$")
	if len(lists) != 1 || lists[0].Query.Get("limit") != "100" || lists[0].Query.Get("with_member") != "true" || lists[0].Status != 200 {
		t.Errorf("user list calls: %+v", lists)
	}
	if e.fake.DMChannel(discordfake.BotID) != "" {
		t.Error("the bot's own mark got an answer")
	}

	// Bob marks it while the link is down; the resume catches him up.
	e.awaitCatchUp(2)
	e.markWhileDown(ev, bobID, true)
	e.fake.Drop()
	e.await("a resume and bob's join", func() bool {
		return e.fake.Resumes() == 1 && e.workshop(wid).Joined == 2 && len(e.dmTexts(bobID)) == 1
	})

	// Once each: another restart changes nothing and writes to nobody.
	e.restart()
	if w := e.workshop(wid); w.Joined != 2 || len(w.Participants) != 2 {
		t.Errorf("after a second restart: %+v", w.Participants)
	}
	if len(e.dmTexts(aliceID)) != 1 || len(e.dmTexts(bobID)) != 1 {
		t.Errorf("DMs repeated: alice %q, bob %q", e.dmTexts(aliceID), e.dmTexts(bobID))
	}
	if !strings.Contains(e.logs.String(), summary(1, 0)) {
		t.Errorf("no summary line with no change:\n%s", e.logs.String())
	}
}

// (b) A member who joined through the event and unmarks it while the bot
// is down leaves at the next start.
func TestEventInterestLeaveCaughtUp(t *testing.T) {
	t.Parallel()
	e := newCatchUpEnv(t)
	wid, _ := e.createWorkshop("QGIS", 0)
	ev := e.sessionEvent(wid)
	if err := e.fake.EventInterest(ev, bobID, true); err != nil {
		t.Fatal(err)
	}
	e.await("bob's live join, recorded", func() bool {
		return e.workshop(wid).Joined == 1 && len(e.dmTexts(bobID)) == 1 && len(e.recordedInterest(ev)) == 1
	})
	e.stop()
	e.markWhileDown(ev, bobID, false)
	e.start()
	e.await("bob's leave caught up", func() bool { return e.workshop(wid).Joined == 0 && len(e.dmTexts(bobID)) == 2 })
	if got := e.dmTexts(bobID)[1]; got != "You left workshop #1 QGIS." {
		t.Errorf("bob's DM: %q", got)
	}
	if got := e.recordedInterest(ev); len(got) != 0 {
		t.Errorf("recorded interest after the leave: %q", got)
	}
	e.restart()
	if len(e.dmTexts(bobID)) != 2 {
		t.Errorf("DMs repeated: %q", e.dmTexts(bobID))
	}
}

// (c) A member who joined by the button, not through the event, is never
// made to leave by a catch-up, nor written to.
func TestEventCatchUpSparesOtherJoins(t *testing.T) {
	t.Parallel()
	e := newCatchUpEnv(t)
	wid, card := e.createWorkshop("QGIS", 0)
	ev := e.sessionEvent(wid)
	if _, cb := e.press(carolID, "workshop join 1", card); !strings.HasPrefix(cb.Decode().Content, "You have a seat") {
		t.Fatalf("carol's join: %q", cb.Decode().Content)
	}
	// Alice joins by command too; she is on the event's list, Carol not.
	if got := e.text(aliceID, "workshop", subc("join", integer("id", wid))); !strings.HasPrefix(got, "You have a seat") {
		t.Fatalf("alice's join: %q", got)
	}
	e.stop()
	e.markWhileDown(ev, aliceID, true)
	e.start()
	e.awaitCatchUp(2)
	w := e.workshop(wid)
	var names []string
	for _, p := range w.Participants {
		names = append(names, p.Name)
	}
	if w.Joined != 2 {
		t.Errorf("participants after the catch-up: %q, want carol's and alice's seats", names)
	}
	if got := e.dmTexts(carolID); len(got) != 0 {
		t.Errorf("carol was written to: %q", got)
	}
	// Alice's mark is caught up (she was in already), so it counts from now.
	if got := e.dmTexts(aliceID); len(got) != 1 || !strings.HasPrefix(got[0], "You already have a seat") {
		t.Errorf("alice's DMs: %q", got)
	}
	e.restart()
	if w := e.workshop(wid); w.Joined != 2 {
		t.Errorf("%d joined after a second restart, want 2", w.Joined)
	}
}

// (d) A forgotten member's mark, still on the event, does not bring them
// back as a new member; someone else's new mark still counts.
func TestEventCatchUpForgotten(t *testing.T) {
	t.Parallel()
	e := newCatchUpEnv(t)
	wid, _ := e.createWorkshop("QGIS", 0)
	ev := e.sessionEvent(wid)
	if err := e.fake.EventInterest(ev, aliceID, true); err != nil {
		t.Fatal(err)
	}
	e.await("alice's live join, recorded", func() bool {
		return e.workshop(wid).Joined == 1 && len(e.recordedInterest(ev)) == 1
	})
	_, cb := e.command(aliceID, "en-US", "atelier", subc("forget"))
	bs := discordfake.Buttons(cb.Decode().Components)
	if len(bs) == 0 || !strings.HasPrefix(bs[0].CustomID, "atelier forget confirm ") {
		t.Fatalf("forget answer: %+v", cb.Decode())
	}
	code := strings.TrimPrefix(bs[0].CustomID, "atelier forget confirm ")
	if got := e.text(aliceID, "atelier", subc("forget", str("code", code))); !strings.HasPrefix(got, "Done: the community has forgotten you.") {
		t.Fatalf("forget: %q", got)
	}
	if got := e.recordedInterest(ev); len(got) != 0 {
		t.Errorf("alice's id still recorded: %q", got)
	}
	// Her seat in the session to come is freed (issue 13).
	if w := e.workshop(wid); w.Joined != 0 {
		t.Errorf("%d seated after forget, want 0", w.Joined)
	}
	counts, err := e.db.Counts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	dms := len(e.dmTexts(aliceID))

	e.stop()
	e.markWhileDown(ev, carolID, true)
	e.start()
	e.await("carol's join caught up", func() bool { return e.workshop(wid).Joined == 1 && len(e.dmTexts(carolID)) == 1 })
	e.awaitCatchUp(2)
	after, err := e.db.Counts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if after["members"] != counts["members"]+1 {
		t.Errorf("members %d, want %d (carol only): the forgotten member came back", after["members"], counts["members"]+1)
	}
	for _, p := range e.workshop(wid).Participants {
		if p.Name != "user"+carolID {
			t.Errorf("participant %q", p.Name)
		}
	}
	if got := e.dmTexts(aliceID); len(got) != dms {
		t.Errorf("the forgotten member was written to: %q", got[dms:])
	}
}

// (e) More than a page of marks: the list is read 100 at a time.
func TestEventCatchUpPages(t *testing.T) {
	t.Parallel()
	e := newCatchUpEnv(t)
	wid, _ := e.createWorkshop("QGIS", 0)
	ev := e.sessionEvent(wid)
	e.stop()
	var users []string
	for i := range 150 {
		u := snowflake(1800000000000000000 + int64(i))
		users = append(users, u)
		e.markWhileDown(ev, u, true)
	}
	e.start()
	e.await("150 joins caught up", func() bool { return e.workshop(wid).Joined == 150 })
	e.awaitCatchUp(2)
	lists := e.fake.Calls("GET", "^/guilds/"+discordfake.GuildID+"/scheduled-events/"+ev+"/users$")
	if len(lists) != 2 || lists[0].Query.Get("limit") != "100" || lists[1].Query.Get("after") != users[99] {
		t.Errorf("user list calls: %+v", lists)
	}
	if got := e.recordedInterest(ev); !reflect.DeepEqual(got, users) {
		t.Errorf("recorded %d users, want the 150", len(got))
	}
	if got := e.dmTexts(users[149]); len(got) != 1 {
		t.Errorf("the last user's DMs: %q", got)
	}
}

// (f) Catch-up joins respect the capacity: beyond it, the waitlist, in
// the order Discord lists the users.
func TestEventCatchUpCapacity(t *testing.T) {
	t.Parallel()
	e := newCatchUpEnv(t)
	wid, _ := e.createWorkshop("QGIS", 2)
	ev := e.sessionEvent(wid)
	e.stop()
	for _, u := range []string{carolID, aliceID, bobID, staffID} {
		e.markWhileDown(ev, u, true)
	}
	e.start()
	e.await("two seats and two in line", func() bool {
		w := e.workshop(wid)
		return w.Joined == 2 && w.Waitlisted == 2
	})
	e.awaitCatchUp(2)
	for _, x := range []struct{ user, dm string }{
		{staffID, "You have a seat in workshop #1 QGIS."},
		{aliceID, "You have a seat in workshop #1 QGIS."},
		{bobID, "Workshop #1 is full: you are number 1 on the waitlist."},
		{carolID, "Workshop #1 is full: you are number 2 on the waitlist."},
	} {
		if got := e.dmTexts(x.user); len(got) != 1 || !strings.HasPrefix(got[0], x.dm) {
			t.Errorf("%s's DMs: %q, want %q", x.user, got, x.dm)
		}
	}
}

// An event deleted on Discord answers 404: it is skipped, and the other
// events are caught up.
func TestEventCatchUpDeletedEvent(t *testing.T) {
	t.Parallel()
	e := newCatchUpEnv(t)
	wid, _ := e.createWorkshop("QGIS", 0)
	gone := e.sessionEvent(wid)
	ev := e.sessionEvent(wid)
	e.stop()
	e.fake.DeleteEvent(gone)
	e.markWhileDown(ev, aliceID, true)
	e.start()
	e.await("alice's join through the other event", func() bool { return e.workshop(wid).Joined == 1 })
	e.awaitCatchUp(2)
	if c := e.fake.Calls("GET", "^/guilds/"+discordfake.GuildID+"/scheduled-events/"+gone+"/users$"); len(c) != 1 || c[0].Status != 404 {
		t.Errorf("list of the deleted event: %+v", c)
	}
	if logs := e.logs.String(); strings.Contains(logs, "discord: catch up event interest") || !strings.Contains(logs, summary(2, 1)) {
		t.Errorf("logs:\n%s", logs)
	}
}
