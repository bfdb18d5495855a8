package storage

import (
	"context"
	"testing"
	"time"
)

func TestMemberSessions(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	host := mustStaff(t, db, "UHOST", "Host")
	ann := mustMember(t, db, "UANN", "Ann")
	bob := mustMember(t, db, "UBOB", "Bob")

	w1 := mustWorkshop(t, db, host.ID, "Imputation", 1)
	w2 := mustWorkshop(t, db, host.ID, "Transformers", 0)
	w3 := mustWorkshop(t, db, host.ID, "Cancelled one", 0)
	late := mustSession(t, db, w1.ID, testNow.Add(48*time.Hour), time.Hour)
	early := mustSession(t, db, w2.ID, testNow.Add(2*time.Hour), 90*time.Minute)
	mustSession(t, db, w3.ID, testNow.Add(3*time.Hour), time.Hour)
	// A session already over is not listed.
	past := mustSession(t, db, w2.ID, testNow.Add(time.Hour), time.Hour)
	for _, j := range []struct{ w, m int64 }{{w1.ID, bob.ID}, {w1.ID, ann.ID}, {w2.ID, ann.ID}, {w3.ID, ann.ID}} {
		if _, err := db.Join(ctx, j.w, j.m); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.CancelWorkshop(ctx, w3.ID); err != nil {
		t.Fatal(err)
	}
	setNow(db, testNow.Add(2*time.Hour+time.Minute)) // past is over, early in progress

	got, err := db.MemberSessions(ctx, ann.ID, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 {
		t.Fatalf("got %d sessions, want 2: %+v", len(got), got)
	}
	if got[0].ID != early.ID || got[0].WorkshopTitle != "Transformers" || got[0].State != StateJoined || got[0].Duration != 90*time.Minute || got[0].Place != "Salle 1" {
		t.Errorf("first = %+v, want session %d of Transformers, joined", got[0], early.ID)
	}
	if got[1].ID != late.ID || got[1].State != StateWaitlisted || !got[1].Start.Equal(testNow.Add(48*time.Hour)) {
		t.Errorf("second = %+v, want session %d waitlisted", got[1], late.ID)
	}
	for _, s := range got {
		if s.ID == past.ID {
			t.Errorf("a session over is listed")
		}
	}
	if got, _ := db.MemberSessions(ctx, ann.ID, 1); len(got) != 1 {
		t.Errorf("limit 1 gave %d", len(got))
	}
	if got, _ := db.MemberSessions(ctx, host.ID, 10); len(got) != 0 {
		t.Errorf("host who joined nothing has %d sessions", len(got))
	}
}

func TestProblemsByAuthor(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	ann := mustMember(t, db, "UANN", "Ann")
	bob := mustMember(t, db, "UBOB", "Bob")
	p1 := mustProblem(t, db, ann.ID, "First", "nlp")
	mustProblem(t, db, bob.ID, "Bob's")
	p3 := mustProblem(t, db, ann.ID, "Closed")
	p4 := mustProblem(t, db, ann.ID, "Newest")
	if _, err := db.CloseProblem(ctx, p3.ID, ann, ProblemSolved); err != nil {
		t.Fatal(err)
	}
	got, err := db.ProblemsByAuthor(ctx, ann.ID, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].ID != p4.ID || got[1].ID != p1.ID || got[1].AuthorName != "Ann" || len(got[1].Tags) != 1 {
		t.Fatalf("got %+v, want problems %d then %d", got, p4.ID, p1.ID)
	}
}
