package commands

import (
	"fmt"
	"io"
	"log/slog"
	"slices"
	"strings"
	"testing"

	"github.com/atelier-bot/atelier/storage"
)

// chapterHarness is a community with three chapters, each in its own
// Discord guild: Paris in French, New York in English, Casablanca in
// French. admin is the community's staff; pstaff is Paris's, nstaff New
// York's.
func chapterHarness(t *testing.T) *harness {
	t.Helper()
	h := newHarness(t)
	chapters := []Chapter{
		{ID: "paris", Name: "Paris", Location: h.paris, Language: FR},
		{ID: "nyc", Name: "New York", Location: mustLoc(t, "America/New_York"), Language: EN},
		{ID: "casa", Name: "Casablanca", Location: mustLoc(t, "Africa/Casablanca"), Language: FR},
	}
	var rows []storage.ChapterRow
	for _, c := range chapters {
		rows = append(rows, storage.ChapterRow{ID: c.ID, Name: c.Name})
	}
	if err := h.db.SyncChapters(h.ctx, rows); err != nil {
		t.Fatal(err)
	}
	staff := map[string][]string{"pstaff": {"paris"}, "nstaff": {"nyc"}}
	h.r = NewRouter(h.db, Config{
		Location: h.paris, Language: EN, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
		IsStaff:  func(_, user string) bool { return user == "admin" || staff[user] != nil },
		StaffOf:  func(_, user string) (bool, []string) { return user == "admin", staff[user] },
		Chapters: chapters,
		// A guild per chapter: G-paris, G-nyc, G-casa.
		ChapterFrom: func(_, workspace, _ string) string { return strings.TrimPrefix(workspace, "G-") },
		ChapterChannels: func(chapter, kind string) []Target {
			return []Target{{Platform: "discord", Workspace: "G-" + chapter, Channel: chapter + "-" + kind}}
		},
		Channels: func(kind string) []Target {
			var out []Target
			for _, c := range chapters {
				out = append(out, Target{Platform: "discord", Workspace: "G-" + c.ID, Channel: c.ID + "-" + kind})
			}
			return out
		},
	})
	return h
}

// in is a request from a chapter's guild; the account is the same in
// every guild, as Discord's are.
func (h *harness) in(chapter, user, line string) Reply {
	h.t.Helper()
	req := &Request{Platform: "discord", Workspace: "G", Origin: "G-" + chapter, UserID: user, UserName: user, Channel: "dm", Line: line}
	return h.r.Handle(h.ctx, req)
}

// posted lists where the outbox sends cards of a kind, as "item->channel".
func (h *harness) posted(kind string) []string {
	h.t.Helper()
	ns, err := h.db.Outbox(h.ctx, storage.OutboxFilter{Kind: kind})
	if err != nil {
		h.t.Fatal(err)
	}
	var out []string
	for _, n := range ns {
		out = append(out, fmt.Sprintf("%d%d->%s", n.Args.ProblemID, n.WorkshopID, n.To.Channel))
	}
	slices.Sort(out)
	return out
}

func TestChapters(t *testing.T) {
	h := chapterHarness(t)

	// A newcomer joins the chapter they first came from, and is answered
	// in its language and zone until they choose their own.
	rep := h.in("paris", "amelie", "me")
	wantText(t, h.text(rep), "Antenne", "Paris", "Europe/Paris")
	rep = h.in("nyc", "noah", "me")
	wantText(t, h.text(rep), "Chapter", "New York", "America/New_York")
	h.in("casa", "karim", "me")
	wantEqual(t, "casa member", h.guildMember("karim").Chapter, "casa")
	// A known member keeps theirs wherever they write from.
	h.in("nyc", "amelie", "me")
	wantEqual(t, "amelie stays", h.guildMember("amelie").Chapter, "paris")

	// A problem belongs to its author's chapter: its card goes to that
	// chapter's channel only, in that chapter's language.
	rep = h.in("paris", "amelie", "problem post Séries temporelles | capteurs #ts")
	wantEqual(t, "card lang", rep.Cards[0].Fields[0].Label, T(FR, "label.author"))
	h.in("nyc", "noah", "problem post Causal inference at scale #causal")
	wantSlice(t, "problem cards", h.posted(storage.NoteProblemPosted), []string{"10->paris-problems", "20->nyc-problems"})
	card, err := h.r.Card(h.ctx, Entity{storage.KindProblem, 2})
	if err != nil {
		t.Fatal(err)
	}
	wantEqual(t, "nyc card", card.Fields[0].Label, T(EN, "label.author"))

	// Lists show the member's chapter (and every chapter's items); "all"
	// shows everything.
	list := h.in("paris", "amelie", "problem list").Text
	wantText(t, list, "Séries temporelles")
	if strings.Contains(list, "Causal") {
		t.Errorf("Paris list shows New York's problem:\n%s", list)
	}
	wantText(t, h.in("paris", "amelie", "problem list all").Text, "Séries temporelles", "Causal inference")

	// Workshops: created in the creator's chapter, a problem's chapter, a
	// named one, or online for all.
	wantText(t, h.in("paris", "admin", "workshop create from 2").Text, "#1")
	wantEqual(t, "from problem", h.workshop(1).Chapter, "nyc")
	h.in("paris", "admin", "workshop create chapter casa Atelier Casablanca")
	wantEqual(t, "named", h.workshop(2).Chapter, "casa")
	h.in("paris", "admin", "workshop create chapter online Online reading group")
	wantEqual(t, "online", h.workshop(3).Chapter, "")
	h.in("paris", "pstaff", "workshop create Atelier parisien")
	wantEqual(t, "chapter staff creates in theirs", h.workshop(4).Chapter, "paris")

	// A chapter's staff manages their chapter's workshops only.
	wantText(t, h.in("paris", "pstaff", "workshop capacity 4 10").Text, "10")
	for _, line := range []string{"workshop capacity 1 10", "workshop cancel 2", "workshop announce 3", "workshop chapter 1 paris"} {
		rep := h.in("paris", "pstaff", line)
		if !isRefusal(rep) {
			t.Errorf("%s by Paris staff: %q, want a refusal", line, rep.Text)
		}
	}
	wantText(t, h.in("paris", "pstaff", "workshop cancel 2").Text, "Casablanca")
	wantText(t, h.in("paris", "pstaff", "workshop create chapter nyc X").Text, "New York")
	wantText(t, h.in("paris", "pstaff", "announce list").Text, "l'équipe d'une antenne")
	if h.workshop(1).Capacity == 10 {
		t.Error("Paris staff changed New York's workshop")
	}
	// Problems too: Paris's staff closes Paris's problems, not New York's.
	if rep := h.in("paris", "pstaff", "problem close 2"); !isRefusal(rep) {
		t.Errorf("Paris staff closed New York's problem: %q", rep.Text)
	}
	if rep := h.in("paris", "pstaff", "problem edit 2 title: Autre"); !isRefusal(rep) {
		t.Errorf("Paris staff edited New York's problem: %q", rep.Text)
	}
	wantEqual(t, "New York's problem", h.problem(2).Status, storage.ProblemWorkshop)
	// Community staff manage every chapter's, and move them.
	wantText(t, h.in("nyc", "admin", "workshop chapter 4 online").Text, "(en ligne)")
	wantEqual(t, "moved", h.workshop(4).Chapter, "")

	// Announced cards go to the workshop's chapter; an online one to all.
	h.in("paris", "admin", "workshop announce 2")
	h.in("paris", "admin", "workshop announce 3")
	wantSlice(t, "workshop cards", h.posted(storage.NoteWorkshopPosted),
		[]string{"02->casa-workshops", "03->casa-workshops", "03->nyc-workshops", "03->paris-workshops"})

	// Workshop lists: the member's chapter and online ones.
	list = h.in("nyc", "noah", "workshop list").Text
	wantText(t, list, "Causal inference", "Online reading group")
	if strings.Contains(list, "Casablanca") {
		t.Errorf("New York list shows Casablanca's workshop:\n%s", list)
	}

	// /me chapter moves a member; an unknown one is refused naming those
	// that work.
	wantText(t, h.in("paris", "amelie", "me chapitre lyon").Text, "`casa` (Casablanca)", "`paris` (Paris)")
	wantText(t, h.text(h.in("paris", "amelie", "me chapitre casablanca")), "Casablanca")
	wantEqual(t, "moved member", h.guildMember("amelie").Chapter, "casa")

	// Stats break down by chapter: members now, problems posted where
	// their author was then.
	stats := h.in("paris", "admin", "atelier stats 2026-01-01..2026-12-31").Text
	wantText(t, stats, "Par antenne", "• Casablanca : 2 · 0 · 0 · 0", "• New York : 1 · 1 · 0 · 0", "• Paris : 2 · 1 · 0 · 0")

	csv := h.in("paris", "admin", "atelier stats csv 2026-01-01..2026-12-31")
	if len(csv.Files) != 1 {
		t.Fatalf("stats csv: %q", csv.Text)
	}
	wantText(t, string(csv.Files[0].Data), "chapter_members,paris,2\n", "chapter_problems_posted,nyc,1\n", "chapter_workshops_held,casa,0\n")

	// Paris's staff closes Paris's problem.
	h.in("paris", "pstaff", "problem close 1")
	wantEqual(t, "Paris's problem", h.problem(1).Status, storage.ProblemSolved)
}

// guildMember is the member behind a Discord account.
func (h *harness) guildMember(user string) storage.Member {
	h.t.Helper()
	m, err := h.db.ResolveMember(h.ctx, storage.Identity{Platform: "discord", Workspace: "G", UserID: user}, "", false, "")
	if err != nil {
		h.t.Fatal(err)
	}
	return m
}

// Without chapters nothing changes: /me chapter says there are none and
// lists and cards are the community's.
func TestNoChapters(t *testing.T) {
	h := newHarness(t)
	wantText(t, h.do("alice", "me chapter paris").Text, "no chapters")
	if strings.Contains(h.text(h.do("alice", "me")), "Chapter") {
		t.Error("profile shows a chapter without chapters")
	}
	wantText(t, h.doFields("admin", "workshop create", map[string]string{"title": "T", "chapter": "paris"}).Text, "no chapters")
	h.postProblem("alice", "A problem")
	wantText(t, h.do("bob", "problem list all").Text, "A problem")
}
