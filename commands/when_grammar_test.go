package commands

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"
)

// wall is a wall-clock reading expected in the parser's zone.
type wall struct {
	y    int
	m    time.Month
	d    int
	h, n int
}

// TestGrammarTable crosses every way of saying a day with every way of
// saying an hour, in both languages: the expected instant is computed
// from the calendar, not from the parser. Now is Friday 18 December 2026,
// 10:30, so a January date is next year's.
func TestGrammarTable(t *testing.T) {
	days := []struct {
		text string
		y    int
		m    time.Month
		d    int
	}{
		{"demain", 2026, 12, 19}, {"tomorrow", 2026, 12, 19},
		{"après-demain", 2026, 12, 20}, {"day after tomorrow", 2026, 12, 20},
		{"lundi", 2026, 12, 21}, {"monday", 2026, 12, 21}, {"lundi prochain", 2026, 12, 21},
		{"next monday", 2026, 12, 21}, {"ce lundi", 2026, 12, 21}, {"this monday", 2026, 12, 21},
		{"vendredi prochain", 2026, 12, 25}, {"next friday", 2026, 12, 25},
		{"3 janvier", 2027, 1, 3}, {"3 janv.", 2027, 1, 3}, {"January 3", 2027, 1, 3}, {"Jan 3rd", 2027, 1, 3},
		{"le 3 janvier", 2027, 1, 3}, {"the 3rd of January", 2027, 1, 3}, {"3rd January", 2027, 1, 3},
		{"1er janvier", 2027, 1, 1}, {"January 1st", 2027, 1, 1},
		{"dimanche 3 janvier", 2027, 1, 3}, {"Sunday 3 January 2027", 2027, 1, 3}, {"dim. 3 janv. 2027", 2027, 1, 3},
		{"Sun, Jan 3, 2027", 2027, 1, 3},
		{"25 décembre", 2026, 12, 25}, {"25 DEC", 2026, 12, 25}, {"December 25th", 2026, 12, 25},
		{"25/12", 2026, 12, 25}, {"25/12/2026", 2026, 12, 25}, {"2026-12-25", 2026, 12, 25},
		{"14 février 2027", 2027, 2, 14}, {"Feb 14, 2027", 2027, 2, 14}, {"14/02/2027", 2027, 2, 14}, {"14/02/27", 2027, 2, 14},
		{"15 juillet", 2027, 7, 15}, {"July 15", 2027, 7, 15}, {"15 août", 2027, 8, 15}, {"15 aout", 2027, 8, 15},
		{"dans 3 jours", 2026, 12, 21}, {"in 3 days", 2026, 12, 21}, {"dans une semaine", 2026, 12, 25},
		{"in 2 weeks", 2027, 1, 1}, {"in a week", 2026, 12, 25},
	}
	hours := []struct {
		text string
		h, n int
	}{
		{"14h", 14, 0}, {"14h30", 14, 30}, {"14:30", 14, 30}, {"à 14h", 14, 0}, {"at 2pm", 14, 0},
		{"2pm", 14, 0}, {"2:30 pm", 14, 30}, {"midi", 12, 0}, {"noon", 12, 0}, {"minuit", 0, 0},
		{"midnight", 0, 0}, {"9h", 9, 0}, {"9am", 9, 0}, {"18h45", 18, 45}, {"6:45pm", 18, 45},
		{"14 heures", 14, 0}, {"14 h 30", 14, 30}, {"10:05", 10, 5}, {"23h59", 23, 59}, {"12am", 0, 0},
	}
	for _, zone := range []string{"Europe/Paris", "America/New_York"} {
		loc := mustLoc(t, zone)
		now := time.Date(2026, 12, 18, 10, 30, 0, 0, loc)
		n := 0
		for _, d := range days {
			for _, h := range hours {
				in := d.text + " " + h.text
				want := time.Date(d.y, d.m, d.d, h.h, h.n, 0, 0, loc).UTC()
				for _, lang := range []Lang{FR, EN} {
					u, err := DateParser{Now: now, Loc: loc, Lang: lang}.Parse(in)
					if err != nil || !u.At.Equal(want) {
						t.Errorf("%s %s: %q = %v, %v; want %v", zone, lang, in, u.At, err, want)
					}
					n++
				}
			}
		}
		if n < 300 {
			t.Fatalf("only %d cases", n)
		}
	}

	// Time first, then the day, reads the same.
	paris := mustLoc(t, "Europe/Paris")
	now := time.Date(2026, 12, 18, 10, 30, 0, 0, paris)
	for in, want := range map[string]wall{
		"14h demain": {2026, 12, 19, 14, 0}, "2pm tomorrow": {2026, 12, 19, 14, 0},
		"14h le 3 janvier": {2027, 1, 3, 14, 0}, "at noon on January 3rd": {2027, 1, 3, 12, 0},
		"dans 3 jours à 10h": {2026, 12, 21, 10, 0}, "in 2 days at 10am": {2026, 12, 20, 10, 0},
		"dans 3 jours 10h": {2026, 12, 21, 10, 0}, "in 1 week at noon": {2026, 12, 25, 12, 0},
		"ce soir 8h": {2026, 12, 18, 20, 0}, "tonight 9pm": {2026, 12, 18, 21, 0},
		"14h CET": {2026, 12, 18, 14, 0}, "jeudi 14h": {2026, 12, 24, 14, 0}, "vendredi 14h": {2026, 12, 18, 14, 0},
		"vendredi 9h": {2026, 12, 25, 9, 0}, "this friday 2pm": {2026, 12, 18, 14, 0},
	} {
		u, err := DateParser{Now: now, Loc: paris, Lang: FR}.Parse(in)
		w := time.Date(want.y, want.m, want.d, want.h, want.n, 0, 0, paris).UTC()
		if err != nil || !u.At.Equal(w) {
			t.Errorf("%q = %v, %v; want %v", in, u.At, err, w)
		}
	}
	// Elapsed time: "in 2 days 3 hours" is a delay, not 03:00.
	u, err := DateParser{Now: now, Loc: paris}.Parse("in 2 days 3 hours")
	if want := now.AddDate(0, 0, 2).Add(3 * time.Hour).UTC(); err != nil || !u.At.Equal(want) || !u.Elapsed {
		t.Errorf("in 2 days 3 hours = %+v, %v; want %v elapsed", u, err, want)
	}
}

// TestDateOrder: the setting decides numeric dates, never refused as
// ambiguous.
func TestDateOrder(t *testing.T) {
	paris := mustLoc(t, "Europe/Paris")
	now := time.Date(2026, 12, 18, 10, 30, 0, 0, paris)
	for _, c := range []struct {
		order DateOrder
		in    string
		want  wall
	}{
		{DayFirst, "03/04 10h", wall{2027, 4, 3, 10, 0}},
		{MonthFirst, "03/04 10h", wall{2027, 3, 4, 10, 0}},
		{DayFirst, "01/02/2027 9am", wall{2027, 2, 1, 9, 0}},
		{MonthFirst, "01/02/2027 9am", wall{2027, 1, 2, 9, 0}},
		{MonthFirst, "12/25 6pm", wall{2026, 12, 25, 18, 0}},
		{DayFirst, "25/12 18h", wall{2026, 12, 25, 18, 0}},
		{"", "05/06 10h", wall{2027, 6, 5, 10, 0}},
	} {
		for _, lang := range []Lang{FR, EN} {
			u, err := DateParser{Now: now, Loc: paris, Lang: lang, Order: c.order}.Parse(c.in)
			w := time.Date(c.want.y, c.want.m, c.want.d, c.want.h, c.want.n, 0, 0, paris).UTC()
			if err != nil || !u.At.Equal(w) {
				t.Errorf("%s %s %q = %v, %v; want %v", c.order, lang, c.in, u.At, err, w)
			}
		}
	}
}

// TestRefusals: none of these may yield a time.
func TestRefusals(t *testing.T) {
	paris := mustLoc(t, "Europe/Paris")
	now := time.Date(2026, 12, 18, 10, 30, 0, 0, paris)
	refused := []string{
		"", " ", "blabla", "demain", "jeudi", "tomorrow", "next week", "la semaine prochaine", "3 décembre",
		"December", "décembre 14h", "32 décembre 14h", "31 avril 10h", "30 février 10h", "29 février 2027 10h",
		"demain 25h", "14h60", "13pm", "0am", "midi 30", "noon pm", "2026-02-30 10:00", "2026-13-01 10:00",
		"29/02/2027 10h", "13/13 10h", "00/12 10h", "12/00 10h", "in 2", "dans", "dans 0m", "dans -2h",
		"in 9999 days", "dans 3 jours 10", "3 décembre 14", "lundi 14", "demain 14", "14", "1400",
		"vendredi 3 janvier 14h", "Monday 25 December 2pm", "mardi 14h 15h", "demain jeudi 14h", "hier 18h",
		"yesterday 6pm", "dans 3 jours dans 2 jours", "2026-12-18 10:00", "aujourd'hui 9h", "today 9am",
		"14h CEST", "14h XYZ", "tomorrow 2pm pm", "1er 14h", "le 3 à 14h", "Dec 3 2026 14:00",
		"the 32nd of December 2pm", "décembre 0 14h", "demain 14h salle B", "2pm on the moon",
		"14:00:61", "3/12/202 10h", "14h demain demain", "next next monday 2pm", "ce ce lundi 14h",
		"3 décembre 2026 2027 14h", "in 2 hours and 3 minutes", "dans une", "à", "at", "le",
		"10:30 am pm", "25:00", "24h", "-14h", "14h -", "+14h", "2026-12-25T", "2026-12-25 T 25:00",
	}
	for _, in := range refused {
		for _, order := range []DateOrder{DayFirst, MonthFirst} {
			if u, err := (DateParser{Now: now, Loc: paris, Lang: FR, Order: order}).Parse(in); err == nil {
				t.Errorf("%s %q = %v; want a refusal", order, in, u.At)
			}
		}
	}
	if len(refused) < 70 {
		t.Fatalf("only %d refusals", len(refused))
	}
}

// zoneChanges lists the clock changes of loc in [from, to): the instant,
// the offset before and after, as the zone database says.
func zoneChanges(loc *time.Location, from, to time.Time) [][3]int64 {
	var out [][3]int64
	t := from
	for t.Before(to) {
		_, end := t.ZoneBounds()
		if end.IsZero() || !end.Before(to) {
			break
		}
		_, before := end.Add(-time.Second).Zone()
		_, after := end.Zone()
		out = append(out, [3]int64{end.Unix(), int64(before), int64(after)})
		t = end
	}
	return out
}

// TestDSTEveryChange walks every clock change of three zones with
// different rules (Paris, New York, and Casablanca, whose clocks go back
// for Ramadan) over three years: a wall time in a skipped hour is refused
// as not existing, one in a repeated hour is refused as ambiguous naming
// both readings, and each reading chosen by its abbreviation parses to
// its instant.
func TestDSTEveryChange(t *testing.T) {
	from := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	to := time.Date(2029, 1, 1, 0, 0, 0, 0, time.UTC)
	now := from.Add(-24 * time.Hour)
	for _, zone := range []string{"Europe/Paris", "America/New_York", "Africa/Casablanca"} {
		loc := mustLoc(t, zone)
		changes := zoneChanges(loc, from.In(loc), to)
		if len(changes) < 6 {
			t.Fatalf("%s: only %d changes", zone, len(changes))
		}
		for _, c := range changes {
			at := time.Unix(c[0], 0)
			jump := time.Duration(c[2]-c[1]) * time.Second
			dp := DateParser{Now: now, Loc: loc, Lang: EN}
			if jump > 0 {
				// Spring forward: the wall times [at-before, at-before+jump) do not exist.
				gap := at.In(time.FixedZone("", int(c[1]))).Add(jump / 2)
				in := gap.Format("2006-01-02 15:04")
				_, err := dp.Parse(in)
				var we *WhenError
				if !errors.Is(err, ErrNoSuchTime) || !errors.As(err, &we) || we.Zone != zone {
					t.Errorf("%s gap %q: %v; want ErrNoSuchTime", zone, in, err)
				}
				continue
			}
			// Fall back: the wall times just before the change repeat.
			first := at.Add(jump / 2) // an instant in the first reading
			second := first.Add(-jump)
			in := first.In(loc).Format("2006-01-02 15:04")
			_, err := dp.Parse(in)
			var we *WhenError
			if !errors.Is(err, ErrAmbiguousTime) || !errors.As(err, &we) || len(we.Readings) != 2 {
				t.Errorf("%s fold %q: %v; want ErrAmbiguousTime with two readings", zone, in, err)
				continue
			}
			for _, inst := range []time.Time{first, second} {
				name, _ := inst.In(loc).Zone()
				u, err := dp.Parse(in + " " + name)
				if err != nil || !u.At.Equal(inst.Truncate(time.Minute)) {
					t.Errorf("%s fold %q %s = %v, %v; want %v", zone, in, name, u.At, err, inst)
				}
			}
			// The refusal says both readings, in both languages.
			for _, lang := range []Lang{EN, FR} {
				msg := timeErrorText(lang, err)
				for _, r := range we.Readings {
					if !strings.Contains(msg, r) {
						t.Errorf("%s fold message %q lacks %q", zone, msg, r)
					}
				}
			}
		}
	}
}

// propertyZones differ in offsets (half and quarter hours), DST rules and
// abbreviations (letters or numbers).
var propertyZones = []string{
	"UTC", "Europe/Paris", "America/New_York", "Africa/Casablanca", "Asia/Tokyo", "Australia/Sydney",
	"Australia/Lord_Howe", "Asia/Kolkata", "Asia/Kathmandu", "America/Sao_Paulo", "Pacific/Chatham",
	"America/St_Johns", "Europe/London", "America/Los_Angeles", "Pacific/Auckland", "Asia/Tehran",
}

// TestEchoRoundTrip: for 100,000 random instants and zones, the text the
// bot shows for an instant, in each language, parses back to it, repeated
// hours included (the zone abbreviation picks the reading).
func TestEchoRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(12, 2026))
	locs := make([]*time.Location, len(propertyZones))
	for i, z := range propertyZones {
		locs[i] = mustLoc(t, z)
	}
	now := time.Date(2026, 12, 18, 9, 30, 0, 0, time.UTC)
	const n = 100_000
	span := int64(4 * 365 * 24 * 60)
	for i := 0; i < n; i++ {
		loc := locs[rng.IntN(len(locs))]
		at := now.Add(time.Duration(1+rng.Int64N(span)) * time.Minute)
		for _, lang := range []Lang{EN, FR} {
			text := FormatTime(at, lang, loc)
			u, err := DateParser{Now: now, Loc: loc, Lang: lang, Order: MonthFirst}.Parse(text)
			if err != nil || !u.At.Equal(at) {
				t.Fatalf("%s %s: %q = %v, %v; want %v", loc, lang, text, u.At, err, at)
			}
		}
	}
}

// FuzzScheduleSplit: the splitter of "/workshop schedule <when> [duration]
// [where]" returns an error, or a time whose echo reads back to the same
// instant and a place with no time expression in it.
func FuzzScheduleSplit(f *testing.F) {
	for _, s := range []string{
		"demain 14h 1h30 Salle B", "next thursday 2pm 90m Room 3", "3 décembre à 14h30 2h Amphi",
		"dans 3 jours 10h Zoom", "14h demain salle B", "jeudi 14h à 16h salle B", "tomorrow 6pm chez Sam",
		"December 3rd at noon https://meet.example/x", "2026-12-03 14:00 45m", "lundi 14h prochain",
		"le 1er janvier 2027 à minuit 1h Mairie", "2027-03-28 02:30 1h", "Thu 3 Dec 2026, 14:00 CET",
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
		dp := DateParser{Now: now, Loc: paris, Lang: lang}
		u, d, place, err := splitSchedule(strings.Fields(s), dp)
		if err != nil {
			if !isTimeError(err) {
				t.Fatalf("%q: error %v is not a time refusal", s, err)
			}
			return
		}
		if d < 0 || d > 24*time.Hour {
			t.Fatalf("%q: duration %v", s, d)
		}
		back, err := dp.Parse(u.Echo(lang))
		if err != nil || !back.At.Equal(u.At) {
			t.Fatalf("%q: echo %q reads %v, %v; want %v", s, u.Echo(lang), back.At, err, u.At)
		}
		pw := strings.Fields(place)
		for i := range pw {
			for j := i + 1; j <= min(len(pw), i+6); j++ {
				if _, err := dp.Parse(strings.Join(pw[i:j], " ")); err == nil {
					t.Fatalf("%q: place %q holds the time %q", s, place, strings.Join(pw[i:j], " "))
				}
			}
		}
	})
}

// TestScheduleSplit: the when is consumed whole or refused.
func TestScheduleSplit(t *testing.T) {
	paris := mustLoc(t, "Europe/Paris")
	now := time.Date(2026, 11, 27, 10, 30, 0, 0, paris)
	dp := DateParser{Now: now, Loc: paris, Lang: FR}
	for in, want := range map[string]string{
		"demain 14h 1h30 Salle B":               "2026-11-28 14:00 1h30m0s Salle B",
		"3 décembre à 14h30 2 heures Amphi":     "2026-12-03 14:30 2h0m0s Amphi",
		"dans 3 jours 10h Zoom":                 "2026-11-30 10:00 0s Zoom",
		"dans 3 jours à 10h 1h":                 "2026-11-30 10:00 1h0m0s ",
		"Dec 3rd at 2pm 90 min Room 3":          "2026-12-03 14:00 1h30m0s Room 3",
		"le 1er janvier 2027 à minuit 1h Salle": "2027-01-01 00:00 1h0m0s Salle",
		"tomorrow 6pm chez Sam":                 "2026-11-28 18:00 0s chez Sam",
		"jeudi 3 décembre 14h Salle Mars":       "2026-12-03 14:00 0s Salle Mars",
	} {
		u, d, place, err := splitSchedule(strings.Fields(in), dp)
		got := fmt.Sprintf("%s %v %s", u.At.In(paris).Format("2006-01-02 15:04"), d, place)
		if err != nil || got != want {
			t.Errorf("%q = %q, %v; want %q", in, got, err, want)
		}
	}
	for in, part := range map[string]string{
		"14h salle B demain":          "demain",
		"jeudi 14h à 16h salle B":     "16h",
		"lundi 14h prochain":          "prochain",
		"demain 14h Salle B vendredi": "vendredi",
	} {
		_, _, place, err := splitSchedule(strings.Fields(in), dp)
		var we *WhenError
		if !errors.As(err, &we) || !errors.Is(err, ErrTimeLeftover) && !errors.Is(err, ErrBadTime) {
			t.Errorf("%q: place %q, %v; want the leftover %q refused", in, place, err, part)
			continue
		}
		if !strings.Contains(we.Part, part) {
			t.Errorf("%q: refusal quotes %q, want %q", in, we.Part, part)
		}
	}
}

// BenchmarkParse measures one parse of typical inputs; the ns/op is the
// mean over the mix, and -benchtime with a per-input run gives each.
func BenchmarkParse(b *testing.B) {
	paris := mustLoc(b, "Europe/Paris")
	now := time.Date(2026, 11, 27, 10, 30, 0, 0, paris)
	for _, in := range []string{"demain 14h", "next thursday 2pm", "3 décembre à 14h30", "Thu 3 Dec 2026, 14:00 CET", "dans 3 jours à 10h", "2026-12-03 14:00"} {
		b.Run(in, func(b *testing.B) {
			dp := DateParser{Now: now, Loc: paris, Lang: FR}
			b.ReportAllocs()
			for b.Loop() {
				if _, err := dp.Parse(in); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestParseDate: deadlines read with the same grammar and date order.
func TestParseDate(t *testing.T) {
	paris := mustLoc(t, "Europe/Paris")
	now := time.Date(2026, 12, 18, 10, 30, 0, 0, paris)
	for _, c := range []struct {
		order DateOrder
		in    string
		want  string
	}{
		{DayFirst, "15/01/2027", "2027-01-15"}, {MonthFirst, "01/15/2027", "2027-01-15"},
		{DayFirst, "2027-01-15", "2027-01-15"}, {DayFirst, "15 janvier", "2027-01-15"},
		{MonthFirst, "Jan 15th", "2027-01-15"}, {DayFirst, "18/12", "2026-12-18"}, {DayFirst, "demain", "2026-12-19"},
	} {
		d, err := DateParser{Now: now, Loc: paris, Order: c.order}.ParseDate(c.in)
		if err != nil || d.Format("2006-01-02") != c.want {
			t.Errorf("%s %q = %v, %v; want %s", c.order, c.in, d, err, c.want)
		}
	}
	for _, in := range []string{"", "15/13/2027", "demain 14h", "17/12/2026", "bientôt"} {
		if d, err := (DateParser{Now: now, Loc: paris}).ParseDate(in); err == nil {
			t.Errorf("%q = %v; want a refusal", in, d)
		}
	}
	n, err := parseExpiry("01/15/2027", DateParser{Now: now, Loc: paris, Order: MonthFirst})
	if err != nil || n != 28 {
		t.Errorf("expiry 01/15/2027 mdy = %d, %v; want 28 days", n, err)
	}
}

// TestReadmeExamples: every date in the README's paragraph on dates, and
// every duration after it, reads as written.
func TestReadmeExamples(t *testing.T) {
	b, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	start := strings.Index(s, "Dates are read")
	mid := strings.Index(s[start:], "Numeric dates") + start
	end := strings.Index(s[mid:], "Every time set") + mid
	if start < 0 || mid < start || end < mid {
		t.Fatal("README: the paragraph on dates moved")
	}
	quoted := regexp.MustCompile("`([^`]+)`")
	paris := mustLoc(t, "Europe/Paris")
	dp := DateParser{Now: time.Date(2026, 11, 27, 10, 30, 0, 0, paris), Loc: paris, Lang: EN}
	n := 0
	for _, m := range quoted.FindAllStringSubmatch(s[start:mid], -1) {
		if strings.HasPrefix(m[1], "/") {
			continue // "/me timezone"
		}
		if _, err := dp.Parse(m[1]); err != nil {
			t.Errorf("README date %q: %v", m[1], err)
		}
		n++
	}
	durations := s[strings.Index(s[mid:end], "Durations")+mid : end]
	for _, m := range quoted.FindAllStringSubmatch(durations, -1) {
		if _, err := ParseDuration(m[1]); err != nil {
			t.Errorf("README duration %q: %v", m[1], err)
		}
		n++
	}
	if n < 12 {
		t.Errorf("only %d examples found", n)
	}
}
