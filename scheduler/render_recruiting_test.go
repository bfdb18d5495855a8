package scheduler

import (
	"strings"
	"testing"
	"time"
)

// dms keeps the messages of ss about recruiting sessions' new offers
// (reminders and the questions after a session go out meanwhile).
func dms(ss []sent) []sent {
	var out []sent
	for _, s := range ss {
		if s.To.UserID != "" && strings.HasPrefix(s.Msg.Text, "📣") {
			out = append(out, s)
		}
	}
	return out
}

// A member registered for a recruiting session hears, once, in their own
// language, of each new offer from an organisation the session presents,
// until 30 days after its last session: not of other organisations', not
// their own organisation's (alice posted one of Airbus's), not after /me
// notify off, not once they left.
func TestRecruitingSessionNewOffers(t *testing.T) {
	start := parisTime(2026, 11, 27, 10, 30)
	e := jobsEnv(t, start)
	e.must("alice", "jobs post Ingénieure calcul | Airbus | CDI | phd | Toulouse | https://airbus.example/1 | 45-55k€ #hpc", "Job #1 posted")
	e.must("bob", "jobs post Thèse vision | Thales | CIFRE | student | Palaiseau | https://thales.example/2 | 2 200-2 400 €/mois #vision", "Job #2 posted")
	e.must("admin", "workshop create Forum des docteurs #carrieres", "Workshop #1")
	e.must("admin", "workshop schedule 1 2026-12-10 18:00 2h Amphi A", "Session added")
	e.must("admin", "workshop recruiting 1 #1, #2", "recruiting session presenting")
	e.must("admin", "workshop create Journée Airbus #carrieres", "Workshop #2")
	e.must("admin", "workshop recruiting 2 #1", "recruiting session presenting")
	e.must("admin", "workshop create Lecture de papiers #nlp", "Workshop #3")
	for _, u := range []string{"carol", "dave", "erin", "alice"} {
		e.must(u, "workshop join 1", "You have a seat")
	}
	e.must("carol", "workshop join 2", "You have a seat") // in two sessions linked to Airbus: told once
	e.must("frank", "workshop join 3", "You have a seat") // an ordinary workshop
	e.must("admin", "workshop schedule 2 tous les mardis 18h pendant 3 séances 2h Hangar", "Series added")
	e.must("lea", "workshop join 2 session 2", "You have a seat in session 2") // one session of it only
	e.must("carol", "me language fr", "")
	e.must("dave", "me notify off", "")
	e.at(start)

	// Airbus posts again (through another recruiter): carol and erin hear
	// of it, carol in French; dave said notify off, frank is elsewhere.
	e.must("gina", "jobs post Postdoc simulation | airbus  | postdoc | phd | Toulouse | https://airbus.example/3 | 50-60k€ #hpc", "Job #3 posted")
	got := dms(e.at(start.Add(time.Minute)))
	wantStrings(t, "airbus offer", texts(got), []string{
		"carol: 📣 Nouvelle offre de airbus, présente à la session de recrutement où vous êtes inscrit·e (#1 Forum des docteurs) :",
		"erin: 📣 New offer from airbus, presenting at the recruiting session you registered for (#1 Forum des docteurs):",
		"lea: 📣 New offer from airbus, presenting at the recruiting session you registered for (#2 Journée Airbus):",
	})
	for _, s := range got {
		if len(s.Msg.Cards) != 1 || s.Msg.Cards[0].Title != "#3 · Postdoc simulation" {
			t.Errorf("%s card %+v", s.To.UserID, s.Msg.Cards)
		}
	}
	for _, s := range got {
		if s.To.UserID == "erin" && !strings.Contains(s.Msg.Cards[0].Footer, "`/me notify off` stops these messages") {
			t.Errorf("footer %q", s.Msg.Cards[0].Footer)
		}
	}

	// An organisation the session does not present: nobody.
	e.must("hugo", "jobs post Data engineer | Safran | CDI | junior | Paris | https://safran.example/4 | 40-45k€ #data", "Job #4 posted")
	if got := dms(e.at(start.Add(2 * time.Minute))); len(got) != 0 {
		t.Errorf("safran offer told: %q", texts(got))
	}

	// erin leaves before the message goes out: it is not sent. alice,
	// Airbus's, hears of Thales's.
	e.must("ines", "jobs post Ingénieur avionique | Thales | CDI | junior | Brest | https://thales.example/5 | 42-48k€ #vision", "Job #5 posted")
	e.must("erin", "workshop leave 1", "")
	got = dms(e.at(start.Add(3 * time.Minute)))
	wantStrings(t, "thales offer", texts(got), []string{
		"alice: 📣 New offer from Thales, presenting at the recruiting session you registered for (#1 Forum des docteurs):",
		"carol: 📣 Nouvelle offre de Thales, présente à la session de recrutement où vous êtes inscrit·e (#1 Forum des docteurs) :",
	})

	// Until 30 days after the session's end, not after.
	end := parisTime(2026, 12, 10, 20, 0)
	e.clock.set(end.Add(30*24*time.Hour - time.Minute))
	e.must("jules", "jobs post Thèse radar | Thales | CIFRE | student | Élancourt | https://thales.example/6 | 2 300 €/mois #radar", "Job #6 posted")
	if got := dms(e.at(e.clock.Now())); len(got) != 2 {
		t.Errorf("within 30 days: %q", texts(got))
	}
	e.clock.set(end.Add(30*24*time.Hour + time.Minute))
	e.must("karim", "jobs post Thèse sonar | Thales | CIFRE | student | Brest | https://thales.example/7 | 2 300 €/mois #radar", "Job #7 posted")
	if got := dms(e.at(e.clock.Now())); len(got) != 0 {
		t.Errorf("after 30 days: %q", texts(got))
	}
}
