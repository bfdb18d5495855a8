package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// MaxAnnouncement bounds an announcement's text.
const MaxAnnouncement = 3000

// Announcement is staff text posted to channels on a cron schedule or once.
type Announcement struct {
	ID        int64
	AuthorID  int64
	Spec      string    // cron spec; "" for a one-off
	OnceAt    time.Time // the one-off's time
	Targets   string    // as staff wrote them: "announcements", "slack:C1,discord:2"
	Text      string
	Paused    bool
	LastRunAt time.Time // the last scheduled run fired; zero before the first
	CreatedAt time.Time
}

// Done reports whether a one-off has gone out.
func (a Announcement) Done() bool { return a.Spec == "" && !a.LastRunAt.IsZero() }

const announcementColumns = `id, author_id, spec, once_at, targets, text, paused, last_run_at, created_at`

func scanAnnouncement(sc interface{ Scan(...any) error }) (Announcement, error) {
	var a Announcement
	var once, last sql.NullInt64
	var created int64
	err := sc.Scan(&a.ID, &a.AuthorID, &a.Spec, &once, &a.Targets, &a.Text, &a.Paused, &last, &created)
	a.OnceAt, a.LastRunAt, a.CreatedAt = nullTime(once), nullTime(last), fromUnix(created)
	return a, err
}

// CreateAnnouncement stores an announcement and sets a.ID. The caller has
// checked the spec and the targets; storage checks the text.
func (db *DB) CreateAnnouncement(ctx context.Context, a *Announcement) error {
	a.Text = CleanText(a.Text)
	return db.update(ctx, func(tx *Tx) error {
		if a.Text == "" {
			return Errorf(EINVALID, "announcement_empty", "announcement without text")
		}
		if len([]rune(a.Text)) > MaxAnnouncement {
			return Errorf(EINVALID, "announcement_too_long", "announcement over %d characters", MaxAnnouncement)
		}
		if (a.Spec == "") == a.OnceAt.IsZero() {
			return fmt.Errorf("storage: announcement needs a spec or a time, not both")
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO announcements (author_id, spec, once_at, targets, text, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, a.AuthorID, a.Spec, nullUnix(a.OnceAt), a.Targets, a.Text, unix(tx.now), unix(tx.now))
		if err != nil {
			return fmt.Errorf("storage: create announcement: %w", err)
		}
		a.ID, _ = res.LastInsertId()
		a.CreatedAt = tx.now
		tx.wake = true
		return nil
	})
}

func announcementByID(ctx context.Context, tx *Tx, id int64) (Announcement, error) {
	a, err := scanAnnouncement(tx.QueryRowContext(ctx, `SELECT `+announcementColumns+` FROM announcements WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return a, Errorf(ENOTFOUND, "announcement", "no announcement %d", id)
	}
	if err != nil {
		return a, fmt.Errorf("storage: announcement: %w", err)
	}
	return a, nil
}

// Announcement returns one announcement.
func (db *DB) Announcement(ctx context.Context, id int64) (Announcement, error) {
	var a Announcement
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		a, err = announcementByID(ctx, tx, id)
		return err
	})
	return a, err
}

// Announcements lists every announcement, oldest first.
func (db *DB) Announcements(ctx context.Context) ([]Announcement, error) {
	var out []Announcement
	err := db.view(ctx, func(tx *Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT `+announcementColumns+` FROM announcements ORDER BY id`)
		if err != nil {
			return fmt.Errorf("storage: announcements: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			a, err := scanAnnouncement(rows)
			if err != nil {
				return fmt.Errorf("storage: announcements: %w", err)
			}
			out = append(out, a)
		}
		return rows.Err()
	})
	return out, err
}

// PauseAnnouncement pauses or resumes an announcement. Pausing drops its
// posts still waiting; resuming does not fire the runs missed meanwhile.
func (db *DB) PauseAnnouncement(ctx context.Context, id int64, paused bool) (Announcement, error) {
	var a Announcement
	err := db.update(ctx, func(tx *Tx) error {
		var err error
		if a, err = announcementByID(ctx, tx, id); err != nil {
			return err
		}
		last := nullUnix(a.LastRunAt)
		if !paused && a.Paused && a.Spec != "" {
			// Runs missed while paused are not owed: count from now.
			last = unix(tx.now)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE announcements SET paused = ?, last_run_at = ?, updated_at = ? WHERE id = ?`,
			paused, last, unix(tx.now), id); err != nil {
			return fmt.Errorf("storage: pause announcement: %w", err)
		}
		if paused {
			if err := dropPending(ctx, tx, `kind = 'announcement' AND json_extract(args, '$.announcement') = ?`, id); err != nil {
				return err
			}
		}
		tx.wake = true
		a, err = announcementByID(ctx, tx, id)
		return err
	})
	return a, err
}

// DeleteAnnouncement deletes an announcement and its posts still waiting.
func (db *DB) DeleteAnnouncement(ctx context.Context, id int64) error {
	return db.update(ctx, func(tx *Tx) error {
		if _, err := announcementByID(ctx, tx, id); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM announcements WHERE id = ?`, id); err != nil {
			return fmt.Errorf("storage: delete announcement: %w", err)
		}
		tx.wake = true
		return dropPending(ctx, tx, `kind = 'announcement' AND json_extract(args, '$.announcement') = ?`, id)
	})
}

// FireAnnouncement queues the posts of one scheduled run and records the
// run, in one transaction. It does nothing, and reports false, when the
// announcement is gone or paused or this run (or a later one) was already
// fired: a restart, or a second timer, cannot post the same run twice.
func (db *DB) FireAnnouncement(ctx context.Context, id int64, run time.Time, notes []Note) (bool, error) {
	fired := false
	err := db.update(ctx, func(tx *Tx) error {
		a, err := announcementByID(ctx, tx, id)
		if ErrorCode(err) == ENOTFOUND {
			return nil
		}
		if err != nil {
			return err
		}
		if a.Paused || (!a.LastRunAt.IsZero() && !a.LastRunAt.Before(run)) {
			return nil
		}
		for _, n := range notes {
			if err := enqueue(ctx, tx, n); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE announcements SET last_run_at = ? WHERE id = ?`, unix(run), id); err != nil {
			return fmt.Errorf("storage: fire announcement: %w", err)
		}
		fired = true
		return nil
	})
	return fired, err
}

// JobRun returns the last run of a recurring job; zero when it never ran.
func (db *DB) JobRun(ctx context.Context, name string) (time.Time, error) {
	var last int64
	err := db.read.QueryRowContext(ctx, `SELECT last_run_at FROM job_runs WHERE name = ?`, name).Scan(&last)
	if errors.Is(err, sql.ErrNoRows) {
		return time.Time{}, nil
	}
	if err != nil {
		return time.Time{}, fmt.Errorf("storage: job run: %w", err)
	}
	return fromUnix(last), nil
}

// FinishJob queues a recurring job's notifications and records its run, in
// one transaction; like FireAnnouncement it refuses a run already done.
func (db *DB) FinishJob(ctx context.Context, name string, run time.Time, notes []Note) (bool, error) {
	done := false
	err := db.update(ctx, func(tx *Tx) error {
		var last int64
		err := tx.QueryRowContext(ctx, `SELECT last_run_at FROM job_runs WHERE name = ?`, name).Scan(&last)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("storage: job run: %w", err)
		}
		if err == nil && last >= unix(run) {
			return nil
		}
		for _, n := range notes {
			if err := enqueue(ctx, tx, n); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO job_runs (name, last_run_at) VALUES (?, ?)
			ON CONFLICT (name) DO UPDATE SET last_run_at = excluded.last_run_at`, name, unix(run)); err != nil {
			return fmt.Errorf("storage: job run: %w", err)
		}
		done = true
		return nil
	})
	return done, err
}
