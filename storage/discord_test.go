package storage

import (
	"reflect"
	"testing"
	"time"
)

func TestDiscordEvents(t *testing.T) {
	ctx := t.Context()
	db := MustOpenDB(t)
	host := mustMember(t, db, "U1", "Alice")
	w := mustWorkshop(t, db, host.ID, "QGIS", 0)
	other := mustWorkshop(t, db, host.ID, "Rust", 0)
	s1 := mustSession(t, db, w.ID, testNow.Add(24*time.Hour), time.Hour)
	s2 := mustSession(t, db, w.ID, testNow.Add(48*time.Hour), time.Hour)
	s3 := mustSession(t, db, other.ID, testNow.Add(48*time.Hour), time.Hour)

	if err := db.SaveDiscordEvent(ctx, DiscordEvent{GuildID: "G1", SessionID: s1.ID, WorkshopID: w.ID}); err == nil {
		t.Error("an event without an id was saved")
	}
	for _, e := range []DiscordEvent{
		{GuildID: "G1", SessionID: s2.ID, WorkshopID: w.ID, EventID: "E2", Signature: "b"},
		{GuildID: "G1", SessionID: s1.ID, WorkshopID: w.ID, EventID: "E1", Signature: "a"},
		{GuildID: "G1", SessionID: s3.ID, WorkshopID: other.ID, EventID: "E3", Signature: "c"},
		{GuildID: "G2", SessionID: s1.ID, WorkshopID: w.ID, EventID: "E9", Signature: "z"},
	} {
		if err := db.SaveDiscordEvent(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	// Saving again updates the signature; a cancellation sticks.
	if err := db.SaveDiscordEvent(ctx, DiscordEvent{GuildID: "G1", SessionID: s1.ID, WorkshopID: w.ID, EventID: "E1", Signature: "a2", Cancelled: true}); err != nil {
		t.Fatal(err)
	}
	if err := db.SaveDiscordEvent(ctx, DiscordEvent{GuildID: "G1", SessionID: s1.ID, WorkshopID: w.ID, EventID: "E1", Signature: "a3"}); err != nil {
		t.Fatal(err)
	}
	got, err := db.DiscordEvents(ctx, "G1", w.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := []DiscordEvent{
		{GuildID: "G1", SessionID: s1.ID, WorkshopID: w.ID, EventID: "E1", Signature: "a3", Cancelled: true},
		{GuildID: "G1", SessionID: s2.ID, WorkshopID: w.ID, EventID: "E2", Signature: "b"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("DiscordEvents = %+v\nwant %+v", got, want)
	}

	e, ok, err := db.FindDiscordEvent(ctx, "G1", "E3")
	if err != nil || !ok || e.SessionID != s3.ID || e.WorkshopID != other.ID || e.Signature != "c" || e.Cancelled {
		t.Errorf("FindDiscordEvent(E3) = %+v, %v, %v", e, ok, err)
	}
	if _, ok, err := db.FindDiscordEvent(ctx, "G2", "E3"); ok || err != nil {
		t.Errorf("FindDiscordEvent in another guild = %v, %v", ok, err)
	}
	if _, ok, err := db.FindDiscordEvent(ctx, "G1", "nope"); ok || err != nil {
		t.Errorf("FindDiscordEvent(unknown) = %v, %v", ok, err)
	}
}

func TestWorkshopSessions(t *testing.T) {
	ctx := t.Context()
	db := MustOpenDB(t)
	host := mustMember(t, db, "U1", "Alice")
	w := mustWorkshop(t, db, host.ID, "QGIS", 0)
	s := mustSession(t, db, w.ID, testNow.Add(24*time.Hour), time.Hour)
	if _, err := db.Join(ctx, w.ID, host.ID); err != nil {
		t.Fatal(err)
	}
	got, err := db.WorkshopSessions(ctx, w.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Title != "QGIS" || got.Status != WorkshopOpen || len(got.Sessions) != 1 || got.Sessions[0].ID != s.ID || got.Sessions[0].Place != "Salle 1" || got.Participants != nil {
		t.Errorf("WorkshopSessions = %+v", got)
	}
	if _, err := db.WorkshopSessions(ctx, 99); ErrorCode(err) != ENOTFOUND {
		t.Errorf("unknown workshop: %v", err)
	}
}
