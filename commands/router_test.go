package commands

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/atelier-bot/atelier/storage"
)

// The whole surface, as routes.go lists it: a route added or dropped must
// show up here, with its tests.
func TestRoutesTable(t *testing.T) {
	h := newHarness(t)
	var got []string
	for _, rt := range h.r.Routes() {
		k := rt.Key()
		if rt.Staff {
			k += " (staff)"
		}
		if rt.Handler == nil {
			t.Errorf("route %s has no handler", k)
		}
		got = append(got, k)
	}
	wantSlice(t, "routes", got, []string{
		"problem.post", "problem.list", "problem.search", "problem.show",
		"problem.interested", "problem.canhelp", "problem.uninterested", "problem.close", "problem.edit",
		"workshop.create (staff)", "workshop.schedule (staff)", "workshop.list", "workshop.show",
		"workshop.join", "workshop.leave", "workshop.capacity (staff)", "workshop.cancel (staff)", "workshop.announce (staff)",
		"workshop.reschedule (staff)", "workshop.unschedule (staff)", "workshop.series (staff)", "workshop.chapter (staff)", "workshop.edit (staff)", "workshop.remove (staff)", "workshop.attended (staff)", "workshop.outcome", "workshop.partners (staff)", "workshop.recruiting (staff)", "workshop.consent", "workshop.registrants", "outcomes",
		"jobs.post", "jobs.list", "jobs.search", "jobs.show", "jobs.close", "jobs.renew", "jobs.candidates",
		"training.list", "training.search", "training.show", "training.enrol", "training.done", "training.gave", "training.mine", "training.suggest", "training.tracks", "training.follow", "training.pause", "training.resume", "training.stop", "training.skill", "training.learned",
		"training.add (staff)", "training.edit (staff)", "training.retire (staff)", "training.track (staff)",
		"awards.list", "awards.show", "awards.nominate", "awards.edit", "awards.withdraw", "awards.vote", "awards.ballot", "awards.score",
		"awards.create (staff)", "awards.set (staff)", "awards.category (staff)", "awards.criterion (staff)", "awards.jury (staff)",
		"awards.progress (staff)", "awards.decide (staff)", "awards.csv (staff)",
		"announce.schedule (staff)", "announce.once (staff)", "announce.list (staff)", "announce.pause (staff)",
		"announce.resume (staff)", "announce.delete (staff)", "feedback",
		"me", "atelier.help", "atelier.stats (staff)", "atelier.export", "atelier.forget", "atelier.link", "atelier.hr (staff)", "atelier.headcount", "atelier.orgs (staff)", "atelier.orgstaff (staff)",
	})
}

func TestRouterLineForms(t *testing.T) {
	h := newHarness(t)
	h.postProblem("alice", "Données manquantes #nlp")
	want := "Open problems:\n• #1 Données manquantes · #nlp"
	for _, line := range []string{
		"problem list", "/problem list", "PROBLEM LIST", "  problem   list  ", "problem\u00a0list",
		"problème liste", "probleme lister", `"problem" list`,
	} {
		wantEqual(t, line, h.do("bob", line).Text, want)
	}
	// Quotes group words: a quoted id with its hash is one argument.
	wantEqual(t, "quoted id", h.card(h.do("bob", `problem show "#1"`)).Title, "#1 · Données manquantes")
	wantEqual(t, "curly quotes", h.card(h.do("bob", "problem show «1»")).Title, "#1 · Données manquantes")
}

func TestHelp(t *testing.T) {
	h := newHarness(t)
	full := h.do("alice", "atelier help").Text
	if !strings.HasPrefix(full, "atelier commands (`/atelier help <command>` for one):\n\n/problem post <title> [| description] [#tags]\n  Post a problem") {
		t.Errorf("help starts:\n%.200s", full)
	}
	// Every route, in the order of routes.go, staff routes marked.
	last := -1
	for _, rt := range h.r.Routes() {
		entry := "\n\n" + T(EN, "usage."+rt.Key())
		if rt.Staff {
			entry += " (staff)"
		}
		entry += "\n  " + T(EN, "help."+rt.Key()) + "\n  e.g. `" + T(EN, "example."+rt.Key()) + "`"
		i := strings.Index(full, entry)
		if i < 0 {
			t.Errorf("help lacks %s:\n%s", rt.Key(), entry)
			continue
		}
		if i < last {
			t.Errorf("help lists %s out of order", rt.Key())
		}
		last = i
	}
	wantEqual(t, "entries", strings.Count(full, "\n\n/"), len(h.r.Routes()))

	// The same help under every name people type.
	for _, line := range []string{"help", "/help", "HELP", "atelier", "/atelier", "aide", "atelier aide"} {
		wantEqual(t, line, h.do("alice", line).Text, full)
	}

	// One command only, by name or alias.
	ws := h.do("alice", "help workshop").Text
	wantEqual(t, "help workshop entries", strings.Count(ws, "\n\n/workshop "), 21)
	wantEqual(t, "help workshop only", strings.Count(ws, "\n\n/"), 21)
	wantEqual(t, "atelier help workshop", h.do("alice", "atelier help workshop").Text, ws)
	wantEqual(t, "help /workshop", h.do("alice", "help /workshop").Text, ws)
	wantEqual(t, "help problème", strings.Count(h.do("alice", "help problème").Text, "\n\n/problem "), 9)
	wantEqual(t, "help me", h.do("alice", "help me").Text, "atelier commands (`/atelier help <command>` for one):\n\n"+
		"/me [org <name> | interests add|remove <tags> | language fr|en | timezone <zone> | role researcher|member | reminders on|off | notify on|off | notify-on slack|discord | calendar [reset] | skills [on|off] | reuse <session|training> <id> <yes|not-yet|no> | trainings on|off | orgs]\n"+
		"  Show or change your profile.\n  e.g. `/me interests add #nlp #timeseries`")

	// In French.
	h.must("alice", "me language fr")
	fr := h.do("alice", "aide workshop").Text
	wantText(t, fr, "Commandes d'atelier", "/workshop cancel <id> (équipe)\n  Annule un atelier et ses séances à venir.\n  ex. `/workshop cancel #3`")
	wantNoText(t, fr, "(staff)", "e.g.")
}

func TestReactions(t *testing.T) {
	h := newHarness(t)
	h.postProblem("alice", "Données manquantes #nlp")
	h.createWorkshop("capacity 1 Causal inference")
	for id, e := range map[string]Entity{"m1": {storage.KindWorkshop, 1}, "m2": {storage.KindProblem, 1}} {
		if err := h.r.SaveMessage(h.ctx, "console", "general", id, e); err != nil {
			t.Fatal(err)
		}
	}
	react := func(user, channel, msg string, added bool) Reply {
		t.Helper()
		req := request(user, "")
		req.Reaction = &Reaction{Channel: channel, MessageID: msg, Added: added}
		return h.r.Handle(h.ctx, req)
	}

	wantEqual(t, "bob joins", react("bob", "general", "m1", true).Text, "You have a seat in workshop #1 Causal inference.")
	wantEqual(t, "carol waits", react("carol", "general", "m1", true).Text, "Workshop #1 is full: you are number 1 on the waitlist. You will get the next free seat.")
	rep := react("bob", "general", "m1", false)
	wantEqual(t, "bob leaves", rep.Text, "You left workshop #1 Causal inference.\ncarol moved from the waitlist to a seat.")
	wantEqual(t, "refresh", rep.Refresh[0], Entity{storage.KindWorkshop, 1})
	wantSlice(t, "seated", names(h.workshop(1).Participants), []string{"carol"})

	wantEqual(t, "me too", react("dave", "general", "m2", true).Text, "You are marked as interested in #1 Données manquantes.")
	wantEqual(t, "interested", h.problem(1).Interested, 1)
	wantEqual(t, "not any more", react("dave", "general", "m2", false).Text, "You are no longer marked on #1 Données manquantes.")
	wantEqual(t, "uninterested", h.problem(1).Interested, 0)

	// Messages the bot does not track get no answer and change nothing,
	// even with the same id in another channel.
	before := h.counts()
	for _, c := range []struct{ channel, msg string }{{"general", "m9"}, {"random", "m1"}} {
		rep := react("dave", c.channel, c.msg, true)
		if rep.Text != "" || len(rep.Cards) != 0 || len(rep.Refresh) != 0 {
			t.Errorf("reaction on untracked %s/%s answered %+v", c.channel, c.msg, rep)
		}
	}
	wantCounts(t, "untracked reactions", h.counts(), before)

	// Adapters find the posted messages and re-render the card.
	refs, err := h.r.Messages(h.ctx, Entity{storage.KindWorkshop, 1})
	if err != nil || len(refs) != 1 || refs[0].MessageID != "m1" || refs[0].Channel != "general" {
		t.Fatalf("Messages = %+v, %v", refs, err)
	}
	c, err := h.r.Card(h.ctx, Entity{storage.KindWorkshop, 1})
	if err != nil {
		t.Fatal(err)
	}
	wantEqual(t, "card seats", h.field(c, "Seats"), "1/1")
	c, err = h.r.Card(h.ctx, Entity{storage.KindProblem, 1})
	if err != nil {
		t.Fatal(err)
	}
	wantEqual(t, "card title", c.Title, "#1 · Données manquantes")
	if _, err := h.r.Card(h.ctx, Entity{"job", 1}); err == nil {
		t.Error("Card of an unknown kind: no error")
	}
	if _, err := h.r.Card(h.ctx, Entity{storage.KindWorkshop, 99}); storage.ErrorCode(err) != storage.ENOTFOUND {
		t.Errorf("Card of a missing workshop: %v", err)
	}
}

// Time marks are the bot's own: user text cannot carry one, whether typed,
// sent in a modal, or hidden in a display name.
func TestForgedTimeMarksStripped(t *testing.T) {
	h := newHarness(t)
	forged := "\uE000123\uE001"
	rep := h.do("alice", "problem post Meet at "+forged+" | see "+forged+" #x")
	p := h.problem(h.card(rep).Entity.ID)
	wantEqual(t, "title", p.Title, "Meet at 123")
	wantEqual(t, "description", p.Description, "see 123")
	shown := h.text(h.do("bob", "problem show 1"))
	wantNoText(t, shown, "1970", "\uE000", "\uE001")
	wantText(t, shown, "#1 · Meet at 123")

	rep = h.doFields("alice", "problem post", map[string]string{"title": "Modal " + forged, "description": forged, "tags": "y"})
	p = h.problem(h.card(rep).Entity.ID)
	wantEqual(t, "modal title", p.Title, "Modal 123")
	wantEqual(t, "modal description", p.Description, "123")

	req := request("eve", "problem post Hello")
	req.UserName = "Eve " + forged
	rep = h.r.Handle(h.ctx, req)
	wantEqual(t, "author", h.field(h.card(rep), "Author"), "Eve 123")
	wantEqual(t, "stored name", h.problem(3).AuthorName, "Eve 123")

	wantEqual(t, "search", h.do("bob", "problem search "+forged).Text, "Problems matching “123”:\n• #2 Modal 123 · #y\n• #1 Meet at 123 · #x")
}

func TestRenderTimes(t *testing.T) {
	at := time.Date(2026, 12, 3, 13, 0, 0, 0, time.UTC)
	render := func(t time.Time) string { return t.Format(time.RFC3339) }
	for _, c := range []struct{ in, want string }{
		{"no marks", "no marks"},
		{"at " + TimeMark(at) + ".", "at 2026-12-03T13:00:00Z."},
		{TimeMark(at) + TimeMark(at.Add(time.Hour)), "2026-12-03T13:00:00Z2026-12-03T14:00:00Z"},
		{"open \uE000123", "open \uE000123"},
		{"bad \uE000x\uE001!", "bad !"},
	} {
		wantEqual(t, c.in, RenderTimes(c.in, render), c.want)
	}
	wantEqual(t, "FormatTime fr", FormatTime(at, FR, mustLoc(t, "Europe/Paris")), "jeu. 3 déc. 2026, 14:00 CET")
	wantEqual(t, "FormatTime nil zone", FormatTime(at, EN, nil), "Thu 3 Dec 2026, 13:00 UTC")
}

// One log line per interaction, with who and how it went, and no user text.
func TestLoggingOneLinePerInteraction(t *testing.T) {
	var buf bytes.Buffer
	h := newHarness(t)
	h.r = NewRouter(h.db, Config{Location: h.paris, Logger: slog.New(slog.NewJSONHandler(&buf, nil)),
		IsStaff: func(_, u string) bool { return u == "admin" }})
	h.do("alice", "problem post Secret title | secret words #x")
	h.do("alice", "problem show 99")
	h.do("alice", "workshop cancel 1")

	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	wantEqual(t, "log lines", len(lines), 3)
	wantNoText(t, buf.String(), "Secret", "secret")
	var got []string
	for _, l := range lines {
		var e map[string]any
		if err := json.Unmarshal([]byte(l), &e); err != nil {
			t.Fatalf("log line %q: %v", l, err)
		}
		got = append(got, strings.Join([]string{e["msg"].(string), e["platform"].(string), e["command"].(string), e["sub"].(string), e["outcome"].(string)}, " "))
		if e["member"].(float64) != 1 {
			t.Errorf("log member = %v, want 1", e["member"])
		}
		if _, ok := e["duration"]; !ok {
			t.Errorf("log line has no duration: %s", l)
		}
	}
	wantSlice(t, "log", got, []string{
		"interaction console problem post ok",
		"interaction console problem show refused",
		"interaction console workshop cancel refused",
	})
}

// The acceptance scenario, in English and in French: a problem, a "me
// too", a workshop from it with one seat, a session next Thursday 14:00,
// two members joining (one waits), a leave that promotes, the workshop
// shown, and the problem found with and without accents.
func TestScenario(t *testing.T) {
	type step struct {
		user, line string
		want       []string // in the reply, times rendered
	}
	scenarios := map[Lang]struct {
		steps   []step
		show    []string
		foreign []string // words of the other language that must not appear
	}{
		EN: {
			steps: []step{
				{"alice", "problem post Données manquantes en série temporelle | Des trous de plusieurs heures #timeseries #imputation", []string{"Problem #1 posted.", "Author: alice", "Tags: #imputation #timeseries"}},
				{"bob", "<press interested>", []string{"You are marked as interested in #1 Données manquantes en série temporelle."}},
				{"admin", "workshop create from 1 capacity 1", []string{"Workshop #1 created.", "Seats: 0/1", "From problem: #1"}},
				{"admin", "workshop schedule 1 next thursday 14:00", []string{"Session added to workshop #1: Thu 3 Dec 2026, 14:00 CET, 1h, place to be announced."}},
				{"carol", "<press join>", []string{"You have a seat in workshop #1 Données manquantes en série temporelle.", "Next session: Thu 3 Dec 2026, 14:00 CET."}},
				{"dave", "workshop join 1", []string{"Workshop #1 is full: you are number 1 on the waitlist."}},
				{"carol", "workshop leave 1", []string{"You left workshop #1", "dave moved from the waitlist to a seat."}},
				{"erin", "workshop join 1", []string{"you are number 1 on the waitlist"}},
				{"bob", "problem search donnees", []string{"Problems matching “donnees”:\n• #1 Données manquantes en série temporelle · #imputation #timeseries · 1 interested, 0 can help · workshop planned"}},
				{"bob", "problem search Données SÉRIE", []string{"• #1 Données manquantes en série temporelle"}},
				{"bob", "problem search serie", []string{"• #1 Données manquantes en série temporelle"}},
			},
			show:    []string{"Participants: dave", "Waitlist: 1. erin", "Seats: 1/1 · 1 waiting", "Sessions: Thu 3 Dec 2026, 14:00 CET · 1h", "[Join the waitlist]"},
			foreign: []string{"liste d'attente", "Vous", "Atelier #", "Problème #", "séance", "jeu."},
		},
		FR: {
			steps: []step{
				{"alice", "problème publier Données manquantes en série temporelle | Des trous de plusieurs heures #timeseries #imputation", []string{"Problème #1 publié.", "Auteur: alice", "Tags: #imputation #timeseries"}},
				{"bob", "<press interested>", []string{"Vous êtes noté comme intéressé par #1 Données manquantes en série temporelle."}},
				{"admin", "atelier-workshop créer de 1 capacité 1", []string{"Atelier #1 créé.", "Places: 0/1", "Issu du problème: #1"}},
				{"admin", "workshop planifier 1 jeudi prochain 14h", []string{"Séance ajoutée à l'atelier #1 : jeu. 3 déc. 2026, 14:00 CET, 1h, lieu à préciser."}},
				{"carol", "<press join>", []string{"Vous avez une place dans l'atelier #1 Données manquantes en série temporelle.", "Prochaine séance : jeu. 3 déc. 2026, 14:00 CET."}},
				{"dave", "workshop rejoindre 1", []string{"L'atelier #1 est complet : vous êtes numéro 1 sur la liste d'attente."}},
				{"carol", "workshop quitter 1", []string{"Vous avez quitté l'atelier #1", "dave passe de la liste d'attente à une place."}},
				{"erin", "workshop inscrire 1", []string{"vous êtes numéro 1 sur la liste d'attente"}},
				{"bob", "probleme chercher donnees", []string{"Problèmes correspondant à « donnees » :\n• #1 Données manquantes en série temporelle · #imputation #timeseries · 1 intéressés, 0 peuvent aider · atelier prévu"}},
				{"bob", "problem search Données SÉRIE", []string{"• #1 Données manquantes en série temporelle"}},
				{"bob", "problem search serie", []string{"• #1 Données manquantes en série temporelle"}},
			},
			show:    []string{"Participants: dave", "Liste d'attente: 1. erin", "Places: 1/1 · 1 en attente", "Séances: jeu. 3 déc. 2026, 14:00 CET · 1h", "[Liste d'attente]"},
			foreign: []string{"waitlist", "You ", "Workshop #", "Problem #", "Session", "Thu "},
		},
	}
	for lang, sc := range scenarios {
		t.Run(string(lang), func(t *testing.T) {
			h := newHarness(t)
			users := []string{"alice", "bob", "carol", "dave", "erin", "admin"}
			if lang == FR {
				// A French community: its channel posts are in French.
				h.r.cfg.Language = FR
				for _, u := range users {
					h.must(u, "me language fr")
				}
			}
			var problemCard, workshopCard Card
			var all strings.Builder
			for _, s := range sc.steps {
				var rep Reply
				switch s.line {
				case "<press interested>":
					rep = h.press(s.user, h.button(problemCard, "interested"))
				case "<press join>":
					rep = h.press(s.user, h.button(workshopCard, "join"))
				default:
					rep = h.do(s.user, s.line)
				}
				if isRefusal(rep) {
					t.Fatalf("%s: %s refused: %s", s.user, s.line, rep.Text)
				}
				if len(rep.Cards) == 1 && rep.Cards[0].Entity.Kind == storage.KindProblem {
					problemCard = rep.Cards[0]
				}
				if len(rep.Cards) == 1 && rep.Cards[0].Entity.Kind == storage.KindWorkshop {
					workshopCard = rep.Cards[0]
				}
				text := h.text(rep)
				wantText(t, text, s.want...)
				all.WriteString(text + "\n")
			}

			show := h.text(h.do("bob", "workshop show 1"))
			wantText(t, show, sc.show...)
			all.WriteString(show)
			wantNoText(t, all.String(), sc.foreign...)

			// What is stored, whatever the language.
			w := h.workshop(1)
			wantEqual(t, "session start", w.Sessions[0].Start, time.Date(2026, 12, 3, 13, 0, 0, 0, time.UTC))
			wantSlice(t, "participants", names(w.Participants), []string{"dave"})
			wantSlice(t, "waitlist", names(w.Waitlist), []string{"erin"})
			wantEqual(t, "dave promoted", w.Participants[0].PromotedAt, testNow)
			wantEqual(t, "linked problem", w.ProblemID, int64(1))
			p := h.problem(1)
			wantEqual(t, "problem status", p.Status, storage.ProblemWorkshop)
			wantSlice(t, "interested", p.InterestedNames, []string{"bob"})
		})
	}
}
