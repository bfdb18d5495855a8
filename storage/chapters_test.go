package storage

import (
	"reflect"
	"testing"
	"time"
)

// Chapters are archived, never deleted: gone from the configuration, a
// chapter keeps its members and items; configured again, it reopens.
func TestSyncChaptersArchives(t *testing.T) {
	db := MustOpenDB(t)
	ctx := t.Context()
	if err := db.SyncChapters(ctx, []ChapterRow{{ID: "paris", Name: "Paris"}, {ID: "nyc", Name: "NYC"}}); err != nil {
		t.Fatal(err)
	}
	m, err := db.ResolveMember(ctx, slack("U9"), "Noah", false, "nyc")
	if err != nil || m.Chapter != "nyc" {
		t.Fatalf("member = %+v, %v; want chapter nyc", m, err)
	}
	w := Workshop{Title: "Meetup", HostID: m.ID, Chapter: "nyc"}
	if err := db.CreateWorkshop(ctx, &w); err != nil {
		t.Fatal(err)
	}
	// New York leaves the file; Paris is renamed.
	if err := db.SyncChapters(ctx, []ChapterRow{{ID: "paris", Name: "Paris (Île-de-France)"}}); err != nil {
		t.Fatal(err)
	}
	got, err := db.Chapters(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := []ChapterRow{{ID: "nyc", Name: "NYC", Archived: true}, {ID: "paris", Name: "Paris (Île-de-France)"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("chapters = %+v, want %+v", got, want)
	}
	if w, err := db.Workshop(ctx, w.ID); err != nil || w.Chapter != "nyc" {
		t.Errorf("archived chapter's workshop = %+v, %v", w, err)
	}
	// Nothing new joins an archived chapter.
	if m2, err := db.ResolveMember(ctx, slack("U10"), "Ana", false, "nyc"); err != nil || m2.Chapter != "" {
		t.Errorf("newcomer to an archived chapter = %+v, %v; want none", m2, err)
	}
	nyc := "nyc"
	if _, err := db.UpdateMember(ctx, m.ID, MemberUpdate{Chapter: &nyc}); ErrorReason(err) != "chapter" {
		t.Errorf("moving to an archived chapter: %v, want reason chapter", err)
	}
	if _, err := db.SetWorkshopChapter(ctx, w.ID, "lyon"); ErrorReason(err) != "chapter" {
		t.Errorf("unknown chapter: %v, want reason chapter", err)
	}
	// Configured again, it reopens.
	if err := db.SyncChapters(ctx, []ChapterRow{{ID: "paris", Name: "Paris"}, {ID: "nyc", Name: "New York"}}); err != nil {
		t.Fatal(err)
	}
	if got, _ = db.Chapters(ctx); got[0].Archived || got[0].Name != "New York" {
		t.Errorf("reopened = %+v", got[0])
	}
}

// A member of a chapter who set no zone is reminded on their chapter's wall
// clock: "1 day before" a Sunday 10:00 session in New York falls at 10:00
// on Saturday there, 25 hours before across the end of daylight saving
// time, while a member of no chapter keeps the community's (Paris) day. The
// workshop's thread follows its chapter's clock.
func TestRemindersInChapterZone(t *testing.T) {
	db := MustOpenDB(t)
	ctx := t.Context()
	setNow(db, time.Date(2026, 10, 20, 12, 0, 0, 0, time.UTC))
	paris, _ := time.LoadLocation("Europe/Paris")
	ny, _ := time.LoadLocation("America/New_York")
	db.Reminders = ReminderPolicy{Offsets: []time.Duration{24 * time.Hour}, Location: paris, Chapters: map[string]*time.Location{"nyc": ny}}
	if err := db.SyncChapters(ctx, []ChapterRow{{ID: "nyc", Name: "New York"}}); err != nil {
		t.Fatal(err)
	}
	noah, err := db.ResolveMember(ctx, slack("U1"), "Noah", false, "nyc")
	if err != nil {
		t.Fatal(err)
	}
	ana := mustMember(t, db, "U2", "Ana")
	w := Workshop{Title: "Meetup", HostID: ana.ID, Chapter: "nyc"}
	if err := db.CreateWorkshop(ctx, &w); err != nil {
		t.Fatal(err)
	}
	start := time.Date(2026, 11, 1, 10, 0, 0, 0, ny) // 15:00 UTC, after New York's clocks went back
	if err := db.AddSession(ctx, &Session{WorkshopID: w.ID, Start: start, Duration: time.Hour}); err != nil {
		t.Fatal(err)
	}
	for _, m := range []Member{noah, ana} {
		if _, err := db.Join(ctx, w.ID, m.ID); err != nil {
			t.Fatal(err)
		}
	}
	// The card's thread is reminded on the workshop's chapter's clock too.
	if err := db.SaveThreadedCard(ctx, MessageRef{Platform: "slack", Channel: "C1", MessageID: "1.0", Kind: KindWorkshop, EntityID: w.ID}, "C1", ""); err != nil {
		t.Fatal(err)
	}
	if ns, err := db.Outbox(ctx, OutboxFilter{Kind: NoteThreadReminder}); err != nil || len(ns) != 1 || !ns[0].DueAt.Equal(time.Date(2026, 10, 31, 14, 0, 0, 0, time.UTC)) {
		t.Errorf("thread reminders %+v, %v; want one at 14:00 UTC", ns, err)
	}
	for _, c := range []struct {
		m    Member
		want time.Time
	}{{noah, time.Date(2026, 10, 31, 14, 0, 0, 0, time.UTC)}, {ana, time.Date(2026, 10, 31, 15, 0, 0, 0, time.UTC)}} {
		ns, err := db.Outbox(ctx, OutboxFilter{Kind: NoteReminder, MemberID: c.m.ID})
		if err != nil || len(ns) != 1 {
			t.Fatalf("%s's reminders: %+v, %v", c.m.DisplayName, ns, err)
		}
		if !ns[0].DueAt.Equal(c.want) {
			t.Errorf("%s reminded at %s, want %s", c.m.DisplayName, ns[0].DueAt.UTC(), c.want)
		}
	}
}
