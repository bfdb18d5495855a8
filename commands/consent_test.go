package commands

import (
	"regexp"
	"strings"
	"testing"
)

// buttonLabels lists a card's buttons' labels.
func buttonLabels(c Card) []string {
	var out []string
	for _, b := range c.Buttons {
		out = append(out, b.Label)
	}
	return out
}

// buttonNamed returns a card's button by its label.
func buttonNamed(t *testing.T, c Card, label string) Button {
	t.Helper()
	for _, b := range c.Buttons {
		if b.Label == label {
			return b
		}
	}
	t.Fatalf("card %q has no button %q: %q", c.Title, label, buttonLabels(c))
	return Button{}
}

// refusal is a line a user types and the start of the refusal it gets.
type refusal struct{ user, line, want string }

// wantRefused checks that each line is refused with a message starting
// as wanted.
func (h *harness) wantRefused(cases ...refusal) {
	h.t.Helper()
	for _, c := range cases {
		if rep := h.do(c.user, c.line); !isRefusal(rep) || !strings.HasPrefix(rep.Text, c.want) {
			h.t.Errorf("%s %q: %q, want a refusal starting %q", c.user, c.line, rep.Text, c.want)
		}
	}
}

// recruitingDay is a recruiting session (#1) presenting Airbus's offer
// (posted by alice) and Thales's (bob), co-organised with Women in Data
// (whose staff carol is), beside workshop #2 co-organised with Data for
// Good only.
func recruitingDay(t *testing.T) *harness {
	h := newHarness(t)
	h.meet("alice", "bob", "carol", "dave", "erin", "frank")
	h.postJob("alice", "jobs post Ingénieure calcul | Airbus | CDI | phd | Toulouse | https://airbus.example | 45-55k€ #hpc")
	h.postJob("bob", "jobs post Thèse vision | Thales | CIFRE | student | Palaiseau | https://thales.example | 2 200-2 400 €/mois #vision")
	h.createWorkshop("Forum des docteurs")
	h.createWorkshop("Journée données ouvertes")
	h.must("admin", "workshop recruiting 1 #1, #2")
	h.must("admin", "workshop partners 1 Women in Data")
	h.must("admin", "workshop partners 2 Data for Good")
	wantEqual(t, "org staff", h.must("admin", "atelier orgstaff add @carol women  in data").Text,
		"Now acting for women in data: carol. They may edit the workshops it co-organises and see the registrants who consented to share with it.")
	return h
}

// Joining shows what is shared with each organisation of the event,
// nothing ticked; a registrant shares with one organisation at a time, by
// button or typed, and withdraws; leaving drops it all.
func TestConsentPerOrganisation(t *testing.T) {
	h := recruitingDay(t)
	rep := h.must("dave", "workshop join 1")
	if len(rep.Cards) != 1 {
		t.Fatalf("join reply: %s", h.text(rep))
	}
	c := rep.Cards[0]
	wantEqual(t, "title", c.Title, "Workshop #1 · what you share with its organisations")
	wantEqual(t, "partner", h.field(c, "Women in Data · co-organiser"), "not shared")
	wantEqual(t, "host", h.field(c, "Airbus · presents offers"), "not shared")
	wantEqual(t, "host 2", h.field(c, "Thales · presents offers"), "not shared")
	wantSlice(t, "buttons", buttonLabels(c), []string{"Share with Women in Data", "Share with Airbus", "Share with Thales"})

	// A button names the organisation by its place: a custom id on
	// Discord is too short for every name.
	if line := buttonNamed(t, c, "Share with Airbus").Line; !regexp.MustCompile(`^workshop consent 1 yes #2:[0-9a-f]{4}$`).MatchString(line) {
		t.Errorf("button line %q", line)
	}
	stale := buttonNamed(t, c, "Share with Women in Data")
	rep = h.press("dave", buttonNamed(t, c, "Share with Airbus"))
	wantEqual(t, "shared", rep.Text, "Airbus now sees your name and organisation as a registrant of workshop #1. `/workshop consent 1 no Airbus` withdraws it.")
	c = h.card(rep)
	wantEqual(t, "ticked", h.field(c, "Airbus · presents offers"), "✅ shares your name and organisation")
	wantEqual(t, "others unticked", h.field(c, "Thales · presents offers"), "not shared")
	wantSlice(t, "buttons after", buttonLabels(c), []string{"Share with Women in Data", "Stop sharing with Airbus", "Share with Thales"})

	// In French, typed, the name as the member writes it.
	h.must("erin", "me language fr")
	h.must("erin", "workshop rejoindre 1")
	rep = h.must("erin", "workshop consentement 1 oui  women IN data ")
	wantEqual(t, "fr", rep.Text, "Women in Data voit désormais votre nom et votre organisation parmi les inscrits de l'atelier #1. `/workshop consentement 1 non Women in Data` le retire.")
	wantEqual(t, "fr card", h.field(h.card(rep), "Women in Data · co-organisatrice"), "✅ partage de votre nom et organisation")

	// Refusals say what works; nothing changes.
	h.wantRefused([]refusal{
		{"dave", "workshop consent 1 yes Safran", "`Safran` is not an organisation of workshop #1. Its organisations: Women in Data, Airbus, Thales."},
		{"dave", "workshop consent 1 yes #4", "`#4` is not an organisation of workshop #1."},
		{"dave", "workshop consent 1 yes all", "Consent is given one organisation at a time: `/workshop consent 1 yes <organisation>`."},
		{"dave", "workshop consent 1 maybe Airbus", "`maybe` is neither yes nor no"},
		{"dave", "workshop consent 1 yes", "Usage: `/workshop consent <id>"},
		{"frank", "workshop consent 1 yes Airbus", "You are not registered for workshop #1: join it first (`/workshop join 1`)."},
		{"dave", "workshop consent 2 yes Data for Good", "You are not registered for workshop #2"},
		{"erin", "workshop consentement 1 oui Safran", "`Safran` n'est pas une organisation de l'atelier #1."},
		{"dave", "workshop consent 9 yes Airbus", "No workshop has that id."},
	}...)
	// A button pressed after the organisations changed shares with none.
	h.must("admin", "workshop partners 1 Latitudes")
	if rep := h.press("dave", stale); !isRefusal(rep) || !strings.HasPrefix(rep.Text, "`#1:") || !strings.Contains(rep.Text, "Its organisations: Latitudes, Airbus, Thales.") {
		t.Errorf("stale button: %q", rep.Text)
	}
	wantEqual(t, "typed place", h.must("dave", "workshop consent 1 yes #1").Text,
		"Latitudes now sees your name and organisation as a registrant of workshop #1. `/workshop consent 1 no Latitudes` withdraws it.")
	h.must("dave", "workshop consent 1 no #1")
	// Named again, Women in Data starts with nothing shared: erin's
	// consent went with it.
	h.must("admin", "workshop partners 1 Women in Data")
	wantEqual(t, "named again", h.field(h.card(h.must("erin", "workshop consentement 1")), "Women in Data · co-organisatrice"), "non partagé")
	h.createWorkshop("Lecture de papiers")
	h.must("dave", "workshop join 3")
	if rep := h.do("dave", "workshop consent 3"); !isRefusal(rep) || rep.Text != "This workshop names no partner or presenting organisation: your details go to none." {
		t.Errorf("no organisation: %q", rep.Text)
	}
	state := h.card(h.must("dave", "workshop consent 1"))
	wantEqual(t, "unchanged", h.field(state, "Airbus · presents offers")+" | "+h.field(state, "Women in Data · co-organiser"), "✅ shares your name and organisation | not shared")

	// Withdrawn: one, then all; leaving drops what is left.
	h.must("dave", "workshop consent 1 yes Thales")
	wantEqual(t, "withdrawn", h.must("dave", "workshop consent 1 no airbus").Text, "Airbus no longer sees your details for workshop #1.")
	wantEqual(t, "withdrawn all", h.must("dave", "workshop consent 1 no all").Text, "No organisation of workshop #1 sees your details any more.")
	state = h.card(h.must("dave", "workshop consent 1"))
	wantEqual(t, "none left", h.field(state, "Thales · presents offers"), "not shared")
	h.must("erin", "workshop quitter 1")
	h.must("erin", "workshop rejoindre 1")
	state = h.card(h.must("erin", "workshop consentement 1"))
	wantEqual(t, "after rejoining", h.field(state, "Women in Data · co-organisatrice"), "non partagé")
}

// Each organisation's people see the registrants who consented to share
// with it by name, and only how many did not; community staff see all;
// nobody else, and /workshop show names nobody to members.
func TestRegistrantsByConsent(t *testing.T) {
	h := recruitingDay(t)
	for _, u := range []string{"dave", "erin", "frank"} {
		h.must(u, "workshop join 1")
	}
	h.must("dave", "me org CNRS")
	h.must("dave", "workshop consent 1 yes Airbus")
	h.must("erin", "workshop consent 1 yes Women in Data")

	// carol, Women in Data's staff: erin only.
	c := h.card(h.must("carol", "workshop registrants 1"))
	wantEqual(t, "title", c.Title, "Registrants of workshop #1 · Forum des docteurs")
	wantEqual(t, "total", c.Body, "3 registered.")
	wantEqual(t, "women in data", h.field(c, "Women in Data · 1 shared their details"), "erin\n2 did not consent: names withheld.")
	if len(c.Fields) != 1 {
		t.Errorf("carol sees other organisations: %+v", c.Fields)
	}
	// alice posted Airbus's offer the session presents: dave, with his
	// organisation.
	c = h.card(h.must("alice", "workshop registrants 1"))
	wantEqual(t, "airbus", h.field(c, "Airbus · 1 shared their details"), "dave (CNRS)\n2 did not consent: names withheld.")
	// gina, named Airbus's staff, sees what Airbus sees.
	h.meet("gina")
	h.must("admin", "atelier orgstaff add @gina Airbus")
	c = h.card(h.must("gina", "workshop registrants 1"))
	wantEqual(t, "airbus staff", h.field(c, "Airbus · 1 shared their details"), "dave (CNRS)\n2 did not consent: names withheld.")
	c = h.card(h.must("bob", "workshop registrants 1"))
	wantEqual(t, "thales", h.field(c, "Thales · 0 shared their details"), "Nobody shared their details with it yet.\n3 did not consent: names withheld.")
	for _, u := range []string{"alice", "bob", "carol"} {
		text := h.text(h.must(u, "workshop registrants 1"))
		for _, name := range []string{"frank", map[string]string{"alice": "erin", "bob": "dave", "carol": "dave"}[u]} {
			if strings.Contains(text, name) {
				t.Errorf("%s reads %s's name: %s", u, name, text)
			}
		}
	}

	// The file says the same, and no more: alice's holds dave only; a name
	// that would be a formula is defused.
	h.must("dave", "me org =HYPERLINK(\"x\")")
	rep := h.must("alice", "workshop registrants 1 csv")
	if len(rep.Files) != 1 || rep.Files[0].Name != "atelier-workshop-1-registrants.csv" {
		t.Fatalf("csv reply %q, %d files", rep.Text, len(rep.Files))
	}
	wantEqual(t, "csv text", rep.Text, "atelier-workshop-1-registrants.csv attached: only what you may see (rows: 1).")
	wantEqual(t, "alice's csv", string(rep.Files[0].Data), "workshop,shared_with,name,organisation,waiting\n1,Airbus,dave,\"'=HYPERLINK(\"\"x\"\")\",\n")
	h.must("dave", "me org CNRS")
	staffCSV := string(h.must("admin", "workshop inscrits 1 CSV").Files[0].Data)
	wantText(t, staffCSV, "1,,dave,CNRS,\n1,,erin,,\n1,,frank,,\n1,Women in Data,erin,,\n1,Airbus,dave,CNRS,\n")
	h.wantRefused(refusal{"alice", "workshop registrants 1 pdf", "Usage: `/workshop registrants <id> [csv]`"},
		refusal{"frank", "workshop registrants 1 csv", "Only staff, and the staff of an organisation this workshop names"})

	// Staff: everyone, and each organisation's count.
	c = h.card(h.must("admin", "workshop registrants 1"))
	wantEqual(t, "all", h.field(c, "Everyone (staff only)"), "dave (CNRS)\nerin\nfrank")
	wantEqual(t, "staff thales", h.field(c, "Thales · 0 shared their details"), "Nobody shared their details with it yet.\n3 did not consent: names withheld.")

	// Nobody else; not another organisation's workshop.
	h.wantRefused([]refusal{
		{"frank", "workshop registrants 1", "Only staff, and the staff of an organisation this workshop names, see its registrants."},
		{"carol", "workshop registrants 2", "Only staff, and the staff of an organisation this workshop names"},
		{"carol", "workshop inscrits 9", "No workshop has that id."},
		{"carol", "workshop registrants", "Usage: `/workshop registrants <id> [csv]`"},
	}...)

	// /workshop show names nobody to members and organisations' people.
	for _, u := range []string{"alice", "carol", "frank"} {
		c := h.card(h.do(u, "workshop show 1"))
		wantEqual(t, u+" show", h.field(c, "Participants"), "3 registered · names go to this workshop's organisations only with each one's consent (`/workshop registrants 1`).")
	}
	wantEqual(t, "staff show", h.field(h.card(h.do("admin", "workshop show 1")), "Participants"), "dave, erin, frank")
	h.must("frank", "workshop join 2")
	h.createWorkshop("Lecture de papiers")
	h.must("frank", "workshop join 3")
	wantEqual(t, "ordinary show", h.field(h.card(h.do("alice", "workshop show 3")), "Participants"), "frank")
}

// An organisation's staff manage the workshops it co-organises, no other,
// and nothing staff-only beyond editing; staff name and remove them.
func TestPartnerStaffRights(t *testing.T) {
	h := recruitingDay(t)
	// The form, on a platform that has dialogs: offered, and submitted.
	rep := h.doForm("carol", "workshop edit 1")
	if rep.Form == nil || rep.Form.Line != "workshop edit 1" {
		t.Fatalf("carol's edit form: %+v, %q", rep.Form, rep.Text)
	}
	if rep := h.doFields("carol", "workshop edit 2", map[string]string{"title": "Pris"}); !isRefusal(rep) {
		t.Errorf("a form submitted for another workshop: %q", rep.Text)
	}
	rep = h.must("carol", "workshop edit 1 title: Forum des docteurs 2027")
	wantText(t, h.text(rep), "Forum des docteurs 2027")
	wantEqual(t, "edited", h.workshop(1).Title, "Forum des docteurs 2027")

	h.wantRefused([]refusal{
		{"carol", "workshop edit 2 title: Pris", "Only staff, or the staff of an organisation co-organising this workshop, can do that."},
		{"carol", "workshop edit 9 title: Pris", "Only staff, or the staff of an organisation co-organising this workshop, can do that."},
		{"alice", "workshop edit 1 title: Pris", "Only staff, or the staff of an organisation co-organising this workshop, can do that."},
		{"carol", "workshop edit title: Pris", "Only staff can do that."},
		{"carol", "workshop cancel 1", "Only staff can do that."},
		{"carol", "workshop partners 1 Carol Corp", "Only staff can do that."},
		{"carol", "atelier orgstaff add @dave Women in Data", "Only staff can do that."},
	}...)
	// A recruiting session's host organisation only presents offers: its
	// staff see registrants, never manage the workshop.
	h.meet("gina")
	h.must("admin", "atelier orgstaff add @gina Airbus")
	h.wantRefused(refusal{"gina", "workshop edit 1 title: Pris", "Only staff, or the staff of an organisation co-organising this workshop, can do that."})
	wantEqual(t, "workshop 2 untouched", h.workshop(2).Title, "Journée données ouvertes")
	wantEqual(t, "workshop 1 kept", h.workshop(1).Title, "Forum des docteurs 2027")

	// Named for Data for Good too, carol manages #2 as well.
	h.must("admin", "atelier orgstaff add @carol, @dave Data for Good")
	wantEqual(t, "list", h.must("admin", "atelier orgstaff").Text, "Organisations' staff:\n• Airbus: gina\n• Data for Good: carol, dave\n• women in data: carol")
	h.must("carol", "workshop edit 2 title: Journée données")
	wantEqual(t, "removed", h.must("admin", "atelier orgstaff remove @carol Women in Data").Text, "No longer acting for Women in Data: carol.")
	if rep := h.do("carol", "workshop edit 1 title: Pris"); !isRefusal(rep) {
		t.Errorf("removed staff edited: %q", rep.Text)
	}
	h.wantRefused([]refusal{
		{"admin", "atelier orgstaff add Women in Data", "Usage: `/atelier orgstaff"},
		{"admin", "atelier orgstaff add @carol", "Usage: `/atelier orgstaff"},
		{"admin", "atelier orgstaff promote @carol X", "Usage: `/atelier orgstaff"},
		{"admin", "atelier orgstaff add @nobody X", "@nobody has never used the bot, so it cannot be named: ask them to say hello to it first."},
	}...)
}

// A member of one session of a series is a registrant like the others:
// asked on joining, listed with consent, and leaving their last session
// drops what they shared.
func TestConsentOneSessionMember(t *testing.T) {
	h := recruitingDay(t)
	h.must("admin", "workshop schedule #2 tous les mardis 18h pendant 3 séances 2h Salle B")
	rep := h.must("dave", "workshop join 2 session 2")
	if len(rep.Cards) != 1 {
		t.Fatalf("join one session: %s", h.text(rep))
	}
	rep = h.press("dave", buttonNamed(t, rep.Cards[0], "Share with Data for Good"))
	wantEqual(t, "shared", h.field(h.card(rep), "Data for Good · co-organiser"), "✅ shares your name and organisation")
	h.must("erin", "workshop join 2")
	h.must("admin", "atelier orgstaff add @carol Data for Good")
	c := h.card(h.must("carol", "workshop registrants 2"))
	wantEqual(t, "total", c.Body, "2 registered.")
	wantEqual(t, "one-session member", h.field(c, "Data for Good · 1 shared their details"), "dave\n1 did not consent: names withheld.")

	h.must("dave", "workshop leave 2 session 2")
	c = h.card(h.must("carol", "workshop registrants 2"))
	wantEqual(t, "after leaving", h.field(c, "Data for Good · 0 shared their details"), "Nobody shared their details with it yet.\n1 did not consent: names withheld.")
	h.must("dave", "workshop join 2 session 2")
	wantEqual(t, "rejoined", h.field(h.card(h.must("dave", "workshop consent 2")), "Data for Good · co-organiser"), "not shared")
}
