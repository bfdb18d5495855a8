package scheduler

import (
	"testing"
	"time"

	"github.com/atelier-bot/atelier/commands"
	"github.com/atelier-bot/atelier/storage"
)

// With chapters, a chapter with a digest channel of its own gets a digest
// of its items and the online ones, in its language; a chapter without one
// shares the community's, which has everything, once.
func TestChapterDigest(t *testing.T) {
	casa, _ := time.LoadLocation("Africa/Casablanca")
	e := newEnv(t, parisTime(2026, 11, 2, 8, 0), func(o *Options) {
		o.Digest = "0 9 * * MON"
		o.Name = "Data club"
		o.Chapters = []commands.Chapter{
			{ID: "paris", Name: "Paris", Location: paris, Language: commands.EN},
			{ID: "casa", Name: "Casablanca", Location: casa, Language: commands.FR},
		}
		o.ChapterChannels = func(chapter, kind string) []commands.Target {
			if chapter == "casa" && kind == "digest" {
				return []commands.Target{{Platform: "console", Channel: "casa-digest"}}
			}
			return o.Channels(kind)
		}
	})
	if err := e.db.SyncChapters(e.ctx, []storage.ChapterRow{{ID: "paris", Name: "Paris"}, {ID: "casa", Name: "Casablanca"}}); err != nil {
		t.Fatal(err)
	}
	for _, p := range []struct{ user, chapter, title string }{{"amine", "casa", "Darija NLP"}, {"alice", "paris", "Missing values"}} {
		m, err := e.db.ResolveMember(e.ctx, storage.Identity{Platform: "console", Workspace: "local", UserID: p.user}, p.user, false, p.chapter)
		if err != nil {
			t.Fatal(err)
		}
		if err := e.db.CreateProblem(e.ctx, &storage.Problem{AuthorID: m.ID, Title: p.title, Chapter: m.Chapter}); err != nil {
			t.Fatal(err)
		}
	}
	got := e.at(parisTime(2026, 11, 2, 9, 0))
	wantStrings(t, "digests", texts(got), []string{
		"console:announcements: 📰 This week in Data club\n\nNew problems, say “me too” or offer help:\n• #2 Missing values\n• #1 Darija NLP\n\n`/problem show <id>` · `/workshop join <id>`",
		"console:casa-digest: 📰 " + commands.T(commands.FR, "notify.digest", "Data club")[len("📰 "):] + "\n\n" + commands.T(commands.FR, "notify.digest_problems") +
			"\n• #1 Darija NLP\n\n" + commands.T(commands.FR, "notify.digest_footer"),
	})
}
