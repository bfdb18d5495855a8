package storage

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"sync"
	"time"
)

// Series frequencies.
const (
	SeriesWeekly  = "weekly"
	SeriesMonthly = "monthly"
)

// SeriesHorizon is how far ahead a series' sessions exist: far enough for
// reminders, calendars and Discord's events, near enough that a rule that
// changes does not leave months of sessions behind.
const SeriesHorizon = 8 * 7 * 24 * time.Hour

// maxOccurrences bounds a series, whatever its end says.
const maxOccurrences = 1000

// Series is a workshop's recurring sessions: the rule lives in Zone's wall
// clock, so 18:00 stays 18:00 across daylight-saving changes.
type Series struct {
	ID         int64
	WorkshopID int64
	Freq       string // SeriesWeekly or SeriesMonthly
	Interval   int    // every Interval weeks or months
	Weekday    time.Weekday
	Nth        int // monthly: the Nth weekday of the month, 1 to 4, or -1 for the last
	Hour       int
	Minute     int
	Zone       string
	First      time.Time // the first occurrence, UTC
	Until      time.Time // zero: no end date; else no occurrence starts after it
	Count      int       // 0: no count; else this many occurrences
	Duration   time.Duration
	Place      string
	Stopped    bool
}

var seriesZones sync.Map // name -> *time.Location

func (s Series) loc() (*time.Location, error) { return zoneNamed(s.Zone) }

// zoneNamed loads a zone once per process: rules in a zone's wall clock
// (series, tracks) read it for every occurrence.
func zoneNamed(name string) (*time.Location, error) {
	if l, ok := seriesZones.Load(name); ok {
		return l.(*time.Location), nil
	}
	l, err := time.LoadLocation(name)
	if err != nil {
		return nil, Errorf(EINVALID, "timezone", "zone %q: %v", name, err)
	}
	seriesZones.Store(name, l)
	return l, nil
}

// nthWeekday is the date of the nth (1 to 4, or -1: the last) weekday wd
// of a month.
func NthWeekday(y int, m time.Month, wd time.Weekday, n int) (int, time.Month, int) {
	if n < 0 {
		last := time.Date(y, m+1, 0, 12, 0, 0, 0, time.UTC)
		back := (int(last.Weekday()) - int(wd) + 7) % 7
		return y, m, last.Day() - back
	}
	first := time.Date(y, m, 1, 12, 0, 0, 0, time.UTC)
	ahead := (int(wd) - int(first.Weekday()) + 7) % 7
	return y, m, 1 + ahead + (n-1)*7
}

// Occurrences lists the series' starts, from its first, that begin no
// later than to. A wall-clock time that a daylight-saving change skips
// becomes the time after the gap, as RFC 5545 reads it.
func (s Series) Occurrences(to time.Time) ([]time.Time, error) {
	loc, err := s.loc()
	if err != nil {
		return nil, err
	}
	first := s.First.In(loc)
	var out []time.Time
	for k := 0; k < maxOccurrences; k++ {
		if s.Count > 0 && k >= s.Count {
			break
		}
		var y, d int
		var m time.Month
		switch s.Freq {
		case SeriesMonthly:
			base := time.Date(first.Year(), first.Month()+time.Month(k*s.Interval), 1, 12, 0, 0, 0, time.UTC)
			y, m, d = NthWeekday(base.Year(), base.Month(), s.Weekday, s.Nth)
		default:
			day := time.Date(first.Year(), first.Month(), first.Day()+7*k*s.Interval, 12, 0, 0, 0, time.UTC)
			y, m, d = day.Date()
		}
		start := time.Date(y, m, d, s.Hour, s.Minute, 0, 0, loc).UTC()
		if start.After(to) || (!s.Until.IsZero() && start.After(s.Until)) {
			break
		}
		out = append(out, start)
	}
	return out, nil
}

// RRule is the rule as an iCalendar RRULE value, read in the zone of the
// series' DTSTART.
func (s Series) RRule() string {
	day := strings.ToUpper(s.Weekday.String()[:2])
	r := fmt.Sprintf("FREQ=%s;INTERVAL=%d;BYDAY=", strings.ToUpper(s.Freq), s.Interval)
	if s.Freq == SeriesMonthly {
		r += fmt.Sprintf("%d", s.Nth)
	}
	r += day
	switch {
	case s.Count > 0:
		r += fmt.Sprintf(";COUNT=%d", s.Count)
	case !s.Until.IsZero():
		r += ";UNTIL=" + s.Until.UTC().Format("20060102T150405Z")
	}
	return r
}

func validateSeries(s *Series, now time.Time) error {
	s.Place = CleanLine(s.Place)
	switch {
	case s.Freq != SeriesWeekly && s.Freq != SeriesMonthly:
		return fmt.Errorf("storage: series: unknown frequency %q", s.Freq)
	case s.Interval < 1 || s.Interval > 12:
		return Errorf(EINVALID, "series_interval", "interval %d out of 1–12", s.Interval)
	case s.Freq == SeriesMonthly && (s.Nth < -1 || s.Nth > 4 || s.Nth == 0):
		return Errorf(EINVALID, "series_interval", "nth %d out of range", s.Nth)
	case !s.First.After(now):
		return Errorf(EINVALID, "session_past", "first occurrence %s is not in the future", s.First)
	case s.Duration < time.Minute || s.Duration > MaxSessionDuration:
		return Errorf(EINVALID, "session_duration", "duration %s out of range", s.Duration)
	case len([]rune(s.Place)) > MaxPlace:
		return Errorf(EINVALID, "place_too_long", "place over %d characters", MaxPlace)
	case s.Count < 0 || s.Count > maxOccurrences:
		return Errorf(EINVALID, "series_count", "count %d out of 1–%d", s.Count, maxOccurrences)
	case !s.Until.IsZero() && s.Until.Before(s.First):
		return Errorf(EINVALID, "series_until", "until %s before the first occurrence %s", s.Until, s.First)
	}
	_, err := s.loc()
	return err
}

// CreateSeries adds a recurring series to an open workshop and creates its
// sessions up to the horizon, each with its reminders. It returns those
// sessions.
func (db *DB) CreateSeries(ctx context.Context, s *Series) ([]Session, error) {
	var made []Session
	err := db.update(ctx, func(tx *Tx) error {
		w, err := openWorkshop(ctx, tx, s.WorkshopID)
		if err != nil {
			return err
		}
		s.First = s.First.UTC().Truncate(time.Minute)
		if err := validateSeries(s, tx.now); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO series (workshop_id, freq, interval_n, weekday, nth, hour, minute, zone, first_at,
			until_at, count, duration_min, place, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			s.WorkshopID, s.Freq, s.Interval, int(s.Weekday), s.Nth, s.Hour, s.Minute, s.Zone, unix(s.First),
			nullUnix(s.Until), nullCount(s.Count), int(s.Duration/time.Minute), s.Place, unix(tx.now))
		if err != nil {
			return fmt.Errorf("storage: create series: %w", err)
		}
		s.ID, _ = res.LastInsertId()
		// From now on seats count per session.
		if err := toPerSession(ctx, tx, s.WorkshopID, w.Capacity); err != nil {
			return err
		}
		made, err = db.generate(ctx, tx, *s, tx.now.Add(SeriesHorizon))
		return err
	})
	return made, err
}

func nullCount(n int) any {
	if n == 0 {
		return nil
	}
	return n
}

// generate creates the series' sessions that start by to and do not exist
// yet: a moved or cancelled occurrence keeps its row, so it is never made
// again.
func (db *DB) generate(ctx context.Context, tx *Tx, s Series, to time.Time) ([]Session, error) {
	starts, err := s.Occurrences(to)
	if err != nil {
		return nil, err
	}
	var capacity int
	if err := tx.QueryRowContext(ctx, `SELECT capacity FROM workshops WHERE id = ?`, s.WorkshopID).Scan(&capacity); err != nil {
		return nil, fmt.Errorf("storage: series sessions: %w", err)
	}
	var made []Session
	for _, start := range starts {
		if !start.After(tx.now) {
			continue
		}
		res, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO sessions (workshop_id, starts_at, duration_min, place, series_id, occurrence, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, s.WorkshopID, unix(start), int(s.Duration/time.Minute), s.Place, s.ID, unix(start), unix(tx.now))
		if err != nil {
			return nil, fmt.Errorf("storage: series sessions: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			continue
		}
		id, _ := res.LastInsertId()
		sess := Session{ID: id, WorkshopID: s.WorkshopID, Start: start, Duration: s.Duration, Place: s.Place, SeriesID: s.ID, Occurrence: start}
		// More members of the series than seats: the latest to join wait
		// in this session's line.
		if err := overflow(ctx, tx, sess, capacity); err != nil {
			return nil, err
		}
		if err := db.remind(ctx, tx, sess, 0); err != nil {
			return nil, err
		}
		made = append(made, sess)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE series SET generated_until = MAX(generated_until, ?) WHERE id = ?`, unix(to), s.ID); err != nil {
		return nil, fmt.Errorf("storage: series: %w", err)
	}
	return made, nil
}

const seriesColumns = `id, workshop_id, freq, interval_n, weekday, nth, hour, minute, zone, first_at, until_at, count, duration_min, place, stopped_at`

func scanSeries(sc interface{ Scan(...any) error }) (Series, error) {
	var s Series
	var wd, dur int
	var first int64
	var until, count, stopped sql.NullInt64
	err := sc.Scan(&s.ID, &s.WorkshopID, &s.Freq, &s.Interval, &wd, &s.Nth, &s.Hour, &s.Minute, &s.Zone, &first, &until, &count, &dur, &s.Place, &stopped)
	s.Weekday, s.First, s.Duration = time.Weekday(wd), fromUnix(first), time.Duration(dur)*time.Minute
	if until.Valid {
		s.Until = fromUnix(until.Int64)
	}
	s.Count, s.Stopped = int(count.Int64), stopped.Valid
	return s, err
}

func seriesWhere(ctx context.Context, tx *Tx, where string, args ...any) ([]Series, error) {
	rows, err := tx.QueryContext(ctx, `SELECT `+seriesColumns+` FROM series WHERE `+where+` ORDER BY id`, args...)
	if err != nil {
		return nil, fmt.Errorf("storage: series: %w", err)
	}
	defer rows.Close()
	var out []Series
	for rows.Next() {
		s, err := scanSeries(rows)
		if err != nil {
			return nil, fmt.Errorf("storage: series: %w", err)
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// ExtendSeries creates the sessions of every running series of an open
// workshop up to to; the scheduler calls it as time goes by. It returns how
// many sessions it made, and the workshops that got some.
func (db *DB) ExtendSeries(ctx context.Context, to time.Time) (int, []int64, error) {
	n := 0
	var workshops []int64
	err := db.update(ctx, func(tx *Tx) error {
		ss, err := seriesWhere(ctx, tx, `stopped_at IS NULL AND generated_until < ?
			AND workshop_id IN (SELECT id FROM workshops WHERE status = 'open')`, unix(to))
		if err != nil {
			return err
		}
		for _, s := range ss {
			made, err := db.generate(ctx, tx, s, to)
			if err != nil {
				return err
			}
			if len(made) > 0 && (len(workshops) == 0 || workshops[len(workshops)-1] != s.WorkshopID) {
				workshops = append(workshops, s.WorkshopID)
			}
			n += len(made)
		}
		return nil
	})
	return n, workshops, err
}

// SeriesOf lists a workshop's series.
func (db *DB) SeriesOf(ctx context.Context, workshopID int64) ([]Series, error) {
	var out []Series
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		out, err = seriesWhere(ctx, tx, `workshop_id = ?`, workshopID)
		return err
	})
	return out, err
}

// SeriesByID returns one series.
func (db *DB) SeriesByID(ctx context.Context, id int64) (Series, error) {
	var s Series
	err := db.view(ctx, func(tx *Tx) error {
		ss, err := seriesWhere(ctx, tx, `id = ?`, id)
		if err != nil {
			return err
		}
		if len(ss) == 0 {
			return Errorf(ENOTFOUND, "series", "no series %d", id)
		}
		s = ss[0]
		return nil
	})
	return s, err
}

// StopSeries ends a series: no session is made after the ones that exist,
// which staff may still cancel one by one.
func (db *DB) StopSeries(ctx context.Context, workshopID int64) (int, error) {
	var n int64
	err := db.update(ctx, func(tx *Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE series SET stopped_at = ? WHERE workshop_id = ? AND stopped_at IS NULL`, unix(tx.now), workshopID)
		if err != nil {
			return fmt.Errorf("storage: stop series: %w", err)
		}
		n, _ = res.RowsAffected()
		if n == 0 {
			return Errorf(ENOTFOUND, "series", "workshop %d has no running series", workshopID)
		}
		return nil
	})
	return int(n), err
}
