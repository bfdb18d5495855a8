package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Outbox states. A row goes pending → sending (claimed, with a lease) →
// sent; or skipped (too late to be useful, or nobody to send it to); or,
// after its last retry, failed. A sending row whose lease ran out (the bot
// died while sending it) is claimed again.
const (
	OutboxPending = "pending"
	OutboxSending = "sending"
	OutboxSent    = "sent"
	OutboxSkipped = "skipped"
	OutboxFailed  = "failed"
)

// Notification kinds: what a row says, rendered when it is sent.
const (
	NoteReminder          = "reminder"           // a session starts soon
	NotePromoted          = "promoted"           // a seat freed up for you
	NoteSessionMoved      = "session_moved"      // a session was rescheduled
	NoteSessionCancelled  = "session_cancelled"  // a session was cancelled
	NoteWorkshopCancelled = "workshop_cancelled" // the whole workshop was
	NoteAnnouncement      = "announcement"       // staff text to a channel
	NoteDigest            = "digest"             // the weekly digest
	NoteFeedback          = "feedback"           // "did this session help?"
	NoteNudge             = "nudge"              // your problem has gone quiet
)

// Address is where a row goes: a member's direct messages on one platform
// (UserID) or a channel (Channel).
type Address struct {
	Platform  string
	Workspace string
	UserID    string
	Channel   string
}

// NoteArgs are a row's arguments, stored as JSON.
//
// Rows store what to say (a kind and these arguments), not rendered text:
// storage imports nothing of ours, so it cannot render a commands.Reply
// inside the transaction that enqueues the row, and rendering when sending
// uses the reader's language, zone and the session's place as they are
// then, not as they were when the member joined weeks before. Times still
// travel as instants, shown by each platform in its reader's local time.
type NoteArgs struct {
	Offset         string  `json:"offset,omitempty"`       // reminder: "24h", "1h"
	Start          int64   `json:"start,omitempty"`        // the session's start when enqueued
	From           int64   `json:"from,omitempty"`         // session_moved: the old start
	Sequence       int     `json:"seq,omitempty"`          // the session's sequence when enqueued
	AnnouncementID int64   `json:"announcement,omitempty"` // announcement
	Text           string  `json:"text,omitempty"`         // announcement: the staff's text
	ProblemID      int64   `json:"problem,omitempty"`      // nudge
	Since          int64   `json:"since,omitempty"`        // nudge: last activity; digest: window start
	Problems       []int64 `json:"problems,omitempty"`     // digest
	Workshops      []int64 `json:"workshops,omitempty"`    // digest
	Title          string  `json:"title,omitempty"`        // workshop_cancelled: the title then
	JobID          int64   `json:"job,omitempty"`          // job_posted, job_expiring
	EditionID      int64   `json:"edition,omitempty"`      // award_phase, award_results
	Phase          string  `json:"phase,omitempty"`        // award_phase
	NominationID   int64   `json:"nomination,omitempty"`   // award_nominated
	OutcomeID      int64   `json:"outcome,omitempty"`      // outcome_solved
	Day            int     `json:"day,omitempty"`          // outcome_ask: days after the last session
	Outcomes       []int64 `json:"outcomes,omitempty"`     // digest: outcomes published since
	Chapter        string  `json:"chapter,omitempty"`      // digest: the chapter it is for, in its language and zone
	Source         string  `json:"source,omitempty"`       // skill_reuse: "session" or "training"
	SourceID       int64   `json:"source_id,omitempty"`    // skill_reuse: the session's or training's id
	TrackID        int64   `json:"track,omitempty"`        // track_module
}

// Note is one outbox row.
type Note struct {
	ID         int64
	Key        string
	Kind       string
	Args       NoteArgs
	MemberID   int64 // the reader of a direct message; 0 for a channel
	To         Address
	SessionID  int64
	WorkshopID int64
	PlannedAt  time.Time // the moment it is meant for
	DueAt      time.Time // when the dispatcher looks at it next
	ExpiresAt  time.Time // zero: useful whenever it goes out
	Attempts   int
	State      string
	LastError  string
	MessageID  string
	CreatedAt  time.Time
	DoneAt     time.Time
}

// ReminderPolicy says when participants are reminded of a session. The bot
// sets it from its configuration before use; no offsets, no reminders.
//
// The rule for an offset: a whole number of days is counted in calendar
// days on the reader's wall clock (their zone, else Location), so a session
// at 10:00 on Monday is reminded "24h" before at 10:00 on Sunday even when
// the clocks changed overnight (25 or 23 hours of real time). Any other
// offset ("1h", "90m", "1d12h") is real elapsed time.
type ReminderPolicy struct {
	Offsets  []time.Duration
	Location *time.Location // the community's zone, for members who set none
	// Chapters are the chapters' zones by id, for their members who set
	// none.
	Chapters map[string]*time.Location
}

// ReminderDue is when a reminder offset before start falls, for a reader
// in loc (see ReminderPolicy).
func ReminderDue(start time.Time, offset time.Duration, loc *time.Location) time.Time {
	if loc == nil {
		loc = time.UTC
	}
	const day = 24 * time.Hour
	if offset > 0 && offset%day == 0 {
		return start.In(loc).AddDate(0, 0, -int(offset/day)).UTC()
	}
	return start.Add(-offset).UTC()
}

// FormatOffset writes an offset as "24h", "1h", "90m" → "1h30m", "2d" → "48h".
func FormatOffset(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = s[:len(s)-2]
	}
	if strings.HasSuffix(s, "h0m") {
		s = s[:len(s)-2]
	}
	return s
}

const noteColumns = `id, key, kind, args, COALESCE(member_id, 0), platform, workspace, user_id, channel,
	COALESCE(session_id, 0), COALESCE(workshop_id, 0), planned_at, due_at, expires_at, attempts, state,
	last_error, message_id, created_at, done_at`

func scanNote(sc interface{ Scan(...any) error }) (Note, error) {
	var n Note
	var args string
	var planned, due, created int64
	var expires, done sql.NullInt64
	err := sc.Scan(&n.ID, &n.Key, &n.Kind, &args, &n.MemberID, &n.To.Platform, &n.To.Workspace, &n.To.UserID, &n.To.Channel,
		&n.SessionID, &n.WorkshopID, &planned, &due, &expires, &n.Attempts, &n.State, &n.LastError, &n.MessageID, &created, &done)
	if err != nil {
		return n, err
	}
	n.PlannedAt, n.DueAt, n.CreatedAt = fromUnix(planned), fromUnix(due), fromUnix(created)
	n.ExpiresAt, n.DoneAt = nullTime(expires), nullTime(done)
	if err := json.Unmarshal([]byte(args), &n.Args); err != nil {
		return n, fmt.Errorf("outbox row %d: args: %w", n.ID, err)
	}
	return n, nil
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

func nullUnix(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return unix(t)
}

// enqueue adds a row unless its key is taken; due defaults to planned. A
// row for a member with no address goes to each of their identities.
func enqueue(ctx context.Context, tx *Tx, n Note) error {
	if n.MemberID != 0 && n.To.Platform == "" {
		return enqueueDM(ctx, tx, n.MemberID, n)
	}
	if n.Key == "" || n.Kind == "" || n.To.Platform == "" {
		return fmt.Errorf("storage: enqueue: key, kind and platform are required (%q)", n.Key)
	}
	if n.DueAt.IsZero() {
		n.DueAt = n.PlannedAt
	}
	args, err := json.Marshal(n.Args)
	if err != nil {
		return fmt.Errorf("storage: enqueue %s: %w", n.Key, err)
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO outbox (key, kind, args, member_id, platform, workspace, user_id, channel,
		session_id, workshop_id, planned_at, due_at, expires_at, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (key) DO NOTHING`,
		n.Key, n.Kind, string(args), nullID(n.MemberID), n.To.Platform, n.To.Workspace, n.To.UserID, n.To.Channel,
		nullID(n.SessionID), nullID(n.WorkshopID), unix(n.PlannedAt), unix(n.DueAt), nullUnix(n.ExpiresAt), unix(tx.now))
	if err != nil {
		return fmt.Errorf("storage: enqueue %s: %w", n.Key, err)
	}
	if k, _ := res.RowsAffected(); k > 0 {
		tx.wake = true
	}
	return nil
}

// enqueueDM adds one row per platform identity of the member, or only per
// identity on their preferred platform when they chose one (/me notify-on;
// see dmIdentities); n.Key is the base key, completed with the identity.
func enqueueDM(ctx context.Context, tx *Tx, memberID int64, n Note) error {
	ids, err := dmIdentities(ctx, tx, memberID)
	if err != nil {
		return err
	}
	base := n.Key
	n.MemberID = memberID
	for _, id := range ids {
		n.To = Address{Platform: id.Platform, Workspace: id.Workspace, UserID: id.UserID}
		n.Key = base + ":to=" + id.Platform + "/" + id.Workspace + "/" + id.UserID
		if err := enqueue(ctx, tx, n); err != nil {
			return err
		}
	}
	return nil
}

func identitiesOf(ctx context.Context, tx *Tx, memberID int64) ([]Identity, error) {
	rows, err := tx.QueryContext(ctx, `SELECT platform, workspace, user_id FROM identities WHERE member_id = ? ORDER BY platform, workspace, user_id`, memberID)
	if err != nil {
		return nil, fmt.Errorf("storage: identities: %w", err)
	}
	defer rows.Close()
	var out []Identity
	for rows.Next() {
		var i Identity
		if err := rows.Scan(&i.Platform, &i.Workspace, &i.UserID); err != nil {
			return nil, fmt.Errorf("storage: identities: %w", err)
		}
		out = append(out, i)
	}
	return out, rows.Err()
}

// Enqueue adds notifications in one transaction; a key already queued is
// left as it is. Recurring jobs use it; changes to workshops and sessions
// enqueue their own rows inside their own transactions.
func (db *DB) Enqueue(ctx context.Context, notes ...Note) error {
	return db.update(ctx, func(tx *Tx) error {
		for _, n := range notes {
			if err := enqueue(ctx, tx, n); err != nil {
				return err
			}
		}
		return nil
	})
}

// dropPending removes the pending rows matching where (rows already claimed
// are in flight and go out).
func dropPending(ctx context.Context, tx *Tx, where string, args ...any) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM outbox WHERE state = 'pending' AND `+where, args...); err != nil {
		return fmt.Errorf("storage: drop notifications: %w", err)
	}
	return nil
}

// ClaimDue moves up to limit rows that are due to sending, leased until now
// plus lease, and returns them in the order they were planned. Rows whose
// lease ran out, left by a crash while sending, are taken first. Both
// selections are seeks on outbox_due: the cost does not grow with the rows
// waiting for later.
func (db *DB) ClaimDue(ctx context.Context, limit int, lease time.Duration) ([]Note, error) {
	if limit <= 0 {
		return nil, nil
	}
	// Most wake-ups find nothing due (a nudge for a row due later): a read
	// says so without taking the writer.
	var due bool
	if err := db.read.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM outbox WHERE state = 'sending' AND due_at <= ?1)
		OR EXISTS (SELECT 1 FROM outbox WHERE state = 'pending' AND due_at <= ?1)`, unix(db.Now())).Scan(&due); err != nil {
		return nil, fmt.Errorf("storage: claim: %w", err)
	}
	if !due {
		return nil, nil
	}
	var out []Note
	err := db.update(ctx, func(tx *Tx) error {
		now, until := unix(tx.now), unix(tx.now.Add(lease))
		for _, state := range []string{OutboxSending, OutboxPending} {
			if len(out) >= limit {
				break
			}
			rows, err := tx.QueryContext(ctx, `UPDATE outbox SET state = 'sending', due_at = ?1, attempts = attempts + 1
				WHERE id IN (SELECT id FROM outbox WHERE state = '`+state+`' AND due_at <= ?2 ORDER BY due_at`+limitClause(limit-len(out))+`)
				RETURNING `+noteColumns, until, now)
			if err != nil {
				return fmt.Errorf("storage: claim: %w", err)
			}
			for rows.Next() {
				n, err := scanNote(rows)
				if err != nil {
					rows.Close()
					return fmt.Errorf("storage: claim: %w", err)
				}
				out = append(out, n)
			}
			if err := rows.Close(); err != nil {
				return fmt.Errorf("storage: claim: %w", err)
			}
		}
		return nil
	})
	sort.SliceStable(out, func(i, j int) bool {
		if !out[i].PlannedAt.Equal(out[j].PlannedAt) {
			return out[i].PlannedAt.Before(out[j].PlannedAt)
		}
		return out[i].ID < out[j].ID
	})
	return out, err
}

// NextDue returns when the next row falls due (a pending row's time or a
// lease's end); ok is false when nothing waits.
func (db *DB) NextDue(ctx context.Context) (time.Time, bool, error) {
	var best int64
	found := false
	for _, state := range []string{OutboxPending, OutboxSending} {
		var due int64
		err := db.read.QueryRowContext(ctx, `SELECT due_at FROM outbox WHERE state = '`+state+`' ORDER BY due_at LIMIT 1`).Scan(&due)
		if errors.Is(err, sql.ErrNoRows) {
			continue
		}
		if err != nil {
			return time.Time{}, false, fmt.Errorf("storage: next due: %w", err)
		}
		if !found || due < best {
			best, found = due, true
		}
	}
	return fromUnix(best), found, nil
}

// finish moves a claimed row to its end state. It runs once per message
// sent, so it is one statement in its own implicit transaction: a
// BEGIN/COMMIT pair around it cost as much as the update itself.
func (db *DB) finish(ctx context.Context, id int64, state, messageID, reason string) error {
	_, err := db.write.ExecContext(ctx, `UPDATE outbox SET state = ?, message_id = ?, last_error = ?, done_at = ? WHERE id = ? AND state = 'sending'`,
		state, messageID, reason, unix(db.Now()), id)
	if err != nil {
		return fmt.Errorf("storage: outbox %s: %w", state, err)
	}
	return nil
}

// MarkSent records that a claimed row went out, with the platform's id.
func (db *DB) MarkSent(ctx context.Context, id int64, messageID string) error {
	return db.finish(ctx, id, OutboxSent, messageID, "")
}

// MarkSkipped records that a claimed row will not be sent, and why.
func (db *DB) MarkSkipped(ctx context.Context, id int64, reason string) error {
	return db.finish(ctx, id, OutboxSkipped, "", reason)
}

// MarkFailed records that a claimed row failed for good.
func (db *DB) MarkFailed(ctx context.Context, id int64, reason string) error {
	return db.finish(ctx, id, OutboxFailed, "", reason)
}

// Retry puts a claimed row back to pending, due at due, keeping the error.
func (db *DB) Retry(ctx context.Context, id int64, due time.Time, reason string) error {
	return db.update(ctx, func(tx *Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE outbox SET state = 'pending', due_at = ?, last_error = ? WHERE id = ? AND state = 'sending'`,
			unix(due), reason, id)
		if err != nil {
			return fmt.Errorf("storage: outbox retry: %w", err)
		}
		return nil
	})
}

// Release gives claimed rows back untried (a platform asked us to wait):
// pending again, due at due, the claim's attempt not counted.
func (db *DB) Release(ctx context.Context, ids []int64, due time.Time, reason string) error {
	if len(ids) == 0 {
		return nil
	}
	return db.update(ctx, func(tx *Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE outbox SET state = 'pending', due_at = ?, last_error = ?, attempts = MAX(attempts - 1, 0)
			WHERE state = 'sending' AND id IN (`+idList(ids)+`)`, unix(due), reason)
		if err != nil {
			return fmt.Errorf("storage: outbox release: %w", err)
		}
		return nil
	})
}

// ExtendLease keeps claimed rows leased until until.
func (db *DB) ExtendLease(ctx context.Context, ids []int64, until time.Time) error {
	if len(ids) == 0 {
		return nil
	}
	return db.update(ctx, func(tx *Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE outbox SET due_at = ? WHERE state = 'sending' AND id IN (`+idList(ids)+`)`, unix(until))
		if err != nil {
			return fmt.Errorf("storage: outbox lease: %w", err)
		}
		return nil
	})
}

// idList writes ids as a literal list; they are integers, so nothing can
// be injected, and the statement needs no variable number of parameters.
func idList(ids []int64) string {
	var b strings.Builder
	for i, id := range ids {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(strconv.FormatInt(id, 10))
	}
	return b.String()
}

// OutboxFilter selects rows for Outbox; empty fields match all.
type OutboxFilter struct {
	Kind      string
	State     string
	MemberID  int64
	SessionID int64
	Limit     int // default 1000
}

// Outbox lists rows by planned time, for tests, the console and support.
func (db *DB) Outbox(ctx context.Context, f OutboxFilter) ([]Note, error) {
	if f.Limit <= 0 {
		f.Limit = 1000
	}
	var out []Note
	err := db.view(ctx, func(tx *Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT `+noteColumns+` FROM outbox
			WHERE (?1 = '' OR kind = ?1) AND (?2 = '' OR state = ?2) AND (?3 = 0 OR member_id = ?3) AND (?4 = 0 OR session_id = ?4)
			ORDER BY planned_at, id`+limitClause(f.Limit), f.Kind, f.State, f.MemberID, f.SessionID)
		if err != nil {
			return fmt.Errorf("storage: outbox: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			n, err := scanNote(rows)
			if err != nil {
				return fmt.Errorf("storage: outbox: %w", err)
			}
			out = append(out, n)
		}
		return rows.Err()
	})
	return out, err
}

// OutboxCounts returns the number of rows in each state.
func (db *DB) OutboxCounts(ctx context.Context) (map[string]int, error) {
	out := map[string]int{}
	rows, err := db.read.QueryContext(ctx, `SELECT state, COUNT(*) FROM outbox GROUP BY state`)
	if err != nil {
		return nil, fmt.Errorf("storage: outbox counts: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var s string
		var n int
		if err := rows.Scan(&s, &n); err != nil {
			return nil, fmt.Errorf("storage: outbox counts: %w", err)
		}
		out[s] = n
	}
	return out, rows.Err()
}

// PurgeOutbox deletes rows done (sent, skipped or failed) before before, so
// the table holds what is pending plus a recent history.
func (db *DB) PurgeOutbox(ctx context.Context, before time.Time) (int64, error) {
	var n int64
	err := db.update(ctx, func(tx *Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM outbox WHERE state IN ('sent', 'skipped', 'failed') AND done_at < ?`, unix(before))
		if err != nil {
			return fmt.Errorf("storage: purge outbox: %w", err)
		}
		n, _ = res.RowsAffected()
		return nil
	})
	return n, err
}
