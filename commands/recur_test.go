package commands

import (
	"strconv"
	"strings"
	"testing"
	"time"
)

// Every phrasing the issue names, in French and English, reads as the rule
// it says, with its first session; a rule without an hour, or an end that
// does not read, is refused.
func TestSeriesPhrases(t *testing.T) {
	paris, ny := mustLoc(t, "Europe/Paris"), mustLoc(t, "America/New_York")
	now := time.Date(2027, 1, 4, 9, 0, 0, 0, paris) // a Monday
	for _, tc := range []struct {
		text  string
		loc   *time.Location
		lang  Lang
		rule  string // RuleText in English
		first string // local
		end   string
	}{
		{"tous les mardis 18h", paris, FR, "every Tuesday at 18:00", "2027-01-05 18:00", ""},
		{"chaque mardi à 18h", paris, FR, "every Tuesday at 18:00", "2027-01-05 18:00", ""},
		{"le premier jeudi du mois à 18h30", paris, FR, "the first Thursday of every month at 18:30", "2027-01-07 18:30", ""},
		{"every other Wednesday at 12:30", ny, EN, "every other Wednesday at 12:30", "2027-01-06 12:30", ""},
		{"every month on the 2nd Tuesday at 6pm", ny, EN, "the second Tuesday of every month at 18:00", "2027-01-12 18:00", ""},
		{"un mercredi sur deux à 12h30", paris, FR, "every other Wednesday at 12:30", "2027-01-06 12:30", ""},
		{"toutes les 3 semaines le lundi 9h", paris, FR, "every 3 weeks on Monday at 09:00", "2027-01-11 09:00", ""},
		{"the last Friday of the month at 17:00 until 2027-06-30", ny, EN, "the last Friday of every month at 17:00", "2027-01-29 17:00", "until 2027-06-30 23:59"},
		{"every Monday at 9am for 6 sessions", paris, EN, "every Monday at 09:00", "2027-01-11 09:00", "count 6"},
		{"tous les lundis 10h jusqu'au 15 mars", paris, FR, "every Monday at 10:00", "2027-01-04 10:00", "until 2027-03-15 23:59"},
		{"tous les jeudis 18h 10 fois", paris, FR, "every Thursday at 18:00", "2027-01-07 18:00", "count 10"},
	} {
		dp := DateParser{Now: now.UTC(), Loc: tc.loc, Lang: tc.lang}
		r, d, place, err := dp.readSeries(strings.Fields(tc.text), tc.loc)
		if err != nil || d != 0 || place != "" {
			t.Errorf("%q: %v, left %s %q", tc.text, err, d, place)
			continue
		}
		if got := RuleText(EN, r); got != tc.rule {
			t.Errorf("%q: rule %q, want %q", tc.text, got, tc.rule)
		}
		if got := firstOccurrence(r, now, tc.loc).In(tc.loc).Format("2006-01-02 15:04"); got != tc.first {
			t.Errorf("%q: first %s, want %s", tc.text, got, tc.first)
		}
		end := ""
		switch {
		case r.Count > 0:
			end = "count " + strconv.Itoa(r.Count)
		case !r.Until.IsZero():
			end = "until " + r.Until.In(tc.loc).Format("2006-01-02 15:04")
		}
		if end != tc.end {
			t.Errorf("%q: end %q, want %q", tc.text, end, tc.end)
		}
	}
	// Single dates are not series.
	dp := DateParser{Now: now.UTC(), Loc: paris, Lang: FR}
	for _, text := range []string{"le 3 février 14h", "mardi 18h", "2027-02-02 18:00 2h Salle B"} {
		if _, _, ok, _ := dp.ruleIn(strings.Fields(text)); ok {
			t.Errorf("%q read as a series", text)
		}
	}
}

// Through the router: a series is made and echoed, refused when it does
// not read, and one occurrence is moved and another cancelled without
// touching the rest.
func TestSeriesScenario(t *testing.T) {
	h := newHarness(t)
	h.meet("admin", "alice")
	h.at("2027-01-04 09:00")
	h.createWorkshop("Reading group #ml")
	got := h.text(h.must("admin", "workshop schedule #1 tous les mardis 18h pendant 10 séances 1h30 Salle B"))
	wantText(t, got, "Series added to workshop #1: every Tuesday at 18:00 (Europe/Paris). 8 sessions made so far",
		"10 sessions in all.", "• Tue 5 Jan 2027, 18:00 CET")
	w := h.workshop(1)
	if len(w.Sessions) != 8 || w.Sessions[0].Place != "Salle B" || w.Sessions[0].Duration != 90*time.Minute {
		t.Fatalf("sessions %+v", w.Sessions)
	}
	wantText(t, h.text(h.do("admin", "workshop schedule #1 every Tuesday")), "hour")
	wantText(t, h.text(h.do("admin", "workshop schedule #1 every Tuesday 18:00 until someday")), "`until someday`")
	wantText(t, h.text(h.do("alice", "workshop schedule #1 every Tuesday 18:00")), "staff")
	wantText(t, h.text(h.must("admin", "workshop series 1")), "every Tuesday at 18:00 (Europe/Paris) · 10 sessions in all.")

	// One moved, one cancelled; the rest untouched.
	second, third := w.Sessions[1], w.Sessions[2]
	h.must("admin", "workshop reschedule 1 session "+strconv.FormatInt(second.ID, 10)+" 2027-01-14 18:00")
	h.must("admin", "workshop unschedule 1 session "+strconv.FormatInt(third.ID, 10))
	wantText(t, h.text(h.must("admin", "workshop series 1")),
		"session 2 · Thu 14 Jan 2027, 18:00 CET · moved from Tue 12 Jan 2027, 18:00 CET",
		"session 3 · Tue 19 Jan 2027, 18:00 CET · cancelled", "session 4 · Tue 26 Jan 2027, 18:00 CET")
	w = h.workshop(1)
	for i, s := range w.Sessions {
		if s.SeriesID == 0 || s.Occurrence.IsZero() {
			t.Errorf("session %d lost its series: %+v", i, s)
		}
	}
	n, _, err := h.db.ExtendSeries(h.ctx, h.now.Add(365*24*time.Hour))
	if err != nil || n != 2 {
		t.Errorf("extend to the end: %d made, %v; want the 2 left of 10", n, err)
	}
	w = h.workshop(1)
	cancelled := 0
	for _, s := range w.Sessions {
		if s.Cancelled {
			cancelled++
		}
	}
	if len(w.Sessions) != 10 || cancelled != 1 {
		t.Errorf("%d sessions, %d cancelled; want 10, 1", len(w.Sessions), cancelled)
	}
	wantText(t, h.text(h.must("admin", "workshop series 1 stop")), "1 series of workshop #1 stopped")
}
