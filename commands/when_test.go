package commands

import (
	"errors"
	"testing"
	"time"
	_ "time/tzdata" // the tests must not depend on the host's zoneinfo
)

func mustLoc(tb testing.TB, name string) *time.Location {
	tb.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		tb.Fatalf("load %s: %v", name, err)
	}
	return loc
}

// whenCase expects either want (an RFC 3339 UTC instant) or err.
type whenCase struct {
	in   string
	lang Lang
	want string
	err  error
}

func runWhen(t *testing.T, now time.Time, loc *time.Location, cases []whenCase) {
	t.Helper()
	runWhenOrder(t, now, loc, DayFirst, cases)
}

func runWhenOrder(t *testing.T, now time.Time, loc *time.Location, order DateOrder, cases []whenCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(string(c.lang)+"/"+string(order)+"/"+c.in, func(t *testing.T) {
			u, err := DateParser{Now: now, Loc: loc, Lang: c.lang, Order: order}.Parse(c.in)
			got := u.At
			if c.err != nil {
				if !errors.Is(err, c.err) {
					t.Fatalf("ParseWhen(%q) = %v, %v; want error %v", c.in, got, err, c.err)
				}
				return
			}
			if err != nil {
				t.Fatalf("ParseWhen(%q): %v; want %s", c.in, err, c.want)
			}
			if got.Location() != time.UTC {
				t.Errorf("ParseWhen(%q) location = %v, want UTC", c.in, got.Location())
			}
			if s := got.Format(time.RFC3339); s != c.want {
				t.Errorf("ParseWhen(%q) = %s, want %s", c.in, s, c.want)
			}
		})
	}
}

// Friday 2026-11-27 10:30 in Paris (CET, UTC+1) is 09:30 UTC.
func TestParseWhenParis(t *testing.T) {
	paris := mustLoc(t, "Europe/Paris")
	now := time.Date(2026, 11, 27, 10, 30, 0, 0, paris)
	runWhen(t, now, paris, []whenCase{
		// Time alone: today if still ahead, else tomorrow.
		{"14h", FR, "2026-11-27T13:00:00Z", nil},
		{"14H", FR, "2026-11-27T13:00:00Z", nil},
		{"  14h   ", FR, "2026-11-27T13:00:00Z", nil},
		{"14h30", FR, "2026-11-27T13:30:00Z", nil},
		{"14 h 30", FR, "2026-11-27T13:30:00Z", nil},
		{"14:00", FR, "2026-11-27T13:00:00Z", nil},
		{"14:00:00", FR, "2026-11-27T13:00:00Z", nil},
		{"14 heures", FR, "2026-11-27T13:00:00Z", nil},
		{"à 14h", FR, "2026-11-27T13:00:00Z", nil},
		{"10h31", FR, "2026-11-27T09:31:00Z", nil},
		{"10h30", FR, "2026-11-28T09:30:00Z", nil}, // now exactly: not ahead
		{"9h", FR, "2026-11-28T08:00:00Z", nil},
		{"0h15", FR, "2026-11-27T23:15:00Z", nil},
		{"midi", FR, "2026-11-27T11:00:00Z", nil},
		{"minuit", FR, "2026-11-27T23:00:00Z", nil},
		{"2pm", EN, "2026-11-27T13:00:00Z", nil},
		{"2PM", FR, "2026-11-27T13:00:00Z", nil},
		{"2:30pm", EN, "2026-11-27T13:30:00Z", nil},
		{"6 pm", EN, "2026-11-27T17:00:00Z", nil},
		{"9am", EN, "2026-11-28T08:00:00Z", nil},
		{"12pm", EN, "2026-11-27T11:00:00Z", nil},
		{"12am", EN, "2026-11-27T23:00:00Z", nil},
		{"noon", EN, "2026-11-27T11:00:00Z", nil},
		{"midnight", EN, "2026-11-27T23:00:00Z", nil},
		{"at 2pm", EN, "2026-11-27T13:00:00Z", nil},

		// Relative days.
		{"demain 18h", FR, "2026-11-28T17:00:00Z", nil},
		{"demain à 18h", FR, "2026-11-28T17:00:00Z", nil},
		{"18h demain", FR, "2026-11-28T17:00:00Z", nil},
		{"Demain 9h", FR, "2026-11-28T08:00:00Z", nil},
		{"après-demain 10h", FR, "2026-11-29T09:00:00Z", nil},
		{"apres-demain 10h", FR, "2026-11-29T09:00:00Z", nil},
		{"APRÈS-DEMAIN 10H", FR, "2026-11-29T09:00:00Z", nil},
		{"apres demain 10h", FR, "2026-11-29T09:00:00Z", nil},
		{"aujourd'hui 18h", FR, "2026-11-27T17:00:00Z", nil},
		{"aujourd’hui 18h", FR, "2026-11-27T17:00:00Z", nil},
		{"aujourdhui 18h", FR, "2026-11-27T17:00:00Z", nil},
		{"ce soir 20h", FR, "2026-11-27T19:00:00Z", nil},
		{"ce soir 8h", FR, "2026-11-27T19:00:00Z", nil},
		{"tomorrow 6pm", EN, "2026-11-28T17:00:00Z", nil},
		{"today 6pm", EN, "2026-11-27T17:00:00Z", nil},
		{"tonight 8pm", EN, "2026-11-27T19:00:00Z", nil},
		{"day after tomorrow 10am", EN, "2026-11-29T09:00:00Z", nil},
		// Either language for either reader.
		{"tomorrow 6pm", FR, "2026-11-28T17:00:00Z", nil},
		{"demain 18h", EN, "2026-11-28T17:00:00Z", nil},

		// Weekdays: today is Friday.
		{"jeudi 14h", FR, "2026-12-03T13:00:00Z", nil},
		{"jeu 14h", FR, "2026-12-03T13:00:00Z", nil},
		{"jeudi prochain 14h", FR, "2026-12-03T13:00:00Z", nil},
		{"samedi 10h", FR, "2026-11-28T09:00:00Z", nil},
		{"vendredi 14h", FR, "2026-11-27T13:00:00Z", nil},
		{"vendredi 9h", FR, "2026-12-04T08:00:00Z", nil},
		{"vendredi prochain 14h", FR, "2026-12-04T13:00:00Z", nil},
		{"prochain vendredi 14h", FR, "2026-12-04T13:00:00Z", nil},
		{"thursday 2pm", EN, "2026-12-03T13:00:00Z", nil},
		{"Thu 2pm", EN, "2026-12-03T13:00:00Z", nil},
		{"next thursday 2pm", EN, "2026-12-03T13:00:00Z", nil},
		{"on thursday at 2pm", EN, "2026-12-03T13:00:00Z", nil},
		{"friday 2pm", EN, "2026-11-27T13:00:00Z", nil},
		{"next friday 2pm", EN, "2026-12-04T13:00:00Z", nil},
		{"sunday noon", EN, "2026-11-29T11:00:00Z", nil},

		// ISO.
		{"2026-12-03 14:00", FR, "2026-12-03T13:00:00Z", nil},
		{"2026-12-03T14:00", EN, "2026-12-03T13:00:00Z", nil},
		{"2026-12-03 14h", FR, "2026-12-03T13:00:00Z", nil},
		{"2027-07-14 14:00", FR, "2027-07-14T12:00:00Z", nil}, // summer time

		// Slash dates.
		{"03/12/2026 14h", FR, "2026-12-03T13:00:00Z", nil},
		{"3/12/2026 14:00", FR, "2026-12-03T13:00:00Z", nil},
		{"le 03/12/26 à 14h", FR, "2026-12-03T13:00:00Z", nil},
		{"03/12 14h", FR, "2026-12-03T13:00:00Z", nil},
		{"27/11 11h", FR, "2026-11-27T10:00:00Z", nil},
		{"27/11 10h", FR, "2027-11-27T09:00:00Z", nil}, // next occurrence
		{"01/01 10h", FR, "2027-01-01T09:00:00Z", nil},
		{"29/02 10h", FR, "2028-02-29T09:00:00Z", nil},
		{"03/04/2027 10h", FR, "2027-04-03T08:00:00Z", nil},
		{"25/12 10am", EN, "2026-12-25T09:00:00Z", nil},
		{"04/04/2027 10am", EN, "2027-04-04T08:00:00Z", nil},
		// The order is the setting's, whatever the language: never ambiguous.
		{"03/04/2027 10am", EN, "2027-04-03T08:00:00Z", nil},
		{"03/12 14h", EN, "2026-12-03T13:00:00Z", nil},
		{"12/25 10h", FR, "", ErrBadTime},
		{"12/25 10am", EN, "", ErrBadTime},

		// In.
		{"dans 2h", FR, "2026-11-27T11:30:00Z", nil},
		{"dans 1h30", FR, "2026-11-27T11:00:00Z", nil},
		{"dans 90m", FR, "2026-11-27T11:00:00Z", nil},
		{"dans une heure", FR, "2026-11-27T10:30:00Z", nil},
		{"dans 3 jours", FR, "2026-11-30T09:30:00Z", nil},
		{"in 2h", EN, "2026-11-27T11:30:00Z", nil},
		{"in 90m", EN, "2026-11-27T11:00:00Z", nil},
		{"in 45 minutes", EN, "2026-11-27T10:15:00Z", nil},
		{"in 3 days", EN, "2026-11-30T09:30:00Z", nil},
		{"in 1 week", EN, "2026-12-04T09:30:00Z", nil},

		// Refused.
		{"", FR, "", ErrBadTime},
		{"   ", EN, "", ErrBadTime},
		{"blabla", FR, "", ErrBadTime},
		{"hier", FR, "", ErrNoHour},
		{"hier 18h", FR, "", ErrPastTime},
		{"yesterday 6pm", EN, "", ErrPastTime},
		{"25:00", FR, "", ErrBadTime},
		{"24h", FR, "", ErrBadTime},
		{"14:60", FR, "", ErrBadTime},
		{"14h75", FR, "", ErrBadTime},
		{"13pm", EN, "", ErrBadTime},
		{"0am", EN, "", ErrBadTime},
		{"31/02/2027 10h", FR, "", ErrBadTime},
		{"30/02 10h", FR, "", ErrBadTime},
		{"29/02/2027 10h", FR, "", ErrBadTime},
		{"32/12 10h", EN, "", ErrBadTime},
		{"13/14 10h", EN, "", ErrBadTime},
		{"2026-13-01 10:00", FR, "", ErrBadTime},
		{"2026-12-03", FR, "", ErrNoHour}, // a day needs an hour
		{"demain", FR, "", ErrNoHour},
		{"jeudi", FR, "", ErrNoHour},
		{"demain 14", FR, "", ErrBadTime},
		{"next week", EN, "", ErrBadTime},
		{"demain 14h 15h", FR, "", ErrBadTime},
		{"demain jeudi 14h", FR, "", ErrBadTime},
		{"2026-11-26 14:00", FR, "", ErrPastTime},
		{"2026-11-27 10:00", FR, "", ErrPastTime},
		{"2026-11-27 10:30", FR, "", ErrPastTime},
		{"01/01/2020 10h", FR, "", ErrPastTime},
		{"aujourd'hui 9h", FR, "", ErrPastTime},
		{"today 9am", EN, "", ErrPastTime},
		{"dans", FR, "", ErrBadTime},
		{"dans 0m", FR, "", ErrBadTime},
		{"dans -2h", FR, "", ErrBadTime},
		{"in 2", EN, "", ErrBadTime},
		{"in 9999 days", EN, "", ErrBadTime},
	})
}

// The same words give other instants in another zone: the zone is used.
func TestParseWhenNewYork(t *testing.T) {
	ny := mustLoc(t, "America/New_York")
	now := time.Date(2026, 11, 27, 10, 30, 0, 0, ny) // EST, UTC-5: 15:30 UTC
	runWhen(t, now, ny, []whenCase{
		{"14h", FR, "2026-11-27T19:00:00Z", nil},
		{"2pm", EN, "2026-11-27T19:00:00Z", nil},
		{"9am", EN, "2026-11-28T14:00:00Z", nil},
		{"demain 9h", FR, "2026-11-28T14:00:00Z", nil},
		{"thursday 2pm", EN, "2026-12-03T19:00:00Z", nil},
		{"2027-07-04 12:00", EN, "2027-07-04T16:00:00Z", nil}, // EDT
		{"in 2h", EN, "2026-11-27T17:30:00Z", nil},
		{"2026-11-27 10:00", EN, "", ErrPastTime},
	})

	// New York falls back on 2026-11-01: 01:30 happens twice.
	before := time.Date(2026, 10, 30, 12, 0, 0, 0, ny)
	runWhen(t, before, ny, []whenCase{
		{"2026-11-01 01:30", EN, "", ErrAmbiguousTime},
		{"2026-11-01 00:30", EN, "2026-11-01T04:30:00Z", nil},
		{"2026-11-01 02:30", EN, "2026-11-01T07:30:00Z", nil},
	})
}

// Paris leaves summer time on Sunday 2026-10-25: 03:00 CEST becomes 02:00
// CET, so 02:00-02:59 happen twice.
func TestParseWhenFallBack(t *testing.T) {
	paris := mustLoc(t, "Europe/Paris")
	now := time.Date(2026, 10, 24, 9, 0, 0, 0, paris) // Saturday, CEST: 07:00 UTC
	runWhen(t, now, paris, []whenCase{
		{"10h", FR, "2026-10-24T08:00:00Z", nil},
		{"2026-10-24 10:00", FR, "2026-10-24T08:00:00Z", nil},
		{"demain 10h", FR, "2026-10-25T09:00:00Z", nil},
		{"tomorrow 10am", EN, "2026-10-25T09:00:00Z", nil},
		{"2026-10-25 10:00", FR, "2026-10-25T09:00:00Z", nil},
		{"2026-10-25 01:30", FR, "2026-10-24T23:30:00Z", nil},
		{"2026-10-25 01:59", FR, "2026-10-24T23:59:00Z", nil},
		{"2026-10-25 02:00", FR, "", ErrAmbiguousTime},
		{"2026-10-25 02:30", FR, "", ErrAmbiguousTime},
		{"2026-10-25 02:59", FR, "", ErrAmbiguousTime},
		{"2026-10-25 03:00", FR, "2026-10-25T02:00:00Z", nil},
		{"demain 2h30", FR, "", ErrAmbiguousTime},
		{"dimanche 2h30", FR, "", ErrAmbiguousTime},
		{"2h30", FR, "", ErrAmbiguousTime}, // tomorrow, since 02:30 is behind
	})
	runWhenOrder(t, now, paris, MonthFirst, []whenCase{
		{"10/25/2026 2:30am", EN, "", ErrAmbiguousTime},
		{"10/25/2026 3:30am", EN, "2026-10-25T02:30:00Z", nil},
	})

	// Hours are elapsed time: 01:30 CEST + 2h is 02:30 CET, not 03:30.
	late := time.Date(2026, 10, 25, 1, 30, 0, 0, paris) // 23:30 UTC on the 24th
	runWhen(t, late, paris, []whenCase{
		{"dans 2h", FR, "2026-10-25T01:30:00Z", nil},
		{"in 2h", EN, "2026-10-25T01:30:00Z", nil},
		{"dans 1 jour", FR, "2026-10-26T00:30:00Z", nil}, // 01:30 CET next day
	})
}

// Paris enters summer time on Sunday 2027-03-28: 02:00 CET becomes 03:00
// CEST, so 02:00-02:59 never happen.
func TestParseWhenSpringForward(t *testing.T) {
	paris := mustLoc(t, "Europe/Paris")
	now := time.Date(2027, 3, 27, 9, 0, 0, 0, paris) // Saturday, CET: 08:00 UTC
	runWhen(t, now, paris, []whenCase{
		{"2027-03-27 10:00", FR, "2027-03-27T09:00:00Z", nil},
		{"demain 10h", FR, "2027-03-28T08:00:00Z", nil},
		{"2027-03-28 10:00", FR, "2027-03-28T08:00:00Z", nil},
		{"2027-03-28 01:59", FR, "2027-03-28T00:59:00Z", nil},
		{"2027-03-28 02:00", FR, "", ErrNoSuchTime},
		{"2027-03-28 02:30", FR, "", ErrNoSuchTime},
		{"2027-03-28 02:59", FR, "", ErrNoSuchTime},
		{"2027-03-28 03:00", FR, "2027-03-28T01:00:00Z", nil},
		{"28/03/2027 2h30", FR, "", ErrNoSuchTime},
		{"demain 2h30", FR, "", ErrNoSuchTime},
		{"2h30", FR, "", ErrNoSuchTime},
	})
	runWhenOrder(t, now, paris, MonthFirst, []whenCase{
		{"3/28/2027 2:30am", EN, "", ErrNoSuchTime},
		{"12/25 10am", EN, "2027-12-25T09:00:00Z", nil},
		{"03/04 10am", FR, "2028-03-04T09:00:00Z", nil}, // 4 March 2027 is behind
	})

	// 01:30 CET + 2h is 04:30 CEST.
	late := time.Date(2027, 3, 28, 1, 30, 0, 0, paris) // 00:30 UTC
	runWhen(t, late, paris, []whenCase{
		{"dans 2h", FR, "2027-03-28T02:30:00Z", nil},
		{"in 2h", EN, "2027-03-28T02:30:00Z", nil},
	})

	// Later that Sunday, 02:30 is behind on the wall clock, so it means
	// Monday's, which exists.
	after := time.Date(2027, 3, 28, 10, 0, 0, 0, paris)
	runWhen(t, after, paris, []whenCase{
		{"2h30", FR, "2027-03-29T00:30:00Z", nil},
	})
}

func TestParseWhenTruncatesAndDefaultsToUTC(t *testing.T) {
	now := time.Date(2026, 11, 27, 10, 30, 45, 123, time.UTC)
	runWhen(t, now, nil, []whenCase{
		{"in 2h", EN, "2026-11-27T12:30:00Z", nil},
		{"14:00", EN, "2026-11-27T14:00:00Z", nil},
		{"10:30", EN, "2026-11-28T10:30:00Z", nil},
	})
}

func TestParseDuration(t *testing.T) {
	good := []struct {
		in   string
		want time.Duration
	}{
		{"90m", 90 * time.Minute},
		{"1h30", 90 * time.Minute},
		{"1h30m", 90 * time.Minute},
		{"1H30", 90 * time.Minute},
		{"1h 30min", 90 * time.Minute},
		{"1 heure 30", 90 * time.Minute},
		{"2h", 2 * time.Hour},
		{"45min", 45 * time.Minute},
		{"  45 MIN ", 45 * time.Minute},
		{"30mn", 30 * time.Minute},
		{"1 h", time.Hour},
		{"une heure", time.Hour},
		{"an hour", time.Hour},
		{"2 heures", 2 * time.Hour},
		{"3 hours", 3 * time.Hour},
		{"30 minutes", 30 * time.Minute},
		{"1m", time.Minute},
		{"24h", 24 * time.Hour},
		{"1 jour", 24 * time.Hour},
		{"1440 min", 24 * time.Hour},
	}
	for _, c := range good {
		got, err := ParseDuration(c.in)
		if err != nil || got != c.want {
			t.Errorf("ParseDuration(%q) = %v, %v; want %v", c.in, got, err, c.want)
		}
	}

	bad := []string{
		"", "0m", "0h0", "25h", "24h01", "1441m", "2 jours", "-1h", "abc", "90",
		"1h30h", "30m 1h", "1h 2h", "1.5h", "1,5h", "h", "1h60", "99999999999999999999h",
	}
	for _, in := range bad {
		if got, err := ParseDuration(in); !errors.Is(err, ErrBadDuration) {
			t.Errorf("ParseDuration(%q) = %v, %v; want ErrBadDuration", in, got, err)
		}
	}
}

var sentinels = []error{ErrBadTime, ErrPastTime, ErrAmbiguousTime, ErrNoSuchTime, ErrNoHour, ErrWeekdayMismatch}

func FuzzParseWhen(f *testing.F) {
	for _, s := range []string{
		"demain 18h", "tomorrow 6pm", "2026-12-03T14:00", "03/12 14h", "12/25/2026 6pm",
		"jeudi prochain 14h", "next thu 2:30pm", "dans 1h30", "in 3 days", "aujourd’hui midi",
		"2027-03-28 02:30", "2026-10-25 02:30", "31/02/2027 10h", "25:00", "", "é",
	} {
		f.Add(s, true)
		f.Add(s, false)
	}
	paris := mustLoc(f, "Europe/Paris")
	now := time.Date(2026, 11, 27, 10, 30, 17, 5, paris)
	f.Fuzz(func(t *testing.T, s string, fr bool) {
		lang := EN
		if fr {
			lang = FR
		}
		got, err := ParseWhen(s, now, paris, lang)
		if err != nil {
			for _, e := range sentinels {
				if errors.Is(err, e) {
					return
				}
			}
			t.Fatalf("ParseWhen(%q): error %v is not a sentinel", s, err)
		}
		if got.Location() != time.UTC || got.Second() != 0 || got.Nanosecond() != 0 {
			t.Fatalf("ParseWhen(%q) = %v: not a whole UTC minute", s, got)
		}
		if !got.After(now) {
			t.Fatalf("ParseWhen(%q) = %v: not after now %v", s, got, now)
		}
	})
}

func FuzzParseDuration(f *testing.F) {
	for _, s := range []string{"90m", "1h30", "2 heures", "0m", "25h", "-1h", "abc", "une heure"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDuration(s)
		if err != nil {
			if !errors.Is(err, ErrBadDuration) {
				t.Fatalf("ParseDuration(%q): error %v is not ErrBadDuration", s, err)
			}
			return
		}
		if d <= 0 || d > 24*time.Hour {
			t.Fatalf("ParseDuration(%q) = %v: out of range", s, d)
		}
	})
}
