package storage

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/base32"
	"errors"
	"fmt"
	"strings"
	"time"
)

// CalendarEvent is a session as a calendar shows it.
type CalendarEvent struct {
	Session
	WorkshopTitle       string
	WorkshopDescription string
	Partners            []string // co-organising organisations
	WorkshopCancelled   bool
	UpdatedAt           time.Time
}

// calendarSince keeps recent sessions in feeds: a calendar that already
// holds one still sees its last version, cancelled or not, for a week.
const calendarSince = 7 * 24 * time.Hour

const calendarColumns = `s.id, s.workshop_id, s.starts_at, s.duration_min, s.place, s.sequence, s.cancelled_at, COALESCE(s.series_id, 0), s.occurrence,
	w.title, w.description, w.status, MAX(s.created_at, COALESCE(s.cancelled_at, 0), w.updated_at), ` + partnerList

func scanCalendarEvent(sc interface{ Scan(...any) error }) (CalendarEvent, error) {
	var e CalendarEvent
	var start, dur, updated int64
	var cancelled, occurrence sql.NullInt64
	var status string
	var partners sql.NullString
	err := sc.Scan(&e.ID, &e.WorkshopID, &start, &dur, &e.Place, &e.Sequence, &cancelled, &e.SeriesID, &occurrence,
		&e.WorkshopTitle, &e.WorkshopDescription, &status, &updated, &partners)
	e.Partners = splitPartners(partners.String)
	if occurrence.Valid {
		e.Occurrence = fromUnix(occurrence.Int64)
	}
	e.Start, e.Duration, e.Cancelled = fromUnix(start), time.Duration(dur)*time.Minute, cancelled.Valid
	e.WorkshopCancelled = status == WorkshopCancelled
	e.UpdatedAt = fromUnix(updated)
	return e, err
}

// CalendarEvents lists the sessions for a feed: every session of the
// community (memberID 0), or those of the workshops a member has a seat
// in, from a week ago on, soonest first.
func (db *DB) CalendarEvents(ctx context.Context, memberID int64) ([]CalendarEvent, error) {
	var out []CalendarEvent
	err := db.view(ctx, func(tx *Tx) error {
		q := `SELECT ` + calendarColumns + ` FROM sessions s, workshops w
			WHERE w.id = s.workshop_id AND s.starts_at + s.duration_min * 60 > ?`
		args := []any{unix(tx.now.Add(-calendarSince))}
		// A member's feed holds the sessions they sit in: all of a
		// workshop they joined as a whole but those they left or wait
		// for, and the single sessions they joined.
		partial := map[int64]bool{}
		if memberID != 0 {
			q += ` AND EXISTS (SELECT 1 FROM session_seats y WHERE y.session_id = s.id AND y.member_id = ?2)`
			args = append(args, memberID)
			ws, err := int64s(ctx, tx, `SELECT DISTINCT workshop_id FROM session_members WHERE member_id = ?`, memberID)
			if err != nil {
				return err
			}
			for _, w := range ws {
				partial[w] = true
			}
		}
		rows, err := tx.QueryContext(ctx, q+` ORDER BY s.starts_at, s.id`, args...)
		if err != nil {
			return fmt.Errorf("storage: calendar events: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			e, err := scanCalendarEvent(rows)
			if err != nil {
				return fmt.Errorf("storage: calendar events: %w", err)
			}
			// Not every occurrence is theirs: the series' rule would
			// show them all, so each session stands alone.
			if partial[e.WorkshopID] {
				e.SeriesID = 0
			}
			out = append(out, e)
		}
		return rows.Err()
	})
	return out, err
}

// CalendarEvent returns one session for a single-event file.
func (db *DB) CalendarEvent(ctx context.Context, sessionID int64) (CalendarEvent, error) {
	e, err := scanCalendarEvent(db.read.QueryRowContext(ctx, `SELECT `+calendarColumns+`
		FROM sessions s, workshops w WHERE w.id = s.workshop_id AND s.id = ?`, sessionID))
	if errors.Is(err, sql.ErrNoRows) {
		return e, Errorf(ENOTFOUND, "session", "no session %d", sessionID)
	}
	if err != nil {
		return e, fmt.Errorf("storage: calendar event: %w", err)
	}
	return e, nil
}

// newToken is 160 random bits, unguessable, safe in a URL.
func newToken() (string, error) {
	b := make([]byte, 20)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("storage: token: %w", err)
	}
	return strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b)), nil
}

// CalendarToken returns the token of a member's personal feed, making one
// on first use.
func (db *DB) CalendarToken(ctx context.Context, memberID int64) (string, error) {
	var token string
	err := db.read.QueryRowContext(ctx, `SELECT token FROM calendar_tokens WHERE member_id = ?`, memberID).Scan(&token)
	if err == nil {
		return token, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return "", fmt.Errorf("storage: calendar token: %w", err)
	}
	return db.setCalendarToken(ctx, memberID, false)
}

// ResetCalendarToken gives a member a new feed token; the old URL stops
// working at once.
func (db *DB) ResetCalendarToken(ctx context.Context, memberID int64) (string, error) {
	return db.setCalendarToken(ctx, memberID, true)
}

func (db *DB) setCalendarToken(ctx context.Context, memberID int64, replace bool) (string, error) {
	token, err := newToken()
	if err != nil {
		return "", err
	}
	err = db.update(ctx, func(tx *Tx) error {
		conflict := `DO NOTHING`
		if replace {
			conflict = `DO UPDATE SET token = excluded.token, created_at = excluded.created_at`
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO calendar_tokens (member_id, token, created_at) VALUES (?, ?, ?)
			ON CONFLICT (member_id) `+conflict, memberID, token, unix(tx.now)); err != nil {
			return fmt.Errorf("storage: calendar token: %w", err)
		}
		return tx.QueryRowContext(ctx, `SELECT token FROM calendar_tokens WHERE member_id = ?`, memberID).Scan(&token)
	})
	return token, err
}

// MemberByCalendarToken finds whose feed a token opens.
func (db *DB) MemberByCalendarToken(ctx context.Context, token string) (int64, error) {
	var id int64
	err := db.read.QueryRowContext(ctx, `SELECT member_id FROM calendar_tokens WHERE token = ?`, token).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) || token == "" {
		return 0, Errorf(ENOTFOUND, "calendar_token", "no feed for that token")
	}
	if err != nil {
		return 0, fmt.Errorf("storage: calendar token: %w", err)
	}
	return id, nil
}
