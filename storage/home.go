package storage

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// MemberSession is a session to come of a workshop a member is in, with
// seat or in line: what a member's home page lists.
type MemberSession struct {
	Session
	WorkshopTitle string
	State         string // StateJoined or StateWaitlisted
}

// MemberSessions lists the sessions not over yet and not cancelled of the
// open workshops a member joined or waits for, soonest first.
func (db *DB) MemberSessions(ctx context.Context, memberID int64, limit int) ([]MemberSession, error) {
	if limit <= 0 {
		limit = 10
	}
	var out []MemberSession
	err := db.view(ctx, func(tx *Tx) error {
		// A member's place in a session of a series, when they have one
		// of their own there, says more than their place in the workshop.
		rows, err := tx.QueryContext(ctx, `SELECT * FROM (SELECT s.id, s.workshop_id, s.starts_at, s.duration_min, s.place, s.sequence, w.title,
			COALESCE((SELECT o.state FROM session_members o WHERE o.session_id = s.id AND o.member_id = ?2),
				(SELECT p.state FROM participants p WHERE p.workshop_id = w.id AND p.member_id = ?2)) AS state
			FROM workshops w JOIN sessions s ON s.workshop_id = w.id AND s.cancelled_at IS NULL AND s.starts_at + s.duration_min * 60 > ?1
			WHERE w.status = 'open' AND (w.id IN (SELECT workshop_id FROM participants WHERE member_id = ?2)
				OR w.id IN (SELECT workshop_id FROM session_members WHERE member_id = ?2)))
			WHERE state IN ('joined', 'waitlisted')
			ORDER BY starts_at, id`+limitClause(limit), unix(tx.now), memberID)
		if err != nil {
			return fmt.Errorf("storage: member sessions: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var ms MemberSession
			var start, dur int64
			var place sql.NullString
			if err := rows.Scan(&ms.ID, &ms.WorkshopID, &start, &dur, &place, &ms.Sequence, &ms.WorkshopTitle, &ms.State); err != nil {
				return fmt.Errorf("storage: member sessions: %w", err)
			}
			ms.Start, ms.Duration, ms.Place = fromUnix(start), time.Duration(dur)*time.Minute, place.String
			out = append(out, ms)
		}
		return rows.Err()
	})
	return out, err
}

// ProblemsByAuthor lists a member's problems that are still open (or became
// workshops), newest first.
func (db *DB) ProblemsByAuthor(ctx context.Context, memberID int64, limit int) ([]Problem, error) {
	if limit <= 0 {
		limit = 10
	}
	return db.queryProblems(ctx, problemPage(`SELECT id FROM problems WHERE author_id = ? AND status IN ('open', 'workshop')
		ORDER BY id DESC`+limitClause(limit)), memberID)
}
