package commands

import (
	"strings"
	"testing"
	"time"

	"github.com/atelier-bot/atelier/storage"
)

func TestProblemPostTextForm(t *testing.T) {
	h := newHarness(t)
	rep := h.do("alice", "problem post Données manquantes | Trous de plusieurs heures, quelle imputation ? #TimeSeries #imputation")
	wantEqual(t, "text", rep.Text, "Problem #1 posted. Others can say “me too” or offer help with the buttons.")
	wantEqual(t, "public", rep.Public, true)
	c := h.card(rep)
	wantEqual(t, "entity", c.Entity, Entity{storage.KindProblem, 1})
	wantEqual(t, "title", c.Title, "#1 · Données manquantes")
	wantEqual(t, "body", c.Body, "Trous de plusieurs heures, quelle imputation ?")
	wantEqual(t, "author", h.field(c, "Author"), "alice")
	wantEqual(t, "tags", h.field(c, "Tags"), "#imputation #timeseries")
	wantEqual(t, "status", h.field(c, "Status"), "open")
	wantEqual(t, "interested", h.field(c, "Interested"), "0")
	wantEqual(t, "footer", c.Footer, "Problem #1 · `/problem show 1`")
	wantEqual(t, "buttons", len(c.Buttons), 2)
	wantEqual(t, "me too", c.Buttons[0], Button{Label: "Me too", Line: "problem interested 1", Style: "primary"})
	wantEqual(t, "can help", c.Buttons[1], Button{Label: "I can help", Line: "problem canhelp 1"})

	p := h.problem(1)
	wantEqual(t, "stored title", p.Title, "Données manquantes")
	wantEqual(t, "stored description", p.Description, "Trous de plusieurs heures, quelle imputation ?")
	wantSlice(t, "stored tags", p.Tags, []string{"imputation", "timeseries"})
	wantEqual(t, "author id", p.AuthorID, h.member("alice").ID)
	wantEqual(t, "status", p.Status, storage.ProblemOpen)
	wantEqual(t, "created", p.CreatedAt, testNow)

	// A title alone; a trailing "#12" is a reference, not a tag; the
	// description keeps its lines; French aliases post too.
	for _, c := range []struct {
		line, title, desc string
		tags              []string
	}{
		{"problem post Just a title", "Just a title", "", nil},
		{"problem post Crash in issue #12", "Crash in issue #12", "", nil},
		{"problem post Two lines | first line\nsecond line #nlp", "Two lines", "first line\nsecond line", []string{"nlp"}},
		{"problème publier Modèle instable | perte qui diverge #Deep-Learning #nlp #nlp", "Modèle instable", "perte qui diverge", []string{"deep-learning", "nlp"}},
	} {
		p := h.problem(h.card(h.must("bob", c.line)).Entity.ID)
		wantEqual(t, c.line+": title", p.Title, c.title)
		wantEqual(t, c.line+": description", p.Description, c.desc)
		wantSlice(t, c.line+": tags", p.Tags, c.tags)
	}
	wantEqual(t, "problems stored", h.counts()["problems"], 5)
}

// The limits are inclusive: a 200-character title and a 4,000-character
// description are accepted (the refusals are in badinput_test.go).
func TestProblemPostAtLimits(t *testing.T) {
	h := newHarness(t)
	title := strings.Repeat("é", storage.MaxTitle) // runes, not bytes
	desc := strings.Repeat("d", storage.MaxDescription)
	id := h.postProblem("alice", title+" | "+desc+" #t1 #t2 #t3 #t4 #t5 #t6 #t7 #t8 #t9 #t10")
	p := h.problem(id)
	wantEqual(t, "title length", len([]rune(p.Title)), storage.MaxTitle)
	wantEqual(t, "description length", len(p.Description), storage.MaxDescription)
	wantEqual(t, "tags", len(p.Tags), storage.MaxTags)

	id = h.card(h.must("admin", "workshop create "+title)).Entity.ID
	wantEqual(t, "workshop title length", len([]rune(h.workshop(id).Title)), storage.MaxTitle)
}

func TestProblemPostFields(t *testing.T) {
	h := newHarness(t)
	rep := h.doFields("bob", "problem post", map[string]string{
		"title":       "  Modal title ",
		"description": "line one\nline two",
		"tags":        "nlp, Vision #LLM",
	})
	wantEqual(t, "text", rep.Text, "Problem #1 posted. Others can say “me too” or offer help with the buttons.")
	p := h.problem(1)
	wantEqual(t, "title", p.Title, "Modal title")
	wantEqual(t, "description", p.Description, "line one\nline two")
	wantSlice(t, "tags", p.Tags, []string{"llm", "nlp", "vision"})

	// A modal without a title is refused by name.
	before := h.counts()
	rep = h.doFields("bob", "problem post", map[string]string{"title": " ", "description": "x"})
	wantEqual(t, "no title", rep.Text, "A title is needed.")
	wantCounts(t, "no title", h.counts(), before)
}

func TestProblemList(t *testing.T) {
	h := newHarness(t)
	wantEqual(t, "empty", h.do("alice", "problem list").Text, "No open problem yet. Post one with `/problem post`.")

	h.postProblem("alice", "First #nlp")
	h.now = h.now.Add(time.Minute)
	h.postProblem("bob", "Second #vision")
	h.now = h.now.Add(time.Minute)
	h.postProblem("alice", "Third #nlp #llm")
	h.now = h.now.Add(time.Minute)
	h.postProblem("alice", "Fourth")
	h.must("bob", "problem interested 1")
	h.must("carol", "problem canhelp 1")
	h.must("admin", "workshop create from 2")
	h.must("alice", "problem close 4")

	wantEqual(t, "list", h.do("carol", "problem list").Text, "Open problems:\n"+
		"• #3 Third · #llm #nlp\n"+
		"• #2 Second · #vision · workshop planned\n"+
		"• #1 First · #nlp · 1 interested, 1 can help")
	want := "Open problems tagged #nlp:\n• #3 Third · #llm #nlp\n• #1 First · #nlp · 1 interested, 1 can help"
	wantEqual(t, "list #nlp", h.do("carol", "problem list #nlp").Text, want)
	wantEqual(t, "list NLP", h.do("carol", "problem list NLP").Text, want)
	wantEqual(t, "list other tag", h.do("carol", "problem list #rust").Text, "No open problem yet. Post one with `/problem post`.")

	h.must("carol", "me language fr")
	wantEqual(t, "liste", h.do("carol", "probleme liste #nlp").Text,
		"Problèmes ouverts avec le tag #nlp :\n• #3 Third · #llm #nlp\n• #1 First · #nlp · 1 intéressés, 1 peuvent aider")
}

func TestProblemSearch(t *testing.T) {
	h := newHarness(t)
	h.postProblem("alice", "Données manquantes en série temporelle | trous #timeseries")
	h.now = h.now.Add(time.Minute)
	h.postProblem("bob", "Missing values in sensors | gaps of hours #imputation")
	h.now = h.now.Add(time.Minute)
	h.postProblem("bob", "Causal graphs for donnees | which library? #causal")

	for _, c := range []struct{ line, want string }{
		{"problem search donnees", "Problems matching “donnees”:\n• #3 Causal graphs for donnees · #causal\n• #1 Données manquantes en série temporelle · #timeseries"},
		{"problem search Données", "Problems matching “Données”:\n• #3 Causal graphs for donnees · #causal\n• #1 Données manquantes en série temporelle · #timeseries"},
		{"problem search serie manq", "Problems matching “serie manq”:\n• #1 Données manquantes en série temporelle · #timeseries"},
		{"problem search sensor", "Problems matching “sensor”:\n• #2 Missing values in sensors · #imputation"},
		{"problem search imputation", "Problems matching “imputation”:\n• #2 Missing values in sensors · #imputation"},
		{"problem search library?", "Problems matching “library?”:\n• #3 Causal graphs for donnees · #causal"},
		{`problem search "gaps" OR NEAR`, "No problem matches “\"gaps\" OR NEAR”."},
		{"problem search kubernetes", "No problem matches “kubernetes”."},
		{"problème chercher SÉRIE", "Problems matching “SÉRIE”:\n• #1 Données manquantes en série temporelle · #timeseries"},
	} {
		wantEqual(t, c.line, h.do("carol", c.line).Text, c.want)
	}
	// Words that are only punctuation are no search: the usage says so.
	wantEqual(t, "search ***", h.do("carol", "problem search ***").Text,
		"Usage: `/problem search <words> [page N]`\nExample: `/problem search missing values`")
}

func TestProblemShow(t *testing.T) {
	h := newHarness(t)
	h.postProblem("alice", "Données manquantes | trous #timeseries")
	h.must("bob", "problem interested 1")
	h.must("dave", "problem interested 1")
	h.must("carol", "problem canhelp 1")
	h.must("admin", "workshop create from 1")

	for _, line := range []string{"problem show 1", "problem show #1", "problème voir 1"} {
		rep := h.do("erin", line)
		wantEqual(t, line+": text", rep.Text, "")
		wantEqual(t, line+": public", rep.Public, false)
		c := h.card(rep)
		wantEqual(t, "title", c.Title, "#1 · Données manquantes")
		wantEqual(t, "body", c.Body, "trous")
		wantEqual(t, "status", h.field(c, "Status"), "workshop planned")
		wantEqual(t, "interested", h.field(c, "Interested"), "2 (bob, dave)")
		wantEqual(t, "can help", h.field(c, "Can help"), "1 (carol)")
		wantEqual(t, "workshops", h.field(c, "Workshops"), "#1")
		wantEqual(t, "buttons", len(c.Buttons), 2) // still open to "me too"
	}
	h.must("alice", "problem close 1")
	c := h.card(h.do("erin", "problem show 1"))
	wantEqual(t, "closed status", h.field(c, "Status"), "solved")
	wantEqual(t, "closed buttons", len(c.Buttons), 0)
}

func TestProblemInterest(t *testing.T) {
	h := newHarness(t)
	id := h.postProblem("alice", "Données manquantes #timeseries")
	card := h.card(h.do("alice", "problem show 1"))

	// The card's button, as bob presses it.
	rep := h.press("bob", h.button(card, "interested"))
	wantEqual(t, "interested", rep.Text, "You are marked as interested in #1 Données manquantes.")
	wantEqual(t, "refresh", len(rep.Refresh), 1)
	wantEqual(t, "refresh entity", rep.Refresh[0], Entity{storage.KindProblem, id})
	p := h.problem(id)
	wantEqual(t, "interested count", p.Interested, 1)
	wantSlice(t, "interested names", p.InterestedNames, []string{"bob"})

	// Twice is once.
	h.press("bob", h.button(card, "interested"))
	wantEqual(t, "interest rows", h.counts()["problem_interest"], 1)

	// Switching to "can help" moves the mark.
	rep = h.press("bob", h.button(card, "canhelp"))
	wantEqual(t, "canhelp", rep.Text, "Thanks! You are marked as able to help with #1 Données manquantes.")
	p = h.problem(id)
	wantEqual(t, "interested after switch", p.Interested, 0)
	wantEqual(t, "can help after switch", p.CanHelp, 1)

	rep = h.do("bob", "problem uninterested 1")
	wantEqual(t, "uninterested", rep.Text, "You are no longer marked on #1 Données manquantes.")
	p = h.problem(id)
	wantEqual(t, "counts after uninterested", p.Interested+p.CanHelp, 0)

	// French words for the same actions.
	h.must("carol", "me language fr")
	wantEqual(t, "moiaussi", h.do("carol", "probleme moiaussi 1").Text, "Vous êtes noté comme intéressé par #1 Données manquantes.")
	wantEqual(t, "aider", h.do("carol", "problème aider #1").Text, "Merci ! Vous êtes noté comme pouvant aider sur #1 Données manquantes.")
	wantEqual(t, "carol can help", h.problem(id).CanHelp, 1)

	// The author is in already; a closed problem takes no more marks.
	h.meet("dave")
	before := h.counts()
	wantEqual(t, "own", h.do("alice", "problem interested 1").Text, "It's your own problem: you are already in.")
	h.must("alice", "problem close 1")
	wantEqual(t, "closed", h.do("dave", "problem interested 1").Text, "This problem is closed.")
	wantCounts(t, "refused marks", h.counts(), before)
}

func TestProblemClose(t *testing.T) {
	h := newHarness(t)
	for i := 0; i < 5; i++ {
		h.postProblem("alice", "Problem")
	}

	// Someone else's problem: refused for a member, nothing changes.
	h.meet("carol")
	before := h.counts()
	wantEqual(t, "other member", h.do("carol", "problem close 1").Text, "Only the author or staff can close this problem.")
	wantEqual(t, "still open", h.problem(1).Status, storage.ProblemOpen)
	wantCounts(t, "refused close", h.counts(), before)

	// The author closes; the default is solved.
	rep := h.do("alice", "problem close 1")
	wantEqual(t, "author", rep.Text, "Problem #1 closed: solved.")
	wantEqual(t, "refresh", rep.Refresh[0], Entity{storage.KindProblem, 1})
	wantEqual(t, "solved", h.problem(1).Status, storage.ProblemSolved)
	wantEqual(t, "again", h.do("alice", "problem close 1").Text, "This problem is closed.")

	// Staff may close anyone's.
	wantEqual(t, "staff", h.do("admin", "problem close #2 duplicate").Text, "Problem #2 closed: duplicate.")
	wantEqual(t, "duplicate", h.problem(2).Status, storage.ProblemDuplicate)
	wantEqual(t, "stale", h.do("alice", "problem close 3 STALE").Text, "Problem #3 closed: stale.")

	h.must("alice", "me language fr")
	wantEqual(t, "fermer", h.do("alice", "problème fermer 4 abandonné").Text, "Problème #4 fermé : abandonné.")
	wantEqual(t, "abandonné", h.problem(4).Status, storage.ProblemStale)
	wantEqual(t, "doublon", h.do("alice", "problem close 5 doublon").Text, "Problème #5 fermé : doublon.")

	// Closed problems leave the list.
	wantEqual(t, "list", h.do("carol", "problem list").Text, "No open problem yet. Post one with `/problem post`.")
}
