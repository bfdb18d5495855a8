package storage

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// Session limits.
const (
	MaxSessionDuration = 24 * time.Hour
	MaxPlace           = 300
)

// Session is one meeting of a workshop.
type Session struct {
	ID         int64
	WorkshopID int64
	Start      time.Time // UTC
	Duration   time.Duration
	Place      string // a room or a link
	Sequence   int
	Cancelled  bool
	// SeriesID and Occurrence are set on a session a series made: the
	// series, and the start its rule gave (which a move leaves as it was).
	SeriesID   int64
	Occurrence time.Time
}

// End is when the session is over.
func (s Session) End() time.Time { return s.Start.Add(s.Duration) }

// AddSession schedules a session of an open workshop, in the future.
func (db *DB) AddSession(ctx context.Context, s *Session) error {
	s.Place = CleanLine(s.Place)
	return db.update(ctx, func(tx *Tx) error {
		if _, err := openWorkshop(ctx, tx, s.WorkshopID); err != nil {
			return err
		}
		if !s.Start.After(tx.now) {
			return Errorf(EINVALID, "session_past", "session start %s is not in the future", s.Start)
		}
		if s.Duration < time.Minute || s.Duration > MaxSessionDuration {
			return Errorf(EINVALID, "session_duration", "duration %s out of range", s.Duration)
		}
		if len([]rune(s.Place)) > MaxPlace {
			return Errorf(EINVALID, "place_too_long", "place over %d characters", MaxPlace)
		}
		s.Start = s.Start.UTC().Truncate(time.Minute)
		res, err := tx.ExecContext(ctx, `INSERT INTO sessions (workshop_id, starts_at, duration_min, place, created_at) VALUES (?, ?, ?, ?, ?)`,
			s.WorkshopID, unix(s.Start), int(s.Duration/time.Minute), s.Place, unix(tx.now))
		if err != nil {
			return fmt.Errorf("storage: add session: %w", err)
		}
		s.ID, _ = res.LastInsertId()
		return db.remind(ctx, tx, *s, 0)
	})
}

func sessionsOf(ctx context.Context, tx *Tx, workshopID int64) ([]Session, error) {
	rows, err := tx.QueryContext(ctx, `SELECT id, starts_at, duration_min, place, sequence, cancelled_at, COALESCE(series_id, 0), occurrence
		FROM sessions WHERE workshop_id = ? ORDER BY starts_at, id`, workshopID)
	if err != nil {
		return nil, fmt.Errorf("storage: sessions: %w", err)
	}
	defer rows.Close()
	var out []Session
	for rows.Next() {
		s := Session{WorkshopID: workshopID}
		var start, dur int64
		var cancelled, occurrence sql.NullInt64
		if err := rows.Scan(&s.ID, &start, &dur, &s.Place, &s.Sequence, &cancelled, &s.SeriesID, &occurrence); err != nil {
			return nil, fmt.Errorf("storage: sessions: %w", err)
		}
		s.Start, s.Duration, s.Cancelled = fromUnix(start), time.Duration(dur)*time.Minute, cancelled.Valid
		if occurrence.Valid {
			s.Occurrence = fromUnix(occurrence.Int64)
		}
		out = append(out, s)
	}
	return out, rows.Err()
}
