package storage

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestCreateProblem(t *testing.T) {
	ctx := t.Context()
	db := MustOpenDB(t)
	author := mustMember(t, db, "U1", "Alice")

	tooMany := make([]string, MaxTags+1)
	for i := range tooMany {
		tooMany[i] = fmt.Sprintf("t%d", i)
	}
	tests := []struct {
		name        string
		authorID    int64
		title       string
		description string
		tags        []string
		wantTitle   string
		wantDesc    string
		wantCode    string
		wantReason  string
	}{
		{name: "plain", title: "Données manquantes", description: "NaN partout", tags: []string{"pandas", "python"},
			wantTitle: "Données manquantes", wantDesc: "NaN partout"},
		{name: "trimmed", title: "  Slurm job stuck \n", description: "\n pending forever  ",
			wantTitle: "Slurm job stuck", wantDesc: "pending forever"},
		{name: "no description, no tags", title: "GPU out of memory", wantTitle: "GPU out of memory"},
		{name: "title of 200 characters", title: strings.Repeat("é", MaxTitle), wantTitle: strings.Repeat("é", 200)},
		{name: "title of 201 characters", title: strings.Repeat("é", MaxTitle+1), wantCode: EINVALID, wantReason: "title_too_long"},
		{name: "title of 200 after trimming", title: "  " + strings.Repeat("a", MaxTitle) + "  ", wantTitle: strings.Repeat("a", 200)},
		{name: "empty title", title: "   ", description: "something", wantCode: EINVALID, wantReason: "title_missing"},
		{name: "description of 4000 characters", title: "Long", description: strings.Repeat("ü", MaxDescription),
			wantTitle: "Long", wantDesc: strings.Repeat("ü", 4000)},
		{name: "description of 4001 characters", title: "Too long", description: strings.Repeat("ü", MaxDescription+1),
			wantCode: EINVALID, wantReason: "description_too_long"},
		{name: "MaxTags tags", title: "Tagged", tags: tooMany[:MaxTags], wantTitle: "Tagged"},
		{name: "too many tags", title: "Tagged", tags: tooMany, wantCode: EINVALID, wantReason: "too_many_tags"},
		{name: "bad tag", title: "Bad tag", tags: []string{"ok", "not ok"}, wantCode: EINVALID, wantReason: "tag"},
		{name: "tag of 33 characters", title: "Bad tag", tags: []string{strings.Repeat("x", 33)}, wantCode: EINVALID, wantReason: "tag"},
		{name: "unknown author", authorID: 999, title: "Ghost", tags: []string{"ok"}, wantCode: ECONFLICT},
		{name: "duplicate tag", title: "Twice", tags: []string{"go", "go"}, wantCode: ECONFLICT},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			now := testNow.Add(time.Duration(i) * time.Minute)
			setNow(db, now)
			authorID := author.ID
			if tt.authorID != 0 {
				authorID = tt.authorID
			}
			before := mustCounts(t, db)
			p := Problem{AuthorID: authorID, Title: tt.title, Description: tt.description, Tags: tt.tags}
			err := db.CreateProblem(ctx, &p)
			if tt.wantCode != "" {
				wantErr(t, err, tt.wantCode, tt.wantReason)
				wantCounts(t, db, before, nil)
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			// The full-text index may be filled now or before the next
			// search; what counts is that the search finds it (below).
			wantCounts(t, db, before, map[string]int{"problems": 1, "problem_tags": len(tt.tags)}, "problems_fts")
			if p.ID == 0 || p.Status != ProblemOpen || !p.CreatedAt.Equal(now) || !p.UpdatedAt.Equal(now) {
				t.Errorf("after create: ID %d, Status %q, CreatedAt %s, UpdatedAt %s", p.ID, p.Status, p.CreatedAt, p.UpdatedAt)
			}
			got, err := db.Problem(ctx, p.ID)
			if err != nil {
				t.Fatal(err)
			}
			want := Problem{ID: p.ID, AuthorID: author.ID, AuthorName: "Alice", Title: tt.wantTitle, Description: tt.wantDesc,
				Tags: NormalizeTags(tt.tags), Status: ProblemOpen, CreatedAt: now, UpdatedAt: now}
			if len(want.Tags) == 0 {
				want.Tags = nil
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("Problem(%d):\n got %+v\nwant %+v", p.ID, got, want)
			}
			found, err := db.SearchProblems(ctx, tt.wantTitle, 1)
			if err != nil {
				t.Fatal(err)
			}
			if len(found) != 1 || found[0].ID != p.ID {
				t.Errorf("search for the title found %v, want problem %d", titles(found), p.ID)
			}
		})
	}
}

func TestProblem(t *testing.T) {
	ctx := t.Context()
	db := MustOpenDB(t)
	alice := mustMember(t, db, "U1", "Alice")
	bob := mustMember(t, db, "U2", "Bob")
	chloe := mustMember(t, db, "U3", "Chloé")
	dan := mustMember(t, db, "U4", "Dan")
	p := mustProblem(t, db, alice.ID, "Segfault in Fortran", "fortran", "mpi")
	other := mustProblem(t, db, alice.ID, "Unrelated")

	// Dan, created after Bob, says "me too" first: names follow the time of
	// the mark, not the member id.
	marks := []struct {
		at     time.Duration
		member int64
		kind   string
	}{
		{1 * time.Minute, dan.ID, InterestInterested},
		{2 * time.Minute, chloe.ID, InterestCanHelp},
		{3 * time.Minute, bob.ID, InterestInterested},
	}
	for _, mk := range marks {
		setNow(db, testNow.Add(mk.at))
		if _, err := db.SetInterest(ctx, p.ID, mk.member, mk.kind); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.SetInterest(ctx, other.ID, bob.ID, InterestCanHelp); err != nil {
		t.Fatal(err)
	}
	w1 := Workshop{HostID: chloe.ID, ProblemID: p.ID}
	if err := db.CreateWorkshop(ctx, &w1); err != nil {
		t.Fatal(err)
	}
	w2 := Workshop{HostID: chloe.ID, ProblemID: p.ID, Title: "Fortran, part two"}
	if err := db.CreateWorkshop(ctx, &w2); err != nil {
		t.Fatal(err)
	}

	got, err := db.Problem(ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := Problem{
		ID: p.ID, AuthorID: alice.ID, AuthorName: "Alice", Title: "Segfault in Fortran", Description: "Description of Segfault in Fortran",
		Tags: []string{"fortran", "mpi"}, Status: ProblemWorkshop, CreatedAt: testNow, UpdatedAt: testNow.Add(3 * time.Minute),
		Interested: 2, CanHelp: 1,
		InterestedNames: []string{"Dan", "Bob"}, CanHelpNames: []string{"Chloé"}, WorkshopIDs: []int64{w1.ID, w2.ID},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Problem:\n got %+v\nwant %+v", got, want)
	}

	got, err = db.Problem(ctx, other.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Interested != 0 || got.CanHelp != 1 || got.InterestedNames != nil || !reflect.DeepEqual(got.CanHelpNames, []string{"Bob"}) || got.WorkshopIDs != nil {
		t.Errorf("other problem = %+v", got)
	}

	_, err = db.Problem(ctx, 999)
	wantErr(t, err, ENOTFOUND, "problem")
}

// seedProblems creates problems one minute apart, oldest first, and returns
// them by title.
func seedProblems(t *testing.T, db *DB, authorID int64, specs ...Problem) map[string]Problem {
	t.Helper()
	out := map[string]Problem{}
	for i, s := range specs {
		setNow(db, testNow.Add(time.Duration(i)*time.Minute))
		s.AuthorID = authorID
		if err := db.CreateProblem(t.Context(), &s); err != nil {
			t.Fatal(err)
		}
		out[s.Title] = s
	}
	return out
}

func titles(ps []Problem) []string {
	out := []string{}
	for _, p := range ps {
		out = append(out, p.Title)
	}
	return out
}

func TestListProblems(t *testing.T) {
	ctx := t.Context()
	db := MustOpenDB(t)
	alice := mustMember(t, db, "U1", "Alice")
	bob := mustMember(t, db, "U2", "Bob")
	ps := seedProblems(t, db, alice.ID,
		Problem{Title: "p1", Tags: []string{"go"}},
		Problem{Title: "p2", Tags: []string{"python"}},
		Problem{Title: "p3", Tags: []string{"go", "sql"}},
		Problem{Title: "p4", Tags: []string{"go"}},
		Problem{Title: "p5"},
	)
	// p6 is created in the same second as p5: the id breaks the tie.
	p6 := Problem{AuthorID: bob.ID, Title: "p6", Tags: []string{"go"}}
	if err := db.CreateProblem(ctx, &p6); err != nil {
		t.Fatal(err)
	}
	if _, err := db.CloseProblem(ctx, ps["p4"].ID, alice, ProblemSolved); err != nil {
		t.Fatal(err)
	}
	if _, err := db.CloseProblem(ctx, ps["p2"].ID, alice, ProblemStale); err != nil {
		t.Fatal(err)
	}
	if err := db.CreateWorkshop(ctx, &Workshop{HostID: bob.ID, ProblemID: ps["p3"].ID}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SetInterest(ctx, ps["p1"].ID, bob.ID, InterestCanHelp); err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name   string
		filter ProblemFilter
		want   []string
	}{
		{"all, newest first", ProblemFilter{}, []string{"p6", "p5", "p4", "p3", "p2", "p1"}},
		{"limit", ProblemFilter{Limit: 2}, []string{"p6", "p5"}},
		{"tag", ProblemFilter{Tag: "go"}, []string{"p6", "p4", "p3", "p1"}},
		{"tag with limit", ProblemFilter{Tag: "go", Limit: 3}, []string{"p6", "p4", "p3"}},
		{"open keeps workshops", ProblemFilter{Open: true}, []string{"p6", "p5", "p3", "p1"}},
		{"tag and open", ProblemFilter{Tag: "go", Open: true}, []string{"p6", "p3", "p1"}},
		{"closed only tag", ProblemFilter{Tag: "python", Open: true}, []string{}},
		{"unknown tag", ProblemFilter{Tag: "cobol"}, []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := db.ListProblems(ctx, tt.filter)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(titles(got), tt.want) {
				t.Errorf("titles = %q, want %q", titles(got), tt.want)
			}
		})
	}

	// The list rows carry what a card shows.
	got, err := db.ListProblems(ctx, ProblemFilter{Tag: "sql"})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 {
		t.Fatalf("sql: %d problems", len(got))
	}
	if p := got[0]; p.Status != ProblemWorkshop || p.AuthorName != "Alice" || !reflect.DeepEqual(p.Tags, []string{"go", "sql"}) ||
		!p.CreatedAt.Equal(testNow.Add(2*time.Minute)) || p.InterestedNames != nil || p.WorkshopIDs != nil {
		t.Errorf("p3 in list = %+v", p)
	}
	got, err = db.ListProblems(ctx, ProblemFilter{Limit: 1, Tag: "go", Open: true})
	if err != nil {
		t.Fatal(err)
	}
	if got[0].AuthorName != "Bob" {
		t.Errorf("p6 author = %q", got[0].AuthorName)
	}
	last, _ := db.ListProblems(ctx, ProblemFilter{Tag: "go"})
	if p1 := last[len(last)-1]; p1.Title != "p1" || p1.CanHelp != 1 || p1.Interested != 0 {
		t.Errorf("p1 counts = %d interested, %d can help", p1.Interested, p1.CanHelp)
	}
}

func TestListProblemsDefaultLimit(t *testing.T) {
	db := MustOpenDB(t)
	alice := mustMember(t, db, "U1", "Alice")
	for i := range 25 {
		mustProblem(t, db, alice.ID, fmt.Sprintf("p%d", i))
	}
	for _, limit := range []int{0, -1} {
		got, err := db.ListProblems(t.Context(), ProblemFilter{Limit: limit})
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 20 || got[0].Title != "p24" || got[19].Title != "p5" {
			t.Errorf("limit %d: %d problems, first %q", limit, len(got), got[0].Title)
		}
	}
}

func TestSearchProblems(t *testing.T) {
	ctx := t.Context()
	db := MustOpenDB(t)
	alice := mustMember(t, db, "U1", "Alice")
	// Oldest first; no word here starts with "or", "near", "and", "not" or
	// "title", so a query that treated them as words finds nothing.
	seedProblems(t, db, alice.ID,
		Problem{Title: "Nettoyer des donnees", Description: "CSV export with blank cells"},
		Problem{Title: "Données manquantes en Python", Description: "pandas fillna", Tags: []string{"python"}},
		Problem{Title: "Segmentation d'images", Description: "Réseau de neurones convolutif", Tags: []string{"vision"}},
		Problem{Title: "Statistiques bayésiennes", Description: "Modèle hiérarchique avec Stan", Tags: []string{"bayes", "stats"}},
		Problem{Title: "ÉLÉPHANT counting", Description: "Aerial survey pictures", Tags: []string{"ecology"}},
		Problem{Title: "Re\u0301gression line\u0301aire", Description: "Stored decomposed"},
	)
	const (
		p1 = "Nettoyer des donnees"
		p2 = "Données manquantes en Python"
		p3 = "Segmentation d'images"
		p4 = "Statistiques bayésiennes"
		p5 = "ÉLÉPHANT counting"
		p6 = "Régression linéaire" // stored composed (NFC)
	)
	tests := []struct {
		name  string
		words string
		limit int
		want  []string
	}{
		{"accented finds plain", "données", 0, []string{p2, p1}},
		{"plain finds accented", "donnees", 0, []string{p2, p1}},
		{"upper case with accents", "DONNÉES", 0, []string{p2, p1}},
		{"upper-case accents in the text", "elephant", 0, []string{p5}},
		{"prefix", "donn", 0, []string{p2, p1}},
		{"prefix with accent", "bayés", 0, []string{p4}},
		{"every word required", "manquantes donnees", 0, []string{p2}},
		{"word order free", "python données", 0, []string{p2}},
		{"description", "neurone", 0, []string{p3}},
		{"accent folded in the description", "hierarchique", 0, []string{p4}},
		{"tags", "vision", 0, []string{p3}},
		{"limit", "données", 1, []string{p2}},
		{"no match", "kubernetes", 0, []string{}},
		{"decomposed text in the problem", "régression linéaire", 0, []string{p6}},
		{"decomposed text, plain query", "lineaire", 0, []string{p6}},
		{"apostrophe", "d'images", 0, []string{p3}},
		// Text typed or pasted in decomposed form (NFD, as macOS file names
		// are): the combining accent stays inside the word.
		{"decomposed accent in the query", "donne\u0301es", 0, []string{p2, p1}},
		{"decomposed upper-case accents", "E\u0301LE\u0301PHANT", 0, []string{p5}},
		{"lone combining mark is not a word", "donn \u0301", 0, []string{p2, p1}},
		{"eight words at most", "donn donn donn donn donn donn donn donn zzzz", 0, []string{p2, p1}},
		// FTS syntax in user text is read as words, never as operators.
		{"unbalanced quote", `"données`, 0, []string{p2, p1}},
		{"phrase quotes", `"données manquantes"`, 0, []string{p2}},
		{"OR is a word", "données OR segmentation", 0, []string{}},
		{"AND is a word", "données AND", 0, []string{}},
		{"NOT is a word", "segmentation NOT images", 0, []string{}},
		{"NEAR is a word", "manquantes NEAR python", 0, []string{}},
		{"NEAR/2 is a word", "manquantes NEAR/2 python", 0, []string{}},
		{"user star", "donn*", 0, []string{p2, p1}},
		{"minus is not NOT", "segmentation -images", 0, []string{p3}},
		{"column filter is not a filter", "title:segmentation", 0, []string{}},
		{"parentheses", "(données) (python", 0, []string{p2}},
		{"caret and braces", "^segm {images}", 0, []string{p3}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := db.SearchProblems(ctx, tt.words, tt.limit)
			if err != nil {
				t.Fatalf("SearchProblems(%q): %v", tt.words, err)
			}
			if !reflect.DeepEqual(titles(got), tt.want) {
				t.Errorf("SearchProblems(%q) = %q, want %q", tt.words, titles(got), tt.want)
			}
		})
	}

	for _, words := range []string{"", "   ", "*", `"`, "'", "-:()^*", "\u0301", "\u0301*"} {
		t.Run(fmt.Sprintf("no words %q", words), func(t *testing.T) {
			_, err := db.SearchProblems(ctx, words, 0)
			wantErr(t, err, EINVALID, "search_empty")
		})
	}

	t.Run("rows carry tags and author", func(t *testing.T) {
		got, err := db.SearchProblems(ctx, "stan", 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 1 || got[0].AuthorName != "Alice" || !reflect.DeepEqual(got[0].Tags, []string{"bayes", "stats"}) {
			t.Errorf("got %+v", got)
		}
	})
}

func TestSetInterest(t *testing.T) {
	ctx := t.Context()
	db := MustOpenDB(t)
	alice := mustMember(t, db, "U1", "Alice")
	bob := mustMember(t, db, "U2", "Bob")
	chloe := mustMember(t, db, "U3", "Chloé")
	p := mustProblem(t, db, alice.ID, "Conda solver takes hours")

	steps := []struct {
		name           string
		problem        int64
		member         int64
		kind           string
		close          bool // close the problem before this step
		wantInterested int
		wantCanHelp    int
		wantCode       string
		wantReason     string
	}{
		{name: "own problem refused", member: alice.ID, kind: InterestInterested, wantCode: ECONFLICT, wantReason: "own_problem"},
		{name: "own problem can help refused", member: alice.ID, kind: InterestCanHelp, wantCode: ECONFLICT, wantReason: "own_problem"},
		{name: "interested", member: bob.ID, kind: InterestInterested, wantInterested: 1},
		{name: "same mark again", member: bob.ID, kind: InterestInterested, wantInterested: 1},
		{name: "switch to can help", member: bob.ID, kind: InterestCanHelp, wantCanHelp: 1},
		{name: "another member", member: chloe.ID, kind: InterestInterested, wantInterested: 1, wantCanHelp: 1},
		{name: "remove", member: bob.ID, kind: "", wantInterested: 1},
		{name: "remove when not marked", member: bob.ID, kind: "", wantInterested: 1},
		{name: "unknown kind", member: bob.ID, kind: "maybe", wantCode: EINVALID, wantReason: "interest_kind"},
		{name: "unknown problem", problem: 999, member: bob.ID, kind: InterestInterested, wantCode: ENOTFOUND, wantReason: "problem"},
		{name: "closed problem refused", close: true, member: bob.ID, kind: InterestCanHelp, wantCode: ECONFLICT, wantReason: "problem_closed"},
		{name: "switch on closed problem refused", member: chloe.ID, kind: InterestCanHelp, wantCode: ECONFLICT, wantReason: "problem_closed"},
		{name: "remove from closed problem", member: chloe.ID, kind: ""},
	}
	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			if s.close {
				if _, err := db.CloseProblem(ctx, p.ID, alice, ProblemSolved); err != nil {
					t.Fatal(err)
				}
			}
			problem := p.ID
			if s.problem != 0 {
				problem = s.problem
			}
			before := mustCounts(t, db)
			got, err := db.SetInterest(ctx, problem, s.member, s.kind)
			if s.wantCode != "" {
				wantErr(t, err, s.wantCode, s.wantReason)
				wantCounts(t, db, before, nil)
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got.ID != p.ID || got.Interested != s.wantInterested || got.CanHelp != s.wantCanHelp {
				t.Errorf("problem %d: interested %d, can help %d; want %d, %d", got.ID, got.Interested, got.CanHelp, s.wantInterested, s.wantCanHelp)
			}
			stored, err := db.Problem(ctx, p.ID)
			if err != nil {
				t.Fatal(err)
			}
			if stored.Interested != s.wantInterested || stored.CanHelp != s.wantCanHelp {
				t.Errorf("stored: interested %d, can help %d", stored.Interested, stored.CanHelp)
			}
		})
	}
}

func TestCloseProblem(t *testing.T) {
	ctx := t.Context()
	db := MustOpenDB(t)
	alice := mustMember(t, db, "U1", "Alice")
	bob := mustMember(t, db, "U2", "Bob")
	staff := mustStaff(t, db, "S1", "Sam")
	later := testNow.Add(time.Hour)

	tests := []struct {
		name       string
		by         Member
		status     string
		setup      func(t *testing.T, p Problem) // before the close
		wantCode   string
		wantReason string
		wantStatus string // stored status afterwards
	}{
		{name: "author, solved", by: alice, status: ProblemSolved, wantStatus: ProblemSolved},
		{name: "author, duplicate", by: alice, status: ProblemDuplicate, wantStatus: ProblemDuplicate},
		{name: "staff, stale", by: staff, status: ProblemStale, wantStatus: ProblemStale},
		{name: "other member forbidden", by: bob, status: ProblemSolved, wantCode: EFORBIDDEN, wantReason: "not_author", wantStatus: ProblemOpen},
		{name: "twice", by: alice, status: ProblemSolved, wantCode: ECONFLICT, wantReason: "problem_closed", wantStatus: ProblemDuplicate,
			setup: func(t *testing.T, p Problem) {
				if _, err := db.CloseProblem(ctx, p.ID, alice, ProblemDuplicate); err != nil {
					t.Fatal(err)
				}
			}},
		{name: "workshop problem can be solved", by: alice, status: ProblemSolved, wantStatus: ProblemSolved,
			setup: func(t *testing.T, p Problem) {
				if err := db.CreateWorkshop(ctx, &Workshop{HostID: bob.ID, ProblemID: p.ID}); err != nil {
					t.Fatal(err)
				}
			}},
		{name: "open is not a closing status", by: alice, status: ProblemOpen, wantCode: EINVALID, wantReason: "problem_status", wantStatus: ProblemOpen},
		{name: "workshop is not a closing status", by: alice, status: ProblemWorkshop, wantCode: EINVALID, wantReason: "problem_status", wantStatus: ProblemOpen},
		{name: "unknown status", by: staff, status: "closed", wantCode: EINVALID, wantReason: "problem_status", wantStatus: ProblemOpen},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			setNow(db, testNow)
			p := mustProblem(t, db, alice.ID, tt.name)
			if tt.setup != nil {
				tt.setup(t, p)
			}
			setNow(db, later)
			before := mustCounts(t, db)
			got, err := db.CloseProblem(ctx, p.ID, tt.by, tt.status)
			stored, serr := db.Problem(ctx, p.ID)
			if serr != nil {
				t.Fatal(serr)
			}
			if stored.Status != tt.wantStatus {
				t.Errorf("stored status = %q, want %q", stored.Status, tt.wantStatus)
			}
			if tt.wantCode != "" {
				wantErr(t, err, tt.wantCode, tt.wantReason)
				wantCounts(t, db, before, nil)
				if stored.UpdatedAt.Equal(later) {
					t.Error("refused close changed updated_at")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got.Status != tt.status || !got.UpdatedAt.Equal(later) || !got.CreatedAt.Equal(testNow) {
				t.Errorf("closed problem: status %q, updated %s, created %s", got.Status, got.UpdatedAt, got.CreatedAt)
			}
		})
	}

	t.Run("unknown problem", func(t *testing.T) {
		_, err := db.CloseProblem(ctx, 999, staff, ProblemSolved)
		wantErr(t, err, ENOTFOUND, "problem")
	})
}
