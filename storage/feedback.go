package storage

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"
)

// MaxComment bounds a feedback comment.
const MaxComment = 1000

// heldSession is a session that has taken place: started, not cancelled.
// Feedback, attendance and skill answers are only about one.
func heldSession(ctx context.Context, tx *Tx, id int64) (Session, error) {
	s, err := sessionByID(ctx, tx, id)
	if err != nil {
		return s, err
	}
	if s.Cancelled || s.Start.After(tx.now) {
		return s, Errorf(ECONFLICT, "feedback_early", "session %d has not taken place", id)
	}
	return s, nil
}

// mustBeSeated refuses a member without a seat in the workshop.
func mustBeSeated(ctx context.Context, tx *Tx, workshopID, memberID int64) error {
	seated, err := isParticipant(ctx, tx, workshopID, memberID)
	if err != nil {
		return err
	}
	if !seated {
		return Errorf(EFORBIDDEN, "not_participant", "member %d was not in workshop %d", memberID, workshopID)
	}
	return nil
}

// RecordFeedback stores a participant's answer to "did this session help?":
// a score from 1 to 5 (0 keeps the one given) and an optional comment (nil
// keeps the one given). Only members seated in the workshop may answer,
// once the session has started; answering again replaces the answer.
func (db *DB) RecordFeedback(ctx context.Context, sessionID, memberID int64, score int, comment *string) error {
	return db.update(ctx, func(tx *Tx) error {
		s, err := heldSession(ctx, tx, sessionID)
		if err != nil {
			return err
		}
		if err := mustBeSeated(ctx, tx, s.WorkshopID, memberID); err != nil {
			return err
		}
		if score != 0 && (score < 1 || score > 5) {
			return Errorf(EINVALID, "feedback_score", "score %d out of 1–5", score)
		}
		text := ""
		if comment != nil {
			text = strings.TrimSpace(*comment)
			if len([]rune(text)) > MaxComment {
				return Errorf(EINVALID, "comment_too_long", "comment over %d characters", MaxComment)
			}
		}
		var sc any
		if score != 0 {
			sc = score
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO session_feedback (session_id, member_id, score, comment, created_at, updated_at)
			VALUES (?1, ?2, ?3, ?4, ?5, ?5) ON CONFLICT (session_id, member_id) DO UPDATE SET
			score = COALESCE(?3, score), comment = CASE WHEN ?6 THEN ?4 ELSE comment END, updated_at = ?5`,
			sessionID, memberID, sc, text, unix(tx.now), comment != nil)
		if err != nil {
			return fmt.Errorf("storage: feedback: %w", err)
		}
		return nil
	})
}

// Feedback is one answer.
type Feedback struct {
	SessionID int64
	MemberID  int64
	Score     int // 0 = none yet
	Comment   string
	UpdatedAt time.Time
}

// SessionFeedback lists the answers about a session.
func (db *DB) SessionFeedback(ctx context.Context, sessionID int64) ([]Feedback, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT member_id, COALESCE(score, 0), comment, updated_at FROM session_feedback
		WHERE session_id = ? ORDER BY member_id`, sessionID)
	if err != nil {
		return nil, fmt.Errorf("storage: session feedback: %w", err)
	}
	defer rows.Close()
	var out []Feedback
	for rows.Next() {
		f := Feedback{SessionID: sessionID}
		var updated int64
		if err := rows.Scan(&f.MemberID, &f.Score, &f.Comment, &updated); err != nil {
			return nil, fmt.Errorf("storage: session feedback: %w", err)
		}
		f.UpdatedAt = fromUnix(updated)
		out = append(out, f)
	}
	return out, rows.Err()
}

// FeedbackStats sums up the answers given between from and to: how many
// scores, their mean, and the share of 4 and 5 ("it helped"), for the KPIs.
type FeedbackStats struct {
	Answers int
	Mean    float64
	Helped  float64 // share of scores of 4 or 5
}

// FeedbackSummary returns the KPIs of the answers updated in [from, to).
func (db *DB) FeedbackSummary(ctx context.Context, from, to time.Time) (FeedbackStats, error) {
	var s FeedbackStats
	var mean, helped sql.NullFloat64
	err := db.read.QueryRowContext(ctx, `SELECT COUNT(score), AVG(score), AVG(CASE WHEN score >= 4 THEN 1.0 WHEN score IS NOT NULL THEN 0.0 END)
		FROM session_feedback WHERE updated_at >= ? AND updated_at < ?`, unix(from), unix(to)).Scan(&s.Answers, &mean, &helped)
	if err != nil {
		return s, fmt.Errorf("storage: feedback summary: %w", err)
	}
	s.Mean, s.Helped = mean.Float64, helped.Float64
	return s, nil
}

// Attendance is a seated member of a session that ended.
type Attendance struct {
	Session  Session
	MemberID int64
}

// EndedSessions lists, for each session that ended in (from, to] and was
// not cancelled, in a workshop not cancelled, its seated members.
func (db *DB) EndedSessions(ctx context.Context, from, to time.Time) ([]Attendance, error) {
	var out []Attendance
	err := db.view(ctx, func(tx *Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT s.id, s.workshop_id, s.starts_at, s.duration_min, s.place, s.sequence, x.member_id
			FROM sessions s JOIN session_seats x ON x.session_id = s.id
			WHERE s.starts_at > ?1 - 86400 AND s.starts_at <= ?2 AND s.cancelled_at IS NULL
			AND s.starts_at + s.duration_min * 60 > ?1 AND s.starts_at + s.duration_min * 60 <= ?2
			AND (SELECT status FROM workshops WHERE id = s.workshop_id) != 'cancelled'
			ORDER BY s.starts_at, s.id, x.at, x.member_id`, unix(from), unix(to))
		if err != nil {
			return fmt.Errorf("storage: ended sessions: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var a Attendance
			var start, dur int64
			if err := rows.Scan(&a.Session.ID, &a.Session.WorkshopID, &start, &dur, &a.Session.Place, &a.Session.Sequence, &a.MemberID); err != nil {
				return fmt.Errorf("storage: ended sessions: %w", err)
			}
			a.Session.Start, a.Session.Duration = fromUnix(start), time.Duration(dur)*time.Minute
			out = append(out, a)
		}
		return rows.Err()
	})
	return out, err
}

// QuietProblem is an open problem with no activity since LastActivity.
type QuietProblem struct {
	ID           int64
	AuthorID     int64
	Title        string
	LastActivity time.Time
}

// QuietProblems lists open problems whose last activity (posted, edited,
// a "me too" or an offer of help) is before before, oldest first.
func (db *DB) QuietProblems(ctx context.Context, before time.Time, limit int) ([]QuietProblem, error) {
	if limit <= 0 {
		limit = 100
	}
	var out []QuietProblem
	err := db.view(ctx, func(tx *Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT id, author_id, title, last FROM (
			SELECT id, author_id, title, MAX(updated_at, COALESCE((SELECT MAX(created_at) FROM problem_interest WHERE problem_id = problems.id), 0)) AS last
			FROM problems WHERE status = 'open') WHERE last < ? ORDER BY last, id`+limitClause(limit), unix(before))
		if err != nil {
			return fmt.Errorf("storage: quiet problems: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var q QuietProblem
			var last int64
			if err := rows.Scan(&q.ID, &q.AuthorID, &q.Title, &last); err != nil {
				return fmt.Errorf("storage: quiet problems: %w", err)
			}
			q.LastActivity = fromUnix(last)
			out = append(out, q)
		}
		return rows.Err()
	})
	return out, err
}

// ProblemsSince lists the problems posted after since that are still open
// or turned into a workshop, newest first.
// chapters keeps those of these chapters; nil, all.
func (db *DB) ProblemsSince(ctx context.Context, since time.Time, limit int, chapters []string) ([]int64, error) {
	if limit <= 0 {
		limit = 10
	}
	in, args := chapterClause("chapter", chapters)
	rows, err := db.read.QueryContext(ctx, `SELECT id FROM problems WHERE created_at > ? AND status IN ('open', 'workshop')`+in+`
		ORDER BY id DESC`+limitClause(limit), append([]any{unix(since)}, args...)...)
	if err != nil {
		return nil, fmt.Errorf("storage: problems since: %w", err)
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("storage: problems since: %w", err)
		}
		out = append(out, id)
	}
	return out, rows.Err()
}
