package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Trainings run beside the workshops: short videos, a digital escape game,
// university modules, live sessions, links. Staff keep the catalogue;
// members enrol, say they are done (self-declared, never graded) and, in
// one tap, what it gave them.

// Kinds of training.
const (
	TrainingVideo  = "video"
	TrainingGame   = "game"
	TrainingCourse = "course"
	TrainingLive   = "live"
	TrainingLink   = "link"
)

// TrainingKinds in the order they are listed.
var TrainingKinds = []string{TrainingVideo, TrainingGame, TrainingCourse, TrainingLive, TrainingLink}

// What a training gave a member, the one-tap answers.
var TrainingGains = []string{"idea", "method", "tool", "confidence", "nothing"}

// MaxTrainingMinutes bounds a training's length: a university module is
// counted in hours, not weeks.
const MaxTrainingMinutes = 100 * 60

// Training is a module of the catalogue.
type Training struct {
	ID         int64
	Title      string
	Kind       string
	Provider   string
	Language   string // "en" or "fr"
	Minutes    int    // 0 when not said
	URL        string // "" when it runs as a workshop
	WorkshopID int64  // 0 when it is a link
	Tags       []string
	Retired    bool
	CreatedAt  time.Time
	UpdatedAt  time.Time
}

func validateTraining(t *Training) error {
	t.Title = CleanLine(t.Title)
	t.Provider = CleanLine(t.Provider)
	switch {
	case t.Title == "":
		return Errorf(EINVALID, "title_missing", "training without a title")
	case len([]rune(t.Title)) > MaxTitle:
		return Errorf(EINVALID, "title_too_long", "title over %d characters", MaxTitle)
	case len([]rune(t.Provider)) > MaxTitle:
		return Errorf(EINVALID, "training_provider_too_long", "provider over %d characters", MaxTitle)
	case !contains(TrainingKinds, t.Kind):
		return Errorf(EINVALID, "training_kind", "kind %q", t.Kind)
	case t.Language != "en" && t.Language != "fr":
		return Errorf(EINVALID, "training_language", "language %q", t.Language)
	case t.Minutes < 0 || t.Minutes > MaxTrainingMinutes:
		return Errorf(EINVALID, "training_minutes", "%d minutes", t.Minutes)
	case (t.URL == "") == (t.WorkshopID == 0):
		return Errorf(EINVALID, "training_where", "training needs a link or a workshop, not both")
	}
	if t.URL != "" {
		if err := CheckApplyURL(t.URL); err != nil {
			return Errorf(EINVALID, "training_url", "training link %q", t.URL)
		}
	}
	if len(t.Tags) == 0 {
		return Errorf(EINVALID, "tags_missing", "training without tags")
	}
	return validateTags(t.Tags)
}

// CreateTraining adds a module to the catalogue and sets t.ID.
func (db *DB) CreateTraining(ctx context.Context, t *Training) error {
	if err := validateTraining(t); err != nil {
		return err
	}
	return db.update(ctx, func(tx *Tx) error {
		if err := checkTrainingWorkshop(ctx, tx, t.WorkshopID); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO trainings (title, kind, provider, language, minutes, url, workshop_id, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, t.Title, t.Kind, t.Provider, t.Language, t.Minutes, t.URL, nullID(t.WorkshopID), unix(tx.now), unix(tx.now))
		if err != nil {
			return fmt.Errorf("storage: create training: %w", err)
		}
		t.ID, _ = res.LastInsertId()
		t.CreatedAt, t.UpdatedAt = tx.now, tx.now
		return writeTrainingTags(ctx, tx, *t)
	})
}

// EditTraining replaces a module's fields; a retired module stays retired.
func (db *DB) EditTraining(ctx context.Context, t *Training) error {
	if err := validateTraining(t); err != nil {
		return err
	}
	return db.update(ctx, func(tx *Tx) error {
		if err := checkTrainingWorkshop(ctx, tx, t.WorkshopID); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE trainings SET title = ?, kind = ?, provider = ?, language = ?, minutes = ?, url = ?, workshop_id = ?, updated_at = ?
			WHERE id = ?`, t.Title, t.Kind, t.Provider, t.Language, t.Minutes, t.URL, nullID(t.WorkshopID), unix(tx.now), t.ID)
		if err != nil {
			return fmt.Errorf("storage: edit training: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return Errorf(ENOTFOUND, "training", "no training %d", t.ID)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM training_tags WHERE training_id = ?`, t.ID); err != nil {
			return fmt.Errorf("storage: edit training: %w", err)
		}
		if err := writeTrainingTags(ctx, tx, *t); err != nil {
			return err
		}
		got, err := trainingByID(ctx, tx, t.ID)
		*t = got
		return err
	})
}

func checkTrainingWorkshop(ctx context.Context, tx *Tx, id int64) error {
	if id == 0 {
		return nil
	}
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM workshops WHERE id = ?`, id).Scan(&n); err != nil {
		return fmt.Errorf("storage: training workshop: %w", err)
	}
	if n == 0 {
		return Errorf(ENOTFOUND, "workshop", "no workshop %d", id)
	}
	return nil
}

// writeTrainingTags stores the tags and the module's full-text row. Unlike
// jobs, modules are edited, so the index row is replaced with the edit, in
// the same transaction: the catalogue is small.
func writeTrainingTags(ctx context.Context, tx *Tx, t Training) error {
	for _, tag := range t.Tags {
		if _, err := tx.ExecContext(ctx, `INSERT INTO training_tags (training_id, tag) VALUES (?, ?)`, t.ID, tag); err != nil {
			return fmt.Errorf("storage: training tag: %w", err)
		}
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM trainings_fts WHERE docid = ?`, t.ID); err != nil {
		return fmt.Errorf("storage: index training: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO trainings_fts (docid, title, provider, tags) VALUES (?, ?, ?, ?)`,
		t.ID, t.Title, t.Provider, strings.Join(t.Tags, " ")); err != nil {
		return fmt.Errorf("storage: index training: %w", err)
	}
	return nil
}

// RetireTraining takes a module out of lists and searches; enrolments and
// what members said of it stay.
func (db *DB) RetireTraining(ctx context.Context, id int64) (Training, error) {
	var t Training
	err := db.update(ctx, func(tx *Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE trainings SET status = 'retired', updated_at = ? WHERE id = ?`, unix(tx.now), id)
		if err != nil {
			return fmt.Errorf("storage: retire training: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return Errorf(ENOTFOUND, "training", "no training %d", id)
		}
		t, err = trainingByID(ctx, tx, id)
		return err
	})
	return t, err
}

const trainingColumns = `t.id, t.title, t.kind, t.provider, t.language, t.minutes, t.url, COALESCE(t.workshop_id, 0), t.status, t.created_at, t.updated_at,
	(SELECT group_concat(tag, ' ') FROM (SELECT tag FROM training_tags WHERE training_id = t.id ORDER BY tag))`

// scanTraining reads trainingColumns, then the extra columns after them.
func scanTraining(sc interface{ Scan(...any) error }, extra ...any) (Training, error) {
	var t Training
	var status string
	var created, updated int64
	var tags sql.NullString
	err := sc.Scan(append([]any{&t.ID, &t.Title, &t.Kind, &t.Provider, &t.Language, &t.Minutes, &t.URL, &t.WorkshopID, &status, &created, &updated, &tags}, extra...)...)
	t.Retired, t.CreatedAt, t.UpdatedAt, t.Tags = status == "retired", fromUnix(created), fromUnix(updated), splitTags(tags.String)
	return t, err
}

func trainingByID(ctx context.Context, tx *Tx, id int64) (Training, error) {
	t, err := scanTraining(tx.QueryRowContext(ctx, `SELECT `+trainingColumns+` FROM trainings t WHERE t.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Training{}, Errorf(ENOTFOUND, "training", "no training %d", id)
	}
	if err != nil {
		return Training{}, fmt.Errorf("storage: find training: %w", err)
	}
	return t, nil
}

// Training returns a module, retired or not.
func (db *DB) Training(ctx context.Context, id int64) (Training, error) {
	var t Training
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		t, err = trainingByID(ctx, tx, id)
		return err
	})
	return t, err
}

// TrainingFilter selects a page of modules still offered.
type TrainingFilter struct {
	Tag   string // "" = any
	Words string // full-text words, "" = any
	Lang  string // modules in this language come first; "" = none first
	Page  int    // from 1
	Size  int    // default 10
}

// TrainingPage is one page of a list, and how many modules match in all.
// TrainingPageSize is how many modules a page of the catalogue shows.
const TrainingPageSize = 10

type TrainingPage struct {
	Trainings []Training
	Total     int
	Page      int
	Pages     int
}

// ListTrainings returns a page of the modules still offered, in the
// reader's language first, then newest first.
func (db *DB) ListTrainings(ctx context.Context, f TrainingFilter) (TrainingPage, error) {
	if f.Size <= 0 {
		f.Size = TrainingPageSize
	}
	if f.Page <= 0 {
		f.Page = 1
	}
	where := []string{`t.status = 'active'`}
	var args []any
	if f.Tag != "" {
		where = append(where, `t.id IN (SELECT training_id FROM training_tags WHERE tag = ?)`)
		args = append(args, f.Tag)
	}
	if strings.TrimSpace(f.Words) != "" {
		// The search piece of problems and jobs: prefix terms, accents
		// and case ignored, user text never read as FTS syntax.
		match := ftsQuery(f.Words)
		if match == "" {
			return TrainingPage{}, Errorf(EINVALID, "search_empty", "no words to search")
		}
		where = append(where, `t.id IN (SELECT docid FROM trainings_fts WHERE trainings_fts MATCH ?)`)
		args = append(args, match)
	}
	cond := strings.Join(where, " AND ")
	p := TrainingPage{Page: f.Page}
	err := db.view(ctx, func(tx *Tx) error {
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM trainings t WHERE `+cond, args...).Scan(&p.Total); err != nil {
			return fmt.Errorf("storage: list trainings: %w", err)
		}
		p.Pages = (p.Total + f.Size - 1) / f.Size
		q := `SELECT ` + trainingColumns + ` FROM trainings t WHERE ` + cond +
			` ORDER BY (t.language = ?) DESC, t.id DESC LIMIT ? OFFSET ?`
		rows, err := tx.QueryContext(ctx, q, append(args, f.Lang, f.Size, (f.Page-1)*f.Size)...)
		if err != nil {
			return fmt.Errorf("storage: list trainings: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			t, err := scanTraining(rows)
			if err != nil {
				return fmt.Errorf("storage: list trainings: %w", err)
			}
			p.Trainings = append(p.Trainings, t)
		}
		return rows.Err()
	})
	return p, err
}

// Enrolment is a member's line for a module.
type Enrolment struct {
	Training   Training
	EnrolledAt time.Time
	DoneAt     time.Time // zero until they say they are done
	Gave       string    // one of TrainingGains, "" until said
}

// Enrol signs a member up for a module still offered; enrolling twice
// changes nothing.
func (db *DB) Enrol(ctx context.Context, memberID, trainingID int64) (Enrolment, error) {
	return db.changeEnrolment(ctx, memberID, trainingID, func(tx *Tx, t Training) error {
		if t.Retired {
			return Errorf(ECONFLICT, "training_retired", "training %d retired", t.ID)
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO training_members (member_id, training_id, enrolled_at) VALUES (?, ?, ?)
			ON CONFLICT DO NOTHING`, memberID, trainingID, unix(tx.now))
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil
		}
		// One gentle reminder if it is not done in a while, unless the
		// member turned these off; the reminder checks again when sent.
		var optedOut bool
		if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM training_nudge_optouts WHERE member_id = ?)`, memberID).Scan(&optedOut); err != nil || optedOut {
			return err
		}
		due := tx.now.Add(TrainingNudgeAfter)
		return enqueue(ctx, tx, Note{
			Key:       fmt.Sprintf("%s:member=%d:training=%d", NoteTrainingNudge, memberID, trainingID),
			Kind:      NoteTrainingNudge,
			MemberID:  memberID,
			Args:      NoteArgs{Source: SkillTraining, SourceID: trainingID},
			PlannedAt: due,
			ExpiresAt: due.Add(7 * 24 * time.Hour),
		})
	})
}

// NoteTrainingNudge is the one reminder of a module started and not
// finished.
const NoteTrainingNudge = "training_nudge"

// TrainingNudgeAfter is how long after enrolling an unfinished module is
// recalled.
const TrainingNudgeAfter = 14 * 24 * time.Hour

// TrainingNudge says whether the reminder of a module still applies when
// it is sent: enrolled, not done, reminders on, the module still offered.
func (db *DB) TrainingNudge(ctx context.Context, memberID, trainingID int64) (Training, bool, error) {
	var t Training
	ok := false
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		if t, err = trainingByID(ctx, tx, trainingID); err != nil {
			return err
		}
		return tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM training_members WHERE member_id = ?1 AND training_id = ?2 AND done_at IS NULL)
			AND NOT EXISTS (SELECT 1 FROM training_nudge_optouts WHERE member_id = ?1)`, memberID, trainingID).Scan(&ok)
	})
	if ErrorCode(err) == ENOTFOUND {
		return t, false, nil
	}
	return t, ok && !t.Retired, err
}

// SetTrainingNudges turns the reminders of unfinished modules on or off;
// off drops those already planned.
func (db *DB) SetTrainingNudges(ctx context.Context, memberID int64, on bool) error {
	return db.update(ctx, func(tx *Tx) error {
		if on {
			_, err := tx.ExecContext(ctx, `DELETE FROM training_nudge_optouts WHERE member_id = ?`, memberID)
			return wrapErr("storage: training reminders", err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO training_nudge_optouts (member_id, created_at) VALUES (?, ?) ON CONFLICT DO NOTHING`,
			memberID, unix(tx.now)); err != nil {
			return fmt.Errorf("storage: training reminders: %w", err)
		}
		return dropPending(ctx, tx, `kind = ? AND member_id = ?`, NoteTrainingNudge, memberID)
	})
}

// MarkTrainingDone records that a member says they finished a module,
// enrolling them if they had not; saying it again keeps the first date.
func (db *DB) MarkTrainingDone(ctx context.Context, memberID, trainingID int64) (Enrolment, error) {
	return db.changeEnrolment(ctx, memberID, trainingID, func(tx *Tx, t Training) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO training_members (member_id, training_id, enrolled_at, done_at) VALUES (?1, ?2, ?3, ?3)
			ON CONFLICT DO UPDATE SET done_at = COALESCE(done_at, ?3)`, memberID, trainingID, unix(tx.now))
		return err
	})
}

// SetTrainingGain records the one-tap answer; it needs the module done.
func (db *DB) SetTrainingGain(ctx context.Context, memberID, trainingID int64, gave string) (Enrolment, error) {
	if !contains(TrainingGains, gave) {
		return Enrolment{}, Errorf(EINVALID, "training_gain", "gain %q", gave)
	}
	return db.changeEnrolment(ctx, memberID, trainingID, func(tx *Tx, t Training) error {
		res, err := tx.ExecContext(ctx, `UPDATE training_members SET gave = ? WHERE member_id = ? AND training_id = ? AND done_at IS NOT NULL`,
			gave, memberID, trainingID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return Errorf(ECONFLICT, "training_not_done", "member %d has not finished training %d", memberID, trainingID)
		}
		return nil
	})
}

func (db *DB) changeEnrolment(ctx context.Context, memberID, trainingID int64, fn func(tx *Tx, t Training) error) (Enrolment, error) {
	var e Enrolment
	err := db.update(ctx, func(tx *Tx) error {
		t, err := trainingByID(ctx, tx, trainingID)
		if err != nil {
			return err
		}
		if err := fn(tx, t); err != nil {
			if ErrorCode(err) != EINTERNAL {
				return err
			}
			return fmt.Errorf("storage: enrolment: %w", err)
		}
		es, err := enrolments(ctx, tx, memberID, trainingID)
		if err != nil {
			return err
		}
		e = es[0]
		return nil
	})
	return e, err
}

// MyTrainings returns a member's enrolments, the unfinished first, then
// the latest done.
func (db *DB) MyTrainings(ctx context.Context, memberID int64) ([]Enrolment, error) {
	var es []Enrolment
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		es, err = enrolments(ctx, tx, memberID, 0)
		return err
	})
	return es, err
}

func enrolments(ctx context.Context, tx *Tx, memberID, trainingID int64) ([]Enrolment, error) {
	q := `SELECT ` + trainingColumns + `, m.enrolled_at, m.done_at, m.gave FROM training_members m JOIN trainings t ON t.id = m.training_id
		WHERE m.member_id = ?1 AND (?2 = 0 OR m.training_id = ?2) ORDER BY m.done_at IS NOT NULL, COALESCE(m.done_at, m.enrolled_at) DESC, t.id DESC`
	rows, err := tx.QueryContext(ctx, q, memberID, trainingID)
	if err != nil {
		return nil, fmt.Errorf("storage: enrolments: %w", err)
	}
	defer rows.Close()
	var out []Enrolment
	for rows.Next() {
		var e Enrolment
		var enrolled int64
		var done sql.NullInt64
		var err error
		if e.Training, err = scanTraining(rows, &enrolled, &done, &e.Gave); err != nil {
			return nil, fmt.Errorf("storage: enrolments: %w", err)
		}
		e.EnrolledAt, e.DoneAt = fromUnix(enrolled), nullTime(done)
		out = append(out, e)
	}
	return out, rows.Err()
}
