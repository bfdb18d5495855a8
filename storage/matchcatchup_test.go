package storage

import (
	"context"
	"testing"
	"time"
)

// A problem whose matching never ran (the process died between the post
// and the matching) is matched by the catch-up, once.
func TestMatchCatchUp(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	author := mustMember(t, db, "U1", "Author")
	fan := mustMember(t, db, "U2", "Fan")
	if _, err := db.AddInterests(ctx, fan.ID, []string{"gis"}); err != nil {
		t.Fatal(err)
	}
	// Posted, as CreateProblem does, but the matching that follows it in
	// the command never ran.
	p := Problem{AuthorID: author.ID, Title: "Projections", Tags: []string{"gis"}}
	if err := db.CreateProblem(ctx, &p); err != nil {
		t.Fatal(err)
	}
	old := Problem{AuthorID: author.ID, Title: "Old", Tags: []string{"gis"}}
	if err := db.CreateProblem(ctx, &old); err != nil {
		t.Fatal(err)
	}
	n, err := db.MatchCatchUp(ctx, db.Now().Add(-time.Hour))
	if err != nil || n != 2 {
		t.Fatalf("catch-up told %d, %v; want the fan, for each problem", n, err)
	}
	for _, id := range []int64{p.ID, old.ID} {
		matched, err := db.Matched(ctx, KindProblem, id)
		if err != nil || len(matched) != 1 || matched[0].MemberID != fan.ID {
			t.Fatalf("problem %d matched %+v, %v", id, matched, err)
		}
	}
	notes, err := db.Outbox(ctx, OutboxFilter{Kind: "match"})
	if err != nil || len(notes) != 1 {
		t.Fatalf("outbox %d match rows, %v; want one message for both", len(notes), err)
	}
	if n, err := db.MatchCatchUp(ctx, db.Now().Add(-time.Hour)); err != nil || n != 0 {
		t.Errorf("second catch-up told %d, %v", n, err)
	}
}
