package storage

import (
	"fmt"
	"testing"
)

func TestTrainingCatalogue(t *testing.T) {
	db := MustOpenDB(t)
	ctx := t.Context()
	for i := 1; i <= 12; i++ {
		tr := Training{Title: fmt.Sprintf("Module %d", i), Kind: TrainingVideo, Provider: "Uni", Language: "en", Minutes: 10,
			URL: "https://u.example/m", Tags: []string{"python"}}
		if i%4 == 0 {
			tr.Language = "fr"
		}
		if err := db.CreateTraining(ctx, &tr); err != nil {
			t.Fatal(err)
		}
	}
	causal := Training{Title: "Inférence causale", Kind: TrainingCourse, Provider: "Université Lyon", Language: "fr", URL: "https://u.example/c", Tags: []string{"causal"}}
	if err := db.CreateTraining(ctx, &causal); err != nil {
		t.Fatal(err)
	}
	// Pages of 10, French first for a French reader, then newest first.
	p, err := db.ListTrainings(ctx, TrainingFilter{Lang: "fr"})
	if err != nil {
		t.Fatal(err)
	}
	if p.Total != 13 || p.Pages != 2 || len(p.Trainings) != 10 {
		t.Fatalf("page 1: total %d pages %d len %d", p.Total, p.Pages, len(p.Trainings))
	}
	var got []int64
	for _, tr := range p.Trainings[:5] {
		got = append(got, tr.ID)
	}
	if fmt.Sprint(got) != "[13 12 8 4 11]" {
		t.Errorf("order = %v", got)
	}
	p2, err := db.ListTrainings(ctx, TrainingFilter{Lang: "fr", Page: 2})
	if err != nil || len(p2.Trainings) != 3 {
		t.Fatalf("page 2: %d, %v", len(p2.Trainings), err)
	}
	// Tag filter and accent/case-insensitive search, as for problems.
	if p, _ := db.ListTrainings(ctx, TrainingFilter{Tag: "causal"}); p.Total != 1 {
		t.Errorf("#causal: %d", p.Total)
	}
	for _, words := range []string{"inference", "INFÉRENCE caus", "universite"} {
		if p, err := db.ListTrainings(ctx, TrainingFilter{Words: words}); err != nil || p.Total != 1 || p.Trainings[0].ID != causal.ID {
			t.Errorf("search %q: %+v, %v", words, p, err)
		}
	}
	if _, err := db.ListTrainings(ctx, TrainingFilter{Words: "\"*"}); ErrorReason(err) != "search_empty" {
		t.Errorf("empty search: %v", err)
	}
	// An edit is searchable at once; the old words no longer find it.
	causal.Title, causal.Tags = "Causal effects, hands on", []string{"causal", "stats"}
	if err := db.EditTraining(ctx, &causal); err != nil {
		t.Fatal(err)
	}
	if p, _ := db.ListTrainings(ctx, TrainingFilter{Words: "hands"}); p.Total != 1 {
		t.Errorf("edited title not found: %d", p.Total)
	}
	if p, _ := db.ListTrainings(ctx, TrainingFilter{Words: "inférence"}); p.Total != 0 {
		t.Errorf("old title still found: %d", p.Total)
	}
	// Retired: gone from lists and searches, still shown by id.
	if _, err := db.RetireTraining(ctx, causal.ID); err != nil {
		t.Fatal(err)
	}
	if p, _ := db.ListTrainings(ctx, TrainingFilter{Words: "hands"}); p.Total != 0 {
		t.Errorf("retired found: %d", p.Total)
	}
	if tr, err := db.Training(ctx, causal.ID); err != nil || !tr.Retired {
		t.Errorf("retired: %+v %v", tr, err)
	}
	for _, c := range []struct {
		tr     Training
		reason string
	}{
		{Training{Title: "x", Kind: "podcast", Language: "en", URL: "https://a.example", Tags: []string{"a"}}, "training_kind"},
		{Training{Title: "x", Kind: "video", Language: "de", URL: "https://a.example", Tags: []string{"a"}}, "training_language"},
		{Training{Title: "x", Kind: "video", Language: "en", Tags: []string{"a"}}, "training_where"},
		{Training{Title: "x", Kind: "video", Language: "en", URL: "ftp://a", Tags: []string{"a"}}, "training_url"},
		{Training{Title: "x", Kind: "video", Language: "en", URL: "https://a.example"}, "tags_missing"},
		{Training{Title: "x", Kind: "live", Language: "en", WorkshopID: 99, Tags: []string{"a"}}, "workshop"},
	} {
		if err := db.CreateTraining(ctx, &c.tr); ErrorReason(err) != c.reason {
			t.Errorf("%+v: %v, want %s", c.tr, err, c.reason)
		}
	}
}

func TestEnrolDoneGain(t *testing.T) {
	db := MustOpenDB(t)
	ctx := t.Context()
	alice := mustMember(t, db, "U1", "Alice")
	bob := mustMember(t, db, "U2", "Bob")
	tr := Training{Title: "Escape game", Kind: TrainingGame, Language: "fr", URL: "https://g.example", Tags: []string{"ai"}}
	if err := db.CreateTraining(ctx, &tr); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SetTrainingGain(ctx, alice.ID, tr.ID, "idea"); ErrorReason(err) != "training_not_done" {
		t.Errorf("gain before done: %v", err)
	}
	if e, err := db.Enrol(ctx, alice.ID, tr.ID); err != nil || !e.DoneAt.IsZero() {
		t.Fatalf("enrol: %+v %v", e, err)
	}
	e, err := db.MarkTrainingDone(ctx, alice.ID, tr.ID)
	if err != nil || e.DoneAt.IsZero() {
		t.Fatalf("done: %+v %v", e, err)
	}
	if e, err = db.SetTrainingGain(ctx, alice.ID, tr.ID, "method"); err != nil || e.Gave != "method" {
		t.Fatalf("gain: %+v %v", e, err)
	}
	if _, err := db.SetTrainingGain(ctx, alice.ID, tr.ID, "grade"); ErrorReason(err) != "training_gain" {
		t.Errorf("bad gain: %v", err)
	}
	// Bob's list is his own.
	if es, _ := db.MyTrainings(ctx, bob.ID); len(es) != 0 {
		t.Errorf("bob sees %+v", es)
	}
	if es, _ := db.MyTrainings(ctx, alice.ID); len(es) != 1 || es[0].Gave != "method" {
		t.Errorf("alice: %+v", es)
	}
	if _, err := db.RetireTraining(ctx, tr.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Enrol(ctx, bob.ID, tr.ID); ErrorReason(err) != "training_retired" {
		t.Errorf("enrol retired: %v", err)
	}
}
