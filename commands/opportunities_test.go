package commands

import (
	"strings"
	"testing"
)

// A member open to opportunities is seen by recruiters of other
// organisations, never by their own employer (by /me org or by the offers
// listed), for 90 days or until they stop.
func TestOpenToOpportunities(t *testing.T) {
	h := newHarness(t)
	for u, org := range map[string]string{"alice": "CNRS", "bob": "Airbus", "carol": "cnrs ", "dave": "Recrutement SA"} {
		h.must(u, "me org "+org)
	}
	h.must("alice", "me interests add #nlp #hpc")
	rep := h.must("alice", "me opportunities on")
	wantText(t, h.text(rep), "You are open to opportunities until Thu 25 Feb 2027, 10:30 CET", "Nobody recruiting for your own organisation (CNRS) sees it.")
	h.must("erin", "me opportunites oui")
	wantText(t, h.text(h.must("frank", "me opportunities on")), "You have not set your organisation")

	// Recruiters: an organisation and an offer listed.
	h.postJob("bob", "jobs post Ingénieur | Airbus | CDI | junior | Toulouse | https://airbus.example | 45-55k€ #hpc")
	h.postJob("carol", "jobs post Ingénieure | CNRS | CDI | junior | Paris | https://cnrs.example | 40-45k€ #hpc")
	h.postJob("dave", "jobs post Postdoc | CNRS | postdoc | phd | Paris | https://cnrs.example/p | 3 000-3 300 €/mois #nlp")

	bob := h.text(h.must("bob", "jobs candidates"))
	wantText(t, bob, "Open to opportunities (3):", "• alice · CNRS · #hpc #nlp · until Thu 25 Feb 2027, 10:30 CET", "• erin · until", "• frank · until")
	// Carol is alice's colleague; dave recruits for CNRS: neither sees her.
	for _, u := range []string{"carol", "dave"} {
		got := h.text(h.must(u, "jobs candidates"))
		wantNoText(t, got, "alice")
		wantText(t, got, "erin", "frank")
	}
	// Not a recruiter: no offer listed, or no organisation.
	for _, u := range []string{"alice", "erin"} {
		rep := h.do(u, "jobs candidates")
		if !isRefusal(rep) || !strings.HasPrefix(rep.Text, "Only recruiters see who is open to opportunities") {
			t.Errorf("%s: %q", u, rep.Text)
		}
	}
	h.must("erin", "me language fr")
	wantEqual(t, "fr usage", h.do("erin", "me opportunites peut-être").Text, "Écrivez `/me opportunites oui` (pour 90 jours) ou `/me opportunites non`.")

	// Stopping is at once; the 90 days lapse by themselves.
	wantEqual(t, "off", h.must("alice", "me opportunities off").Text, "You are no longer open to opportunities: recruiters no longer see you.")
	wantNoText(t, h.text(h.must("bob", "jobs candidates")), "alice")
	h.must("alice", "me opportunities on")
	h.now = h.now.Add(89 * day)
	h.postJob("bob", "jobs post Ingénieur 2 | Airbus | CDI | junior | Toulouse | https://airbus.example/2 | 45-55k€ #hpc")
	wantText(t, h.text(h.must("bob", "jobs candidates")), "alice")
	h.now = h.now.Add(2 * day)
	wantEqual(t, "lapsed", h.must("bob", "jobs candidates").Text, "Nobody you may see is open to opportunities right now.")
}

// An employer spelling its name another way (capitals with accents, no
// accents, another apostrophe) is still the member's employer: it never
// sees them open to opportunities, and another organisation does.
func TestOpportunitiesOwnEmployerWhateverTheSpelling(t *testing.T) {
	h := newHarness(t)
	for u, org := range map[string]string{"alice": "Société Générale", "heidi": "L’Oréal", "gina": "SOCIÉTÉ GÉNÉRALE", "ivan": "LOREAL", "bob": "Airbus"} {
		h.must(u, "me org "+org)
	}
	h.must("alice", "me opportunities on")
	h.must("heidi", "me opportunities on")
	h.postJob("gina", "jobs post Data scientist | Societe Generale | CDI | junior | Paris | https://sg.example | 45-55k€ #nlp")
	h.postJob("ivan", "jobs post Data scientist | L'OREAL | CDI | junior | Paris | https://loreal.example | 45-55k€ #nlp")
	h.postJob("bob", "jobs post Ingénieur | Airbus | CDI | junior | Toulouse | https://airbus.example | 45-55k€ #hpc")
	gina := h.text(h.must("gina", "jobs candidates"))
	wantNoText(t, gina, "alice")
	wantText(t, gina, "heidi")
	// Ivan's own organisation is "LOREAL", but the offer he lists is
	// L'Oréal's: heidi is hidden from him too.
	wantNoText(t, h.text(h.do("ivan", "jobs candidates")), "heidi")
	wantText(t, h.text(h.must("bob", "jobs candidates")), "alice", "heidi")
}
