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
		rows, err := tx.QueryContext(ctx, `SELECT s.id, s.workshop_id, s.starts_at, s.duration_min, s.place, s.sequence, w.title, p.state
			FROM participants p
			JOIN workshops w ON w.id = p.workshop_id AND w.status = 'open'
			JOIN sessions s ON s.workshop_id = w.id AND s.cancelled_at IS NULL AND s.starts_at + s.duration_min * 60 > ?
			WHERE p.member_id = ?
			ORDER BY s.starts_at, s.id`+limitClause(limit), unix(tx.now), memberID)
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
