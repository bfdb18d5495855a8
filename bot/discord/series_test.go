package discord

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/atelier-bot/atelier/bot/discord/discordfake"
	"github.com/atelier-bot/atelier/storage"
)

// A series is mirrored as one scheduled event per occurrence within the
// horizon, each at its wall-clock hour in the series' zone; a cancelled
// occurrence's event is cancelled, the others stay.
func TestSeriesScheduledEvents(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	wid, _ := e.createWorkshop("Reading group", 0)
	e.text(staffID, "me", subc("timezone", str("zone", "America/New_York")))
	got := e.text(staffID, "workshop", subc("schedule", integer("id", wid), str("when", "every other Wednesday at 12:30 for 6 sessions"),
		str("duration", "1h"), str("place", "Room 4")))
	if want := "Series added to workshop #" + strconv.FormatInt(wid, 10) + ": every other Wednesday at 12:30 (America/New_York)"; len(got) < len(want) || got[:len(want)] != want {
		t.Fatalf("schedule: %q", got)
	}
	// Eight weeks ahead: four of the six occurrences.
	e.await("the series' events", func() bool { return len(e.fake.Events()) == 4 })
	ny, _ := time.LoadLocation("America/New_York")
	var prev time.Time
	for i, ev := range e.fake.Events() {
		l := ev.ScheduledStartTime.In(ny)
		if l.Weekday() != time.Wednesday || l.Hour() != 12 || l.Minute() != 30 || ev.EntityMetadata.Location != "Room 4" ||
			ev.ScheduledEndTime == nil || !ev.ScheduledEndTime.Equal(ev.ScheduledStartTime.Add(time.Hour)) || ev.Name != "Reading group" {
			t.Errorf("event %d = %+v (local %s)", i, ev, l)
		}
		if i > 0 && ev.ScheduledStartTime.Sub(prev) < 13*24*time.Hour {
			t.Errorf("event %d only %s after the one before", i, ev.ScheduledStartTime.Sub(prev))
		}
		prev = ev.ScheduledStartTime
	}
	w := e.workshop(wid)
	e.text(staffID, "workshop", subc("unschedule", integer("id", wid), integer("session", w.Sessions[1].ID)))
	e.await("the second occurrence's event cancelled", func() bool {
		evs := e.fake.Events()
		return len(evs) == 4 && evs[1].Status == 4 && evs[0].Status == 1 && evs[2].Status == 1
	})
	rows, err := e.db.DiscordEvents(context.Background(), discordfake.GuildID, wid)
	if err != nil || len(rows) != 4 {
		t.Errorf("recorded events %d, %v", len(rows), err)
	}
}

// Through the fake Discord: /workshop join with a session takes a seat in
// that session only; the next member is put in its line, and a leave of
// that session gives them the seat.
func TestJoinOneSessionOnDiscord(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	wid, _ := e.createWorkshop("Reading group", 1)
	e.text(staffID, "workshop", subc("schedule", integer("id", wid), str("when", "every Tuesday at 18:00 for 3 sessions")))
	w := e.workshop(wid)
	sid := w.Sessions[1].ID
	n := strconv.FormatInt(sid, 10)
	got := e.text(aliceID, "workshop", subc("join", integer("id", wid), integer("session", sid)))
	if want := "You have a seat in session " + n + " of workshop #"; len(got) < len(want) || got[:len(want)] != want {
		t.Fatalf("join one session: %q", got)
	}
	got = e.text(bobID, "workshop", subc("join", integer("id", wid), integer("session", sid)))
	if want := "Session " + n + " of workshop #" + strconv.FormatInt(wid, 10) + " is full: you are number 1 in line"; len(got) < len(want) || got[:len(want)] != want {
		t.Fatalf("join a full session: %q", got)
	}
	got = e.text(aliceID, "workshop", subc("leave", integer("id", wid), integer("session", sid)))
	if want := "You left session " + n; len(got) < len(want) || got[:len(want)] != want {
		t.Fatalf("leave one session: %q", got)
	}
	// Alice's place is gone; Bob's, in line before, is a seat.
	if ms := e.workshop(wid).SessionMembers; len(ms) != 1 || ms[0].Session.ID != sid || ms[0].State != "joined" {
		t.Errorf("session members = %+v", ms)
	}
}

// "Interested" on one occurrence's scheduled event joins that session
// only, and taking it back leaves that session: each occurrence is its
// own event on Discord.
func TestEventInterestJoinsOneSession(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	wid, _ := e.createWorkshop("Reading group", 0)
	e.text(staffID, "workshop", subc("schedule", integer("id", wid), str("when", "every Tuesday at 18:00 for 3 sessions")))
	var rows []storage.DiscordEvent
	e.await("the series' events", func() bool {
		var err error
		rows, err = e.db.DiscordEvents(context.Background(), discordfake.GuildID, wid)
		return err == nil && len(rows) == 3
	})
	second := rows[1]
	if err := e.fake.EventInterest(second.EventID, bobID, true); err != nil {
		t.Fatal(err)
	}
	e.await("bob in the second session only", func() bool {
		ms := e.workshop(wid).SessionMembers
		return len(ms) == 1 && ms[0].Session.ID == second.SessionID && ms[0].State == "joined" && len(e.dmTexts(bobID)) == 1
	})
	if w := e.workshop(wid); len(w.Participants) != 0 {
		t.Errorf("bob joined the whole series: %+v", w.Participants)
	}
	if got, want := e.dmTexts(bobID)[0], "You have a seat in session "+strconv.FormatInt(second.SessionID, 10); len(got) < len(want) || got[:len(want)] != want {
		t.Errorf("bob's DM: %q", got)
	}
	if err := e.fake.EventInterest(second.EventID, bobID, false); err != nil {
		t.Fatal(err)
	}
	e.await("bob out of it", func() bool { return len(e.workshop(wid).SessionMembers) == 0 && len(e.dmTexts(bobID)) == 2 })
}
