package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// NoteTrackModule is the next module of a track a member follows.
const NoteTrackModule = "track_module"

// Track is an ordered list of modules.
type Track struct {
	ID      int64
	Name    string
	Modules []int64 // training ids, in order
}

// TrackFollow is a member following a track: a module a week on Weekday
// at Hour:Minute in Zone.
type TrackFollow struct {
	Track    Track
	Weekday  time.Weekday
	Hour     int
	Minute   int
	Zone     string
	Position int // the next module, from 1
	NextAt   time.Time
	Paused   bool
}

// CreateTrack puts modules together under a name (staff).
func (db *DB) CreateTrack(ctx context.Context, name string, modules []int64) (Track, error) {
	name = CleanLine(name)
	if name == "" || len([]rune(name)) > MaxTitle {
		return Track{}, Errorf(EINVALID, "track_name", "track name %q", name)
	}
	if len(modules) == 0 || len(modules) > 52 {
		return Track{}, Errorf(EINVALID, "track_modules", "%d modules", len(modules))
	}
	t := Track{Name: name, Modules: modules}
	err := db.update(ctx, func(tx *Tx) error {
		for _, m := range modules {
			tr, err := trainingByID(ctx, tx, m)
			if err != nil {
				return err
			}
			if tr.Retired {
				return Errorf(ECONFLICT, "training_retired", "training %d retired", m)
			}
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO tracks (name, created_at) VALUES (?, ?)`, name, unix(tx.now))
		if err != nil {
			return constraintError(fmt.Errorf("storage: create track: %w", err))
		}
		t.ID, _ = res.LastInsertId()
		for i, m := range modules {
			if _, err := tx.ExecContext(ctx, `INSERT INTO track_modules (track_id, position, training_id) VALUES (?, ?, ?)`, t.ID, i+1, m); err != nil {
				return fmt.Errorf("storage: create track: %w", err)
			}
		}
		return nil
	})
	return t, err
}

func trackNamed(ctx context.Context, tx *Tx, name string) (Track, error) {
	var t Track
	err := tx.QueryRowContext(ctx, `SELECT id, name FROM tracks WHERE name = ? COLLATE NOCASE`, CleanLine(name)).Scan(&t.ID, &t.Name)
	if errors.Is(err, sql.ErrNoRows) {
		return t, Errorf(ENOTFOUND, "track", "no track %q", name)
	}
	if err != nil {
		return t, fmt.Errorf("storage: track: %w", err)
	}
	t.Modules, err = int64s(ctx, tx, `SELECT training_id FROM track_modules WHERE track_id = ? ORDER BY position`, t.ID)
	return t, err
}

// Tracks lists the tracks.
func (db *DB) Tracks(ctx context.Context) ([]Track, error) {
	var out []Track
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		out, err = tracksNamed(ctx, tx, `SELECT name FROM tracks ORDER BY name`)
		return err
	})
	return out, err
}

// MyTracks lists the tracks a member follows, by name, with the next
// module and when it comes; nobody else's.
func (db *DB) MyTracks(ctx context.Context, memberID int64) ([]TrackFollow, error) {
	var out []TrackFollow
	err := db.view(ctx, func(tx *Tx) error {
		ts, err := tracksNamed(ctx, tx, `SELECT t.name FROM track_members m JOIN tracks t ON t.id = m.track_id
			WHERE m.member_id = ? ORDER BY t.name`, memberID)
		for _, t := range ts {
			f, err := follow(ctx, tx, memberID, t)
			if err != nil {
				return err
			}
			out = append(out, f)
		}
		return err
	})
	return out, err
}

// tracksNamed reads the tracks whose names q selects, with their modules.
func tracksNamed(ctx context.Context, tx *Tx, q string, args ...any) ([]Track, error) {
	names, err := stringsOf(ctx, tx, q, args...)
	if err != nil {
		return nil, err
	}
	var out []Track
	for _, n := range names {
		t, err := trackNamed(ctx, tx, n)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, nil
}

// nextWeekly is the first wall-clock time weekday hour:minute in loc
// after t.
func nextWeekly(t time.Time, wd time.Weekday, hour, minute int, loc *time.Location) time.Time {
	l := t.In(loc)
	for k := 0; k <= 7; k++ {
		d := time.Date(l.Year(), l.Month(), l.Day()+k, hour, minute, 0, 0, loc)
		if d.Weekday() == wd && d.After(t) {
			return d.UTC()
		}
	}
	return t.Add(7 * 24 * time.Hour)
}

// FollowTrack has a member follow a track from its first module (or
// changes the day and hour of one they follow), a module a week.
func (db *DB) FollowTrack(ctx context.Context, memberID int64, name string, wd time.Weekday, hour, minute int, zone string) (TrackFollow, error) {
	loc, err := zoneNamed(zone)
	if err != nil {
		return TrackFollow{}, err
	}
	var f TrackFollow
	err = db.update(ctx, func(tx *Tx) error {
		t, err := trackNamed(ctx, tx, name)
		if err != nil {
			return err
		}
		after, err := trackFloor(ctx, tx, memberID, t.ID)
		if err != nil {
			return err
		}
		next := nextWeekly(after, wd, hour, minute, loc)
		if _, err := tx.ExecContext(ctx, `INSERT INTO track_members (member_id, track_id, weekday, hour, minute, zone, next_at, started_at)
			VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT (member_id, track_id) DO UPDATE SET weekday = ?3, hour = ?4, minute = ?5,
			zone = ?6, next_at = ?7, paused = 0`, memberID, t.ID, int(wd), hour, minute, zone, unix(next), unix(tx.now)); err != nil {
			return fmt.Errorf("storage: follow track: %w", err)
		}
		f, err = follow(ctx, tx, memberID, t)
		return err
	})
	return f, err
}

func follow(ctx context.Context, tx *Tx, memberID int64, t Track) (TrackFollow, error) {
	f := TrackFollow{Track: t}
	var wd int
	var next int64
	err := tx.QueryRowContext(ctx, `SELECT weekday, hour, minute, zone, position, next_at, paused FROM track_members
		WHERE member_id = ? AND track_id = ?`, memberID, t.ID).Scan(&wd, &f.Hour, &f.Minute, &f.Zone, &f.Position, &next, &f.Paused)
	if errors.Is(err, sql.ErrNoRows) {
		return f, Errorf(ENOTFOUND, "track_not_followed", "member %d does not follow track %d", memberID, t.ID)
	}
	f.Weekday, f.NextAt = time.Weekday(wd), fromUnix(next)
	return f, wrapErr("storage: track", err)
}

// SetTrackPaused pauses or resumes a track a member follows; resuming
// sends the next module at the next chosen weekday and hour.
func (db *DB) SetTrackPaused(ctx context.Context, memberID int64, name string, paused bool) (TrackFollow, error) {
	var f TrackFollow
	err := db.update(ctx, func(tx *Tx) error {
		t, err := trackNamed(ctx, tx, name)
		if err != nil {
			return err
		}
		if f, err = follow(ctx, tx, memberID, t); err != nil {
			return err
		}
		loc, err := zoneNamed(f.Zone)
		if err != nil {
			return err
		}
		// A module queued and not sent yet goes back: it comes first
		// when the track resumes.
		res, err := tx.ExecContext(ctx, `DELETE FROM outbox WHERE state = 'pending' AND kind = ? AND member_id = ? AND key LIKE ?`,
			NoteTrackModule, memberID, trackKeys(t.ID, memberID))
		if err != nil {
			return fmt.Errorf("storage: pause track: %w", err)
		}
		// At most one module of a track is queued at a time, but it has
		// a row per account of a member with several: one step back.
		back := int64(0)
		if n, _ := res.RowsAffected(); n > 0 {
			back = 1
		}
		after, err := trackFloor(ctx, tx, memberID, t.ID)
		if err != nil {
			return err
		}
		next := nextWeekly(after, f.Weekday, f.Hour, f.Minute, loc)
		if _, err := tx.ExecContext(ctx, `UPDATE track_members SET paused = ?, next_at = ?, position = position - ? WHERE member_id = ? AND track_id = ?`,
			paused, unix(next), back, memberID, t.ID); err != nil {
			return fmt.Errorf("storage: pause track: %w", err)
		}
		f.Position -= int(back)
		f.Paused, f.NextAt = paused, next
		return nil
	})
	return f, err
}

// StopTrack stops a track a member follows.
func (db *DB) StopTrack(ctx context.Context, memberID int64, name string) error {
	return db.update(ctx, func(tx *Tx) error {
		t, err := trackNamed(ctx, tx, name)
		if err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `DELETE FROM track_members WHERE member_id = ? AND track_id = ?`, memberID, t.ID)
		if err != nil {
			return fmt.Errorf("storage: stop track: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return Errorf(ENOTFOUND, "track_not_followed", "member %d does not follow track %d", memberID, t.ID)
		}
		return dropPending(ctx, tx, `kind = ? AND member_id = ? AND key LIKE ?`, NoteTrackModule, memberID, trackKeys(t.ID, memberID))
	})
}

// QueueTrackModules queues, for every track followed whose next module is
// due by until, that module as a direct message planned at its exact
// time, and moves the follow on a week; a follow past its last module
// ends. The scheduler calls it each hour for the hour ahead.
func (db *DB) QueueTrackModules(ctx context.Context, until time.Time) (int, error) {
	n := 0
	err := db.update(ctx, func(tx *Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT member_id, track_id, weekday, hour, minute, zone, position, next_at, started_at FROM track_members
			WHERE paused = 0 AND next_at <= ?`, unix(until))
		if err != nil {
			return fmt.Errorf("storage: track modules: %w", err)
		}
		type due struct {
			member, track      int64
			wd, hour, min, pos int
			zone               string
			at, since          int64
		}
		var dues []due
		for rows.Next() {
			var d due
			if err := rows.Scan(&d.member, &d.track, &d.wd, &d.hour, &d.min, &d.zone, &d.pos, &d.at, &d.since); err != nil {
				rows.Close()
				return fmt.Errorf("storage: track modules: %w", err)
			}
			dues = append(dues, d)
		}
		if err := rows.Close(); err != nil {
			return fmt.Errorf("storage: track modules: %w", err)
		}
		for _, d := range dues {
			// The next module still offered that the member has not
			// said they finished: a week is not spent on one retired
			// since, or one they already did on their own.
			var training int64
			err := tx.QueryRowContext(ctx, `SELECT tm.position, tm.training_id FROM track_modules tm JOIN trainings t ON t.id = tm.training_id
				WHERE tm.track_id = ?1 AND tm.position >= ?2 AND t.status = 'active' AND NOT EXISTS (SELECT 1 FROM training_members m
					WHERE m.member_id = ?3 AND m.training_id = tm.training_id AND m.done_at IS NOT NULL)
				ORDER BY tm.position LIMIT 1`, d.track, d.pos, d.member).Scan(&d.pos, &training)
			if errors.Is(err, sql.ErrNoRows) {
				// Past its last module: the track is done.
				if _, err := tx.ExecContext(ctx, `DELETE FROM track_members WHERE member_id = ? AND track_id = ?`, d.member, d.track); err != nil {
					return fmt.Errorf("storage: track modules: %w", err)
				}
				continue
			}
			if err != nil {
				return fmt.Errorf("storage: track modules: %w", err)
			}
			if err := enqueue(ctx, tx, Note{
				// The follow's start is in the key: following again
				// after a stop sends the modules again, from the first.
				Key:       fmt.Sprintf("%s:track=%d:member=%d:since=%d:position=%d", NoteTrackModule, d.track, d.member, d.since, d.pos),
				Kind:      NoteTrackModule,
				MemberID:  d.member,
				Args:      NoteArgs{Source: SkillTraining, SourceID: training, Sequence: d.pos, TrackID: d.track},
				PlannedAt: fromUnix(d.at),
				ExpiresAt: fromUnix(d.at).Add(6 * 24 * time.Hour),
			}); err != nil {
				return err
			}
			loc, err := zoneNamed(d.zone)
			if err != nil {
				return err
			}
			next := nextWeekly(fromUnix(d.at).Add(time.Hour), time.Weekday(d.wd), d.hour, d.min, loc)
			if _, err := tx.ExecContext(ctx, `UPDATE track_members SET position = ?, next_at = ? WHERE member_id = ? AND track_id = ?`,
				d.pos+1, unix(next), d.member, d.track); err != nil {
				return fmt.Errorf("storage: track modules: %w", err)
			}
			n++
		}
		return nil
	})
	return n, err
}

// trackKeys matches the outbox keys of a member's modules of a track.
func trackKeys(trackID, memberID int64) string {
	return fmt.Sprintf("%s:track=%d:member=%d:%%", NoteTrackModule, trackID, memberID)
}

// trackMinGap keeps a track at most weekly: a week, less an hour or two
// so that a clock change does not push the chosen hour a week further.
const trackMinGap = 7*24*time.Hour - 2*time.Hour

// trackFloor is the moment after which a member's next module of a track
// may come: now, or a week after the last one queued or sent, so that
// changing the day ("/training follow" again) or resuming never brings two
// modules of a track within a week.
func trackFloor(ctx context.Context, tx *Tx, memberID, trackID int64) (time.Time, error) {
	var last sql.NullInt64
	if err := tx.QueryRowContext(ctx, `SELECT MAX(planned_at) FROM outbox WHERE kind = ? AND member_id = ? AND key LIKE ?
		AND state IN ('pending', 'sending', 'sent')`, NoteTrackModule, memberID, trackKeys(trackID, memberID)).Scan(&last); err != nil {
		return time.Time{}, fmt.Errorf("storage: track: %w", err)
	}
	if floor := fromUnix(last.Int64).Add(trackMinGap); last.Valid && floor.After(tx.now) {
		return floor, nil
	}
	return tx.now, nil
}

// TrackModule is what the message of a track's module needs when sent:
// the track, the module, and whether the member still follows it.
func (db *DB) TrackModule(ctx context.Context, memberID, trackID, trainingID int64) (Track, Training, bool, error) {
	var t Track
	var tr Training
	following := false
	err := db.view(ctx, func(tx *Tx) error {
		var name string
		if err := tx.QueryRowContext(ctx, `SELECT name FROM tracks WHERE id = ?`, trackID).Scan(&name); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return nil
			}
			return fmt.Errorf("storage: track module: %w", err)
		}
		var err error
		if t, err = trackNamed(ctx, tx, name); err != nil {
			return err
		}
		if tr, err = trainingByID(ctx, tx, trainingID); err != nil {
			return err
		}
		return tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM track_members WHERE member_id = ? AND track_id = ? AND paused = 0)`,
			memberID, trackID).Scan(&following)
	})
	return t, tr, following, err
}
