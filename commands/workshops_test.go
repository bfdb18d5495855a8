package commands

import (
	"reflect"
	"strconv"
	"testing"
	"time"

	"github.com/atelier-bot/atelier/storage"
)

func TestWorkshopCreateTextForm(t *testing.T) {
	h := newHarness(t)
	rep := h.do("admin", "workshop create Intro to causal inference | Hands-on with DoWhy #causal #Python")
	wantEqual(t, "text", rep.Text, "Workshop #1 created. Members join with the button or a ✋ reaction.")
	wantEqual(t, "public", rep.Public, true)
	wantEqual(t, "refresh", len(rep.Refresh), 0)
	c := h.card(rep)
	wantEqual(t, "entity", c.Entity, Entity{storage.KindWorkshop, 1})
	wantEqual(t, "title", c.Title, "#1 · Intro to causal inference")
	wantEqual(t, "body", c.Body, "Hands-on with DoWhy")
	wantEqual(t, "host", h.field(c, "Host"), "admin")
	wantEqual(t, "tags", h.field(c, "Tags"), "#causal #python")
	wantEqual(t, "seats", h.field(c, "Seats"), "0/unlimited")
	wantEqual(t, "next", h.field(c, "Next session"), "no session yet")
	wantEqual(t, "footer", c.Footer, "Workshop #1 · react ✋ to join")
	wantEqual(t, "buttons", len(c.Buttons), 3)
	wantEqual(t, "join", c.Buttons[0], Button{Label: "Join", Line: "workshop join 1", Style: "primary"})
	wantEqual(t, "leave", c.Buttons[1], Button{Label: "Leave", Line: "workshop leave 1"})
	wantEqual(t, "participants", c.Buttons[2], Button{Label: "Participants", Line: "workshop show 1"})

	w := h.workshop(1)
	wantEqual(t, "stored title", w.Title, "Intro to causal inference")
	wantEqual(t, "stored description", w.Description, "Hands-on with DoWhy")
	wantSlice(t, "stored tags", w.Tags, []string{"causal", "python"})
	wantEqual(t, "host id", w.HostID, h.member("admin").ID)
	wantEqual(t, "capacity", w.Capacity, 0)
	wantEqual(t, "problem", w.ProblemID, int64(0))
	wantEqual(t, "status", w.Status, storage.WorkshopOpen)

	// The capacity option, before the title.
	id := h.createWorkshop("capacity 8 Small group")
	w = h.workshop(id)
	wantEqual(t, "capacity option", w.Capacity, 8)
	wantEqual(t, "capacity title", w.Title, "Small group")
	wantEqual(t, "capacity seats", h.field(h.card(h.do("bob", "workshop show 2")), "Seats"), "0/8")

	// Titles may start with the option words, in either language.
	for _, title := range []string{"De la donnée au modèle", "Places de marché", "From zero to hero", "Capacity planning 101"} {
		id := h.createWorkshop(title)
		wantEqual(t, "title "+title, h.workshop(id).Title, title)
		wantEqual(t, "capacity "+title, h.workshop(id).Capacity, 0)
	}
	id = h.createWorkshop("places 3 De la donnée au modèle")
	wantEqual(t, "places then De", h.workshop(id).Capacity, 3)
	wantEqual(t, "title after places", h.workshop(id).Title, "De la donnée au modèle")
}

func TestWorkshopCreateFromProblem(t *testing.T) {
	h := newHarness(t)
	pid := h.postProblem("alice", "Données manquantes | trous de plusieurs heures #timeseries #imputation")
	h.postProblem("alice", "Second problem | its text #nlp")

	rep := h.do("admin", "workshop create from 1 capacity 1")
	wantEqual(t, "text", rep.Text, "Workshop #1 created. Members join with the button or a ✋ reaction.")
	wantEqual(t, "refresh problem", len(rep.Refresh), 1)
	wantEqual(t, "refresh entity", rep.Refresh[0], Entity{storage.KindProblem, pid})
	c := h.card(rep)
	wantEqual(t, "from field", h.field(c, "From problem"), "#1")
	wantEqual(t, "seats", h.field(c, "Seats"), "0/1")
	w := h.workshop(1)
	wantEqual(t, "copied title", w.Title, "Données manquantes")
	wantEqual(t, "copied description", w.Description, "trous de plusieurs heures")
	wantSlice(t, "copied tags", w.Tags, []string{"imputation", "timeseries"})
	wantEqual(t, "linked", w.ProblemID, pid)
	wantEqual(t, "capacity", w.Capacity, 1)
	p := h.problem(pid)
	wantEqual(t, "problem status", p.Status, storage.ProblemWorkshop)
	wantEqual(t, "problem workshops", len(p.WorkshopIDs), 1)

	// Own title over the problem's, its text and tags kept; French words.
	h.must("admin", "me language fr")
	rep = h.do("admin", "atelier-workshop créer de #2 places 4 Mon titre à moi")
	// The confirmation is the member's; the card is the channel's, in the
	// community's language (English).
	wantEqual(t, "fr text", rep.Text, "Atelier #2 créé. Les membres s'inscrivent avec le bouton ou une réaction ✋.")
	w = h.workshop(2)
	wantEqual(t, "own title", w.Title, "Mon titre à moi")
	wantEqual(t, "kept description", w.Description, "its text")
	wantSlice(t, "kept tags", w.Tags, []string{"nlp"})
	wantEqual(t, "fr capacity", w.Capacity, 4)
	wantEqual(t, "seats label", h.field(h.card(rep), "Seats"), "0/4")

	// A closed problem makes no workshop.
	h.must("alice", "problem close 2")
	before := h.counts()
	wantEqual(t, "closed problem", h.do("admin", "workshop create from 2").Text, "Ce problème est fermé.")
	wantCounts(t, "closed problem", h.counts(), before)
}

func TestWorkshopCreateFields(t *testing.T) {
	h := newHarness(t)
	h.postProblem("alice", "Données manquantes | trous #timeseries")
	rep := h.doFields("admin", "workshop create", map[string]string{
		"title": "Modal workshop", "description": "line one\nline two", "tags": "nlp, vision", "capacity": "12", "from": "",
	})
	wantEqual(t, "text", rep.Text, "Workshop #1 created. Members join with the button or a ✋ reaction.")
	w := h.workshop(1)
	wantEqual(t, "title", w.Title, "Modal workshop")
	wantEqual(t, "description", w.Description, "line one\nline two")
	wantSlice(t, "tags", w.Tags, []string{"nlp", "vision"})
	wantEqual(t, "capacity", w.Capacity, 12)

	rep = h.doFields("admin", "workshop create", map[string]string{"from": "#1", "capacity": "unlimited"})
	w = h.workshop(h.card(rep).Entity.ID)
	wantEqual(t, "from title", w.Title, "Données manquantes")
	wantEqual(t, "from problem", w.ProblemID, int64(1))
	wantEqual(t, "unlimited", w.Capacity, 0)

	before := h.counts()
	rep = h.doFields("admin", "workshop create", map[string]string{"title": "X", "capacity": "0"})
	wantEqual(t, "capacity 0", rep.Text, "`0` is not a capacity: a number between 1 and 10000, or `unlimited`.")
	rep = h.doFields("admin", "workshop create", map[string]string{"title": "", "from": ""})
	wantEqual(t, "nothing", rep.Text, "Usage: `/workshop create [from <problem id>] [capacity <n>] [<title> [| description] [#tags]]`\nExample: `/workshop create from #12 capacity 8`")
	wantCounts(t, "refused modals", h.counts(), before)
}

func TestWorkshopSchedule(t *testing.T) {
	h := newHarness(t)
	h.createWorkshop("Causal inference")

	// "next thursday 14:00" in the community's zone, Europe/Paris (CET).
	rep := h.do("admin", "workshop schedule 1 next thursday 14:00 1h30 Room B")
	wantEqual(t, "text", h.text(rep), "Session added to workshop #1: Thu 3 Dec 2026, 14:00 CET, 1h30, Room B.\nRead as Thu 3 Dec 2026, 14:00 CET (time zone Europe/Paris).")
	wantEqual(t, "refresh", rep.Refresh[0], Entity{storage.KindWorkshop, 1})
	s := h.workshop(1).Sessions
	wantEqual(t, "sessions", len(s), 1)
	wantEqual(t, "start", s[0].Start, time.Date(2026, 12, 3, 13, 0, 0, 0, time.UTC))
	wantEqual(t, "duration", s[0].Duration, 90*time.Minute)
	wantEqual(t, "place", s[0].Place, "Room B")

	// Defaults: one hour, place to be announced.
	rep = h.do("admin", "workshop schedule #1 2026-12-10 09:00")
	wantEqual(t, "default text", h.text(rep), "Session added to workshop #1: Thu 10 Dec 2026, 09:00 CET, 1h, place to be announced.\nRead as Thu 10 Dec 2026, 09:00 CET (time zone Europe/Paris).")
	s = h.workshop(1).Sessions
	wantEqual(t, "second start", s[1].Start, time.Date(2026, 12, 10, 8, 0, 0, 0, time.UTC))
	wantEqual(t, "second duration", s[1].Duration, time.Hour)
	wantEqual(t, "second place", s[1].Place, "")

	// In French, with the French alias and words.
	h.must("admin", "me language fr")
	rep = h.do("admin", "workshop planifier 1 jeudi prochain 14h 2h Salle B")
	wantEqual(t, "fr text", h.text(rep), "Séance ajoutée à l'atelier #1 : jeu. 3 déc. 2026, 14:00 CET, 2h, Salle B.\nCompris : jeu. 3 déc. 2026, 14:00 CET (fuseau Europe/Paris).")
	wantEqual(t, "fr start", h.workshop(1).Sessions[1].Start, time.Date(2026, 12, 3, 13, 0, 0, 0, time.UTC))

	// In the member's own zone: 14:00 in New York is 19:00 UTC.
	h.must("admin", "me language en")
	h.must("admin", "me timezone America/New_York")
	rep = h.do("admin", "workshop schedule 1 next thursday 14:00 45m https://meet.example/abc")
	wantEqual(t, "ny text", h.text(rep), "Session added to workshop #1: Thu 3 Dec 2026, 14:00 EST, 45 min, https://meet.example/abc.\nRead as Thu 3 Dec 2026, 14:00 EST (time zone America/New_York).")
	var ny storage.Session
	for _, s := range h.workshop(1).Sessions {
		if s.Place == "https://meet.example/abc" {
			ny = s
		}
	}
	wantEqual(t, "ny start", ny.Start, time.Date(2026, 12, 3, 19, 0, 0, 0, time.UTC))
	// A reader in Paris sees it at 20:00 their time.
	show := h.text(h.do("bob", "workshop show 1"))
	wantText(t, show, "Thu 3 Dec 2026, 20:00 CET · 45 min · https://meet.example/abc")
	wantEqual(t, "sessions rows", h.counts()["sessions"], 4)
}

func TestWorkshopScheduleFields(t *testing.T) {
	h := newHarness(t)
	h.createWorkshop("Causal inference")
	start := time.Date(2026, 12, 10, 15, 0, 0, 0, time.UTC)

	// A date picker gives unix seconds.
	rep := h.doFields("admin", "workshop schedule", map[string]string{
		"id": "1", "start": strconv.FormatInt(start.Unix(), 10), "duration": "90m", "place": "Room C",
	})
	wantEqual(t, "start text", h.text(rep), "Session added to workshop #1: Thu 10 Dec 2026, 16:00 CET, 1h30, Room C.\nRead as Thu 10 Dec 2026, 16:00 CET (time zone Europe/Paris).")
	s := h.workshop(1).Sessions[0]
	wantEqual(t, "start", s.Start, start)
	wantEqual(t, "duration", s.Duration, 90*time.Minute)
	wantEqual(t, "place", s.Place, "Room C")

	// Or typed words, read in the member's zone.
	rep = h.doFields("admin", "workshop schedule", map[string]string{"id": "#1", "when": "demain 18h"})
	wantEqual(t, "when text", h.text(rep), "Session added to workshop #1: Sat 28 Nov 2026, 18:00 CET, 1h, place to be announced.\nRead as Sat 28 Nov 2026, 18:00 CET (time zone Europe/Paris).")
	wantEqual(t, "when start", h.workshop(1).Sessions[0].Start, time.Date(2026, 11, 28, 17, 0, 0, 0, time.UTC))

	before := h.counts()
	past := strconv.FormatInt(testNow.Add(-time.Hour).Unix(), 10)
	for _, c := range []struct {
		fields map[string]string
		want   string
	}{
		{map[string]string{"id": "1", "start": past}, "That time has passed.\nTry `December 3 2pm`, `tomorrow 6pm`, `next thursday 2pm`, `in 3 days at 10am` or `2026-12-03 14:00`."},
		{map[string]string{"id": "1", "start": "soon"}, "I cannot read that time.\nTry `December 3 2pm`, `tomorrow 6pm`, `next thursday 2pm`, `in 3 days at 10am` or `2026-12-03 14:00`."},
		{map[string]string{"id": "1", "when": "tomorrow 6pm", "duration": "25h"}, "I cannot read that duration. Try `90m`, `1h30` or `2h` (24h at most)."},
		{map[string]string{"id": "abc", "when": "tomorrow 6pm"}, "`abc` is not an id. Ids look like `#12`."},
		{map[string]string{"id": "9", "when": "tomorrow 6pm"}, "No workshop has that id. `/workshop list` shows them."},
	} {
		wantEqual(t, "refused modal", h.doFields("admin", "workshop schedule", c.fields).Text, c.want)
	}
	wantCounts(t, "refused modals", h.counts(), before)
}

func TestWorkshopListAndShow(t *testing.T) {
	h := newHarness(t)
	wantEqual(t, "empty", h.do("bob", "workshop list").Text, "No workshop planned yet.")

	h.createWorkshop("No session yet")           // 1
	h.createWorkshop("capacity 2 Later session") // 2
	h.createWorkshop("Sooner session")           // 3
	h.createWorkshop("Cancelled one")            // 4
	h.must("admin", "workshop schedule 2 2026-12-10 14:00")
	h.must("admin", "workshop schedule 3 tomorrow 09:00 2h Lab")
	h.must("admin", "workshop schedule 3 2026-12-20 09:00")
	h.must("admin", "workshop cancel 4")
	h.must("bob", "workshop join 2")
	h.must("carol", "workshop join 2")
	h.must("dave", "workshop join 2")

	wantEqual(t, "list", h.text(h.do("bob", "workshop list")), "Upcoming workshops:\n"+
		"• #3 Sooner session · 0/unlimited seats · Sat 28 Nov 2026, 09:00 CET\n"+
		"• #2 Later session · 2/2 seats · 1 waiting · Thu 10 Dec 2026, 14:00 CET\n"+
		"• #1 No session yet · 0/unlimited seats · no session yet")

	// The session in progress still counts as the next one.
	h.now = time.Date(2026, 11, 28, 9, 30, 0, 0, time.UTC) // 10:30 in Paris
	c := h.card(h.do("bob", "workshop show 3"))
	wantEqual(t, "next in progress", h.field(c, "Next session"), TimeMark(time.Date(2026, 11, 28, 8, 0, 0, 0, time.UTC))+" · 2h · Lab")
	h.now = testNow

	rep := h.do("erin", "workshop show 2")
	wantEqual(t, "text", rep.Text, "")
	c = h.card(rep)
	wantEqual(t, "seats", h.field(c, "Seats"), "2/2 · 1 waiting")
	wantEqual(t, "participants", h.field(c, "Participants"), "bob, carol")
	wantEqual(t, "waitlist", h.field(c, "Waitlist"), "1. dave")
	wantEqual(t, "sessions", RenderTimes(h.field(c, "Sessions"), func(t time.Time) string { return FormatTime(t, EN, h.paris) }),
		"Thu 10 Dec 2026, 14:00 CET · 1h")
	wantEqual(t, "full join label", c.Buttons[0].Label, "Join the waitlist")

	c = h.card(h.do("erin", "workshop voir #1"))
	wantEqual(t, "nobody", h.field(c, "Participants"), "nobody yet")
	for _, f := range c.Fields {
		if f.Label == "Waitlist" || f.Label == "Sessions" {
			t.Errorf("workshop 1 shows an empty %s field", f.Label)
		}
	}

	c = h.card(h.do("erin", "workshop show 4"))
	wantEqual(t, "cancelled status", h.field(c, "Status"), "cancelled")
	wantEqual(t, "cancelled buttons", len(c.Buttons), 0)
}

func TestWorkshopJoinLeaveWaitlist(t *testing.T) {
	h := newHarness(t)
	h.createWorkshop("capacity 2 Causal inference")
	h.must("admin", "workshop schedule 1 next thursday 14:00")
	card := h.card(h.do("bob", "workshop show 1"))

	rep := h.press("bob", h.button(card, "join"))
	wantEqual(t, "join", h.text(rep), "You have a seat in workshop #1 Causal inference.\nNext session: Thu 3 Dec 2026, 14:00 CET.")
	wantEqual(t, "refresh", rep.Refresh[0], Entity{storage.KindWorkshop, 1})
	wantEqual(t, "again", h.text(h.do("bob", "workshop join 1")), "You already have a seat in workshop #1 Causal inference.\nNext session: Thu 3 Dec 2026, 14:00 CET.")
	h.must("carol", "workshop join 1")
	wantEqual(t, "dave waits", h.do("dave", "workshop join 1").Text, "Workshop #1 is full: you are number 1 on the waitlist. You will get the next free seat.")
	wantEqual(t, "erin waits", h.do("erin", "workshop rejoindre 1").Text, "Workshop #1 is full: you are number 2 on the waitlist. You will get the next free seat.")
	wantEqual(t, "erin again", h.do("erin", "workshop join 1").Text, "You are already number 2 on the waitlist of workshop #1.")
	h.must("frank", "workshop join 1")

	w := h.workshop(1)
	wantSlice(t, "participants", names(w.Participants), []string{"bob", "carol"})
	wantSlice(t, "waitlist", names(w.Waitlist), []string{"dave", "erin", "frank"})

	// Leaving the waitlist moves nobody up.
	wantEqual(t, "erin leaves line", h.do("erin", "workshop leave 1").Text, "You left the waitlist of workshop #1.")
	wantSlice(t, "waitlist after erin", names(h.workshop(1).Waitlist), []string{"dave", "frank"})

	// A freed seat goes to the first in line, named in the reply, and the
	// promotion is stored with its time for the scheduler to tell them.
	h.now = testNow.Add(time.Hour)
	rep = h.press("bob", h.button(card, "leave"))
	wantEqual(t, "bob leaves", rep.Text, "You left workshop #1 Causal inference.\ndave moved from the waitlist to a seat.")
	w = h.workshop(1)
	wantSlice(t, "participants after", names(w.Participants), []string{"carol", "dave"})
	wantSlice(t, "waitlist after", names(w.Waitlist), []string{"frank"})
	wantEqual(t, "promoted at", w.Participants[1].PromotedAt, testNow.Add(time.Hour))
	wantEqual(t, "carol not promoted", w.Participants[0].PromotedAt.IsZero(), true)

	wantEqual(t, "not in", h.do("bob", "workshop leave 1").Text, "You were not in workshop #1.")
	wantEqual(t, "rows", h.counts()["participants"], 3)

	// French.
	h.must("erin", "me language fr")
	wantEqual(t, "fr waits", h.do("erin", "workshop inscrire 1").Text, "L'atelier #1 est complet : vous êtes numéro 2 sur la liste d'attente. Vous aurez la prochaine place libérée.")
	wantEqual(t, "fr leaves", h.do("erin", "workshop quitter 1").Text, "Vous avez quitté la liste d'attente de l'atelier #1.")
	h.must("dave", "me language fr")
	wantEqual(t, "fr seat leaves", h.do("dave", "workshop leave 1").Text, "Vous avez quitté l'atelier #1 Causal inference.\nfrank passe de la liste d'attente à une place.")
}

func TestWorkshopCapacity(t *testing.T) {
	h := newHarness(t)
	h.createWorkshop("capacity 1 Causal inference")
	for _, u := range []string{"bob", "carol", "dave", "erin", "frank"} {
		h.must(u, "workshop join 1")
	}

	// More seats promote the first in line, in order.
	rep := h.do("admin", "workshop capacity 1 3")
	wantEqual(t, "raise", rep.Text, "Workshop #1 now has 3 seats.\ncarol moved from the waitlist to a seat.\ndave moved from the waitlist to a seat.")
	wantEqual(t, "refresh", rep.Refresh[0], Entity{storage.KindWorkshop, 1})
	w := h.workshop(1)
	wantEqual(t, "capacity", w.Capacity, 3)
	wantSlice(t, "seated", names(w.Participants), []string{"bob", "carol", "dave"})
	wantSlice(t, "waiting", names(w.Waitlist), []string{"erin", "frank"})

	// Same as the seats taken is fine; below is refused with the numbers.
	wantEqual(t, "equal", h.do("admin", "workshop capacity #1 3").Text, "Workshop #1 now has 3 seats.")
	before := h.counts()
	wantEqual(t, "below", h.do("admin", "workshop capacity 1 2").Text, "Capacity 2 is below the 3 members who already have a seat.")
	wantEqual(t, "unchanged", h.workshop(1).Capacity, 3)
	wantCounts(t, "below", h.counts(), before)

	// Unlimited seats everyone.
	h.must("admin", "me language fr")
	rep = h.do("admin", "workshop capacité 1 illimité")
	wantEqual(t, "unlimited", rep.Text, "L'atelier #1 a maintenant illimité places.\nerin passe de la liste d'attente à une place.\nfrank passe de la liste d'attente à une place.")
	w = h.workshop(1)
	wantEqual(t, "capacity 0", w.Capacity, 0)
	wantEqual(t, "nobody waits", len(w.Waitlist), 0)
	wantEqual(t, "fr below", h.do("admin", "workshop capacity 1 4").Text, "La capacité 4 est inférieure aux 5 membres qui ont déjà une place.")
}

func TestWorkshopCancel(t *testing.T) {
	h := newHarness(t)
	h.createWorkshop("capacity 1 Causal inference")
	h.must("admin", "workshop schedule 1 next thursday 14:00")
	h.must("bob", "workshop join 1")
	h.must("carol", "workshop join 1")

	rep := h.do("admin", "workshop cancel 1")
	// Both the seated member and the one in line are told.
	wantEqual(t, "text", rep.Text, "Workshop #1 Causal inference is cancelled (2 participants).")
	wantEqual(t, "refresh", rep.Refresh[0], Entity{storage.KindWorkshop, 1})
	w := h.workshop(1)
	wantEqual(t, "status", w.Status, storage.WorkshopCancelled)
	wantEqual(t, "session cancelled", w.Sessions[0].Cancelled, true)
	wantText(t, h.text(h.do("bob", "workshop show 1")), "Status: cancelled", "Thu 3 Dec 2026, 14:00 CET · 1h · cancelled")
	wantEqual(t, "list", h.do("bob", "workshop list").Text, "No workshop planned yet.")

	h.meet("dave")
	before := h.counts()
	for _, c := range []struct{ user, line string }{
		{"dave", "workshop join 1"}, {"bob", "workshop leave 1"}, {"admin", "workshop cancel 1"},
		{"admin", "workshop schedule 1 2026-12-10 14:00"}, {"admin", "workshop capacity 1 5"},
	} {
		wantEqual(t, c.line, h.do(c.user, c.line).Text, "This workshop is cancelled or over.")
	}
	wantCounts(t, "after cancel", h.counts(), before)
	wantEqual(t, "annuler", h.do("admin", "workshop annuler 9").Text, "No workshop has that id. `/workshop list` shows them.")
}

// Staff-only routes refuse members before anything runs, in the member's
// language, and write nothing.
func TestStaffOnlyRoutes(t *testing.T) {
	h := newHarness(t)
	h.postProblem("alice", "Données manquantes #timeseries")
	h.createWorkshop("capacity 2 Causal inference")
	h.must("admin", "workshop schedule 1 next thursday 14:00")
	h.must("bob", "workshop join 1")
	h.meet("carol")
	h.must("carol", "me language fr")

	lines := []string{
		"workshop create Member workshop",
		"workshop create from 1",
		"workshop schedule 1 tomorrow 14:00",
		"workshop capacity 1 10",
		"workshop cancel 1",
		"atelier-workshop créer Mon atelier",
		"workshop planifier 1 demain 14h",
		"workshop capacité 1 10",
		"workshop annuler 1",
		"workshop cancel 999",   // refused as staff-only, not as unknown
		"workshop capacity abc", // nor as bad input
	}
	wBefore, pBefore, cBefore := h.workshop(1), h.problem(1), h.counts()
	for _, line := range lines {
		wantEqual(t, "bob: "+line, h.do("bob", line).Text, "Only staff can do that.")
		wantEqual(t, "carol: "+line, h.do("carol", line).Text, "Seule l'équipe peut faire cela.")
		req := request("bob", line)
		req.Fields = map[string]string{"id": "1", "title": "Modal", "when": "tomorrow 14:00"}
		wantEqual(t, "bob modal: "+line, h.r.Handle(h.ctx, req).Text, "Only staff can do that.")
	}
	wantCounts(t, "staff-only refusals", h.counts(), cBefore)
	if w := h.workshop(1); !reflect.DeepEqual(w, wBefore) {
		t.Errorf("workshop changed:\n got  %+v\n want %+v", w, wBefore)
	}
	if p := h.problem(1); !reflect.DeepEqual(p, pBefore) {
		t.Errorf("problem changed:\n got  %+v\n want %+v", p, pBefore)
	}

	// The same lines work for staff.
	h.must("admin", "workshop capacity 1 10")
	wantEqual(t, "staff capacity", h.workshop(1).Capacity, 10)
}

// Staff comes from the configuration only: a member cannot make themselves
// staff, staff cannot drop it, and the configuration's word is final.
func TestStaffFromConfigOnly(t *testing.T) {
	h := newHarness(t)
	h.meet("bob", "admin")
	before := h.counts()
	wantEqual(t, "role staff", h.do("bob", "me role staff").Text, "Choose `researcher` or `member`.")
	wantEqual(t, "role équipe", h.do("bob", "me rôle équipe").Text, "Choose `researcher` or `member`.")
	wantEqual(t, "still member", h.member("bob").Role, storage.RoleMember)
	wantEqual(t, "still refused", h.do("bob", "workshop create Mine").Text, "Only staff can do that.")
	wantEqual(t, "admin drops", h.do("admin", "me role researcher").Text, "Staff role comes from the configuration; ask an admin to change it.")
	wantEqual(t, "admin still staff", h.member("admin").Role, storage.RoleStaff)
	wantCounts(t, "role refusals", h.counts(), before)

	// A router whose configuration names bob, over the same database.
	r2 := NewRouter(h.db, Config{Location: h.paris, IsStaff: func(_, u string) bool { return u == "bob" }, Logger: h.r.cfg.Logger})
	rep := r2.Handle(h.ctx, request("bob", "workshop create Bob's workshop"))
	wantEqual(t, "bob now staff", rep.Text, "Workshop #1 created. Members join with the button or a ✋ reaction.")
	rep = r2.Handle(h.ctx, request("admin", "workshop cancel 1"))
	wantEqual(t, "admin no longer staff", rep.Text, "Only staff can do that.")
	role := func(user string) string {
		return h.field(h.card(r2.Handle(h.ctx, request(user, "me"))), "Role")
	}
	wantEqual(t, "bob's role", role("bob"), "staff")
	wantEqual(t, "admin's role", role("admin"), "member")
}

func TestWorkshopAnnounce(t *testing.T) {
	h := newHarness(t)
	id := h.createWorkshop("Clinic")
	rep := h.do("admin", "workshop announce 1")
	if !rep.Public || len(rep.Cards) != 1 || rep.Cards[0].Entity != (Entity{"workshop", id}) {
		t.Fatalf("announce: %+v", rep)
	}
	if rep := h.do("bob", "workshop announce 1"); rep.Public || rep.Text != T(EN, "err.staff_only") {
		t.Errorf("member announced: %+v", rep)
	}
	h.do("admin", "workshop cancel 1")
	if rep := h.do("admin", "workshop announce 1"); rep.Public || rep.Text != T(EN, "err.workshop_closed") {
		t.Errorf("cancelled announced: %+v", rep)
	}
}
