package scheduler

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/atelier-bot/atelier/commands"
	"github.com/atelier-bot/atelier/storage"
)

// Whole-day offsets count calendar days on the reader's wall clock; other
// offsets are real time. Across a change of clocks the 24h reminder is
// then 23 or 25 hours of real time before the session, at the session's
// own local hour the day before.
func TestReminderInstantsAcrossDST(t *testing.T) {
	for _, tc := range []struct {
		name       string
		now        time.Time
		when       string // as staff types it, in Paris
		start      time.Time
		want24, w1 time.Time // in UTC
		realHours  float64   // start − 24h reminder, in real hours
	}{
		{"autumn, the night of the change between", parisTime(2026, 10, 20, 12, 0), "2026-10-25 10:00",
			time.Date(2026, 10, 25, 9, 0, 0, 0, time.UTC), time.Date(2026, 10, 24, 8, 0, 0, 0, time.UTC), time.Date(2026, 10, 25, 8, 0, 0, 0, time.UTC), 25},
		{"autumn, Monday after the change", parisTime(2026, 10, 20, 12, 0), "2026-10-26 10:00",
			time.Date(2026, 10, 26, 9, 0, 0, 0, time.UTC), time.Date(2026, 10, 25, 9, 0, 0, 0, time.UTC), time.Date(2026, 10, 26, 8, 0, 0, 0, time.UTC), 24},
		{"spring, the night of the change between", parisTime(2026, 3, 20, 12, 0), "2026-03-29 10:00",
			time.Date(2026, 3, 29, 8, 0, 0, 0, time.UTC), time.Date(2026, 3, 28, 9, 0, 0, 0, time.UTC), time.Date(2026, 3, 29, 7, 0, 0, 0, time.UTC), 23},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, tc.now)
			e.must("admin", "workshop create QGIS", "Workshop #1 created")
			e.must("admin", "workshop schedule 1 "+tc.when+" 1h30 Salle 2", "Session added")
			e.must("alice", "workshop join 1", "You have a seat")
			alice := "alice"
			wantStrings(t, "pending reminders", e.pending(storage.NoteReminder), []string{
				alice + " 1h " + tc.w1.Format("2006-01-02 15:04"),
				alice + " 24h " + tc.want24.Format("2006-01-02 15:04"),
			})
			if got := tc.start.Sub(tc.want24).Hours(); got != tc.realHours {
				t.Fatalf("test case: %v real hours, want %v", got, tc.realHours)
			}
			if l := tc.want24.In(paris); l.Hour() != 10 || l.Day() != tc.start.In(paris).Day()-1 {
				t.Errorf("24h reminder at %s local, want 10:00 the day before", l)
			}
			if got := e.at(tc.want24.Add(-time.Second)); len(got) != 0 {
				t.Errorf("a second early: sent %q", texts(got))
			}
			got := e.at(tc.want24)
			wantStrings(t, "at the 24h instant", texts(got), []string{"alice: ⏰ Reminder: workshop #1 QGIS starts " + tc.start.Format("2006-01-02 15:04") + "."})
			if len(got) == 1 {
				c := got[0].Msg.Cards
				if len(c) != 1 || len(c[0].Buttons) == 0 || c[0].Buttons[0].Line != "workshop leave 1" || c[0].Fields[1].Value != "Salle 2" ||
					got[0].To != (commands.Target{Platform: "console", Workspace: "local", UserID: "alice"}) || got[0].Msg.Lang != commands.EN {
					t.Errorf("reminder = %+v to %+v", got[0].Msg, got[0].To)
				}
			}
			if got := e.at(tc.w1.Add(-time.Second)); len(got) != 0 {
				t.Errorf("before the 1h instant: sent %q", texts(got))
			}
			if got := e.at(tc.w1); len(got) != 1 {
				t.Errorf("at the 1h instant: sent %q, want the 1h reminder", texts(got))
			}
			if got := e.at(tc.start.Add(48 * time.Hour)); len(got) != 0 {
				t.Errorf("afterwards: sent %q", texts(got))
			}
		})
	}
}

// A member's own zone decides the calendar day of a whole-day offset.
func TestReminderInMemberZone(t *testing.T) {
	e := newEnv(t, parisTime(2026, 10, 20, 12, 0))
	e.must("admin", "workshop create QGIS", "Workshop #1 created")
	e.must("admin", "workshop schedule 1 2026-10-25 10:00", "Session added")
	e.must("bob", "me timezone America/Montreal", "Profile updated")
	e.must("bob", "me language fr", "Profil")
	e.must("bob", "workshop join 1", "place")
	// 10:00 Paris (CET) is 05:00 in Montreal (EDT, no change until
	// November): the day before at 05:00 Montreal is 09:00 UTC, 24 hours.
	wantStrings(t, "bob's reminders", e.pending(storage.NoteReminder), []string{"bob 1h 2026-10-25 08:00", "bob 24h 2026-10-24 09:00"})
	got := e.at(time.Date(2026, 10, 24, 9, 0, 0, 0, time.UTC))
	if len(got) != 1 || got[0].Msg.Lang != commands.FR || got[0].Msg.Loc.String() != "America/Montreal" ||
		!strings.HasPrefix(got[0].Msg.Text, "⏰ Rappel : l'atelier #1 QGIS commence") {
		t.Errorf("sent %+v", got)
	}
}

func TestRescheduleMovesReminders(t *testing.T) {
	e := newEnv(t, parisTime(2026, 11, 2, 9, 0))
	e.must("admin", "workshop create QGIS", "Workshop #1 created")
	e.must("admin", "workshop schedule 1 2026-11-10 14:00", "Session added")
	e.must("alice", "workshop join 1", "seat")
	e.must("bob", "workshop join 1", "seat")
	wantStrings(t, "before", e.pending(storage.NoteReminder), []string{
		"alice 1h 2026-11-10 12:00", "alice 24h 2026-11-09 13:00", "bob 1h 2026-11-10 12:00", "bob 24h 2026-11-09 13:00"})

	e.must("admin", "workshop reschedule 1 2026-11-12 16:00 Salle 3", "moves to")
	wantStrings(t, "after", e.pending(storage.NoteReminder), []string{
		"alice 1h 2026-11-12 14:00", "alice 24h 2026-11-11 15:00", "bob 1h 2026-11-12 14:00", "bob 24h 2026-11-11 15:00"})
	// Participants hear of the move at once.
	wantStrings(t, "move messages", texts(e.at(parisTime(2026, 11, 2, 9, 0))), []string{
		"alice: 📅 Workshop #1 QGIS: the session of 2026-11-10 13:00 moves to 2026-11-12 15:00.",
		"bob: 📅 Workshop #1 QGIS: the session of 2026-11-10 13:00 moves to 2026-11-12 15:00.",
	})
	// Nothing at the old times; the reminders at the new ones, new place.
	if got := e.at(time.Date(2026, 11, 10, 13, 30, 0, 0, time.UTC)); len(got) != 0 {
		t.Errorf("old times: sent %q", texts(got))
	}
	got := e.at(time.Date(2026, 11, 11, 15, 0, 0, 0, time.UTC))
	if len(got) != 2 || got[0].Msg.Cards[0].Fields[1].Value != "Salle 3" {
		t.Errorf("new 24h reminders: %q", texts(got))
	}
	// A second move while a reminder was already sent: the new time gets
	// its reminders again (the key carries the session's sequence).
	e.must("admin", "workshop reschedule 1 2026-11-20 10:00", "moves to")
	wantStrings(t, "after the second move", e.pending(storage.NoteReminder), []string{
		"alice 1h 2026-11-20 08:00", "alice 24h 2026-11-19 09:00", "bob 1h 2026-11-20 08:00", "bob 24h 2026-11-19 09:00"})
}

func TestCancelRemovesReminders(t *testing.T) {
	e := newEnv(t, parisTime(2026, 11, 2, 9, 0))
	e.must("admin", "workshop create QGIS", "Workshop #1 created")
	e.must("admin", "workshop schedule 1 2026-11-10 14:00", "Session added")
	e.must("admin", "workshop schedule 1 2026-11-17 14:00", "Session added")
	e.must("alice", "workshop join 1", "seat")
	e.must("admin", "workshop unschedule 1", "is cancelled")
	wantStrings(t, "after cancelling the first session", e.pending(storage.NoteReminder), []string{"alice 1h 2026-11-17 12:00", "alice 24h 2026-11-16 13:00"})
	wantStrings(t, "told", texts(e.at(parisTime(2026, 11, 2, 9, 0))), []string{"alice: Workshop #1 QGIS: the session of 2026-11-10 13:00 is cancelled."})

	e.must("admin", "workshop cancel 1", "is cancelled")
	wantStrings(t, "after cancelling the workshop", e.pending(storage.NoteReminder), nil)
	wantStrings(t, "told", texts(e.at(parisTime(2026, 11, 2, 9, 1))), []string{"alice: Workshop #1 QGIS is cancelled. Sorry for the change of plans."})
	if got := e.at(parisTime(2026, 11, 30, 0, 0)); len(got) != 0 {
		t.Errorf("after: sent %q", texts(got))
	}
}

func TestLeaveAndPromotion(t *testing.T) {
	e := newEnv(t, parisTime(2026, 11, 2, 9, 0))
	e.must("admin", "workshop create capacity 1 QGIS", "Workshop #1 created")
	e.must("admin", "workshop schedule 1 2026-11-10 14:00", "Session added")
	e.must("alice", "workshop join 1", "seat")
	e.must("bob", "workshop join 1", "waitlist")
	wantStrings(t, "only the seated", e.pending(storage.NoteReminder), []string{"alice 1h 2026-11-10 12:00", "alice 24h 2026-11-09 13:00"})
	e.clock.set(parisTime(2026, 11, 3, 9, 0))
	e.must("alice", "workshop leave 1", "moved from the waitlist")
	wantStrings(t, "bob's now", e.pending(storage.NoteReminder), []string{"bob 1h 2026-11-10 12:00", "bob 24h 2026-11-09 13:00"})
	// Bob hears it at once, with the session and a Leave button.
	got := e.at(parisTime(2026, 11, 3, 9, 0))
	wantStrings(t, "promotion", texts(got), []string{"bob: 🎉 A seat freed up in workshop #1 QGIS: it is yours."})
	if len(got) == 1 && (len(got[0].Msg.Cards) != 1 || got[0].Msg.Cards[0].Buttons[0].Line != "workshop leave 1") {
		t.Errorf("promotion card %+v", got[0].Msg.Cards)
	}
}

func TestRemindersOff(t *testing.T) {
	e := newEnv(t, parisTime(2026, 11, 2, 9, 0))
	e.must("admin", "workshop create QGIS", "Workshop #1 created")
	e.must("admin", "workshop schedule 1 2026-11-10 14:00", "Session added")
	e.must("alice", "me reminders off", "Session reminders are off")
	e.must("alice", "workshop join 1", "seat")
	e.must("bob", "workshop join 1", "seat")
	wantStrings(t, "off: none for alice", e.pending(storage.NoteReminder), []string{"bob 1h 2026-11-10 12:00", "bob 24h 2026-11-09 13:00"})
	e.must("bob", "me reminders off", "off")
	wantStrings(t, "bob's removed", e.pending(storage.NoteReminder), nil)
	e.must("alice", "me rappels on", "on")
	wantStrings(t, "alice on again", e.pending(storage.NoteReminder), []string{"alice 1h 2026-11-10 12:00", "alice 24h 2026-11-09 13:00"})
	got := e.at(time.Date(2026, 11, 10, 12, 0, 0, 0, time.UTC))
	// The 24h one went out late, superseded by the 1h one: one message.
	wantStrings(t, "sent", texts(got), []string{"alice: ⏰ Reminder: workshop #1 QGIS starts 2026-11-10 13:00."})
	e.must("carol", "me reminders maybe", "Say `/me reminders on`")
}

// After downtime: what is still useful goes out, saying it is late; what is
// not is skipped.
func TestCatchUpAfterDowntime(t *testing.T) {
	e := newEnv(t, parisTime(2026, 11, 2, 9, 0))
	e.must("admin", "workshop create QGIS", "Workshop #1 created")
	e.must("admin", "workshop schedule 1 2026-11-10 14:00", "Session added") // 13:00 UTC
	e.must("admin", "workshop schedule 1 2026-11-12 14:00", "Session added")
	e.must("alice", "workshop join 1", "seat")
	// Down from before the first 24h reminder until 11:00 UTC on the 10th,
	// after it and before the 1h one: the 24h one goes out, late.
	e.restart()
	got := e.at(time.Date(2026, 11, 10, 11, 0, 0, 0, time.UTC))
	wantStrings(t, "late but useful", texts(got), []string{
		"alice: ⏰ Reminder: workshop #1 QGIS starts 2026-11-10 13:00.\n(Sent late: it was due 2026-11-09 13:00, when the bot was unavailable.)"})
	// Down again until after the session started: its 1h reminder is
	// skipped; both reminders of the second session were missed too and
	// only the nearest one goes out.
	e.restart()
	got = e.at(time.Date(2026, 11, 12, 12, 30, 0, 0, time.UTC))
	wantStrings(t, "after the start, two missed", texts(got), []string{
		"alice: ⏰ Reminder: workshop #1 QGIS starts 2026-11-12 13:00.\n(Sent late: it was due 2026-11-12 12:00, when the bot was unavailable.)"})
	ns, err := e.db.Outbox(e.ctx, storage.OutboxFilter{Kind: storage.NoteReminder})
	if err != nil {
		t.Fatal(err)
	}
	var states []string
	for _, n := range ns {
		states = append(states, n.Args.Offset+" "+n.State+" "+strings.Split(n.LastError, ":")[0])
	}
	wantStrings(t, "states", states, []string{"24h sent ", "1h skipped too late", "24h skipped superseded by the 1h reminder", "1h sent "})
	if st := e.s.Stats(); st.Sent != 1 || st.Skipped != 2 {
		t.Errorf("stats of the last run %+v", st)
	}
}

// A staff announcement on cron fires at its next run, again after a
// restart at the following one, and never twice for the same minute.
func TestCronAnnouncement(t *testing.T) {
	e := newEnv(t, parisTime(2026, 11, 2, 8, 30)) // a Monday
	r := e.must("admin", `announce schedule "0 9 * * MON,WED" announcements Office hours at 14:00!`, "Announcement #1 scheduled")
	// The next three runs, Monday, Wednesday, Monday, and the zone.
	if want := "Next posts: " + commands.TimeMark(parisTime(2026, 11, 2, 9, 0)) + " · " + commands.TimeMark(parisTime(2026, 11, 4, 9, 0)) +
		" · " + commands.TimeMark(parisTime(2026, 11, 9, 9, 0)) + ".\nTimes read in Europe/Paris."; !strings.Contains(r.Text, want) {
		t.Errorf("reply %q lacks the next run", r.Text)
	}
	list := e.do("admin", "announce list").Text
	if !strings.Contains(list, "#1 `0 9 * * MON,WED` → announcements · next "+commands.TimeMark(parisTime(2026, 11, 2, 9, 0))+" · Office hours at 14:00!") {
		t.Errorf("list = %q", list)
	}
	if got := e.at(parisTime(2026, 11, 2, 8, 59)); len(got) != 0 {
		t.Errorf("early: %q", texts(got))
	}
	if wait := e.clock.waiting(); len(wait) != 0 {
		t.Errorf("timers %v", wait)
	}
	wantStrings(t, "at 9:00", texts(e.at(parisTime(2026, 11, 2, 9, 0))), []string{"console:announcements: Office hours at 14:00!"})
	// Restarted within the same minute: no second post.
	e.restart()
	if got := e.at(parisTime(2026, 11, 2, 9, 0).Add(30 * time.Second)); len(got) != 0 {
		t.Errorf("restart in the same minute posted again: %q", texts(got))
	}
	// The next run, after another restart.
	e.restart()
	if got := e.at(parisTime(2026, 11, 4, 8, 59)); len(got) != 0 {
		t.Errorf("early: %q", texts(got))
	}
	wantStrings(t, "Wednesday", texts(e.at(parisTime(2026, 11, 4, 9, 0))), []string{"console:announcements: Office hours at 14:00!"})
	// Even the timer firing late, twice, and a second scheduler on the
	// same file do not post the minute again.
	other, err := New(e.db, e.opts)
	if err != nil {
		t.Fatal(err)
	}
	if err := other.Start(e.ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := other.Tick(e.ctx); err != nil {
		t.Fatal(err)
	}
	if got := e.at(parisTime(2026, 11, 4, 9, 1)); len(got) != 0 {
		t.Errorf("twice: %q", texts(got))
	}
	rows, err := e.db.Outbox(e.ctx, storage.OutboxFilter{Kind: storage.NoteAnnouncement})
	if err != nil || len(rows) != 2 {
		t.Fatalf("rows %d, %v", len(rows), err)
	}
	if rows[0].Key != "announce:id=1:at=2026-11-02T09:00:to=console/announcements" {
		t.Errorf("key %q", rows[0].Key)
	}
	// Paused: nothing; resumed: the runs missed meanwhile are not owed.
	e.must("admin", "announce pause 1", "paused")
	if got := e.at(parisTime(2026, 11, 9, 9, 0)); len(got) != 0 {
		t.Errorf("paused, posted %q", texts(got))
	}
	e.clock.set(parisTime(2026, 11, 10, 12, 0))
	e.must("admin", "announce resume 1", "next post "+commands.TimeMark(parisTime(2026, 11, 11, 9, 0)))
	if got := e.at(parisTime(2026, 11, 10, 12, 1)); len(got) != 0 {
		t.Errorf("resumed, posted the missed run: %q", texts(got))
	}
	if got := e.at(parisTime(2026, 11, 11, 9, 0)); len(got) != 1 {
		t.Errorf("resumed run: %q", texts(got))
	}
	e.must("admin", "announce delete 1", "deleted")
	if got := e.at(parisTime(2026, 11, 16, 9, 0)); len(got) != 0 {
		t.Errorf("deleted, posted %q", texts(got))
	}
}

// A run missed while the bot was down goes out once, if within the grace.
func TestAnnouncementMissedRuns(t *testing.T) {
	e := newEnv(t, parisTime(2026, 11, 2, 8, 0))
	e.must("admin", `announce schedule "*/10 * * * *" announcements Tick`, "scheduled")
	e.must("admin", `announce once "2026-11-02 12:00" announcements Lunch`, "will be posted")
	e.restart()
	// Down 8:00 to 9:05: six runs missed, one post, marked for 9:00.
	got := e.at(parisTime(2026, 11, 2, 9, 5))
	wantStrings(t, "one post for the missed runs", texts(got), []string{"console:announcements: Tick"})
	// Down past the one-off's grace: skipped.
	got = e.at(parisTime(2026, 11, 2, 13, 30))
	wantStrings(t, "late run posted, one-off past grace skipped", texts(got), []string{"console:announcements: Tick"})
	ns, _ := e.db.Outbox(e.ctx, storage.OutboxFilter{Kind: storage.NoteAnnouncement, State: storage.OutboxSkipped})
	if len(ns) != 1 || ns[0].Args.Text != "Lunch" {
		t.Errorf("skipped %+v", ns)
	}
	if list := e.do("admin", "announce list").Text; !strings.Contains(list, "#2 once → announcements · posted "+commands.TimeMark(parisTime(2026, 11, 2, 12, 0))) {
		t.Errorf("list %q", list)
	}
}

func TestAnnounceRefusals(t *testing.T) {
	e := newEnv(t, parisTime(2026, 11, 2, 8, 0))
	before, err := e.db.Counts(e.ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ user, line, want string }{
		{"admin", `announce schedule "61 * * * *" announcements Hi`, "`61` is not a valid minute (0-59). A cron spec is minute hour day month weekday"},
		{"admin", `announce schedule "0 9 * *" announcements Hi`, "`0 9 * *` has 4 fields; a schedule has five."},
		{"admin", `announce schedule "CRON_TZ=Mars/Base 0 9 * * *" announcements Hi`, "`Mars/Base` is not a time zone"},
		{"admin", `announce schedule "CRON_TZ=Europe/Paris" announcements Hi`, "has 0 fields; a schedule has five"},
		{"admin", `announce schedule "@every 10s" announcements Hi`, "That schedule fires more than once a minute"},
		{"admin", `announce schedule "0 9 * * *" nowhere Hi`, "`nowhere` is not a channel"},
		{"admin", `announce schedule "0 9 * * *" slack:C1 Hi`, "slack is not enabled on this bot."},
		{"admin", `announce schedule "0 9 * * *" jobs Hi`, "No `jobs` channel is configured"},
		{"admin", `announce schedule "0 9 * * *" announcements`, "Usage: `/announce schedule"},
		{"admin", `announce once 2026-11-01 10:00 announcements Hi`, "That time has passed."},
		{"alice", `announce schedule "0 9 * * *" announcements Hi`, "Only staff can do that."},
		{"admin", "announce pause 9", "No announcement has that id."},
	} {
		if got := e.do(c.user, c.line).Text; !strings.Contains(got, c.want) {
			t.Errorf("%s:\n got %q\nwant %q", c.line, got, c.want)
		}
	}
	if got := e.do("admin", `announce schedule "61 * * * *" announcements Hi`).Text; !strings.Contains(got, "`0 9 * * lundi` is Mondays at 9:00") {
		t.Errorf("no example in %q", got)
	}
	after, err := e.db.Counts(e.ctx)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range before {
		if k != "members" && k != "identities" && after[k] != v {
			t.Errorf("%s: %d rows, was %d: a refused command wrote", k, after[k], v)
		}
	}
	// A bad job spec stops the scheduler from starting, naming it.
	_, err = New(e.db, Options{Digest: "every monday"})
	if err == nil || !strings.Contains(err.Error(), `scheduler: digest schedule "every monday": expected exactly 5 fields`) {
		t.Errorf("New with a bad digest spec: %v", err)
	}
}

// Unquoted five-field specs, CRON_TZ and French input.
func TestAnnounceForms(t *testing.T) {
	e := newEnv(t, parisTime(2026, 11, 2, 8, 0))
	e.must("admin", "announce schedule 0 18 * * FRI announcements Apéro!\nSecond line", "Next posts: "+commands.TimeMark(parisTime(2026, 11, 6, 18, 0)))
	e.must("admin", "annonce planifier CRON_TZ=America/Montreal 0 9 * * * console Bonjour", "Next posts: "+commands.TimeMark(time.Date(2026, 11, 2, 14, 0, 0, 0, time.UTC)))
	e.must("admin", "announce once tomorrow 9am announcements See you", "on "+commands.TimeMark(parisTime(2026, 11, 3, 9, 0)))
	// French and English day and month names, full or short, in any case.
	for spec, runs := range map[string][3]time.Time{
		"0 9 * * lundi,mercredi":   {parisTime(2026, 11, 2, 9, 0), parisTime(2026, 11, 4, 9, 0), parisTime(2026, 11, 9, 9, 0)},
		"30 8 * * Lun-Ven":         {parisTime(2026, 11, 2, 8, 30), parisTime(2026, 11, 3, 8, 30), parisTime(2026, 11, 4, 8, 30)},
		"0 10 1 janvier,juillet *": {parisTime(2027, 1, 1, 10, 0), parisTime(2027, 7, 1, 10, 0), parisTime(2028, 1, 1, 10, 0)},
		"0 10 * Déc dimanche":      {parisTime(2026, 12, 6, 10, 0), parisTime(2026, 12, 13, 10, 0), parisTime(2026, 12, 20, 10, 0)},
		"0 10 * * sunday":          {parisTime(2026, 11, 8, 10, 0), parisTime(2026, 11, 15, 10, 0), parisTime(2026, 11, 22, 10, 0)},
	} {
		want := commands.TimeMark(runs[0]) + " · " + commands.TimeMark(runs[1]) + " · " + commands.TimeMark(runs[2])
		e.must("admin", "annonce planifier "+spec+" announcements Bonjour", want)
	}
	for spec, want := range map[string]string{
		"0 9 * * funday": "`funday` is not a valid weekday",
		"0 9 * lundi *":  "`lundi` is not a valid month",
		"0 25 * * lundi": "`25` is not a valid hour (0-23)",
		"0 9 32 * *":     "`32` is not a valid day of the month",
	} {
		if got := e.do("admin", "announce schedule "+spec+" announcements Hi").Text; !strings.Contains(got, want) {
			t.Errorf("%s: %q, want %q", spec, got, want)
		}
	}
	as, err := e.db.Announcements(e.ctx)
	if err != nil || len(as) != 8 || as[0].Text != "Apéro!\nSecond line" || as[0].Spec != "0 18 * * FRI" || as[1].Targets != "console" {
		t.Fatalf("%+v %v", as, err)
	}
}

func TestRetriesAndFailures(t *testing.T) {
	e := newEnv(t, parisTime(2026, 11, 2, 9, 0), func(o *Options) { o.MaxAttempts = 3 })
	e.must("admin", `announce once "2026-11-02 10:00" announcements One`, "will be posted")
	e.must("admin", `announce once "2026-11-02 10:00" console Two`, "will be posted")
	calls := 0
	e.sender.fail = func(to commands.Target, msg commands.Reply) error {
		switch msg.Text {
		case "Two":
			calls++
			return Permanent(errors.New("channel_not_found"))
		case "One":
			calls++
			return errors.New("503")
		}
		return nil // the staff's warnings about the failed channel posts
	}
	base := parisTime(2026, 11, 2, 10, 0)
	e.at(base)
	if calls != 2 {
		t.Fatalf("calls %d", calls)
	}
	// Backoff 30s, then 60s; the third failure is the last.
	e.at(base.Add(29 * time.Second))
	e.at(base.Add(30 * time.Second))
	e.at(base.Add(89 * time.Second))
	e.at(base.Add(90 * time.Second))
	if calls != 4 {
		t.Errorf("calls %d after the retries, want 4", calls)
	}
	ns, _ := e.db.Outbox(e.ctx, storage.OutboxFilter{Kind: storage.NoteAnnouncement})
	var got []string
	for _, n := range ns {
		got = append(got, fmt.Sprintf("%s %s %d %s", n.Args.Text, n.State, n.Attempts, n.LastError))
	}
	wantStrings(t, "rows", got, []string{"One failed 3 503", "Two failed 1 channel_not_found"})
	if st := e.s.Stats(); st.Failed != 2 || st.Retried != 2 {
		t.Errorf("stats %+v", st)
	}
}

// A Retry-After answer holds the platform and sends the same row again,
// not counted as a failure.
func TestRetryAfter(t *testing.T) {
	e := newEnv(t, parisTime(2026, 11, 2, 9, 0), func(o *Options) { o.MaxInlineWait = time.Second })
	for i := range 3 {
		e.must("admin", fmt.Sprintf(`announce once "2026-11-02 10:00" announcements N%d`, i), "will be posted")
	}
	limited := true
	e.sender.fail = func(to commands.Target, msg commands.Reply) error {
		if msg.Text == "N1" && limited {
			limited = false
			return fmt.Errorf("slack: %w", &RetryAfter{Delay: 30 * time.Second})
		}
		return nil
	}
	base := parisTime(2026, 11, 2, 10, 0)
	wantStrings(t, "before the limit", texts(e.at(base)), []string{"console:announcements: N0"})
	ns, _ := e.db.Outbox(e.ctx, storage.OutboxFilter{State: storage.OutboxPending})
	if len(ns) != 2 || !ns[0].DueAt.Equal(base.Add(30*time.Second)) || ns[0].Attempts != 0 {
		t.Fatalf("held rows %+v", ns)
	}
	if got := e.at(base.Add(29 * time.Second)); len(got) != 0 {
		t.Errorf("during the hold: %q", texts(got))
	}
	wantStrings(t, "after the hold", texts(e.at(base.Add(30*time.Second))), []string{"console:announcements: N1", "console:announcements: N2"})
}

// A destination that cannot take a row yet (a channel at its pace) gives
// that row and the batch's other rows for it back for later, untried and
// uncounted, while the rest of the batch goes out: a channel's backlog
// does not hold others.
func TestNotBefore(t *testing.T) {
	e := newEnv(t, parisTime(2026, 11, 2, 9, 0))
	e.must("admin", "workshop create QGIS", "Workshop #1 created")
	e.must("admin", "workshop schedule 1 2026-11-02 11:00", "Session added")
	e.must("alice", "workshop join 1", "seat")
	for _, a := range []string{"N0", "N1"} {
		e.must("admin", `announce once "2026-11-02 10:00" announcements `+a, "will be posted")
	}
	busy, tried := true, []string{}
	e.sender.fail = func(to commands.Target, msg commands.Reply) error {
		if to.Channel == "announcements" {
			tried = append(tried, msg.Text)
			if busy {
				busy = false
				return fmt.Errorf("slack: %w", &NotBefore{Delay: 4500 * time.Millisecond})
			}
		}
		return nil
	}
	base := parisTime(2026, 11, 2, 10, 0)
	got := e.at(base)
	if len(got) != 1 || got[0].To.UserID == "" || !strings.Contains(got[0].Msg.Text, "QGIS") {
		t.Fatalf("while the channel is busy: %q, want alice's reminder", texts(got))
	}
	wantStrings(t, "tried in the channel", tried, []string{"N0"})
	ns, _ := e.db.Outbox(e.ctx, storage.OutboxFilter{State: storage.OutboxPending})
	var held []storage.Note
	for _, n := range ns {
		if n.To.Channel == "announcements" {
			held = append(held, n)
		}
	}
	if len(held) != 2 || !held[0].DueAt.Equal(base.Add(5*time.Second)) || !held[1].DueAt.Equal(base.Add(5*time.Second)) || held[0].Attempts != 0 || held[1].Attempts != 0 {
		t.Fatalf("given back %+v", held)
	}
	if got := e.at(base.Add(4 * time.Second)); len(got) != 0 {
		t.Errorf("before its turn: %q", texts(got))
	}
	wantStrings(t, "its turn", texts(e.at(base.Add(5*time.Second))), []string{"console:announcements: N0", "console:announcements: N1"})
	if st := e.s.Stats(); st.Failed != 0 || st.Retried != 0 || st.RateLimited != 0 {
		t.Errorf("stats %+v", st)
	}
}

// Run waits on a timer to the next due row, not a poll, and a change that
// queues a row wakes it.
func TestRunWaitsAndWakes(t *testing.T) {
	e := newEnv(t, parisTime(2026, 11, 2, 9, 0))
	e.must("admin", "workshop create QGIS", "Workshop #1 created")
	e.must("admin", "workshop schedule 1 2026-11-10 14:00", "Session added")
	ctx, cancel := context.WithCancel(e.ctx)
	done := make(chan error)
	go func() { done <- e.s.Run(ctx) }()
	waitFor := func(what string, ok func() bool) {
		t.Helper()
		for range 500 {
			if ok() {
				return
			}
			time.Sleep(2 * time.Millisecond)
		}
		t.Fatalf("timed out waiting for %s", what)
	}
	// Nothing queued: it sleeps until the purge job or MaxSleep, an hour.
	waitFor("a timer", func() bool { return len(e.clock.waiting()) == 1 })
	if w := e.clock.waiting()[0]; !w.Equal(parisTime(2026, 11, 2, 10, 0)) {
		t.Errorf("timer at %s, want in an hour", w)
	}
	// A join queues reminders: the scheduler wakes and waits for the first.
	e.must("alice", "workshop join 1", "seat")
	waitFor("the timer to the reminder", func() bool {
		w := e.clock.waiting()
		return len(w) == 1 && w[0].Equal(time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC).Add(-time.Hour))
	})
	// Not exactly: the hour's cap is earlier than the reminder; move on.
	e.clock.set(time.Date(2026, 11, 9, 12, 59, 0, 0, time.UTC))
	waitFor("a timer to the 24h reminder", func() bool {
		w := e.clock.waiting()
		return len(w) == 1 && w[0].Equal(time.Date(2026, 11, 9, 13, 0, 0, 0, time.UTC))
	})
	e.clock.set(time.Date(2026, 11, 9, 13, 0, 0, 0, time.UTC))
	waitFor("the reminder", func() bool {
		e.sender.mu.Lock()
		defer e.sender.mu.Unlock()
		return len(e.sender.got) == 1
	})
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

func TestFeedbackNudgeDigest(t *testing.T) {
	e := newEnv(t, parisTime(2026, 11, 2, 8, 0), func(o *Options) {
		o.Feedback = "*/15 * * * *"
		o.Nudge = "0 10 * * *"
		o.NudgeAfter = 3 * 24 * time.Hour
		o.Digest = "0 9 * * MON"
		o.Name = "Data club"
	})
	e.must("alice", "problem post Missing values | gaps #timeseries", "Problem #1 posted")
	e.must("admin", "workshop create QGIS", "Workshop #1 created")
	e.must("admin", "workshop schedule 1 2026-11-02 10:00 1h", "Session added")
	e.must("bob", "workshop join 1", "seat")
	got := e.at(parisTime(2026, 11, 2, 9, 0))
	var digest []sent
	for _, s := range got {
		if s.To.Channel == "announcements" {
			digest = append(digest, s)
		}
	}
	wantStrings(t, "digest", texts(digest), []string{"console:announcements: 📰 This week in Data club\n\n" +
		"New problems, say “me too” or offer help:\n• #1 Missing values · #timeseries\n\n" +
		"Coming workshops:\n• #1 QGIS · 2026-11-02 09:00 · 1/unlimited seats\n\n`/problem show <id>` · `/workshop join <id>`"})
	// Feedback after the session ends at 11:00, on the next quarter.
	if got := e.at(parisTime(2026, 11, 2, 10, 59)); len(got) != 0 {
		t.Errorf("before the end: %q", texts(got))
	}
	got = e.at(parisTime(2026, 11, 2, 11, 0))
	// The host is asked who came, with a button per seated member; the
	// participant is asked whether it helped.
	wantStrings(t, "feedback", texts(got), []string{
		"admin: QGIS (2026-11-02 09:00) is over: who came? One tap per person; it feeds the sign-ups against attendance in the stats.",
		"bob: Thanks for coming to workshop #1 QGIS (2026-11-02 09:00)."})
	if len(got) == 2 {
		ask := got[0].Msg.Cards[0].Buttons
		if len(ask) != 2 || ask[0].Line != "workshop attended 1 all" || ask[1].Label != "✓ bob" {
			t.Errorf("attendance buttons %+v", ask)
		}
		e.must("admin", ask[1].Line, "Session 1 of workshop #1: 1 of 1 seated came (bob).")
		e.must("admin", "workshop attended 1 not bob", "0 of 1 seated came")
		e.must("admin", "workshop attended 1 zed", "Nobody called “zed” had a seat in session 1")
		e.must("admin", "workshop attended 1 all", "1 of 1 seated came")
		e.must("admin", "atelier stats 30d", "Attendance recorded for 1 sessions: 1 of 1 sign-ups came (100%).")
		bs := got[1].Msg.Cards[0].Buttons
		if len(bs) != 5 || bs[3].Line != "feedback 1 4" || bs[3].Label != "4" {
			t.Errorf("buttons %+v", bs)
		}
		e.must("bob", bs[3].Line, "Your 4/5 for session 1 is saved")
	}
	e.must("bob", "feedback 1 comment Very clear", "Your comment on session 1 is saved")
	e.must("alice", "feedback 1 5", "Only the session's participants")
	e.must("bob", "feedback 1 9", "Give a score from 1 to 5")
	fb, err := e.db.SessionFeedback(e.ctx, 1)
	if err != nil || len(fb) != 1 || fb[0].Score != 4 || fb[0].Comment != "Very clear" {
		t.Errorf("feedback %+v %v", fb, err)
	}
	if got := e.at(parisTime(2026, 11, 2, 11, 15)); len(got) != 0 {
		t.Errorf("asked twice: %q", texts(got))
	}
	// The problem has been quiet since 8:00 on the 2nd: nudged at 10:00 on
	// the 5th, once.
	if got := e.at(parisTime(2026, 11, 4, 10, 0)); len(got) != 0 {
		t.Errorf("nudged early: %q", texts(got))
	}
	got = e.at(parisTime(2026, 11, 5, 10, 0))
	wantStrings(t, "nudge", texts(got), []string{"alice: Your problem #1 Missing values has been quiet since 2026-11-02 07:00. Solved? Close it. Still stuck? Add details or tags so others can help."})
	if got := e.at(parisTime(2026, 11, 6, 10, 0)); len(got) != 0 {
		t.Errorf("nudged twice: %q", texts(got))
	}
}

// One session of a series: its member is reminded of it only, and gets
// the reminder; a seat freed in it goes to the first in its line, who is
// told with that session's card and gets that session's reminders.
func TestOneSessionReminders(t *testing.T) {
	e := newEnv(t, parisTime(2026, 11, 2, 9, 0))
	e.must("admin", "workshop create capacity 1 QGIS", "Workshop #1 created")
	e.must("admin", "workshop schedule 1 every Tuesday 14:00 for 2 sessions", "Series added")
	e.must("alice", "workshop join 1 session 2", "You have a seat in session 2")
	e.must("bob", "workshop join 1", "in line for: session 2")
	wantStrings(t, "reminders", e.pending(storage.NoteReminder), []string{
		"alice 1h 2026-11-10 12:00", "alice 24h 2026-11-09 13:00", "bob 1h 2026-11-03 12:00", "bob 24h 2026-11-02 13:00"})
	got := e.at(time.Date(2026, 11, 9, 13, 0, 0, 0, time.UTC))
	var alices []string
	for _, line := range texts(got) {
		if strings.HasPrefix(line, "alice:") {
			alices = append(alices, line)
		}
	}
	wantStrings(t, "alice's reminder sent", alices, []string{"alice: ⏰ Reminder: workshop #1 QGIS starts 2026-11-10 13:00."})

	e.must("alice", "workshop leave 1 session 2", "bob moved from the line to a seat in session 2")
	wantStrings(t, "bob's reminders now", e.pending(storage.NoteReminder), []string{"bob 1h 2026-11-10 12:00"})
	got = e.at(time.Date(2026, 11, 9, 13, 1, 0, 0, time.UTC))
	wantStrings(t, "promotion", texts(got), []string{"bob: 🎉 A seat freed up in session 2 of workshop #1 QGIS, 2026-11-10 13:00: it is yours."})
	if len(got) == 1 && (len(got[0].Msg.Cards) != 1 || got[0].Msg.Cards[0].Buttons[0].Line != "workshop leave 1 session 2") {
		t.Errorf("promotion card %+v", got[0].Msg.Cards)
	}
}
