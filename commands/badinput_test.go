package commands

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/atelier-bot/atelier/storage"
)

// badCase is one bad input: who types it, and a distinctive piece of the
// answer in each language.
type badCase struct {
	name, user, line string
	en, fr           string
}

var badCases = []badCase{
	// The command line itself.
	{"unknown command", "alice", "frobnicate now", "Unknown command `/frobnicate`.", "Commande inconnue `/frobnicate`."},
	{"blank line", "alice", "   ", "Unknown command", "Commande inconnue"},
	{"unknown sub-command", "alice", "problem frobnicate 1", "`/problem frobnicate` does not exist. Try one of: post, list,", "`/problem frobnicate` n'existe pas. Essayez : post, list,"},
	{"unknown workshop sub-command", "admin", "workshop delete 1", "`/workshop delete` does not exist.", "`/workshop delete` n'existe pas."},
	{"unknown atelier sub-command", "alice", "atelier frobnicate", "`/atelier frobnicate` does not exist. Try one of: help, stats, export, forget, link, hr, headcount, orgs, orgstaff.", "`/atelier frobnicate` n'existe pas. Essayez : help, stats, export, forget, link, hr, headcount, orgs, orgstaff."},
	{"missing sub-command", "alice", "problem", "`/problem` needs a sub-command: post, list, search, show, interested, canhelp, uninterested, close, edit.", "`/problem` attend une sous-commande : post, list,"},
	{"missing workshop sub-command", "alice", "/workshop", "`/workshop` needs a sub-command: create, schedule,", "`/workshop` attend une sous-commande : create, schedule,"},
	{"unclosed quote", "alice", `problem post "Unclosed title | text`, "A quote is not closed.", "Un guillemet n'est pas refermé."},
	{"unknown help topic", "alice", "help frobnicate", "Unknown command `/frobnicate`.", "Commande inconnue `/frobnicate`."},

	// Missing arguments.
	{"post without title", "alice", "problem post", "Usage: `/problem post <title> [| description] [#tags]`\nExample: `/problem post ", "Usage : `/problem post <titre> [| description] [#tags]`\nExemple : `/problem post "},
	{"post with tags only", "alice", "problem post #nlp #vision", "Usage: `/problem post <title>", "Usage : `/problem post <titre>"},
	{"post with a description only", "alice", "problem post | just a description", "Usage: `/problem post <title>", "Usage : `/problem post <titre>"},
	{"search without words", "alice", "problem search", "Usage: `/problem search <words> [page N]`", "Usage : `/problem search <mots> [page N]`"},
	{"search with punctuation only", "alice", "problem search ?!", "Usage: `/problem search <words> [page N]`", "Usage : `/problem search <mots> [page N]`"},
	{"show without id", "alice", "problem show", "Usage: `/problem show <id>`", "Usage : `/problem show <id>`"},
	{"interested without id", "bob", "problem interested", "Usage: `/problem interested <id>`", "Usage : `/problem interested <id>`"},
	{"close without id", "alice", "problem close", "Usage: `/problem close <id> [solved|duplicate|stale]`", "Usage : `/problem close <id> [résolu|doublon|abandonné]`"},
	{"create without title", "admin", "workshop create", "Usage: `/workshop create [from <problem id>]", "Usage : `/workshop create [from <id du problème>]"},
	{"create with capacity only", "admin", "workshop create capacity 5", "Usage: `/workshop create", "Usage : `/workshop create"},
	{"create from nothing", "admin", "workshop create from", "`from` needs a value after it.", "`from` attend une valeur après lui."},
	{"capacity with nothing", "admin", "workshop create capacity", "`capacity` needs a value after it.", "`capacity` attend une valeur après lui."},
	{"bad capacity after the title", "admin", "workshop create Causal inference capacity 0", "`0` is not a capacity", "`0` n'est pas une capacité"},
	{"bad capacity typed as letters and digits", "admin", "workshop create Causal inference capacity 12x", "`12x` is not a capacity", "`12x` n'est pas une capacité"},
	{"command typo", "alice", "workshp list", "Unknown command `/workshp`. Did you mean `/workshop`?", "Commande inconnue `/workshp`. Vouliez-vous dire `/workshop` ?"},
	{"french command typo", "alice", "problme list", "Unknown command `/problme`. Did you mean `/problem`?", "Commande inconnue `/problme`. Vouliez-vous dire `/problem` ?"},
	{"sub-command typo", "admin", "workshop shedule 1 demain 14h", "`/workshop shedule` does not exist. Did you mean `/workshop schedule`?", "`/workshop shedule` n'existe pas. Vouliez-vous dire `/workshop schedule` ?"},
	{"french sub-command typo", "admin", "workshop planfier 1 demain 14h", "`/workshop planfier` does not exist. Did you mean `/workshop planifier`?", "`/workshop planfier` n'existe pas. Vouliez-vous dire `/workshop planifier` ?"},
	{"schedule without time", "admin", "workshop schedule 1", "Usage: `/workshop schedule <id> <when> [duration] [where]`", "Usage : `/workshop schedule <id> <quand> [durée] [lieu]`"},
	{"join without id", "bob", "workshop join", "Usage: `/workshop join <id> [session <n>]`", "Usage : `/workshop join <id> [séance <n>]`"},
	{"leave without id", "bob", "workshop leave", "Usage: `/workshop leave <id> [session <n>]`", "Usage : `/workshop leave <id> [séance <n>]`"},
	{"capacity without number", "admin", "workshop capacity 1", "Usage: `/workshop capacity <id> <n|unlimited>`", "Usage : `/workshop capacity <id> <n|illimité>`"},
	{"cancel without id", "admin", "workshop cancel", "Usage: `/workshop cancel <id>`", "Usage : `/workshop cancel <id>`"},
	{"org without name", "alice", "me org", "Usage: `/me`, `/me org <name>`", "Usage : `/me`, `/me org <nom>`"},
	{"interests without tags", "alice", "me interests add", "Usage: `/me`", "Usage : `/me`"},
	{"interests with empty tag", "alice", "me interests add #", "Give at least one tag, e.g. `#nlp`.", "Donnez au moins un tag, par exemple `#nlp`."},
	{"language without value", "alice", "me language", "Usage: `/me`", "Usage : `/me`"},
	{"list with an empty tag", "alice", "problem list #", "Usage: `/problem list [#tag] [page N]`", "Usage : `/problem list [#tag] [page N]`"},
	{"list with a comma", "alice", "problem list ,", "Usage: `/problem list [#tag] [page N]`", "Usage : `/problem list [#tag] [page N]`"},

	// Extra arguments.
	{"show with two ids", "alice", "problem show 1 2", "Usage: `/problem show <id>`", "Usage : `/problem show <id>`"},
	{"list with two tags", "alice", "problem list #nlp #vision", "Usage: `/problem list [#tag] [page N]`", "Usage : `/problem list [#tag] [page N]`"},
	{"close with a word too many", "alice", "problem close 1 solved now", "Usage: `/problem close", "Usage : `/problem close"},
	{"close with an unknown status", "alice", "problem close 1 wontfix", "Usage: `/problem close", "Usage : `/problem close"},
	{"workshop list with an argument", "alice", "workshop list soon", "Usage: `/workshop list [page N]`", "Usage : `/workshop list [page N]`"},
	{"join with two ids", "bob", "workshop join 1 2", "Usage: `/workshop join <id> [session <n>]`", "Usage : `/workshop join <id> [séance <n>]`"},
	{"capacity with two numbers", "admin", "workshop capacity 1 5 6", "Usage: `/workshop capacity", "Usage : `/workshop capacity"},
	{"cancel with two ids", "admin", "workshop cancel 1 2", "Usage: `/workshop cancel <id>`", "Usage : `/workshop cancel <id>`"},
	{"language with two values", "alice", "me language fr en", "Usage: `/me`", "Usage : `/me`"},
	{"unknown profile field", "alice", "me shoesize 42", "Usage: `/me`", "Usage : `/me`"},
	{"unknown interests verb", "alice", "me interests replace #nlp", "Usage: `/me`", "Usage : `/me`"},
	{"help with two topics", "alice", "atelier help problem workshop", "Usage: `/atelier help [command]`", "Usage : `/atelier help [commande]`"},

	// Unknown and bad ids.
	{"unknown problem", "alice", "problem show 999", "No problem has that id. `/problem list` shows them.", "Aucun problème ne porte cet identifiant."},
	{"interest in unknown problem", "bob", "problem interested #999", "No problem has that id.", "Aucun problème ne porte cet identifiant."},
	{"close unknown problem", "admin", "problem close 999", "No problem has that id.", "Aucun problème ne porte cet identifiant."},
	{"workshop from unknown problem", "admin", "workshop create from 999", "No problem has that id.", "Aucun problème ne porte cet identifiant."},
	{"unknown workshop", "alice", "workshop show 999", "No workshop has that id. `/workshop list` shows them.", "Aucun atelier ne porte cet identifiant."},
	{"join unknown workshop", "bob", "workshop join 999", "No workshop has that id.", "Aucun atelier ne porte cet identifiant."},
	{"leave unknown workshop", "bob", "workshop leave 999", "No workshop has that id.", "Aucun atelier ne porte cet identifiant."},
	{"schedule unknown workshop", "admin", "workshop schedule 999 tomorrow 14:00", "No workshop has that id.", "Aucun atelier ne porte cet identifiant."},
	{"capacity of unknown workshop", "admin", "workshop capacity 999 5", "No workshop has that id.", "Aucun atelier ne porte cet identifiant."},
	{"cancel unknown workshop", "admin", "workshop cancel 999", "No workshop has that id.", "Aucun atelier ne porte cet identifiant."},
	{"bad problem id", "alice", "problem show abc", "`abc` is not an id. Ids look like `#12`.", "`abc` n'est pas un identifiant. Ils ressemblent à `#12`."},
	{"zero id", "alice", "problem show 0", "`0` is not an id.", "`0` n'est pas un identifiant."},
	{"negative id", "bob", "workshop join -1", "`-1` is not an id.", "`-1` n'est pas un identifiant."},
	{"huge id", "bob", "workshop join 99999999999999999999", "`99999999999999999999` is not an id.", "`99999999999999999999` n'est pas un identifiant."},
	{"bad workshop id", "bob", "workshop leave abc", "`abc` is not an id.", "`abc` n'est pas un identifiant."},
	{"bad id to close", "alice", "problem close abc", "`abc` is not an id.", "`abc` n'est pas un identifiant."},
	{"bad id to schedule", "admin", "workshop schedule abc tomorrow 14:00", "`abc` is not an id.", "`abc` n'est pas un identifiant."},
	{"bad from id", "admin", "workshop create from #abc", "`#abc` is not an id.", "`#abc` n'est pas un identifiant."},

	// Text over the limits, invalid tags.
	{"title of 201 characters", "alice", "problem post " + strings.Repeat("é", 201), "The title is too long (200 characters at most).", "Le titre est trop long (200 caractères au plus)."},
	{"workshop title of 201 characters", "admin", "workshop create " + strings.Repeat("t", 201), "The title is too long (200 characters at most).", "Le titre est trop long (200 caractères au plus)."},
	{"description of 4001 characters", "alice", "problem post Title | " + strings.Repeat("d", 4001), "The description is too long (4000 characters at most).", "La description est trop longue (4000 caractères au plus)."},
	{"invalid tag", "alice", "problem post Title #bad!tag", "`#bad!tag` is not a valid tag: letters, digits, - _ . only, 32 characters at most.", "`#bad!tag` n'est pas un tag valide"},
	{"invalid tag among good ones", "alice", "problem post Title #nlp #-dash", "`#-dash` is not a valid tag", "`#-dash` n'est pas un tag valide"},
	{"tag of 33 characters", "alice", "problem post Title #" + strings.Repeat("a", 33), "`#" + strings.Repeat("a", 33) + "` is not a valid tag", "`#" + strings.Repeat("a", 33) + "` n'est pas un tag valide"},
	{"invalid workshop tag", "admin", "workshop create Title #bad!tag", "`#bad!tag` is not a valid tag", "`#bad!tag` n'est pas un tag valide"},
	{"invalid interest", "alice", "me interests add #bad!tag", "`#bad!tag` is not a valid tag", "`#bad!tag` n'est pas un tag valide"},
	{"invalid list tag", "alice", "problem list #bad!tag", "`#bad!tag` is not a valid tag", "`#bad!tag` n'est pas un tag valide"},
	{"eleven tags", "alice", "problem post Title #t1 #t2 #t3 #t4 #t5 #t6 #t7 #t8 #t9 #t10 #t11", "Too many tags (10 at most).", "Trop de tags (10 au plus)."},
	{"eleven workshop tags", "admin", "workshop create Title #t1 #t2 #t3 #t4 #t5 #t6 #t7 #t8 #t9 #t10 #t11", "Too many tags (10 at most).", "Trop de tags (10 au plus)."},
	{"organisation of 101 characters", "alice", "me org " + strings.Repeat("o", 101), "The organisation name is too long (100 characters at most).", "Le nom d'organisation est trop long (100 caractères au plus)."},
	{"place of 301 characters", "admin", "workshop schedule 1 tomorrow 14:00 1h " + strings.Repeat("p", 301), "The place is too long (300 characters at most).", "Le lieu est trop long (300 caractères au plus)."},

	// Capacities.
	{"capacity below the seats taken", "admin", "workshop capacity 1 1", "Capacity 1 is below the 2 members who already have a seat.", "La capacité 1 est inférieure aux 2 membres qui ont déjà une place."},
	{"capacity 0", "admin", "workshop capacity 1 0", "`0` is not a capacity: a number between 1 and 10000, or `unlimited`.", "`0` n'est pas une capacité : un nombre de 1 à 10000, ou `illimité`."},
	{"capacity -3", "admin", "workshop capacity 1 -3", "`-3` is not a capacity", "`-3` n'est pas une capacité"},
	{"capacity abc", "admin", "workshop capacity 1 abc", "`abc` is not a capacity", "`abc` n'est pas une capacité"},
	{"capacity too large", "admin", "workshop capacity 1 10001", "`10001` is not a capacity", "`10001` n'est pas une capacité"},
	{"create with capacity 0", "admin", "workshop create capacity 0 Title", "`0` is not a capacity", "`0` n'est pas une capacité"},
	{"create with capacity -3", "admin", "workshop create capacity -3 Title", "`-3` is not a capacity", "`-3` n'est pas une capacité"},

	// Times and durations.
	{"past time", "admin", "workshop schedule 1 2026-11-20 14:00", "That time has passed.\nTry `December 3 2pm`", "Ce moment est déjà passé.\nEssayez `3 décembre 14h`"},
	{"earlier today", "admin", "workshop schedule 1 today 08:00", "That time has passed.", "Ce moment est déjà passé."},
	{"unparsable time", "admin", "workshop schedule 1 someday soon", "I cannot read `someday soon` as part of a date or time.\nTry ", "Je ne comprends pas `someday soon` dans une date ou une heure.\nEssayez "},
	{"day without hour", "admin", "workshop schedule 1 next thursday", "`next thursday` gives a day but no hour: add one", "`next thursday` donne un jour mais pas d'heure : ajoutez-en une"},
	{"time that does not exist", "admin", "workshop schedule 1 2027-03-28 02:30", "2027-03-28 02:30 does not exist in Europe/Paris: the clocks skip that hour", "2027-03-28 02:30 n'existe pas dans le fuseau Europe/Paris : les horloges sautent cette heure"},
	{"bad duration 25h", "admin", "workshop schedule 1 tomorrow 14:00 25h", "I cannot read that duration. Try `90m`, `1h30` or `2h` (24h at most).", "Je ne comprends pas cette durée."},
	{"bad duration 0m", "admin", "workshop schedule 1 tomorrow 14:00 0m Room", "I cannot read that duration.", "Je ne comprends pas cette durée."},

	// Profile.
	{"unknown time zone", "alice", "me timezone Mars/Olympus", "Unknown time zone. Use an IANA name such as `Europe/Paris`", "Fuseau horaire inconnu. Utilisez un nom IANA"},
	{"Local is no zone", "alice", "me timezone Local", "Unknown time zone.", "Fuseau horaire inconnu."},
	{"unknown language", "alice", "me language de", "Choose `fr` or `en`.", "Choisissez `fr` ou `en`."},
	{"role staff", "alice", "me role staff", "Choose `researcher` or `member`.", "Choisissez `chercheur` ou `membre`."},
	{"staff drops staff", "admin", "me role member", "Staff role comes from the configuration", "Le rôle équipe vient de la configuration"},

	// Refusals by rule.
	{"member runs a staff route", "bob", "workshop cancel 1", "Only staff can do that.", "Seule l'équipe peut faire cela."},
	{"member closes another's problem", "bob", "problem close 1", "Only the author or staff can close this problem.", "Seul l'auteur ou l'équipe peut fermer ce problème."},
	{"author marks own problem", "alice", "problem canhelp 1", "It's your own problem: you are already in.", "C'est votre propre problème : vous êtes déjà dedans."},
	{"closed problem takes no marks", "bob", "problem interested 2", "This problem is closed.", "Ce problème est fermé."},
	{"closed problem closes once", "alice", "problem close 2", "This problem is closed.", "Ce problème est fermé."},
	{"workshop from closed problem", "admin", "workshop create from 2", "This problem is closed.", "Ce problème est fermé."},
	{"join cancelled workshop", "bob", "workshop join 2", "This workshop is cancelled or over.", "Cet atelier est annulé ou terminé."},
}

// badSetup is the world the bad inputs meet: problem #1 open (alice's),
// problem #2 closed, workshop #1 with two of two seats taken and a
// session, workshop #2 cancelled.
func badSetup(h *harness) {
	h.t.Helper()
	h.postProblem("alice", "Données manquantes | trous #timeseries")
	h.postProblem("alice", "Closed one")
	h.must("alice", "problem close 2")
	h.must("bob", "problem interested 1")
	h.createWorkshop("capacity 2 Causal inference")
	h.must("admin", "workshop schedule 1 next thursday 14:00 Room B")
	h.must("bob", "workshop join 1")
	h.must("carol", "workshop join 1")
	h.createWorkshop("Cancelled")
	h.must("admin", "workshop cancel 2")
	h.must("alice", "me interests add #nlp")
	h.must("bob", "problem search donnees") // the search index is up to date
}

// snapshot is everything a refused command must leave alone.
type snapshot struct {
	counts    map[string]int
	problems  []storage.Problem
	workshops []storage.Workshop
	members   []storage.Member
}

func (h *harness) snapshot() snapshot {
	h.t.Helper()
	s := snapshot{counts: h.counts()}
	for id := int64(1); id <= 2; id++ {
		s.problems = append(s.problems, h.problem(id))
		s.workshops = append(s.workshops, h.workshop(id))
	}
	for _, u := range []string{"alice", "bob", "carol", "admin"} {
		s.members = append(s.members, h.member(u))
	}
	return s
}

func TestBadInput(t *testing.T) {
	variants := []struct {
		name string
		lang Lang
		// prepare sets the members' language, or the request's locale.
		prepare func(h *harness)
		locale  string
	}{
		{name: "en", lang: EN, prepare: func(*harness) {}},
		{name: "fr", lang: FR, prepare: func(h *harness) {
			for _, u := range []string{"alice", "bob", "carol", "admin"} {
				h.must(u, "me language fr")
			}
		}},
		{name: "fr-locale", lang: FR, prepare: func(*harness) {}, locale: "fr-FR"},
	}
	for _, v := range variants {
		t.Run(v.name, func(t *testing.T) {
			h := newHarness(t)
			badSetup(h)
			v.prepare(h)
			before := h.snapshot()
			for _, c := range badCases {
				req := request(c.user, c.line)
				req.Locale = v.locale
				rep := h.r.Handle(h.ctx, req)
				want := c.en
				if v.lang == FR {
					want = c.fr
				}
				if !strings.HasPrefix(rep.Text, want) {
					t.Errorf("%s: %q answered\n%s\nwant it to start with\n%s", c.name, c.line, rep.Text, want)
				}
				if !isRefusal(rep) {
					t.Errorf("%s: %q: not a refusal: %s", c.name, c.line, replyText(rep))
				}
				if n := utf8.RuneCountInString(rep.Text); n > 320 || strings.Count(rep.Text, "\n") > 1 {
					t.Errorf("%s: answer not short (%d characters, %d lines)", c.name, n, strings.Count(rep.Text, "\n")+1)
				}
				if rep.Public || len(rep.Cards) > 0 || len(rep.Refresh) > 0 {
					t.Errorf("%s: a refusal is a private text: %+v", c.name, rep)
				}
				if rep.Lang != v.lang {
					t.Errorf("%s: reply language %s, want %s", c.name, rep.Lang, v.lang)
				}
				for _, leak := range []string{"storage:", "sqlite", "SQL", "commands:", "Something went wrong", "Quelque chose s'est mal passé"} {
					if strings.Contains(rep.Text, leak) {
						t.Errorf("%s: answer shows %q: %s", c.name, leak, rep.Text)
					}
				}
				after := h.snapshot()
				wantCounts(t, c.name, after.counts, before.counts)
				if !reflect.DeepEqual(after, before) {
					t.Errorf("%s: %q changed stored state:\n got  %+v\n want %+v", c.name, c.line, after, before)
					before = after
				}
			}
		})
	}
}

// The same world accepts the near misses of the refusals above, so they
// are refused for the reason given and not by accident.
func TestBadInputNearMisses(t *testing.T) {
	h := newHarness(t)
	badSetup(h)
	for _, c := range []struct{ user, line string }{
		{"alice", "problem post " + strings.Repeat("é", 200)},
		{"alice", "problem post Title | " + strings.Repeat("d", 4000)},
		{"alice", "problem post Title #good-tag #v1.2 #snake_case #" + strings.Repeat("a", 32)},
		{"alice", "problem post Title #t1 #t2 #t3 #t4 #t5 #t6 #t7 #t8 #t9 #t10"},
		{"admin", "workshop capacity 1 2"},
		{"admin", "workshop capacity 1 10000"},
		{"admin", "workshop schedule 1 today 11:00"},
		{"admin", "workshop schedule 1 tomorrow 14:00 24h " + strings.Repeat("p", 300)},
		{"admin", "workshop schedule 1 2027-03-28 03:30"},
		{"alice", "me org " + strings.Repeat("o", 100)},
		{"alice", "me timezone Pacific/Auckland"},
		{"alice", "me language FR"},
		{"alice", "me role researcher"},
		{"bob", "problem interested 1"},
		{"admin", "problem close 1"},
	} {
		h.must(c.user, c.line)
	}
	wantEqual(t, "capacity", h.workshop(1).Capacity, 10000)
	wantEqual(t, "sessions", len(h.workshop(1).Sessions), 4)
}

// A panicking handler answers "something went wrong" in the member's
// language, logs the panic, and the router keeps serving. No input reaches
// a panic any more (the last one, "problem list #", is a case above), so a
// test route panics on purpose; it runs through the real middleware chain.
func TestPanicNeverReachesUser(t *testing.T) {
	h := newHarness(t)
	h.r.routes = append(h.r.routes, &Route{Command: "boom", Handler: HandlerFunc(func(context.Context, *Request) (Reply, error) {
		var m map[string]int
		m["nil map"]++ // a real runtime panic, not a polite one
		return Reply{}, nil
	})})
	h.meet("alice")
	before := h.counts()
	rep := h.do("alice", "boom")
	wantEqual(t, "en", rep.Text, "Something went wrong on our side. Please try again in a moment.")
	h.must("alice", "me language fr")
	wantEqual(t, "fr", h.do("alice", "boom now").Text, "Quelque chose s'est mal passé de notre côté. Réessayez dans un instant.")
	wantCounts(t, "panic", h.counts(), before)
	// Still serving.
	wantEqual(t, "after", h.do("alice", "problem list").Text, "Aucun problème ouvert. Publiez-en un avec `/problem post`.")

	// The middleware alone turns the panic into errPanic.
	_, err := recovering(h.r.cfg.Logger, HandlerFunc(func(context.Context, *Request) (Reply, error) { panic("x") })).Serve(h.ctx, &Request{})
	if err != errPanic {
		t.Errorf("recovering returned %v, want errPanic", err)
	}
	wantEqual(t, "outcome", errOutcome(err), "panic")
}
