package storage

import (
	"testing"
	"time"
)

// A member with a Slack and a Discord account has the week's module queued
// once per account; pausing puts that one module back, not two, so the
// track resumes with it (it used to step back a module per account: here
// to position 0, which ended the track).
func TestTrackPauseWithTwoAccounts(t *testing.T) {
	ctx := t.Context()
	db := MustOpenDB(t)
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2027, 1, 5, 8, 30, 0, 0, paris) // a Tuesday
	db.Now = func() time.Time { return now }
	for _, title := range []string{"One", "Two"} {
		if err := db.CreateTraining(ctx, &Training{Title: title, Kind: TrainingVideo, Language: "en", Minutes: 10,
			URL: "https://u.example/" + title, Tags: []string{"causal"}}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.CreateTrack(ctx, "Causal", []int64{1, 2}); err != nil {
		t.Fatal(err)
	}
	a := mustResolve(t, db, slack("U1"), "Alice")
	b := mustResolve(t, db, discord("D1"), "Alice D")
	code, _, err := db.NewLinkCode(ctx, a.ID, "slack")
	if err != nil {
		t.Fatal(err)
	}
	r, err := db.Link(ctx, b.ID, code)
	if err != nil {
		t.Fatal(err)
	}
	alice := r.Member.ID
	if _, err := db.FollowTrack(ctx, alice, "Causal", time.Tuesday, 9, 0, "Europe/Paris"); err != nil {
		t.Fatal(err)
	}
	if n, err := db.QueueTrackModules(ctx, now.Add(time.Hour)); err != nil || n != 1 {
		t.Fatalf("queued %d (%v), want module 1", n, err)
	}
	pending := func() int {
		t.Helper()
		ns, err := db.Outbox(ctx, OutboxFilter{Kind: NoteTrackModule, State: OutboxPending})
		if err != nil {
			t.Fatal(err)
		}
		return len(ns)
	}
	if n := pending(); n != 2 {
		t.Fatalf("%d rows pending, want one per account", n)
	}
	f, err := db.SetTrackPaused(ctx, alice, "Causal", true)
	if err != nil {
		t.Fatal(err)
	}
	if f.Position != 1 || pending() != 0 {
		t.Fatalf("paused: next module %d, %d pending; want module 1 back, nothing pending", f.Position, pending())
	}
	f, err = db.SetTrackPaused(ctx, alice, "Causal", false)
	if err != nil {
		t.Fatal(err)
	}
	if f.Position != 1 || !f.NextAt.Equal(time.Date(2027, 1, 5, 9, 0, 0, 0, paris)) {
		t.Fatalf("resumed: module %d at %s, want module 1 today at 9:00", f.Position, f.NextAt.In(paris))
	}
	if n, err := db.QueueTrackModules(ctx, now.Add(time.Hour)); err != nil || n != 1 {
		t.Fatalf("queued %d (%v) after resuming, want module 1", n, err)
	}
}
