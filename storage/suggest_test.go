package storage

import (
	"fmt"
	"reflect"
	"testing"
)

func values(ss []Suggestion) []string {
	out := []string{}
	for _, s := range ss {
		out = append(out, s.Value)
	}
	return out
}

func TestSuggestProblemsAndWorkshops(t *testing.T) {
	ctx := t.Context()
	db := MustOpenDB(t)
	alice := mustMember(t, db, "U1", "Alice")
	for _, title := range []string{
		"Slurm job pending",            // 1
		"Données manquantes",           // 2
		"100% CPU in a loop",           // 3
		"snake_case vs camelCase",      // 4
		"Slurm array jobs",             // 5, closed below
		"Problem 12 is not problem #1", // 6
	} {
		mustProblem(t, db, alice.ID, title)
	}
	if _, err := db.CloseProblem(ctx, 5, alice, ProblemSolved); err != nil {
		t.Fatal(err)
	}
	if err := db.CreateWorkshop(ctx, &Workshop{HostID: alice.ID, ProblemID: 1}); err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		typed string
		limit int
		want  []string
	}{
		{"slurm", 25, []string{"1"}}, // the closed one is left out; the one in workshop stays
		{"SLURM", 25, []string{"1"}},
		{"  job ", 25, []string{"1"}},
		{"données", 25, []string{"2"}},
		{"", 25, []string{"6", "4", "3", "2", "1"}},
		{"", 2, []string{"6", "4"}},
		{"3", 25, []string{"3"}},           // by id
		{"#4", 25, []string{"4"}},          // by id, as shown
		{"12", 25, []string{"6"}},          // in the title
		{"1", 25, []string{"6", "3", "1"}}, // id 1, "100%" and "12"
		{"%", 25, []string{"3"}},           // a literal percent sign, not a wildcard
		{"_", 25, []string{"4"}},           // a literal underscore
		{"e_c", 25, []string{"4"}},         // not "e, any character, c"
		{"kubernetes", 25, []string{}},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%q/%d", tt.typed, tt.limit), func(t *testing.T) {
			got, err := db.SuggestProblems(ctx, tt.typed, tt.limit)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(values(got), tt.want) {
				t.Errorf("SuggestProblems(%q) = %q, want %q", tt.typed, values(got), tt.want)
			}
		})
	}
	got, err := db.SuggestProblems(ctx, "manquantes", 25)
	if err != nil {
		t.Fatal(err)
	}
	if want := []Suggestion{{Label: "#2 Données manquantes", Value: "2"}}; !reflect.DeepEqual(got, want) {
		t.Errorf("suggestion = %+v, want %+v", got, want)
	}

	t.Run("workshops", func(t *testing.T) {
		w2 := mustWorkshop(t, db, alice.ID, "Git 101", 0)
		w3 := mustWorkshop(t, db, alice.ID, "Git avancé", 0)
		cancelled := mustWorkshop(t, db, alice.ID, "Git cancelled", 0)
		if _, err := db.CancelWorkshop(ctx, cancelled.ID); err != nil {
			t.Fatal(err)
		}
		for _, tt := range []struct {
			typed string
			want  []string
		}{
			{"git", []string{fmt.Sprint(w3.ID), fmt.Sprint(w2.ID)}},
			{"slurm", []string{"1"}},
			{fmt.Sprint(w2.ID), []string{fmt.Sprint(w2.ID)}},
			{"avancé", []string{fmt.Sprint(w3.ID)}},
			{"%", []string{}},
		} {
			got, err := db.SuggestWorkshops(ctx, tt.typed, 25)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(values(got), tt.want) {
				t.Errorf("SuggestWorkshops(%q) = %q, want %q", tt.typed, values(got), tt.want)
			}
		}
	})
}

func TestSuggestTags(t *testing.T) {
	ctx := t.Context()
	db := MustOpenDB(t)
	alice := mustMember(t, db, "U1", "Alice")
	bob := mustMember(t, db, "U2", "Bob")
	mustProblem(t, db, alice.ID, "a", "python", "pandas")
	mustProblem(t, db, alice.ID, "b", "python", "pytorch")
	mustProblem(t, db, alice.ID, "c", "pandas", "r_stats")
	if err := db.CreateWorkshop(ctx, &Workshop{HostID: alice.ID, Title: "w", Tags: []string{"pytorch", "rstats"}}); err != nil {
		t.Fatal(err)
	}
	for _, m := range []Member{alice, bob} {
		if _, err := db.AddInterests(ctx, m.ID, []string{"pytorch"}); err != nil {
			t.Fatal(err)
		}
	}

	tests := []struct {
		typed string
		limit int
		want  []string
	}{
		// pytorch: 1 problem + 1 workshop + 2 interests; python: 2; pandas: 2.
		{"p", 25, []string{"pytorch", "pandas", "python"}},
		{"py", 25, []string{"pytorch", "python"}},
		{"#PY", 25, []string{"pytorch", "python"}},
		{"p", 1, []string{"pytorch"}},
		{"", 25, []string{"pytorch", "pandas", "python", "r_stats", "rstats"}},
		{"r_", 25, []string{"r_stats"}}, // "_" is not a wildcard
		{"%", 25, []string{}},
		{"andas", 25, []string{}}, // a prefix, not a substring
	}
	for _, tt := range tests {
		got, err := db.SuggestTags(ctx, tt.typed, tt.limit)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(values(got), tt.want) {
			t.Errorf("SuggestTags(%q, %d) = %q, want %q", tt.typed, tt.limit, values(got), tt.want)
		}
		for _, s := range got {
			if s.Label != "#"+s.Value {
				t.Errorf("label %q for %q", s.Label, s.Value)
			}
		}
	}
}
