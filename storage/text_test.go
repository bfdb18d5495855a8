package storage

import (
	"testing"
)

func TestCleanText(t *testing.T) {
	for in, want := range map[string]string{
		"Re\u0301gression":                    "Régression",          // NFC
		"a\x00b\x07c\x1bd\x7fe\u0085f\u009fg": "abcdefg",             // C0, DEL, C1
		"line one\nline\ttwo\r\n":             "line one\nline\ttwo", // newline and tab kept
		"\u202eevil\u202c title":              "evil title",          // bidi override
		"\u2066iso\u2069 \u200fmark\u200e":    "iso mark",            // isolates and marks
		"\u200b\ufeff title \u200d\u2060":     "title",               // zero-width at the ends
		"in\u200dside":                        "in\u200dside",        // kept inside
		"  spaces  ":                          "spaces",
	} {
		if got := CleanText(in); got != want {
			t.Errorf("CleanText(%q) = %q, want %q", in, got, want)
		}
	}
	if got := CleanLine("title\non two\tlines"); got != "title on two lines" {
		t.Errorf("CleanLine = %q", got)
	}
}

// What a member types is stored clean, and found by search whatever the
// accents and case of the stored text or of the query.
func TestStoredTextIsClean(t *testing.T) {
	db := MustOpenDB(t)
	ctx := t.Context()
	m := mustMember(t, db, "U1", "Alice")
	p := Problem{AuthorID: m.ID, Title: "\u200b\u202eDonne\u0301es\x00 manquantes\u202c", Description: "ok\u0007"}
	if err := db.CreateProblem(ctx, &p); err != nil {
		t.Fatal(err)
	}
	got, err := db.Problem(ctx, p.ID)
	if err != nil || got.Title != "Données manquantes" || got.Description != "ok" {
		t.Fatalf("stored %q %q, %v", got.Title, got.Description, err)
	}
	for _, q := range []string{"donnees", "DONNÉES", "donn", "manq", "Donne\u0301es"} {
		ps, err := db.SearchProblems(ctx, q, 0)
		if err != nil || len(ps) != 1 {
			t.Errorf("search %q: %d found, %v", q, len(ps), err)
		}
	}
}
