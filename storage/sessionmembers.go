package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// Seats per session. A workshop with a series counts its seats session by
// session: its participants are its whole-series members, and a row of
// session_members says where one member stands in one session instead of
// that — seated (one session only, or a seat that freed for them), in that
// session's line (its row id is the place), or out of it (a whole-series
// member skipping it). A workshop without a series has no such rows, and
// every query below then reads exactly as its participants do.

// StateOut is a whole-series member's state in a session they left.
const StateOut = "out"

// seatedIn is the members seated in session ?2 (of workshop ?1), as
// (member_id, at) rows, read from the view that defines seats
// (migration 32).
const seatedIn = `SELECT member_id, at FROM session_seats WHERE session_id = ?2 AND workshop_id = ?1`

// SessionPlace is where a member stands in one session.
type SessionPlace struct {
	Session  Session
	State    string // StateJoined or StateWaitlisted
	Position int    // place in that session's line, from 1, when waitlisted
}

// perSession reports whether a workshop counts its seats per session:
// it has a series.
func perSession(ctx context.Context, tx *Tx, workshopID int64) (bool, error) {
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM series WHERE workshop_id = ?)`, workshopID).Scan(&n); err != nil {
		return false, fmt.Errorf("storage: series of workshop: %w", err)
	}
	return n == 1, nil
}

// seatsTaken counts the members seated in a session.
func seatsTaken(ctx context.Context, tx *Tx, s Session) (int, error) {
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM (`+seatedIn+`)`, s.WorkshopID, s.ID).Scan(&n); err != nil {
		return 0, fmt.Errorf("storage: seats taken: %w", err)
	}
	return n, nil
}

// seatedMembers lists the members seated in a session, first come first.
func seatedMembers(ctx context.Context, tx *Tx, s Session) ([]int64, error) {
	return int64s(ctx, tx, `SELECT member_id FROM (`+seatedIn+`) ORDER BY at, member_id`, s.WorkshopID, s.ID)
}

// sessionRow is a member's own row for a session: its id and state, or
// zero and "" when they have none.
func sessionRow(ctx context.Context, tx *Tx, sessionID, memberID int64) (int64, string, error) {
	var id int64
	var state string
	err := tx.QueryRowContext(ctx, `SELECT id, state FROM session_members WHERE session_id = ? AND member_id = ?`, sessionID, memberID).Scan(&id, &state)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return 0, "", fmt.Errorf("storage: session member: %w", err)
	}
	return id, state, nil
}

// wholeState is a member's state in a workshop as a whole ("" when not in
// it).
func wholeState(ctx context.Context, tx *Tx, workshopID, memberID int64) (string, error) {
	var state string
	err := tx.QueryRowContext(ctx, `SELECT state FROM participants WHERE workshop_id = ? AND member_id = ?`, workshopID, memberID).Scan(&state)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return "", fmt.Errorf("storage: participant: %w", err)
	}
	return state, nil
}

// placeIn says where a member stands in a session ("" state: not in it).
func placeIn(ctx context.Context, tx *Tx, s Session, memberID int64) (SessionPlace, error) {
	p := SessionPlace{Session: s}
	id, state, err := sessionRow(ctx, tx, s.ID, memberID)
	if err != nil {
		return p, err
	}
	if id == 0 {
		if state, err = wholeState(ctx, tx, s.WorkshopID, memberID); err != nil {
			return p, err
		}
	}
	if state == StateOut {
		state = ""
	}
	p.State = state
	if state == StateWaitlisted && id != 0 {
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM session_members WHERE session_id = ? AND state = 'waitlisted' AND id <= ?`,
			s.ID, id).Scan(&p.Position); err != nil {
			return p, fmt.Errorf("storage: session line: %w", err)
		}
	}
	return p, nil
}

// openSession is a session of a series a member can still join or leave,
// with its workshop: open, with a series, the session neither cancelled
// nor started.
func openSession(ctx context.Context, tx *Tx, workshopID, sessionID int64) (Workshop, Session, error) {
	w, err := openWorkshop(ctx, tx, workshopID)
	if err != nil {
		return w, Session{}, err
	}
	if ok, err := perSession(ctx, tx, workshopID); err != nil {
		return w, Session{}, err
	} else if !ok {
		return w, Session{}, Errorf(ECONFLICT, "join_session_not_series", "workshop %d has no series", workshopID)
	}
	s, err := sessionToCome(ctx, tx, workshopID, sessionID)
	return w, s, err
}

func sessionToCome(ctx context.Context, tx *Tx, workshopID, sessionID int64) (Session, error) {
	s, err := sessionByID(ctx, tx, sessionID)
	switch {
	case ErrorCode(err) == ENOTFOUND || (err == nil && s.WorkshopID != workshopID):
		return s, Errorf(ENOTFOUND, "join_session_unknown", "session %d is not in workshop %d", sessionID, workshopID)
	case err != nil:
		return s, err
	case s.Cancelled:
		return s, Errorf(ECONFLICT, "join_session_cancelled", "session %d is cancelled", sessionID)
	case !s.Start.After(tx.now):
		return s, Errorf(ECONFLICT, "join_session_past", "session %d has started", sessionID)
	}
	return s, nil
}

// placeWhole puts a member who is about to join a series as a whole in
// line in each session to come that is full; they are seated in the others
// once their participant row exists.
func placeWhole(ctx context.Context, tx *Tx, workshopID, memberID int64, capacity int) error {
	if capacity == 0 {
		return nil
	}
	ss, err := upcomingSessions(ctx, tx, workshopID)
	if err != nil {
		return err
	}
	for _, s := range ss {
		id, _, err := sessionRow(ctx, tx, s.ID, memberID)
		if err != nil {
			return err
		}
		if id != 0 {
			continue // their own row for it stands
		}
		taken, err := seatsTaken(ctx, tx, s)
		if err != nil {
			return err
		}
		if taken >= capacity {
			if err := addSessionRow(ctx, tx, s, memberID, StateWaitlisted); err != nil {
				return err
			}
		}
	}
	return nil
}

func addSessionRow(ctx context.Context, tx *Tx, s Session, memberID int64, state string) error {
	if _, err := tx.ExecContext(ctx, `INSERT INTO session_members (session_id, workshop_id, member_id, state, joined_at) VALUES (?, ?, ?, ?, ?)`,
		s.ID, s.WorkshopID, memberID, state, unix(tx.now)); err != nil {
		return fmt.Errorf("storage: session member: %w", err)
	}
	return nil
}

// placesOf says where a member stands in each session to come of a
// workshop they are in.
func placesOf(ctx context.Context, tx *Tx, workshopID, memberID int64) ([]SessionPlace, error) {
	ss, err := upcomingSessions(ctx, tx, workshopID)
	if err != nil {
		return nil, err
	}
	var out []SessionPlace
	for _, s := range ss {
		p, err := placeIn(ctx, tx, s, memberID)
		if err != nil {
			return nil, err
		}
		if p.State != "" {
			out = append(out, p)
		}
	}
	return out, nil
}

// overflow puts in line, in a session just made or a workshop just given
// a series, the whole-series members beyond its capacity: the latest to
// join wait, in the order they joined.
func overflow(ctx context.Context, tx *Tx, s Session, capacity int) error {
	if capacity == 0 {
		return nil
	}
	taken, err := seatsTaken(ctx, tx, s)
	if err != nil || taken <= capacity {
		return err
	}
	late, err := int64s(ctx, tx, `SELECT p.member_id FROM participants p WHERE p.workshop_id = ?1 AND p.state = 'joined'
		AND NOT EXISTS (SELECT 1 FROM session_members o WHERE o.session_id = ?2 AND o.member_id = p.member_id)
		ORDER BY p.id DESC`+limitClause(taken-capacity), s.WorkshopID, s.ID)
	if err != nil {
		return err
	}
	for i := len(late) - 1; i >= 0; i-- {
		if err := addSessionRow(ctx, tx, s, late[i], StateWaitlisted); err != nil {
			return err
		}
	}
	return nil
}

// toPerSession turns a workshop that gets its first series into one that
// counts seats per session: its members in line become whole-series
// members, in line in each session to come that is full.
func toPerSession(ctx context.Context, tx *Tx, workshopID int64, capacity int) error {
	if _, err := tx.ExecContext(ctx, `UPDATE participants SET state = 'joined' WHERE workshop_id = ? AND state = 'waitlisted'`, workshopID); err != nil {
		return fmt.Errorf("storage: series seats: %w", err)
	}
	ss, err := upcomingSessions(ctx, tx, workshopID)
	if err != nil {
		return err
	}
	for _, s := range ss {
		if err := overflow(ctx, tx, s, capacity); err != nil {
			return err
		}
	}
	return nil
}

// promoteSession gives a session's free seats to the first in its line.
func promoteSession(ctx context.Context, tx *Tx, s Session, capacity int) ([]Participant, error) {
	taken, err := seatsTaken(ctx, tx, s)
	if err != nil {
		return nil, err
	}
	free := maxOpenWorkshops
	if capacity > 0 {
		free = capacity - taken
	}
	if free <= 0 {
		return nil, nil
	}
	rows, err := tx.QueryContext(ctx, `SELECT o.id, o.member_id, COALESCE((SELECT display_name FROM members WHERE id = o.member_id), ''), o.joined_at
		FROM session_members o WHERE o.session_id = ? AND o.state = 'waitlisted' ORDER BY o.id`+limitClause(free), s.ID)
	if err != nil {
		return nil, fmt.Errorf("storage: promote: %w", err)
	}
	var ids []int64
	var out []Participant
	for rows.Next() {
		var id, joined int64
		p := Participant{State: StateJoined, PromotedAt: tx.now, Session: s}
		if err := rows.Scan(&id, &p.MemberID, &p.Name, &joined); err != nil {
			rows.Close()
			return nil, fmt.Errorf("storage: promote: %w", err)
		}
		p.JoinedAt = fromUnix(joined)
		ids, out = append(ids, id), append(out, p)
	}
	if err := rows.Close(); err != nil {
		return nil, fmt.Errorf("storage: promote: %w", err)
	}
	if len(ids) == 0 {
		return nil, nil
	}
	if _, err := tx.ExecContext(ctx, `UPDATE session_members SET state = 'joined', promoted_at = ? WHERE id IN (`+idList(ids)+`)`, unix(tx.now)); err != nil {
		return nil, fmt.Errorf("storage: promote: %w", err)
	}
	return out, nil
}

// promoteSessions fills the free seats of each session to come of a
// workshop that counts seats per session.
func promoteSessions(ctx context.Context, tx *Tx, workshopID int64) ([]Participant, error) {
	var capacity int
	if err := tx.QueryRowContext(ctx, `SELECT capacity FROM workshops WHERE id = ?`, workshopID).Scan(&capacity); err != nil {
		return nil, fmt.Errorf("storage: promote: %w", err)
	}
	ss, err := upcomingSessions(ctx, tx, workshopID)
	if err != nil {
		return nil, err
	}
	var out []Participant
	for _, s := range ss {
		ps, err := promoteSession(ctx, tx, s, capacity)
		if err != nil {
			return nil, err
		}
		out = append(out, ps...)
	}
	return out, nil
}

// mostSeated is the largest number of members seated in one session to
// come of a workshop: capacity cannot go below it.
func mostSeated(ctx context.Context, tx *Tx, workshopID int64) (int, error) {
	ss, err := upcomingSessions(ctx, tx, workshopID)
	if err != nil {
		return 0, err
	}
	most := 0
	for _, s := range ss {
		n, err := seatsTaken(ctx, tx, s)
		if err != nil {
			return 0, err
		}
		most = max(most, n)
	}
	return most, nil
}

// JoinSession gives a member a seat in one session of a series, or a
// place in that session's line when it is full. A whole-series member who
// had left that session comes back to it the same way.
func (db *DB) JoinSession(ctx context.Context, workshopID, sessionID, memberID int64) (JoinResult, error) {
	var r JoinResult
	err := db.update(ctx, func(tx *Tx) error {
		w, s, err := openSession(ctx, tx, workshopID, sessionID)
		if err != nil {
			return err
		}
		before, err := placeIn(ctx, tx, s, memberID)
		if err != nil {
			return err
		}
		if before.State == "" {
			taken, err := seatsTaken(ctx, tx, s)
			if err != nil {
				return err
			}
			whole, err := wholeState(ctx, tx, workshopID, memberID)
			if err != nil {
				return err
			}
			// An "out" row goes: a whole-series member back in a session
			// with room sits there as a member of the series.
			if _, err := tx.ExecContext(ctx, `DELETE FROM session_members WHERE session_id = ? AND member_id = ?`, s.ID, memberID); err != nil {
				return fmt.Errorf("storage: join session: %w", err)
			}
			state := StateJoined
			if w.Capacity > 0 && taken >= w.Capacity {
				state = StateWaitlisted
			}
			if whole != StateJoined || state == StateWaitlisted {
				if err := addSessionRow(ctx, tx, s, memberID, state); err != nil {
					return err
				}
			}
			if state == StateJoined {
				if err := db.remind(ctx, tx, s, memberID); err != nil {
					return err
				}
				if err := threadSeat(ctx, tx, workshopID, memberID, true); err != nil {
					return err
				}
			}
		} else {
			r.Already = true
		}
		place, err := placeIn(ctx, tx, s, memberID)
		if err != nil {
			return err
		}
		r.State, r.Position, r.Session = place.State, place.Position, s
		r.Workshop, err = workshopByID(ctx, tx, workshopID)
		return err
	})
	return r, err
}

// LeaveSession takes a member out of one session of a series: a
// one-session member's row goes, a whole-series member stays in the series
// but out of that session. A seat freed goes to the first in its line.
func (db *DB) LeaveSession(ctx context.Context, workshopID, sessionID, memberID int64) (LeaveResult, error) {
	var r LeaveResult
	err := db.update(ctx, func(tx *Tx) error {
		w, s, err := openSession(ctx, tx, workshopID, sessionID)
		if err != nil {
			return err
		}
		r.Session = s
		place, err := placeIn(ctx, tx, s, memberID)
		if err != nil {
			return err
		}
		r.WasState = place.State
		if place.State != "" {
			whole, err := wholeState(ctx, tx, workshopID, memberID)
			if err != nil {
				return err
			}
			q := `DELETE FROM session_members WHERE session_id = ?1 AND member_id = ?2`
			if whole != "" {
				q = `INSERT INTO session_members (session_id, workshop_id, member_id, state, joined_at) VALUES (?1, ?3, ?2, 'out', ?4)
					ON CONFLICT (session_id, member_id) DO UPDATE SET state = 'out', promoted_at = NULL`
			}
			if _, err := tx.ExecContext(ctx, q, s.ID, memberID, workshopID, unix(tx.now)); err != nil {
				return fmt.Errorf("storage: leave session: %w", err)
			}
			if err := dropPending(ctx, tx, `session_id = ? AND member_id = ? AND kind IN ('reminder', 'promoted')`, s.ID, memberID); err != nil {
				return err
			}
		}
		promoted, err := promoteSession(ctx, tx, s, w.Capacity)
		if err != nil {
			return err
		}
		return db.seatsGiven(ctx, tx, &r, workshopID, promoted)
	})
	return r, err
}

// sessionMembersOf lists the members of a workshop's sessions to come who
// have a row of their own there, seated or in line, with the session.
func sessionMembersOf(ctx context.Context, tx *Tx, workshopID int64) ([]Participant, error) {
	rows, err := tx.QueryContext(ctx, `SELECT o.member_id, COALESCE((SELECT display_name FROM members WHERE id = o.member_id), ''), o.state, o.joined_at,
		o.promoted_at, o.session_id FROM session_members o JOIN sessions s ON s.id = o.session_id
		WHERE o.workshop_id = ? AND o.state IN ('joined', 'waitlisted') AND s.cancelled_at IS NULL AND s.starts_at > ?
		ORDER BY s.starts_at, s.id, o.id`, workshopID, unix(tx.now))
	if err != nil {
		return nil, fmt.Errorf("storage: session members: %w", err)
	}
	var out []Participant
	for rows.Next() {
		var p Participant
		var joined int64
		var promoted sql.NullInt64
		if err := rows.Scan(&p.MemberID, &p.Name, &p.State, &joined, &promoted, &p.Session.ID); err != nil {
			rows.Close()
			return nil, fmt.Errorf("storage: session members: %w", err)
		}
		p.JoinedAt, p.PromotedAt = fromUnix(joined), nullTime(promoted)
		out = append(out, p)
	}
	if err := rows.Close(); err != nil {
		return nil, fmt.Errorf("storage: session members: %w", err)
	}
	for i := range out {
		if out[i].Session, err = sessionByID(ctx, tx, out[i].Session.ID); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// SessionPlaces says where a member stands in each session to come of a
// workshop.
func (db *DB) SessionPlaces(ctx context.Context, workshopID, memberID int64) ([]SessionPlace, error) {
	var out []SessionPlace
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		out, err = placesOf(ctx, tx, workshopID, memberID)
		return err
	})
	return out, err
}

// seatedAnywhereOf is the SQL test that member m has a seat in workshop w,
// as a whole or in one of its sessions.
func seatedAnywhereOf(w, m string) string {
	return `(EXISTS (SELECT 1 FROM participants WHERE workshop_id = ` + w + ` AND member_id = ` + m + ` AND state = 'joined')
		OR EXISTS (SELECT 1 FROM session_members WHERE workshop_id = ` + w + ` AND member_id = ` + m + ` AND state = 'joined'))`
}

// seatedAnywhere is seatedAnywhereOf with the workshop as ?1 and the
// member as ?2.
var seatedAnywhere = seatedAnywhereOf("?1", "?2")

// SessionCount is how many members sit in a session and wait for it.
type SessionCount struct {
	Seated, Waiting int
}

// SessionCounts gives, for a workshop with a series, the seats taken and
// the line of each session to come; nil for a workshop without one.
func (db *DB) SessionCounts(ctx context.Context, workshopID int64) (map[int64]SessionCount, error) {
	var out map[int64]SessionCount
	err := db.view(ctx, func(tx *Tx) error {
		if ok, err := perSession(ctx, tx, workshopID); err != nil || !ok {
			return err
		}
		ss, err := upcomingSessions(ctx, tx, workshopID)
		if err != nil {
			return err
		}
		out = map[int64]SessionCount{}
		for _, s := range ss {
			var c SessionCount
			if c.Seated, err = seatsTaken(ctx, tx, s); err != nil {
				return err
			}
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM session_members WHERE session_id = ? AND state = 'waitlisted'`, s.ID).Scan(&c.Waiting); err != nil {
				return fmt.Errorf("storage: session line: %w", err)
			}
			out[s.ID] = c
		}
		return nil
	})
	return out, err
}

// placeRank orders where a member can stand in a session, best first.
var placeRank = map[string]int{StateJoined: 0, StateWaitlisted: 1, "": 2}

// bestPlaces says, for each session to come where either of two members
// of one person stands, the better of their two places.
func bestPlaces(ctx context.Context, tx *Tx, keep, drop int64) (map[Session]SessionPlace, error) {
	ws, err := int64s(ctx, tx, `SELECT workshop_id FROM participants WHERE member_id IN (?1, ?2)
		UNION SELECT workshop_id FROM session_members WHERE member_id IN (?1, ?2)`, keep, drop)
	if err != nil {
		return nil, err
	}
	want := map[Session]SessionPlace{}
	for _, w := range ws {
		ss, err := upcomingSessions(ctx, tx, w)
		if err != nil {
			return nil, err
		}
		for _, s := range ss {
			k, err := placeIn(ctx, tx, s, keep)
			if err != nil {
				return nil, err
			}
			d, err := placeIn(ctx, tx, s, drop)
			if err != nil {
				return nil, err
			}
			best := k
			if placeRank[d.State] < placeRank[k.State] || (d.State == k.State && d.Position > 0 && d.Position < k.Position) {
				best = d
			}
			if best.State != "" {
				want[s] = best
			}
		}
	}
	return want, nil
}

// mergePlaces moves a member's places in single sessions to the member
// kept, then makes the kept member stand in each session where the better
// of the two stood; a seat the two held twice goes to the session's line.
// It returns the workshops whose seats changed.
func (db *DB) mergePlaces(ctx context.Context, tx *Tx, keep, drop int64, want map[Session]SessionPlace) ([]int64, error) {
	for _, q := range []string{
		// On a session both had a row for, the better row stays.
		`DELETE FROM session_members WHERE id IN (SELECT CASE
			WHEN (CASE k.state WHEN 'joined' THEN 0 WHEN 'waitlisted' THEN 1 ELSE 2 END) < (CASE d.state WHEN 'joined' THEN 0 WHEN 'waitlisted' THEN 1 ELSE 2 END)
				OR (k.state = d.state AND k.id < d.id) THEN d.id ELSE k.id END
			FROM session_members k JOIN session_members d ON d.session_id = k.session_id AND k.member_id = ?1 AND d.member_id = ?2)`,
		`UPDATE session_members SET member_id = ?1 WHERE member_id = ?2`,
	} {
		if _, err := tx.ExecContext(ctx, q, keep, drop); err != nil {
			return nil, fmt.Errorf("storage: merge session places: %w", err)
		}
	}
	workshops := map[int64]bool{}
	for s, p := range want {
		workshops[s.WorkshopID] = true
		now, err := placeIn(ctx, tx, s, keep)
		if err != nil {
			return nil, err
		}
		if now.State == p.State {
			continue
		}
		whole, err := wholeState(ctx, tx, s.WorkshopID, keep)
		if err != nil {
			return nil, err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM session_members WHERE session_id = ? AND member_id = ?`, s.ID, keep); err != nil {
			return nil, fmt.Errorf("storage: merge session places: %w", err)
		}
		if p.State != whole {
			if err := addSessionRow(ctx, tx, s, keep, p.State); err != nil {
				return nil, err
			}
		}
	}
	var out []int64
	for w := range workshops {
		out = append(out, w)
		if ok, err := perSession(ctx, tx, w); err != nil || !ok {
			if err != nil {
				return nil, err
			}
			continue
		}
		promoted, err := promoteSessions(ctx, tx, w)
		if err != nil {
			return nil, err
		}
		if err := db.afterPromote(ctx, tx, w, promoted); err != nil {
			return nil, err
		}
	}
	return out, nil
}
