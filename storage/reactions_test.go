package storage

import (
	"reflect"
	"testing"
	"time"
)

func TestReactions(t *testing.T) {
	ctx := t.Context()
	db := MustOpenDB(t)
	ref := MessageRef{Platform: "slack", Channel: "C1", MessageID: "1.1", Kind: KindWorkshop, EntityID: 1}
	other := MessageRef{Platform: "discord", Channel: "9", MessageID: "77", Kind: KindWorkshop, EntityID: 1}
	for _, r := range []MessageRef{ref, other} {
		if err := db.SaveMessageRef(ctx, r); err != nil {
			t.Fatal(err)
		}
	}

	steps := []struct {
		name  string
		user  string
		added bool
		want  []string
	}{
		{"first reaction", "U2", true, []string{"U2"}},
		{"second user", "U1", true, []string{"U1", "U2"}},
		{"same reaction again", "U2", true, []string{"U1", "U2"}},
		{"taken back", "U2", false, []string{"U1"}},
		{"taken back twice", "U2", false, []string{"U1"}},
		{"removal never recorded", "U3", false, []string{"U1"}},
	}
	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			if err := db.RecordReaction(ctx, ref, s.user, s.added); err != nil {
				t.Fatal(err)
			}
			got, err := db.Reactors(ctx, ref)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, s.want) {
				t.Errorf("Reactors = %q, want %q", got, s.want)
			}
		})
	}
	if got, err := db.Reactors(ctx, other); err != nil || got != nil {
		t.Errorf("other message reactors = %q, %v", got, err)
	}

	t.Run("unknown message", func(t *testing.T) {
		before := mustCounts(t, db)
		err := db.RecordReaction(ctx, MessageRef{Platform: "slack", Channel: "C1", MessageID: "nope"}, "U1", true)
		if err == nil {
			t.Fatal("reaction on an unknown message recorded")
		}
		wantCounts(t, db, before, nil)
	})
}

func TestOpenMessageRefs(t *testing.T) {
	ctx := t.Context()
	db := MustOpenDB(t)
	alice := mustMember(t, db, "U1", "Alice")
	open := mustProblem(t, db, alice.ID, "open")
	inWorkshop := mustProblem(t, db, alice.ID, "in workshop")
	solved := mustProblem(t, db, alice.ID, "solved")
	w := Workshop{HostID: alice.ID, ProblemID: inWorkshop.ID}
	if err := db.CreateWorkshop(ctx, &w); err != nil {
		t.Fatal(err)
	}
	cancelled := mustWorkshop(t, db, alice.ID, "cancelled", 0)
	if _, err := db.CloseProblem(ctx, solved.ID, alice, ProblemSolved); err != nil {
		t.Fatal(err)
	}
	if _, err := db.CancelWorkshop(ctx, cancelled.ID); err != nil {
		t.Fatal(err)
	}

	refs := []MessageRef{
		{Platform: "slack", Channel: "C1", MessageID: "w", Kind: KindWorkshop, EntityID: w.ID},
		{Platform: "slack", Channel: "C1", MessageID: "p-open", Kind: KindProblem, EntityID: open.ID},
		{Platform: "slack", Channel: "C2", MessageID: "p-workshop", Kind: KindProblem, EntityID: inWorkshop.ID},
		{Platform: "slack", Channel: "C1", MessageID: "p-solved", Kind: KindProblem, EntityID: solved.ID},
		{Platform: "slack", Channel: "C1", MessageID: "w-cancelled", Kind: KindWorkshop, EntityID: cancelled.ID},
		{Platform: "slack", Channel: "C1", MessageID: "job", Kind: KindJob, EntityID: open.ID},
		{Platform: "discord", Channel: "9", MessageID: "d-open", Kind: KindProblem, EntityID: open.ID},
	}
	for i, r := range refs {
		setNow(db, testNow.Add(time.Duration(i)*time.Minute))
		if err := db.SaveMessageRef(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	got, err := db.OpenMessageRefs(ctx, "slack")
	if err != nil {
		t.Fatal(err)
	}
	if want := refs[:3]; !reflect.DeepEqual(got, want) {
		t.Errorf("OpenMessageRefs(slack):\n got %+v\nwant %+v", got, want)
	}
	got, err = db.OpenMessageRefs(ctx, "discord")
	if err != nil {
		t.Fatal(err)
	}
	if want := refs[6:]; !reflect.DeepEqual(got, want) {
		t.Errorf("OpenMessageRefs(discord) = %+v, want %+v", got, want)
	}
	if got, err := db.OpenMessageRefs(ctx, "console"); err != nil || got != nil {
		t.Errorf("OpenMessageRefs(console) = %+v, %v", got, err)
	}
}
