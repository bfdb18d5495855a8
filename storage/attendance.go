package storage

import (
	"context"
	"fmt"
	"time"
)

// NoteAttendanceAsk asks a workshop's host, after a session, who came.
const NoteAttendanceAsk = "attendance_ask"

// SessionSeats returns a session and the members seated in it, for
// attendance.
func (db *DB) SessionSeats(ctx context.Context, sessionID int64) (Session, []Participant, error) {
	var s Session
	var ps []Participant
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		if s, err = sessionByID(ctx, tx, sessionID); err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `SELECT x.member_id, COALESCE((SELECT display_name FROM members WHERE id = x.member_id), ''), x.at
			FROM (`+seatedIn+`) x ORDER BY x.at, x.member_id`, s.WorkshopID, s.ID)
		if err != nil {
			return fmt.Errorf("storage: session seats: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			p := Participant{State: StateJoined}
			var at int64
			if err := rows.Scan(&p.MemberID, &p.Name, &at); err != nil {
				return fmt.Errorf("storage: session seats: %w", err)
			}
			p.JoinedAt = fromUnix(at)
			ps = append(ps, p)
		}
		return rows.Err()
	})
	return s, ps, err
}

// RecordAttendance records that members came to a session (present) or
// did not; only a session that has started, and members seated in its
// workshop, can be recorded.
func (db *DB) RecordAttendance(ctx context.Context, sessionID int64, members []int64, present bool, by int64) error {
	return db.update(ctx, func(tx *Tx) error {
		s, err := heldSession(ctx, tx, sessionID)
		if err != nil {
			return err
		}
		for _, m := range members {
			seated, err := isParticipant(ctx, tx, s.WorkshopID, m)
			if err != nil {
				return err
			}
			if !seated {
				return Errorf(ENOTFOUND, "not_participant_of", "member %d was not in workshop %d", m, s.WorkshopID)
			}
			q := `DELETE FROM attendance WHERE session_id = ? AND member_id = ?`
			args := []any{sessionID, m}
			if present {
				q = `INSERT INTO attendance (session_id, member_id, recorded_by, recorded_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING`
				args = append(args, by, unix(tx.now))
			}
			if _, err := tx.ExecContext(ctx, q, args...); err != nil {
				return fmt.Errorf("storage: attendance: %w", err)
			}
		}
		return nil
	})
}

// Attended lists the members recorded as present at a session.
func (db *DB) Attended(ctx context.Context, sessionID int64) ([]int64, error) {
	return db.idsOf(ctx, `SELECT member_id FROM attendance WHERE session_id = ? AND member_id IS NOT NULL ORDER BY member_id`, sessionID)
}

// AttendanceFigures compares sign-ups with attendance for the sessions
// held in [from, to) whose attendance was recorded: Signups is the seats
// of those sessions, Attended the members recorded as present.
type AttendanceFigures struct {
	Sessions, Signups, Attended int
}

// AttendanceIn counts the sessions held in [from, to) that have an
// attendance record, their seats and who came.
func (db *DB) AttendanceIn(ctx context.Context, from, to time.Time) (AttendanceFigures, error) {
	var f AttendanceFigures
	err := db.read.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(SUM(
			(SELECT COUNT(*) FROM participants p WHERE p.workshop_id = s.workshop_id AND p.state = 'joined' AND p.joined_at < s.starts_at + s.duration_min * 60)), 0),
			COALESCE(SUM((SELECT COUNT(*) FROM attendance a WHERE a.session_id = s.id)), 0)
		FROM sessions s WHERE s.cancelled_at IS NULL AND s.starts_at >= ? AND s.starts_at < ?
		AND EXISTS (SELECT 1 FROM attendance a WHERE a.session_id = s.id)`, unix(from), unix(to)).Scan(&f.Sessions, &f.Signups, &f.Attended)
	if err != nil {
		return f, fmt.Errorf("storage: attendance figures: %w", err)
	}
	return f, nil
}
