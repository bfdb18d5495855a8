package commands

import (
	"testing"

	"github.com/atelier-bot/atelier/storage"
)

// profile is the card's fields in order, as "Label: value".
func profile(h *harness, rep Reply) []string {
	h.t.Helper()
	c := h.card(rep)
	out := []string{"Title: " + c.Title}
	for _, f := range c.Fields {
		out = append(out, f.Label+": "+f.Value)
	}
	return out
}

func TestMeProfile(t *testing.T) {
	h := newHarness(t)
	rep := h.do("alice", "me")
	wantEqual(t, "text", rep.Text, "")
	wantEqual(t, "public", rep.Public, false)
	wantSlice(t, "fresh profile", profile(h, rep), []string{
		"Title: alice", "Organisation: —", "Role: member", "Interests: —",
		"Language: English (default)", "Time zone: Europe/Paris (default)", "Dates: day first (03/04 is 3 April) (default)",
	})
	wantEqual(t, "footer", h.card(rep).Footer, "Change with `/me org`, `/me interests add`, `/me language`, `/me timezone`, `/me role`.")

	steps := []struct {
		line, text string
		profile    []string
	}{
		{"me org Inria  Paris-Saclay", "Profile updated.", []string{
			"Title: alice", "Organisation: Inria  Paris-Saclay", "Role: member", "Interests: —",
			"Language: English (default)", "Time zone: Europe/Paris (default)", "Dates: day first (03/04 is 3 April) (default)"}},
		{"me interests add #NLP #timeseries, vision #nlp", "Profile updated.", []string{
			"Title: alice", "Organisation: Inria  Paris-Saclay", "Role: member", "Interests: #nlp #timeseries #vision",
			"Language: English (default)", "Time zone: Europe/Paris (default)", "Dates: day first (03/04 is 3 April) (default)"}},
		{"me interests remove #vision", "Profile updated.", []string{
			"Title: alice", "Organisation: Inria  Paris-Saclay", "Role: member", "Interests: #nlp #timeseries",
			"Language: English (default)", "Time zone: Europe/Paris (default)", "Dates: day first (03/04 is 3 April) (default)"}},
		{"me role researcher", "Profile updated.", []string{
			"Title: alice", "Organisation: Inria  Paris-Saclay", "Role: researcher", "Interests: #nlp #timeseries",
			"Language: English (default)", "Time zone: Europe/Paris (default)", "Dates: day first (03/04 is 3 April) (default)"}},
		{"me timezone America/New_York", "Profile updated.", []string{
			"Title: alice", "Organisation: Inria  Paris-Saclay", "Role: researcher", "Interests: #nlp #timeseries",
			"Language: English (default)", "Time zone: America/New_York", "Dates: day first (03/04 is 3 April) (default)"}},
		// The reply to a language change is in the new language.
		{"me language fr", "Profil mis à jour.", []string{
			"Title: alice", "Organisation: Inria  Paris-Saclay", "Rôle: chercheur·se", "Intérêts: #nlp #timeseries",
			"Langue: français", "Fuseau horaire: America/New_York", "Dates: jour d'abord (03/04 est le 3 avril) (par défaut)"}},
		// French words for every sub-form.
		{"moi intérêts ajouter #llm", "Profil mis à jour.", []string{
			"Title: alice", "Organisation: Inria  Paris-Saclay", "Rôle: chercheur·se", "Intérêts: #llm #nlp #timeseries",
			"Langue: français", "Fuseau horaire: America/New_York", "Dates: jour d'abord (03/04 est le 3 avril) (par défaut)"}},
		{"moi interets enlever #nlp #timeseries", "Profil mis à jour.", []string{
			"Title: alice", "Organisation: Inria  Paris-Saclay", "Rôle: chercheur·se", "Intérêts: #llm",
			"Langue: français", "Fuseau horaire: America/New_York", "Dates: jour d'abord (03/04 est le 3 avril) (par défaut)"}},
		{"moi rôle membre", "Profil mis à jour.", []string{
			"Title: alice", "Organisation: Inria  Paris-Saclay", "Rôle: membre", "Intérêts: #llm",
			"Langue: français", "Fuseau horaire: America/New_York", "Dates: jour d'abord (03/04 est le 3 avril) (par défaut)"}},
		{"moi fuseau Europe/Paris", "Profil mis à jour.", []string{
			"Title: alice", "Organisation: Inria  Paris-Saclay", "Rôle: membre", "Intérêts: #llm",
			"Langue: français", "Fuseau horaire: Europe/Paris", "Dates: jour d'abord (03/04 est le 3 avril) (par défaut)"}},
		{"moi organisation CNRS", "Profil mis à jour.", []string{
			"Title: alice", "Organisation: CNRS", "Rôle: membre", "Intérêts: #llm",
			"Langue: français", "Fuseau horaire: Europe/Paris", "Dates: jour d'abord (03/04 est le 3 avril) (par défaut)"}},
		{"moi langue English", "Profile updated.", []string{
			"Title: alice", "Organisation: CNRS", "Role: member", "Interests: #llm",
			"Language: English", "Time zone: Europe/Paris", "Dates: day first (03/04 is 3 April) (default)"}},
	}
	for _, s := range steps {
		rep := h.do("alice", s.line)
		wantEqual(t, s.line+": text", rep.Text, s.text)
		wantSlice(t, s.line+": profile", profile(h, rep), s.profile)
	}

	m := h.member("alice")
	wantEqual(t, "organisation", m.Organisation, "CNRS")
	wantEqual(t, "role", m.Role, storage.RoleMember)
	wantEqual(t, "language", m.Language, "en")
	wantEqual(t, "timezone", m.Timezone, "Europe/Paris")
	wantSlice(t, "interests", m.Interests, []string{"llm"})
}

// Replies carry the reader's zone; a member's choice beats the platform's
// hints, which beat the community's defaults.
func TestMeLanguageAndZoneHints(t *testing.T) {
	h := newHarness(t)
	req := request("bob", "me")
	req.Locale, req.Timezone = "fr-CA", "Asia/Tokyo"
	rep := h.r.Handle(h.ctx, req)
	wantEqual(t, "lang", rep.Lang, FR)
	wantEqual(t, "loc", rep.Loc.String(), "Asia/Tokyo")
	wantSlice(t, "hinted", profile(h, rep)[4:], []string{"Langue: français (par défaut)", "Fuseau horaire: Asia/Tokyo (par défaut)", "Dates: jour d'abord (03/04 est le 3 avril) (par défaut)"})

	req = request("bob", "me language en")
	req.Locale, req.Timezone = "fr-CA", "Asia/Tokyo"
	h.r.Handle(h.ctx, req)
	req = request("bob", "me timezone America/New_York")
	req.Locale, req.Timezone = "fr-CA", "Asia/Tokyo"
	rep = h.r.Handle(h.ctx, req)
	wantEqual(t, "chosen lang", rep.Lang, EN)
	wantEqual(t, "chosen loc", rep.Loc.String(), "America/New_York")
	wantSlice(t, "chosen", profile(h, rep)[4:], []string{"Language: English", "Time zone: America/New_York", "Dates: day first (03/04 is 3 April) (default)"})

	// An unknown hint falls back to the community's.
	req = request("carol", "me")
	req.Locale, req.Timezone = "de-DE", "Mars/Olympus"
	rep = h.r.Handle(h.ctx, req)
	wantEqual(t, "fallback lang", rep.Lang, EN)
	wantEqual(t, "fallback loc", rep.Loc.String(), "Europe/Paris")
}
