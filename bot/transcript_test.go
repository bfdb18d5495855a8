package bot

import (
	"strings"
	"testing"
	"time"
)

// nextChange finds the next clock change of zone after now: the wall date
// of a skipped hour (jump > 0) or of a repeated one.
func nextChange(t *testing.T, zone string, forward bool) string {
	t.Helper()
	loc, err := time.LoadLocation(zone)
	if err != nil {
		t.Fatal(err)
	}
	at := time.Now().In(loc)
	for i := 0; i < 10; i++ {
		_, end := at.ZoneBounds()
		_, before := end.Add(-time.Second).Zone()
		_, after := end.Zone()
		if (after > before) == forward {
			// The middle of the skipped or repeated hour, on the wall clock.
			if forward {
				return end.Add(30 * time.Minute).In(time.FixedZone("", before)).Format("2006-01-02 15:04")
			}
			return end.Add(-30 * time.Minute).In(loc).Format("2006-01-02 15:04")
		}
		at = end
	}
	t.Fatalf("%s: no clock change ahead", zone)
	return ""
}

// Console transcripts, in English and in French: the echo of what was
// understood, a refusal quoting the words and giving forms that work, a
// time the clocks skip and one they repeat, a card a member of the other
// language acts on, and cron specs with French day names.
func TestTranscripts(t *testing.T) {
	gap := nextChange(t, "Europe/Paris", true)
	fold := nextChange(t, "America/New_York", false)
	for _, tc := range []struct {
		lang, other string
		expect      []string
	}{
		{"en", "fr", []string{
			"Read as ", "(time zone Europe/Paris).",
			"`4pm` comes after the time and also reads as a time.",
			"I cannot read `someday soon` as part of a date or time.\nTry `December 3 2pm`",
			gap + " does not exist in Europe/Paris: the clocks skip that hour",
			fold + " happens twice in America/New_York, when the clocks go back. Say which one: `" + fold[11:] + " EDT` / `" + fold[11:] + " EST`.",
			"(time zone America/New_York).",
			"Did you mean `/workshop schedule`?",
			"Vous avez une place dans l'atelier #1",
			"│ Seats: 1/3", "│ Next session: Thu ",
			"Next posts: ", "Times read in Europe/Paris.",
			"`funday` is not a valid weekday",
		}},
		{"fr", "en", []string{
			"Compris : ", "(fuseau Europe/Paris).",
			"`à 16h` vient après l'heure et se lit aussi comme une date ou une heure.",
			"Je ne comprends pas `un de ces jours` dans une date ou une heure.\nEssayez `3 décembre 14h`",
			gap + " n'existe pas dans le fuseau Europe/Paris : les horloges sautent cette heure",
			fold + " existe deux fois dans le fuseau America/New_York, quand on recule les horloges. Précisez laquelle : `" + fold[11:] + " EDT` / `" + fold[11:] + " EST`.",
			"(fuseau America/New_York).",
			"Vouliez-vous dire `/workshop planifier` ?",
			"You have a seat in workshop #1",
			"│ Places: 1/3", "│ Prochaine séance: jeu. ",
			"Prochaines publications : ", "Heures lues dans le fuseau Europe/Paris.",
			"`funday` n'est pas un jour de la semaine (0-6, 0 est dimanche, ou un nom : lun, lundi…) valide.",
		}},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			dir := t.TempDir()
			writeFile(t, dir+"/atelier.yaml", "community:\n  language: "+tc.lang+"\ndatabase:\n  path: "+dir+"/atelier.db\n")
			when, toLater, unknown, typo := "next thursday 2pm 1h30 Room B", "thursday 2pm to 4pm Room B", "someday soon", "/workshop shedule 1 tomorrow 2pm"
			if tc.lang == "fr" {
				when, toLater, unknown, typo = "jeudi prochain 14h 1h30 Salle B", "jeudi 14h à 16h Salle B", "un de ces jours", "/atelier-workshop planfier 1 demain 14h"
			}
			script := []string{
				":as admin", "/me language " + tc.lang,
				"/workshop create Causal inference capacity 3",
				"/workshop schedule 1 " + when,
				"/workshop schedule 1 " + toLater,
				"/workshop schedule 1 " + unknown,
				"/workshop schedule 1 " + gap,
				"/me timezone America/New_York",
				"/workshop schedule 1 " + fold,
				"/workshop schedule 1 " + fold + " EST",
				typo,
				":as alice", "/me language " + tc.other, "/workshop join 1",
				":as admin", "/me timezone Europe/Paris",
				"/announce schedule 0 9 * * lundi,mercredi console Permanence",
				"/announce schedule 30 8 * * lun-ven console Café",
				"/announce schedule 0 9 * * funday console x",
			}
			out, _ := runScript(t, dir, strings.Join(script, "\n")+"\n")
			for _, want := range tc.expect {
				if !strings.Contains(out, want) {
					t.Errorf("transcript lacks %q\n---\n%s", want, out)
				}
			}
			// The channel's card, edited after members of either language
			// and zone acted, keeps the community's language and zone.
			for _, bad := range []string{"│ Next session: jeu.", "│ Prochaine séance: Thu", "EST · 1h30 · "} {
				if strings.Contains(out, bad) {
					t.Errorf("a channel card shows %q\n%s", bad, out)
				}
			}
			if strings.Count(out, " · ") < 4 {
				t.Errorf("the next three runs are not shown:\n%s", out)
			}
		})
	}
}
