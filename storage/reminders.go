package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"
)

// Notifications that follow workshop changes. Each helper runs inside the
// transaction of the change, so a join and its reminders, or a
// cancellation and its messages, are written together or not at all.

// zones caches loaded time zones by name.
var zones sync.Map // string -> *time.Location

func zoneOr(name string, def *time.Location) *time.Location {
	if def == nil {
		def = time.UTC
	}
	if name == "" || name == "Local" {
		return def
	}
	if loc, ok := zones.Load(name); ok {
		return loc.(*time.Location)
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return def
	}
	zones.Store(name, loc)
	return loc
}

func sessionKey(s Session) string { return fmt.Sprintf("session=%d:seq=%d", s.ID, s.Sequence) }

// remind queues the reminders of one session for the members seated in it
// (memberID 0) or for one of them, leaving out members who turned reminders
// off and reminders whose time has already passed.
func (db *DB) remind(ctx context.Context, tx *Tx, s Session, memberID int64) error {
	p := db.Reminders
	if len(p.Offsets) == 0 || s.Cancelled || !s.Start.After(tx.now) {
		return nil
	}
	if err := db.remindThreads(ctx, tx, s); err != nil {
		return err
	}
	rows, err := tx.QueryContext(ctx, `SELECT x.member_id, COALESCE((SELECT timezone FROM members WHERE id = x.member_id), ''),
		COALESCE((SELECT chapter FROM members WHERE id = x.member_id), '')
		FROM (`+seatedIn+`) x WHERE (?3 = 0 OR x.member_id = ?3)
		AND NOT EXISTS (SELECT 1 FROM reminder_optouts r WHERE r.member_id = x.member_id) ORDER BY x.at, x.member_id`, s.WorkshopID, s.ID, memberID)
	if err != nil {
		return fmt.Errorf("storage: reminders: %w", err)
	}
	type reader struct {
		id  int64
		loc *time.Location
	}
	var readers []reader
	for rows.Next() {
		var r reader
		var tz, chapter string
		if err := rows.Scan(&r.id, &tz, &chapter); err != nil {
			rows.Close()
			return fmt.Errorf("storage: reminders: %w", err)
		}
		def := p.Location
		if loc := p.Chapters[chapter]; loc != nil {
			def = loc
		}
		r.loc = zoneOr(tz, def)
		readers = append(readers, r)
	}
	if err := rows.Close(); err != nil {
		return fmt.Errorf("storage: reminders: %w", err)
	}
	for _, r := range readers {
		for _, off := range p.Offsets {
			due := ReminderDue(s.Start, off, r.loc)
			if !due.After(tx.now) {
				continue
			}
			n := Note{
				Key:        fmt.Sprintf("reminder:%s:offset=%s:member=%d", sessionKey(s), FormatOffset(off), r.id),
				Kind:       NoteReminder,
				Args:       NoteArgs{Offset: FormatOffset(off), Start: unix(s.Start), Sequence: s.Sequence},
				SessionID:  s.ID,
				WorkshopID: s.WorkshopID,
				PlannedAt:  due,
				ExpiresAt:  s.Start,
			}
			if err := enqueueDM(ctx, tx, r.id, n); err != nil {
				return err
			}
		}
	}
	return nil
}

// upcomingSessions lists a workshop's sessions not started and not cancelled.
func upcomingSessions(ctx context.Context, tx *Tx, workshopID int64) ([]Session, error) {
	all, err := sessionsOf(ctx, tx, workshopID)
	if err != nil {
		return nil, err
	}
	var out []Session
	for _, s := range all {
		if !s.Cancelled && s.Start.After(tx.now) {
			out = append(out, s)
		}
	}
	return out, nil
}

// remindMember queues a member's reminders for every upcoming session of a
// workshop.
func (db *DB) remindMember(ctx context.Context, tx *Tx, workshopID, memberID int64) error {
	ss, err := upcomingSessions(ctx, tx, workshopID)
	if err != nil {
		return err
	}
	for _, s := range ss {
		if err := db.remind(ctx, tx, s, memberID); err != nil {
			return err
		}
	}
	return nil
}

// afterJoin: a new seat brings its reminders.
func (db *DB) afterJoin(ctx context.Context, tx *Tx, workshopID, memberID int64, state string) error {
	if state != StateJoined {
		return nil
	}
	if err := threadSeat(ctx, tx, workshopID, memberID, true); err != nil {
		return err
	}
	return db.remindMember(ctx, tx, workshopID, memberID)
}

// afterLeave: the member's pending messages about the workshop go.
func afterLeave(ctx context.Context, tx *Tx, workshopID, memberID int64) error {
	if err := threadSeat(ctx, tx, workshopID, memberID, false); err != nil {
		return err
	}
	return dropPending(ctx, tx, `workshop_id = ? AND member_id = ? AND kind IN ('reminder', 'promoted', 'feedback')`, workshopID, memberID)
}

// afterPromote: each member moved off the waitlist hears it at once and
// gets the reminders of the sessions to come, or of the one session a
// seat freed in.
func (db *DB) afterPromote(ctx context.Context, tx *Tx, workshopID int64, promoted []Participant) error {
	for _, p := range promoted {
		n := Note{
			Key:        fmt.Sprintf("promoted:workshop=%d:member=%d:at=%d", workshopID, p.MemberID, unix(tx.now)),
			Kind:       NotePromoted,
			WorkshopID: workshopID,
			PlannedAt:  tx.now,
		}
		if p.Session.ID != 0 {
			n.Key = fmt.Sprintf("promoted:session=%d:member=%d:at=%d", p.Session.ID, p.MemberID, unix(tx.now))
			n.SessionID, n.ExpiresAt = p.Session.ID, p.Session.Start
		}
		if err := enqueueDM(ctx, tx, p.MemberID, n); err != nil {
			return err
		}
		if err := threadSeat(ctx, tx, workshopID, p.MemberID, true); err != nil {
			return err
		}
		var err error
		if p.Session.ID != 0 {
			err = db.remind(ctx, tx, p.Session, p.MemberID)
		} else {
			err = db.remindMember(ctx, tx, workshopID, p.MemberID)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// afterCancelWorkshop: nothing more is said of the workshop but that it is
// cancelled, to everyone who was in it or in line.
func afterCancelWorkshop(ctx context.Context, tx *Tx, w Workshop, people []Participant) error {
	if err := dropPending(ctx, tx, `workshop_id = ? AND kind IN ('reminder', 'promoted', 'session_moved', 'feedback')`, w.ID); err != nil {
		return err
	}
	for _, p := range people {
		n := Note{
			Key:        fmt.Sprintf("workshop_cancelled:workshop=%d:member=%d", w.ID, p.MemberID),
			Kind:       NoteWorkshopCancelled,
			Args:       NoteArgs{Title: w.Title},
			WorkshopID: w.ID,
			PlannedAt:  tx.now,
		}
		if err := enqueueDM(ctx, tx, p.MemberID, n); err != nil {
			return err
		}
	}
	return nil
}

// tellSeated queues one message per member seated in a session.
func tellSeated(ctx context.Context, tx *Tx, s Session, n Note, keyf func(memberID int64) string) error {
	ids, err := seatedMembers(ctx, tx, s)
	if err != nil {
		return err
	}
	for _, id := range ids {
		m := n
		m.Key = keyf(id)
		if err := enqueueDM(ctx, tx, id, m); err != nil {
			return err
		}
	}
	return nil
}

// sessionByID reads one session.
func sessionByID(ctx context.Context, tx *Tx, id int64) (Session, error) {
	s := Session{ID: id}
	var start, dur int64
	var cancelled sql.NullInt64
	err := tx.QueryRowContext(ctx, `SELECT workshop_id, starts_at, duration_min, place, sequence, cancelled_at FROM sessions WHERE id = ?`, id).
		Scan(&s.WorkshopID, &start, &dur, &s.Place, &s.Sequence, &cancelled)
	if errors.Is(err, sql.ErrNoRows) {
		return s, Errorf(ENOTFOUND, "session", "no session %d", id)
	}
	if err != nil {
		return s, fmt.Errorf("storage: session: %w", err)
	}
	s.Start, s.Duration, s.Cancelled = fromUnix(start), time.Duration(dur)*time.Minute, cancelled.Valid
	return s, nil
}

// Session returns one session.
func (db *DB) Session(ctx context.Context, id int64) (Session, error) {
	var s Session
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		s, err = sessionByID(ctx, tx, id)
		return err
	})
	return s, err
}

// nextSessionOf returns the first session of a workshop not started yet and
// not cancelled.
func nextSessionOf(ctx context.Context, tx *Tx, workshopID int64) (Session, error) {
	ss, err := upcomingSessions(ctx, tx, workshopID)
	if err != nil {
		return Session{}, err
	}
	if len(ss) == 0 {
		return Session{}, Errorf(ENOTFOUND, "session", "workshop %d has no session to come", workshopID)
	}
	return ss[0], nil
}

// SessionChange moves a session; zero fields keep their value.
type SessionChange struct {
	Start    time.Time
	Duration time.Duration
	Place    *string
}

// RescheduleSession moves a workshop's next session (sessionID 0) or the
// given one. Its pending reminders move with it, and every participant is
// told. It returns the session before and after.
func (db *DB) RescheduleSession(ctx context.Context, workshopID, sessionID int64, c SessionChange) (before, after Session, err error) {
	err = db.update(ctx, func(tx *Tx) error {
		if _, err := openWorkshop(ctx, tx, workshopID); err != nil {
			return err
		}
		var err error
		if sessionID == 0 {
			before, err = nextSessionOf(ctx, tx, workshopID)
		} else {
			before, err = sessionByID(ctx, tx, sessionID)
			if err == nil && (before.WorkshopID != workshopID || before.Cancelled || !before.Start.After(tx.now)) {
				err = Errorf(ENOTFOUND, "session", "session %d is not to come in workshop %d", sessionID, workshopID)
			}
		}
		if err != nil {
			return err
		}
		after = before
		if !c.Start.IsZero() {
			after.Start = c.Start.UTC().Truncate(time.Minute)
		}
		if c.Duration != 0 {
			after.Duration = c.Duration
		}
		if c.Place != nil {
			after.Place = CleanLine(*c.Place)
		}
		if !after.Start.After(tx.now) {
			return Errorf(EINVALID, "session_past", "session start %s is not in the future", after.Start)
		}
		if after.Duration < time.Minute || after.Duration > MaxSessionDuration {
			return Errorf(EINVALID, "session_duration", "duration %s out of range", after.Duration)
		}
		if len([]rune(after.Place)) > MaxPlace {
			return Errorf(EINVALID, "place_too_long", "place over %d characters", MaxPlace)
		}
		after.Sequence = before.Sequence + 1
		if _, err := tx.ExecContext(ctx, `UPDATE sessions SET starts_at = ?, duration_min = ?, place = ?, sequence = ? WHERE id = ?`,
			unix(after.Start), int(after.Duration/time.Minute), after.Place, after.Sequence, after.ID); err != nil {
			return fmt.Errorf("storage: reschedule: %w", err)
		}
		if err := dropPending(ctx, tx, `session_id = ? AND kind IN ('reminder', 'session_moved')`, after.ID); err != nil {
			return err
		}
		moved := Note{
			Kind:       NoteSessionMoved,
			Args:       NoteArgs{Start: unix(after.Start), From: unix(before.Start), Sequence: after.Sequence},
			SessionID:  after.ID,
			WorkshopID: workshopID,
			PlannedAt:  tx.now,
			ExpiresAt:  after.Start,
		}
		if err := tellSeated(ctx, tx, before, moved, func(m int64) string {
			return fmt.Sprintf("session_moved:%s:member=%d", sessionKey(after), m)
		}); err != nil {
			return err
		}
		moved.Kind = NoteThreadMoved
		if err := tellThreads(ctx, tx, moved, NoteThreadMoved+":"+sessionKey(after)); err != nil {
			return err
		}
		return db.remind(ctx, tx, after, 0)
	})
	return before, after, err
}

// CancelSession cancels a workshop's next session (sessionID 0) or the
// given one: its pending reminders go and every participant is told.
func (db *DB) CancelSession(ctx context.Context, workshopID, sessionID int64) (Session, error) {
	var s Session
	err := db.update(ctx, func(tx *Tx) error {
		if _, err := openWorkshop(ctx, tx, workshopID); err != nil {
			return err
		}
		var err error
		if sessionID == 0 {
			s, err = nextSessionOf(ctx, tx, workshopID)
		} else {
			s, err = sessionByID(ctx, tx, sessionID)
			if err == nil && (s.WorkshopID != workshopID || s.Cancelled || !s.Start.After(tx.now)) {
				err = Errorf(ENOTFOUND, "session", "session %d is not to come in workshop %d", sessionID, workshopID)
			}
		}
		if err != nil {
			return err
		}
		s.Sequence++
		s.Cancelled = true
		if _, err := tx.ExecContext(ctx, `UPDATE sessions SET cancelled_at = ?, sequence = ? WHERE id = ?`, unix(tx.now), s.Sequence, s.ID); err != nil {
			return fmt.Errorf("storage: cancel session: %w", err)
		}
		if err := dropPending(ctx, tx, `session_id = ? AND kind IN ('reminder', 'session_moved')`, s.ID); err != nil {
			return err
		}
		n := Note{
			Kind:       NoteSessionCancelled,
			Args:       NoteArgs{Start: unix(s.Start)},
			SessionID:  s.ID,
			WorkshopID: workshopID,
			PlannedAt:  tx.now,
			ExpiresAt:  s.Start,
		}
		if err := tellSeated(ctx, tx, s, n, func(m int64) string {
			return fmt.Sprintf("session_cancelled:session=%d:member=%d", s.ID, m)
		}); err != nil {
			return err
		}
		n.Kind = NoteThreadCancelled
		return tellThreads(ctx, tx, n, fmt.Sprintf("%s:session=%d", NoteThreadCancelled, s.ID))
	})
	return s, err
}

// SetReminders turns a member's session reminders on or off. Off drops
// those pending; on queues those of the sessions to come.
func (db *DB) SetReminders(ctx context.Context, memberID int64, on bool) error {
	return db.update(ctx, func(tx *Tx) error {
		if _, err := memberByID(ctx, tx, memberID); err != nil {
			return err
		}
		if !on {
			if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO reminder_optouts (member_id, created_at) VALUES (?, ?)`, memberID, unix(tx.now)); err != nil {
				return fmt.Errorf("storage: reminders off: %w", err)
			}
			return dropPending(ctx, tx, `member_id = ? AND kind = 'reminder'`, memberID)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM reminder_optouts WHERE member_id = ?`, memberID); err != nil {
			return fmt.Errorf("storage: reminders on: %w", err)
		}
		rows, err := tx.QueryContext(ctx, `SELECT p.workshop_id FROM participants p WHERE p.member_id = ? AND p.state = 'joined'
			AND (SELECT status FROM workshops WHERE id = p.workshop_id) = 'open'`, memberID)
		if err != nil {
			return fmt.Errorf("storage: reminders on: %w", err)
		}
		var ws []int64
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return fmt.Errorf("storage: reminders on: %w", err)
			}
			ws = append(ws, id)
		}
		if err := rows.Close(); err != nil {
			return fmt.Errorf("storage: reminders on: %w", err)
		}
		for _, w := range ws {
			if err := db.remindMember(ctx, tx, w, memberID); err != nil {
				return err
			}
		}
		return nil
	})
}

// RemindersOn reports whether a member gets session reminders.
func (db *DB) RemindersOn(ctx context.Context, memberID int64) (bool, error) {
	var n int
	if err := db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM reminder_optouts WHERE member_id = ?`, memberID).Scan(&n); err != nil {
		return false, fmt.Errorf("storage: reminders on: %w", err)
	}
	return n == 0, nil
}

// SyncReminders brings the pending reminders in line with the policy, at
// start: reminders of an offset no longer configured go; those missing for
// the sessions to come (a database from before reminders, a new offset)
// are queued. Existing rows, sent or not, are left as they are.
func (db *DB) SyncReminders(ctx context.Context) error {
	return db.update(ctx, func(tx *Tx) error {
		keep := make([]string, 0, len(db.Reminders.Offsets))
		args := []any{}
		for _, o := range db.Reminders.Offsets {
			keep = append(keep, "?")
			args = append(args, FormatOffset(o))
		}
		where := `kind = 'reminder'`
		if len(keep) > 0 {
			where += ` AND json_extract(args, '$.offset') NOT IN (` + strings.Join(keep, ", ") + `)`
		}
		if err := dropPending(ctx, tx, where, args...); err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `SELECT id FROM sessions WHERE starts_at > ? AND cancelled_at IS NULL
			AND (SELECT status FROM workshops WHERE id = sessions.workshop_id) = 'open' ORDER BY starts_at`, unix(tx.now))
		if err != nil {
			return fmt.Errorf("storage: sync reminders: %w", err)
		}
		var ids []int64
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return fmt.Errorf("storage: sync reminders: %w", err)
			}
			ids = append(ids, id)
		}
		if err := rows.Close(); err != nil {
			return fmt.Errorf("storage: sync reminders: %w", err)
		}
		for _, id := range ids {
			s, err := sessionByID(ctx, tx, id)
			if err != nil {
				return err
			}
			if err := db.remind(ctx, tx, s, 0); err != nil {
				return err
			}
		}
		return nil
	})
}

// Seated reports whether a member has a seat in a workshop.
func (db *DB) Seated(ctx context.Context, workshopID, memberID int64) (bool, error) {
	var n int
	err := db.read.QueryRowContext(ctx, `SELECT `+seatedAnywhere, workshopID, memberID).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("storage: seated: %w", err)
	}
	return n > 0, nil
}

// Reader is what rendering a member's notification needs to know of them.
type Reader struct {
	Language string
	Timezone string
	Seated   bool // has a seat in the workshop asked about
	OptedOut bool // turned reminders off
	Chapter  string
}

// ReaderOf returns a member's language and zone, whether they have a seat
// in workshopID (0: not asked) and whether they turned reminders off, in
// one statement, as the dispatcher asks it for every row.
func (db *DB) ReaderOf(ctx context.Context, memberID, workshopID int64) (Reader, error) {
	var r Reader
	err := db.read.QueryRowContext(ctx, `SELECT language, timezone,
		`+seatedAnywhereOf("?2", "?1")+`,
		EXISTS (SELECT 1 FROM reminder_optouts WHERE member_id = ?1), chapter
		FROM members WHERE id = ?1`, memberID, workshopID).Scan(&r.Language, &r.Timezone, &r.Seated, &r.OptedOut, &r.Chapter)
	if errors.Is(err, sql.ErrNoRows) {
		return r, Errorf(ENOTFOUND, "member", "no member %d", memberID)
	}
	if err != nil {
		return r, fmt.Errorf("storage: reader: %w", err)
	}
	return r, nil
}

// ReadersOf is ReaderOf for many members at once, about one workshop: the
// dispatcher asks it once per batch instead of once per message.
func (db *DB) ReadersOf(ctx context.Context, workshopID int64, memberIDs []int64) (map[int64]Reader, error) {
	out := make(map[int64]Reader, len(memberIDs))
	if len(memberIDs) == 0 {
		return out, nil
	}
	rows, err := db.read.QueryContext(ctx, `SELECT m.id, m.language, m.timezone,
		`+seatedAnywhereOf("?1", "m.id")+`,
		EXISTS (SELECT 1 FROM reminder_optouts WHERE member_id = m.id), m.chapter
		FROM members m WHERE m.id IN (`+idList(memberIDs)+`)`, workshopID)
	if err != nil {
		return nil, fmt.Errorf("storage: readers: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var r Reader
		if err := rows.Scan(&id, &r.Language, &r.Timezone, &r.Seated, &r.OptedOut, &r.Chapter); err != nil {
			return nil, fmt.Errorf("storage: readers: %w", err)
		}
		out[id] = r
	}
	return out, rows.Err()
}

// WorkshopBrief returns a workshop with its counts and next session but
// without its participant and session lists, for messages that only name
// it: a thousand reminders must not read a thousand participants each time.
func (db *DB) WorkshopBrief(ctx context.Context, id int64) (Workshop, error) {
	var w Workshop
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		w, err = workshopByID(ctx, tx, id)
		return err
	})
	return w, err
}
