package storage

import (
	"reflect"
	"testing"
	"time"
)

// Interest in Discord events the bot acted on is recorded per event and
// user, goes with the event's row, and a forgotten member's becomes a hash.
func TestDiscordEventInterest(t *testing.T) {
	ctx := t.Context()
	db := MustOpenDB(t)
	host := mustMember(t, db, "U1", "Alice")
	w := mustWorkshop(t, db, host.ID, "QGIS", 0)
	s1 := mustSession(t, db, w.ID, testNow.Add(24*time.Hour), time.Hour)
	s2 := mustSession(t, db, w.ID, testNow.Add(48*time.Hour), time.Hour)
	for _, e := range []DiscordEvent{
		{GuildID: "G1", SessionID: s1.ID, WorkshopID: w.ID, EventID: "E1"},
		{GuildID: "G1", SessionID: s2.ID, WorkshopID: w.ID, EventID: "E2"},
	} {
		if err := db.SaveDiscordEvent(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.RecordDiscordEventInterest(ctx, "G1", "E9", "D1", true); err == nil {
		t.Error("interest in an unknown event was recorded")
	}
	for _, x := range []struct {
		event, user string
		added       bool
	}{
		{"E1", "D2", true}, {"E1", "D1", true}, {"E1", "D1", true}, {"E1", "D3", true}, {"E1", "D3", false},
		{"E1", "D4", false}, {"E2", "D1", true}, {"E2", "D2", true},
	} {
		if err := db.RecordDiscordEventInterest(ctx, "G1", x.event, x.user, x.added); err != nil {
			t.Fatal(err)
		}
	}
	got, err := db.DiscordEventInterest(ctx, "G1", "E1")
	if err != nil || !reflect.DeepEqual(got, []string{"D1", "D2"}) {
		t.Errorf("interest in E1 = %q, %v; want D1, D2", got, err)
	}
	if got, err := db.DiscordEventInterest(ctx, "G2", "E1"); err != nil || len(got) != 0 {
		t.Errorf("interest in another guild = %q, %v", got, err)
	}

	// D1 is a member who asks to be forgotten: their marks become hashes.
	d1, err := db.ResolveMember(ctx, Identity{Platform: "discord", Workspace: "G1", UserID: "D1"}, "Dee", false, "")
	if err != nil {
		t.Fatal(err)
	}
	code, _, err := db.NewForgetCode(ctx, d1.ID, "discord")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Forget(ctx, d1.ID, code); err != nil {
		t.Fatal(err)
	}
	for _, e := range []string{"E1", "E2"} {
		got, err := db.DiscordEventInterest(ctx, "G1", e)
		if err != nil || !reflect.DeepEqual(got, []string{"D2"}) {
			t.Errorf("interest in %s after forget = %q, %v; want D2", e, got, err)
		}
		hashes, err := db.ForgottenDiscordEventInterest(ctx, "G1", e)
		if err != nil || !reflect.DeepEqual(hashes, map[string]bool{ReactorHash("discord", "D1"): true}) {
			t.Errorf("forgotten interest in %s = %v, %v", e, hashes, err)
		}
	}

	// The rows go with their event's.
	if _, err := db.write.ExecContext(ctx, `DELETE FROM discord_events WHERE event_id = 'E2'`); err != nil {
		t.Fatal(err)
	}
	c := mustCounts(t, db)
	if c["discord_event_interest"] != 1 || c["forgotten_event_interest"] != 1 {
		t.Errorf("after the event's row went: %d interest rows, %d forgotten; want 1, 1", c["discord_event_interest"], c["forgotten_event_interest"])
	}
}

// Only events whose interest still means something are caught up: not
// cancelled, of an open workshop, session not cancelled nor over.
func TestDiscordEventsToCatchUp(t *testing.T) {
	ctx := t.Context()
	db := MustOpenDB(t)
	host := mustMember(t, db, "U1", "Alice")
	open := mustWorkshop(t, db, host.ID, "QGIS", 0)
	closed := mustWorkshop(t, db, host.ID, "Rust", 0)
	soon := mustSession(t, db, open.ID, testNow.Add(2*time.Hour), time.Hour)
	later := mustSession(t, db, open.ID, testNow.Add(48*time.Hour), time.Hour)
	running := mustSession(t, db, open.ID, testNow.Add(time.Hour), 2*time.Hour)
	dropped := mustSession(t, db, open.ID, testNow.Add(72*time.Hour), time.Hour)
	ofClosed := mustSession(t, db, closed.ID, testNow.Add(24*time.Hour), time.Hour)
	mustSession(t, db, open.ID, testNow.Add(96*time.Hour), time.Hour) // no event: nothing to catch up
	for _, e := range []DiscordEvent{
		{GuildID: "G1", SessionID: later.ID, WorkshopID: open.ID, EventID: "later"},
		{GuildID: "G1", SessionID: soon.ID, WorkshopID: open.ID, EventID: "soon"},
		{GuildID: "G1", SessionID: running.ID, WorkshopID: open.ID, EventID: "running"},
		{GuildID: "G1", SessionID: dropped.ID, WorkshopID: open.ID, EventID: "dropped"},
		{GuildID: "G1", SessionID: ofClosed.ID, WorkshopID: closed.ID, EventID: "closed"},
		{GuildID: "G2", SessionID: soon.ID, WorkshopID: open.ID, EventID: "elsewhere"},
	} {
		if err := db.SaveDiscordEvent(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.CancelSession(ctx, open.ID, dropped.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := db.CancelWorkshop(ctx, closed.ID); err != nil {
		t.Fatal(err)
	}
	// A cancelled event (its row says so) is left alone too.
	cancelled := mustSession(t, db, open.ID, testNow.Add(120*time.Hour), time.Hour)
	if err := db.SaveDiscordEvent(ctx, DiscordEvent{GuildID: "G1", SessionID: cancelled.ID, WorkshopID: open.ID, EventID: "cancelled", Cancelled: true}); err != nil {
		t.Fatal(err)
	}

	ids := func() []string {
		t.Helper()
		evs, err := db.DiscordEventsToCatchUp(ctx, "G1")
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, e := range evs {
			if e.GuildID != "G1" || e.WorkshopID != open.ID {
				t.Errorf("event %+v", e)
			}
			out = append(out, e.EventID)
		}
		return out
	}
	if got := ids(); !reflect.DeepEqual(got, []string{"running", "soon", "later"}) {
		t.Errorf("events to catch up = %q, want running, soon, later", got)
	}
	// Three hours later the first two have ended; "later" has not.
	setNow(db, testNow.Add(3*time.Hour))
	if got := ids(); !reflect.DeepEqual(got, []string{"later"}) {
		t.Errorf("events to catch up later = %q, want later", got)
	}
}
