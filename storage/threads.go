package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Workshop threads. Each workshop card posted in a workshops channel
// carries the workshop's discussion thread (a Slack thread under the card,
// a Discord thread on it, or the forum post that is the card). What the
// participants are told by DM of their sessions (reminders, a change of
// time or place, a cancellation) is also said in the thread, through the
// outbox like everything else: rows written in the transaction of the
// change, sent in order, once. Thread rows name the card's channel in To
// and the workshop; the dispatcher finds the thread from the pair when it
// sends, so a row queued before the platform made the thread still lands
// in it.
const (
	NoteThreadOpen      = "thread_open"      // start the thread on the card, with its first message
	NoteThreadMember    = "thread_member"    // a participant (To.UserID) added to or, Args.Phase "remove", taken off the thread
	NoteThreadReminder  = "thread_reminder"  // a session starts soon
	NoteThreadMoved     = "thread_moved"     // a session's time or place changed
	NoteThreadCancelled = "thread_cancelled" // a session was cancelled
	NoteThreadOutcome   = "thread_outcome"   // did anything come of the workshop? (after its last session)
	NoteThreadClose     = "thread_close"     // the closing message; then archived where the platform can
)

// IsThreadNote reports whether a row of kind goes to a workshop's thread.
func IsThreadNote(kind string) bool {
	switch kind {
	case NoteThreadOpen, NoteThreadMember, NoteThreadReminder, NoteThreadMoved, NoteThreadCancelled, NoteThreadOutcome, NoteThreadClose:
		return true
	}
	return false
}

// Thread is a workshop's discussion thread in one channel.
type Thread struct {
	ID         int64
	WorkshopID int64
	Platform   string
	Workspace  string
	Channel    string // the channel of the card
	CardID     string // the card's message id (Slack ts, Discord snowflake)
	ThreadID   string // the platform's thread id; "" until it is made
	OpenedAt   time.Time
	ClosedAt   time.Time
}

// Address is where the thread's rows are queued: the card's channel.
func (t Thread) Address() Address {
	return Address{Platform: t.Platform, Workspace: t.Workspace, Channel: t.Channel}
}

const threadColumns = `id, workshop_id, platform, workspace, channel, card_id, thread_id, opened_at, closed_at`

func scanThread(sc interface{ Scan(...any) error }) (Thread, error) {
	var t Thread
	var opened, closed sql.NullInt64
	err := sc.Scan(&t.ID, &t.WorkshopID, &t.Platform, &t.Workspace, &t.Channel, &t.CardID, &t.ThreadID, &opened, &closed)
	t.OpenedAt, t.ClosedAt = nullTime(opened), nullTime(closed)
	return t, err
}

// threadsOf lists a workshop's threads not closed.
func threadsOf(ctx context.Context, tx *Tx, workshopID int64) ([]Thread, error) {
	return queryThreads(ctx, tx, `workshop_id = ? AND closed_at IS NULL`, workshopID)
}

// queryThreads lists the threads matching where, in the order they were made.
func queryThreads(ctx context.Context, tx *Tx, where string, args ...any) ([]Thread, error) {
	rows, err := tx.QueryContext(ctx, `SELECT `+threadColumns+` FROM workshop_threads WHERE `+where+` ORDER BY id`, args...)
	if err != nil {
		return nil, fmt.Errorf("storage: threads: %w", err)
	}
	defer rows.Close()
	var out []Thread
	for rows.Next() {
		t, err := scanThread(rows)
		if err != nil {
			return nil, fmt.Errorf("storage: threads: %w", err)
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// SaveThreadedCard records a workshop card posted in a workshops channel
// (as SaveMessageRef) and, in the same transaction, gives the workshop its
// thread there unless it has one. channel is that workshops channel: the
// card's, or the forum whose post the card is (the ref then names the
// post as the card's channel). The thread hangs on the first card: the first card in a channel carries the
// thread, a card announced again does not start another. The thread is
// queued to be made, its participants to be added, and its session
// reminders. A closed or cancelled workshop gets no thread.
func (db *DB) SaveThreadedCard(ctx context.Context, r MessageRef, channel, workspace string) error {
	if r.Kind != KindWorkshop {
		return Errorf(EINVALID, "message_ref", "a thread hangs on a workshop card, not a %s", r.Kind)
	}
	return db.update(ctx, func(tx *Tx) error {
		if err := saveMessageRef(ctx, tx, r); err != nil {
			return err
		}
		var status string
		err := tx.QueryRowContext(ctx, `SELECT status FROM workshops WHERE id = ?`, r.EntityID).Scan(&status)
		if errors.Is(err, sql.ErrNoRows) || status != WorkshopOpen {
			return nil
		}
		if err != nil {
			return fmt.Errorf("storage: thread: %w", err)
		}
		var id int64
		err = tx.QueryRowContext(ctx, `INSERT INTO workshop_threads (workshop_id, platform, workspace, channel, card_id, created_at)
			VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING id`,
			r.EntityID, r.Platform, workspace, channel, r.MessageID, unix(tx.now)).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			return nil // the workshop has its thread in this channel
		}
		if err != nil {
			return fmt.Errorf("storage: thread: %w", err)
		}
		t := Thread{ID: id, WorkshopID: r.EntityID, Platform: r.Platform, Workspace: workspace, Channel: channel, CardID: r.MessageID}
		if err := enqueue(ctx, tx, Note{Key: fmt.Sprintf("%s:thread=%d", NoteThreadOpen, id), Kind: NoteThreadOpen,
			To: t.Address(), WorkshopID: t.WorkshopID, PlannedAt: tx.now}); err != nil {
			return err
		}
		seated, err := int64s(ctx, tx, `SELECT member_id FROM participants WHERE workshop_id = ? AND state = 'joined' ORDER BY id`, t.WorkshopID)
		if err != nil {
			return err
		}
		for _, m := range seated {
			if err := threadMember(ctx, tx, t, m, true); err != nil {
				return err
			}
		}
		ss, err := upcomingSessions(ctx, tx, t.WorkshopID)
		if err != nil {
			return err
		}
		for _, s := range ss {
			if err := db.threadReminders(ctx, tx, []Thread{t}, s); err != nil {
				return err
			}
		}
		return nil
	})
}

// threadMember queues a member's platform accounts to be added to (or
// taken off) a thread: those on the thread's platform and, when the
// thread names one, in its workspace (a Discord user outside the guild
// cannot be added).
func threadMember(ctx context.Context, tx *Tx, t Thread, memberID int64, add bool) error {
	ids, err := identitiesOf(ctx, tx, memberID)
	if err != nil {
		return err
	}
	phase := "add"
	if !add {
		phase = "remove"
	}
	for _, id := range ids {
		if id.Platform != t.Platform || (t.Workspace != "" && id.Workspace != t.Workspace) {
			continue
		}
		to := t.Address()
		to.UserID = id.UserID
		if err := enqueue(ctx, tx, Note{
			Key:  fmt.Sprintf("%s:thread=%d:user=%s:%s:at=%d", NoteThreadMember, t.ID, id.UserID, phase, tx.now.UnixNano()),
			Kind: NoteThreadMember, Args: NoteArgs{Phase: phase}, To: to, WorkshopID: t.WorkshopID, PlannedAt: tx.now,
		}); err != nil {
			return err
		}
	}
	return nil
}

// threadSeat follows a seat taken (add) or given up in a workshop into its
// open threads.
func threadSeat(ctx context.Context, tx *Tx, workshopID, memberID int64, add bool) error {
	ts, err := threadsOf(ctx, tx, workshopID)
	if err != nil {
		return err
	}
	for _, t := range ts {
		if err := threadMember(ctx, tx, t, memberID, add); err != nil {
			return err
		}
	}
	return nil
}

// threadReminders queues a session's reminders in threads, one per
// configured offset, due in the zone of the workshop's chapter, else the
// community's (a thread has many readers). Those of an earlier sequence of
// the session (it moved since) are dropped.
func (db *DB) threadReminders(ctx context.Context, tx *Tx, ts []Thread, s Session) error {
	if len(ts) == 0 {
		return nil
	}
	if err := dropPending(ctx, tx, `session_id = ? AND kind = '`+NoteThreadReminder+`' AND COALESCE(json_extract(args, '$.seq'), 0) != ?`, s.ID, s.Sequence); err != nil {
		return err
	}
	p := db.Reminders
	if s.Cancelled || !s.Start.After(tx.now) {
		return nil
	}
	loc := p.Location
	if len(p.Chapters) > 0 {
		var chapter string
		if err := tx.QueryRowContext(ctx, `SELECT chapter FROM workshops WHERE id = ?`, s.WorkshopID).Scan(&chapter); err != nil {
			return fmt.Errorf("storage: thread reminders: %w", err)
		}
		if l := p.Chapters[chapter]; l != nil {
			loc = l
		}
	}
	for _, off := range p.Offsets {
		due := ReminderDue(s.Start, off, loc)
		if !due.After(tx.now) {
			continue
		}
		n := Note{
			Kind:       NoteThreadReminder,
			Args:       NoteArgs{Offset: FormatOffset(off), Start: unix(s.Start), Sequence: s.Sequence},
			SessionID:  s.ID,
			WorkshopID: s.WorkshopID,
			PlannedAt:  due,
			ExpiresAt:  s.Start,
		}
		if err := tellThreadsOf(ctx, tx, ts, n, fmt.Sprintf("%s:%s:offset=%s", NoteThreadReminder, sessionKey(s), FormatOffset(off))); err != nil {
			return err
		}
	}
	return nil
}

// remindThreads is threadReminders for every open thread of the session's
// workshop; remind calls it, so a session's thread reminders follow it
// wherever its participants' reminders are queued.
func (db *DB) remindThreads(ctx context.Context, tx *Tx, s Session) error {
	ts, err := threadsOf(ctx, tx, s.WorkshopID)
	if err != nil {
		return err
	}
	return db.threadReminders(ctx, tx, ts, s)
}

// tellThreads queues n (of a thread kind) once in each open thread of its
// workshop, keyed by key and the thread: what participants are told by DM
// is also said where everyone talks about the workshop.
func tellThreads(ctx context.Context, tx *Tx, n Note, key string) error {
	ts, err := threadsOf(ctx, tx, n.WorkshopID)
	if err != nil {
		return err
	}
	return tellThreadsOf(ctx, tx, ts, n, key)
}

func tellThreadsOf(ctx context.Context, tx *Tx, ts []Thread, n Note, key string) error {
	for _, t := range ts {
		m := n
		m.MemberID = 0
		m.To = t.Address()
		m.Key = fmt.Sprintf("%s:thread=%d", key, t.ID)
		if err := enqueue(ctx, tx, m); err != nil {
			return err
		}
	}
	return nil
}

// ThreadOf returns a workshop's thread in a channel, closed or not; ok is
// false when it has none there.
func (db *DB) ThreadOf(ctx context.Context, workshopID int64, platform, channel string) (t Thread, ok bool, err error) {
	t, err = scanThread(db.read.QueryRowContext(ctx, `SELECT `+threadColumns+` FROM workshop_threads
		WHERE workshop_id = ? AND platform = ? AND channel = ?`, workshopID, platform, channel))
	if errors.Is(err, sql.ErrNoRows) {
		return t, false, nil
	}
	if err != nil {
		return t, false, fmt.Errorf("storage: thread: %w", err)
	}
	return t, true, nil
}

// Threads lists a workshop's threads, closed or not.
func (db *DB) Threads(ctx context.Context, workshopID int64) ([]Thread, error) {
	var out []Thread
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		out, err = queryThreads(ctx, tx, `workshop_id = ?`, workshopID)
		return err
	})
	return out, err
}

// ThreadOpened records the platform's id of a thread it made.
func (db *DB) ThreadOpened(ctx context.Context, id int64, threadID string) error {
	return db.update(ctx, func(tx *Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE workshop_threads SET thread_id = ?, opened_at = COALESCE(opened_at, ?) WHERE id = ?`,
			threadID, unix(tx.now), id); err != nil {
			return fmt.Errorf("storage: thread opened: %w", err)
		}
		return nil
	})
}

// ThreadClosed records that a thread was closed: nothing more is posted in
// it, and what was still to be is dropped.
func (db *DB) ThreadClosed(ctx context.Context, id int64) error {
	return db.update(ctx, func(tx *Tx) error {
		var t Thread
		var err error
		if t, err = scanThread(tx.QueryRowContext(ctx, `SELECT `+threadColumns+` FROM workshop_threads WHERE id = ?`, id)); err != nil {
			return fmt.Errorf("storage: thread closed: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE workshop_threads SET closed_at = COALESCE(closed_at, ?) WHERE id = ?`, unix(tx.now), id); err != nil {
			return fmt.Errorf("storage: thread closed: %w", err)
		}
		return dropPending(ctx, tx, `workshop_id = ? AND platform = ? AND channel = ? AND member_id IS NULL AND kind LIKE 'thread\_%' ESCAPE '\'`,
			t.WorkshopID, t.Platform, t.Channel)
	})
}

// ThreadsToClose lists the open threads of workshops that are over:
// closed or cancelled, or whose last session (not cancelled) ended before
// endedBefore with none to come. A thread whose outcome question is still
// to be posted waits for it (after downtime both fall due together).
func (db *DB) ThreadsToClose(ctx context.Context, endedBefore time.Time) ([]Thread, error) {
	var out []Thread
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		out, err = queryThreads(ctx, tx, `closed_at IS NULL AND workshop_id IN (SELECT w.id FROM workshops w WHERE w.status != 'open' OR (
			EXISTS (SELECT 1 FROM sessions s WHERE s.workshop_id = w.id AND s.cancelled_at IS NULL) AND
			NOT EXISTS (SELECT 1 FROM sessions s WHERE s.workshop_id = w.id AND s.cancelled_at IS NULL AND s.starts_at + s.duration_min * 60 > ?)))
			AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.kind = '`+NoteThreadOutcome+`' AND o.state IN ('pending', 'sending')
				AND o.workshop_id = workshop_threads.workshop_id AND o.platform = workshop_threads.platform AND o.channel = workshop_threads.channel)`,
			unix(endedBefore))
		return err
	})
	return out, err
}

// OpenThreads lists a workshop's threads not closed.
func (db *DB) OpenThreads(ctx context.Context, workshopID int64) ([]Thread, error) {
	var out []Thread
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		out, err = threadsOf(ctx, tx, workshopID)
		return err
	})
	return out, err
}
