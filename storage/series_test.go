package storage

import (
	"testing"
	"time"
)

// A weekly series keeps its wall-clock hour across every daylight-saving
// change of the three chapters' zones, Casablanca's Ramadan changes
// included; a monthly one lands on the right weekday of each month.
func TestSeriesKeepsLocalHourAcrossDST(t *testing.T) {
	for _, tc := range []struct {
		zone string
		from time.Time // a Tuesday, weeks before a change
	}{
		{"Europe/Paris", time.Date(2027, 2, 16, 0, 0, 0, 0, time.UTC)},     // 28 March 2027
		{"Europe/Paris", time.Date(2027, 9, 21, 0, 0, 0, 0, time.UTC)},     // 31 October 2027
		{"America/New_York", time.Date(2027, 2, 2, 0, 0, 0, 0, time.UTC)},  // 14 March 2027
		{"America/New_York", time.Date(2027, 10, 5, 0, 0, 0, 0, time.UTC)}, // 7 November 2027
		{"Africa/Casablanca", time.Date(2027, 1, 5, 0, 0, 0, 0, time.UTC)}, // Ramadan 2027, both ways
		{"Africa/Casablanca", time.Date(2028, 1, 4, 0, 0, 0, 0, time.UTC)}, // Ramadan 2028
	} {
		loc := mustZone(t, tc.zone)
		first := time.Date(tc.from.Year(), tc.from.Month(), tc.from.Day(), 18, 0, 0, 0, loc)
		s := Series{Freq: SeriesWeekly, Interval: 1, Weekday: time.Tuesday, Hour: 18, Zone: tc.zone, First: first.UTC(), Count: 12}
		starts, err := s.Occurrences(first.AddDate(1, 0, 0))
		if err != nil {
			t.Fatal(err)
		}
		if len(starts) != 12 {
			t.Fatalf("%s: %d occurrences, want 12", tc.zone, len(starts))
		}
		offsets := map[int]bool{}
		for i, st := range starts {
			l := st.In(loc)
			if l.Hour() != 18 || l.Minute() != 0 || l.Weekday() != time.Tuesday {
				t.Errorf("%s occurrence %d at %s local", tc.zone, i, l)
			}
			if i > 0 && l.YearDay()-starts[i-1].In(loc).YearDay() != 7 && l.Year() == starts[i-1].In(loc).Year() {
				t.Errorf("%s occurrence %d is not a week after the one before: %s", tc.zone, i, l)
			}
			_, off := l.Zone()
			offsets[off] = true
		}
		if len(offsets) < 2 {
			t.Errorf("%s from %s: every occurrence has the same offset; the test missed the change", tc.zone, tc.from.Format("2006-01-02"))
		}
	}

	// Every other Wednesday, and the last Friday of each month, in New
	// York, with an end date.
	ny := mustZone(t, "America/New_York")
	s := Series{Freq: SeriesWeekly, Interval: 2, Weekday: time.Wednesday, Hour: 12, Minute: 30, Zone: "America/New_York",
		First: time.Date(2027, 3, 3, 12, 30, 0, 0, ny).UTC(), Until: time.Date(2027, 4, 14, 23, 59, 0, 0, ny).UTC()}
	got := localDays(t, s, ny)
	wantDays(t, "every other Wednesday", got, "2027-03-03 12:30", "2027-03-17 12:30", "2027-03-31 12:30", "2027-04-14 12:30")
	s = Series{Freq: SeriesMonthly, Interval: 1, Weekday: time.Friday, Nth: -1, Hour: 18, Zone: "America/New_York",
		First: time.Date(2027, 1, 29, 18, 0, 0, 0, ny).UTC(), Count: 4}
	wantDays(t, "last Friday", localDays(t, s, ny), "2027-01-29 18:00", "2027-02-26 18:00", "2027-03-26 18:00", "2027-04-30 18:00")
	s = Series{Freq: SeriesMonthly, Interval: 1, Weekday: time.Thursday, Nth: 1, Hour: 18, Minute: 30, Zone: "Europe/Paris",
		First: time.Date(2027, 1, 7, 18, 30, 0, 0, mustZone(t, "Europe/Paris")).UTC(), Count: 3}
	wantDays(t, "first Thursday", localDays(t, s, mustZone(t, "Europe/Paris")), "2027-01-07 18:30", "2027-02-04 18:30", "2027-03-04 18:30")
	if r := s.RRule(); r != "FREQ=MONTHLY;INTERVAL=1;BYDAY=1TH;COUNT=3" {
		t.Errorf("RRULE %q", r)
	}
}

func localDays(t *testing.T, s Series, loc *time.Location) []string {
	t.Helper()
	starts, err := s.Occurrences(s.First.AddDate(2, 0, 0))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, st := range starts {
		out = append(out, st.In(loc).Format("2006-01-02 15:04"))
	}
	return out
}

func wantDays(t *testing.T, what string, got []string, want ...string) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s: %q, want %q", what, got, want)
		return
	}
	for i := range got {
		if got[i] != want[i] {
			t.Errorf("%s: %q, want %q", what, got, want)
			return
		}
	}
}

// Sessions exist a horizon ahead and more are made as time goes by; a
// moved and a cancelled occurrence are never made again.
func TestSeriesSessionsMovedAndCancelled(t *testing.T) {
	ctx := t.Context()
	db := MustOpenDB(t)
	paris := mustZone(t, "Europe/Paris")
	now := time.Date(2027, 1, 4, 9, 0, 0, 0, paris)
	setNow(db, now)
	host := mustMember(t, db, "U1", "Alice")
	w := Workshop{HostID: host.ID, Title: "Reading group"}
	if err := db.CreateWorkshop(ctx, &w); err != nil {
		t.Fatal(err)
	}
	s := Series{WorkshopID: w.ID, Freq: SeriesWeekly, Interval: 1, Weekday: time.Tuesday, Hour: 18, Zone: "Europe/Paris",
		First: time.Date(2027, 1, 5, 18, 0, 0, 0, paris), Duration: time.Hour, Place: "Salle B"}
	made, err := db.CreateSeries(ctx, &s)
	if err != nil {
		t.Fatal(err)
	}
	if len(made) != 8 {
		t.Fatalf("%d sessions made, want the 8 weeks of the horizon", len(made))
	}
	moved := time.Date(2027, 1, 14, 18, 0, 0, 0, paris)
	if _, _, err := db.RescheduleSession(ctx, w.ID, made[1].ID, SessionChange{Start: moved}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.CancelSession(ctx, w.ID, made[2].ID); err != nil {
		t.Fatal(err)
	}
	// Three weeks later: three more weeks made, the moved and cancelled
	// ones left as they are.
	setNow(db, now.AddDate(0, 0, 21))
	n, _, err := db.ExtendSeries(ctx, now.AddDate(0, 0, 21).Add(SeriesHorizon))
	if err != nil || n != 3 {
		t.Fatalf("extend: %d made, %v; want 3", n, err)
	}
	if n, _, err := db.ExtendSeries(ctx, now.AddDate(0, 0, 21).Add(SeriesHorizon)); err != nil || n != 0 {
		t.Fatalf("extend again: %d made, %v; want 0", n, err)
	}
	wk, err := db.Workshop(ctx, w.ID)
	if err != nil {
		t.Fatal(err)
	}
	var cancelled, atMoved int
	for _, ss := range wk.Sessions {
		if ss.SeriesID != s.ID {
			t.Errorf("session %d not of the series", ss.ID)
		}
		if ss.Cancelled {
			cancelled++
		}
		if ss.Start.Equal(moved.UTC()) {
			atMoved++
			if !ss.Occurrence.Equal(made[1].Start) {
				t.Errorf("moved session's occurrence %s, want %s", ss.Occurrence, made[1].Start)
			}
		}
	}
	if len(wk.Sessions) != 11 || cancelled != 1 || atMoved != 1 {
		t.Errorf("%d sessions, %d cancelled, %d at the moved time; want 11, 1, 1", len(wk.Sessions), cancelled, atMoved)
	}
	if _, err := db.StopSeries(ctx, w.ID); err != nil {
		t.Fatal(err)
	}
	if n, _, err := db.ExtendSeries(ctx, now.AddDate(1, 0, 0)); err != nil || n != 0 {
		t.Errorf("a stopped series made %d sessions, %v", n, err)
	}
}
