package storage

import (
	"reflect"
	"testing"
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
