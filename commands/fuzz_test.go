package commands

import (
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/atelier-bot/atelier/storage"
)

// FuzzRouter sends any line, as a member and as staff, through the whole
// core over a real database: whatever the text, the answer is a message,
// never a panic and never "something went wrong".
func FuzzRouter(f *testing.F) {
	for _, seed := range []string{
		"problem post Title | description #tag",
		"problem post \"quoted | title\" #a #b",
		"problem list #",
		"problem search données OR NEAR \"x",
		"problem close #1 résolu",
		"workshop create from #1 capacity 3 Title | desc #t",
		"workshop schedule 1 next thursday 14:00 1h30 Room B",
		"workshop schedule 1 31/02/2027 10h 25h",
		"workshop capacity 1 -3",
		"workshop join 99999999999999999999",
		"me interests add #a,#b;c",
		"me timezone ../../etc/passwd",
		"help workshop",
		`announce schedule "0 9 * * MON" announcements Weekly office hours`,
		`announce schedule "CRON_TZ=America/New_York 61 25 * * *" slack:C1 bad`,
		"announce once tomorrow 6pm discord:123 Hello <!channel>",
		"announce pause 1",
		"jobs post Data scientist | Acme | permanent | junior | remote | https://example.org/apply #ml",
		"jobs post X | Y | internship | phd | Paris | javascript:alert(1)",
		"atelier stats 2026-01-01..2026-06-30",
		"atelier link ABCD-1234",
		"feedback 1 5 great",
		"me calendar reset",
		"\uE0001700000000\uE001",
		"atelier help \x00",
		"awards nominate 1 1 2 collaboration https://x.example | T | Org | Pitch | @alice, Jane",
		"awards score 1 1 5 a | 4 b | 3 c",
		"awards vote 1 1",
		"awards set 1 closes in 2 days",
		"awards category 1 rename 2 A | B",
		"awards jury 1 add <@U1|x> @alice",
		"awards decide 1 1 1",
		"workshop outcome 1 collaboration Joint thesis | Inria, Airbus",
		"outcomes agree 1 Inria",
		"outcomes nominate 1 1 1,2",
		"outcomes #seed 2026 Inria",
	} {
		f.Add(seed)
	}
	ctx := context.Background()
	db, err := storage.Open(ctx, filepath.Join(f.TempDir(), "fuzz.db"))
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { db.Close() })
	now := time.Date(2026, 11, 27, 9, 30, 0, 0, time.UTC)
	db.Now = func() time.Time { return now }
	r := NewRouter(db, Config{
		Location: time.UTC,
		Language: EN,
		IsStaff:  func(_, user string) bool { return user == "admin" },
		Logger:   slog.New(slog.NewTextHandler(io.Discard, nil)),
	})
	r.Handle(ctx, request("admin", "workshop create Seed workshop"))
	r.Handle(ctx, request("alice", "problem post Seed problem #seed"))
	r.Handle(ctx, request("admin", "awards create Seed awards"))
	r.Handle(ctx, request("alice", "awards nominate 1 1 | Seed project | Org | Pitch | @admin"))
	r.Handle(ctx, request("alice", "workshop join 1"))
	r.Handle(ctx, request("alice", "workshop outcome 1 tool Seed tool"))
	internal := []string{T(EN, "err.internal"), T(FR, "err.internal")}
	f.Fuzz(func(t *testing.T, line string) {
		for _, user := range []string{"alice", "admin"} {
			rep := r.Handle(ctx, request(user, line))
			for _, bad := range internal {
				if rep.Text == bad {
					t.Fatalf("%s: %q answered %q", user, line, rep.Text)
				}
			}
			if rep.Text == "" && len(rep.Cards) == 0 && rep.Form == nil {
				t.Fatalf("%s: %q got an empty reply", user, line)
			}
			if strings.ContainsRune(stripMarks(line), markOpen) {
				t.Fatalf("marks survived stripping: %q", line)
			}
		}
	})
}

// FuzzTextForm checks the post parser: tags it returns are valid, and the
// title and description come from the text.
func FuzzTextForm(f *testing.F) {
	for _, seed := range []string{"A | b #c #d", "#1 issue | x", "|", "t #", "t #ok #bad!", "  spaced   |  out  #x  "} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, rest string) {
		title, desc, tags, err := textForm(rest)
		if err != nil {
			return
		}
		for _, tag := range tags {
			if !storage.ValidTag(tag) {
				t.Fatalf("invalid tag %q from %q", tag, rest)
			}
		}
		if utf8.ValidString(rest) && (!strings.Contains(rest, strings.TrimSpace(title)) || !strings.Contains(rest, strings.TrimSpace(desc))) {
			t.Fatalf("title %q / description %q not from %q", title, desc, rest)
		}
	})
}

// FuzzSplitArgs checks the word splitter: no word is empty unless quoted,
// and no word holds an unquoted space.
func FuzzSplitArgs(f *testing.F) {
	for _, seed := range []string{`a "b c" d`, `"unclosed`, `«guillemets» “curly”`, "tab\there", ""} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, line string) {
		words, err := splitArgs(line)
		if err != nil {
			return
		}
		if !strings.ContainsAny(line, "\"“”«»") {
			for _, w := range words {
				if w == "" || strings.ContainsAny(w, " \t\n\r") {
					t.Fatalf("word %q from %q", w, line)
				}
			}
		}
	})
}

// FuzzArgs checks the small argument readers: ids, capacities and tags.
func FuzzArgs(f *testing.F) {
	for _, seed := range []string{"12", "#12", "-1", "unlimited", "illimité", "#a,b;c", "99999999999999999999"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if id, err := parseID(s); err == nil && id <= 0 {
			t.Fatalf("parseID(%q) = %d", s, id)
		}
		if n, err := capacityArg(s); err == nil && (n < 0 || n > storage.MaxCapacity) {
			t.Fatalf("capacityArg(%q) = %d", s, n)
		}
		if tags, err := tagsArg([]string{s}); err == nil {
			if len(tags) > storage.MaxTags {
				t.Fatalf("tagsArg(%q) gave %d tags", s, len(tags))
			}
			for _, tag := range tags {
				if !storage.ValidTag(tag) {
					t.Fatalf("tagsArg(%q) gave %q", s, tag)
				}
			}
		}
	})
}
