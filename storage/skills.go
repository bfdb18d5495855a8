package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"time"
)

// Skills, lightly: after a session or a training a member may say, for a
// tag, how sure they felt before and how sure now (1 to 4), and name skills
// of their own; 30 days after their first answer about it they are asked
// once whether they reused anything at work. Nothing is graded, and only
// the member sees their own answers: staff get distributions of groups of
// at least five.

// What a skill answer is about.
const (
	SkillSession  = "session"
	SkillTraining = "training"
)

// Answers to "did you reuse anything at work?".
const (
	ReuseYes    = "yes"
	ReuseNotYet = "not_yet"
	ReuseNo     = "no"
)

// NoteSkillReuse is the 30-day question, by direct message.
const NoteSkillReuse = "skill_reuse"

// ReuseAfter is how long after a first answer the reuse question comes.
const ReuseAfter = 30 * 24 * time.Hour

// SkillAnswer is what a member said of one tag after a session or a
// training. Before and Now are 0 when not said.
type SkillAnswer struct {
	Source   string
	SourceID int64
	Title    string // the workshop's or the training's, for the journal
	Tag      string
	Before   int
	Now      int
	Added    bool // a skill the member named, not one of the item's tags
	At       time.Time
}

// SkillSubject is what a member may answer about: the item's title and
// tags.
type SkillSubject struct {
	Source   string
	SourceID int64
	Title    string
	Tags     []string
}

// skillSubject checks that the member may answer about the item: seated in
// a session that has started, or done with the training.
func skillSubject(ctx context.Context, tx *Tx, memberID int64, source string, id int64) (SkillSubject, error) {
	sub := SkillSubject{Source: source, SourceID: id}
	switch source {
	case SkillSession:
		s, err := heldSession(ctx, tx, id)
		if err != nil {
			return sub, err
		}
		if err := mustBeSeated(ctx, tx, s.WorkshopID, memberID); err != nil {
			return sub, err
		}
		w, err := workshopByID(ctx, tx, s.WorkshopID)
		if err != nil {
			return sub, err
		}
		sub.Title, sub.Tags = w.Title, w.Tags
	case SkillTraining:
		var title string
		var done sql.NullInt64
		err := tx.QueryRowContext(ctx, `SELECT t.title, tm.done_at FROM trainings t
			LEFT JOIN training_members tm ON tm.training_id = t.id AND tm.member_id = ? WHERE t.id = ?`, memberID, id).Scan(&title, &done)
		if errors.Is(err, sql.ErrNoRows) {
			return sub, Errorf(ENOTFOUND, "training", "no training %d", id)
		}
		if err != nil {
			return sub, fmt.Errorf("storage: skills: %w", err)
		}
		if !done.Valid {
			return sub, Errorf(ECONFLICT, "training_not_done", "member %d has not finished training %d", memberID, id)
		}
		tags, err := stringsOf(ctx, tx, `SELECT tag FROM training_tags WHERE training_id = ? ORDER BY tag`, id)
		if err != nil {
			return sub, err
		}
		sub.Title, sub.Tags = title, tags
	default:
		return sub, fmt.Errorf("storage: skills: unknown source %q", source)
	}
	return sub, nil
}

// SkillSubjectOf returns what a member may answer about, or why not.
func (db *DB) SkillSubjectOf(ctx context.Context, memberID int64, source string, id int64) (SkillSubject, error) {
	var sub SkillSubject
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		sub, err = skillSubject(ctx, tx, memberID, source, id)
		return err
	})
	return sub, err
}

// RecordSkill stores a member's answer for one tag: before and now from 1
// to 4, 0 keeping what was said. A tag that is not the item's is recorded
// as one the member added. The first answer about an item queues the
// 30-day question, unless the member turned it off; asked reports that.
func (db *DB) RecordSkill(ctx context.Context, memberID int64, source string, id int64, tag string, before, now int) (asked bool, err error) {
	if before < 0 || before > 4 || now < 0 || now > 4 {
		return false, Errorf(EINVALID, "skill_level", "level out of 1–4")
	}
	if err := validateTags([]string{tag}); err != nil {
		return false, err
	}
	err = db.update(ctx, func(tx *Tx) error {
		sub, err := skillSubject(ctx, tx, memberID, source, id)
		if err != nil {
			return err
		}
		added := 1
		for _, t := range sub.Tags {
			if t == tag {
				added = 0
			}
		}
		var org string
		if err := tx.QueryRowContext(ctx, `SELECT organisation FROM members WHERE id = ?`, memberID).Scan(&org); err != nil {
			return fmt.Errorf("storage: skills: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO skill_answers (member_id, source, source_id, tag, before, now, added, organisation, created_at, updated_at)
			VALUES (?1, ?2, ?3, ?4, NULLIF(?5, 0), NULLIF(?6, 0), ?7, ?8, ?9, ?9)
			ON CONFLICT (member_id, source, source_id, tag) DO UPDATE SET
			before = COALESCE(NULLIF(?5, 0), before), now = COALESCE(NULLIF(?6, 0), now), updated_at = ?9`,
			memberID, source, id, tag, before, now, added, org, unix(tx.now)); err != nil {
			return fmt.Errorf("storage: skills: %w", err)
		}
		var optedOut bool
		if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM skill_optouts WHERE member_id = ?)`, memberID).Scan(&optedOut); err != nil {
			return fmt.Errorf("storage: skills: %w", err)
		}
		if optedOut {
			return nil
		}
		due := tx.now.Add(ReuseAfter)
		res, err := tx.ExecContext(ctx, `INSERT INTO skill_reuse (member_id, source, source_id, asked_at, organisation) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT DO NOTHING`, memberID, source, id, unix(due), org)
		if err != nil {
			return fmt.Errorf("storage: skills: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil
		}
		asked = true
		n := Note{
			Key:       fmt.Sprintf("%s:member=%d:%s=%d", NoteSkillReuse, memberID, source, id),
			Kind:      NoteSkillReuse,
			MemberID:  memberID,
			Args:      NoteArgs{Source: source, SourceID: id},
			PlannedAt: due,
			ExpiresAt: due.Add(7 * 24 * time.Hour),
		}
		return enqueue(ctx, tx, n)
	})
	return asked, err
}

// ReuseQuestion is what the 30-day question needs when it is sent; ok is
// false when it no longer applies (answered, turned off, member gone).
func (db *DB) ReuseQuestion(ctx context.Context, memberID int64, source string, id int64) (title string, ok bool, err error) {
	err = db.view(ctx, func(tx *Tx) error {
		var answer string
		err := tx.QueryRowContext(ctx, `SELECT answer FROM skill_reuse WHERE member_id = ? AND source = ? AND source_id = ?`,
			memberID, source, id).Scan(&answer)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("storage: reuse question: %w", err)
		}
		var optedOut bool
		if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM skill_optouts WHERE member_id = ?)`, memberID).Scan(&optedOut); err != nil {
			return fmt.Errorf("storage: reuse question: %w", err)
		}
		if answer != "" || optedOut {
			return nil
		}
		if title, err = subjectTitle(ctx, tx, source, id); err != nil {
			return err
		}
		ok = true
		return nil
	})
	return title, ok, err
}

func subjectTitle(ctx context.Context, tx *Tx, source string, id int64) (string, error) {
	q := `SELECT w.title FROM sessions s JOIN workshops w ON w.id = s.workshop_id WHERE s.id = ?`
	if source == SkillTraining {
		q = `SELECT title FROM trainings WHERE id = ?`
	}
	var title string
	if err := tx.QueryRowContext(ctx, q, id).Scan(&title); err != nil && !errors.Is(err, sql.ErrNoRows) {
		return "", fmt.Errorf("storage: skills: %w", err)
	}
	return title, nil
}

// AnswerReuse records the member's answer to the 30-day question; it may
// be changed later ("not yet" becoming "yes").
func (db *DB) AnswerReuse(ctx context.Context, memberID int64, source string, id int64, answer string) error {
	if answer != ReuseYes && answer != ReuseNotYet && answer != ReuseNo {
		return Errorf(EINVALID, "reuse_answer", "answer %q", answer)
	}
	return db.update(ctx, func(tx *Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE skill_reuse SET answer = ?, answered_at = ? WHERE member_id = ? AND source = ? AND source_id = ?`,
			answer, unix(tx.now), memberID, source, id)
		if err != nil {
			return fmt.Errorf("storage: reuse answer: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return Errorf(ENOTFOUND, "reuse_question", "member %d was not asked about %s %d", memberID, source, id)
		}
		return nil
	})
}

// SetSkillQuestions turns the 30-day question on or off for a member; off
// also drops the questions already queued.
func (db *DB) SetSkillQuestions(ctx context.Context, memberID int64, on bool) error {
	return db.update(ctx, func(tx *Tx) error {
		if on {
			_, err := tx.ExecContext(ctx, `DELETE FROM skill_optouts WHERE member_id = ?`, memberID)
			return wrapErr("storage: skill questions", err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO skill_optouts (member_id, created_at) VALUES (?, ?) ON CONFLICT DO NOTHING`,
			memberID, unix(tx.now)); err != nil {
			return fmt.Errorf("storage: skill questions: %w", err)
		}
		return dropPending(ctx, tx, `kind = ? AND member_id = ?`, NoteSkillReuse, memberID)
	})
}

func wrapErr(what string, err error) error {
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	return nil
}

// Reuse is a member's answer to the 30-day question.
type Reuse struct {
	Source   string
	SourceID int64
	Title    string
	Answer   string // "" when not answered yet
}

// MySkills is a member's own journal: their skill answers and their reuse
// answers, newest first. Nobody else's.
func (db *DB) MySkills(ctx context.Context, memberID int64) ([]SkillAnswer, []Reuse, error) {
	var as []SkillAnswer
	var rs []Reuse
	err := db.view(ctx, func(tx *Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT source, source_id, tag, COALESCE(before, 0), COALESCE(now, 0), added, updated_at
			FROM skill_answers WHERE member_id = ? ORDER BY updated_at DESC, id DESC`, memberID)
		if err != nil {
			return fmt.Errorf("storage: my skills: %w", err)
		}
		for rows.Next() {
			var a SkillAnswer
			var at int64
			if err := rows.Scan(&a.Source, &a.SourceID, &a.Tag, &a.Before, &a.Now, &a.Added, &at); err != nil {
				rows.Close()
				return fmt.Errorf("storage: my skills: %w", err)
			}
			a.At = fromUnix(at)
			as = append(as, a)
		}
		if err := rows.Close(); err != nil {
			return fmt.Errorf("storage: my skills: %w", err)
		}
		rows, err = tx.QueryContext(ctx, `SELECT source, source_id, answer FROM skill_reuse WHERE member_id = ? AND answer != '' ORDER BY answered_at DESC`, memberID)
		if err != nil {
			return fmt.Errorf("storage: my skills: %w", err)
		}
		for rows.Next() {
			var r Reuse
			if err := rows.Scan(&r.Source, &r.SourceID, &r.Answer); err != nil {
				rows.Close()
				return fmt.Errorf("storage: my skills: %w", err)
			}
			rs = append(rs, r)
		}
		if err := rows.Close(); err != nil {
			return fmt.Errorf("storage: my skills: %w", err)
		}
		for i := range as {
			if as[i].Title, err = subjectTitle(ctx, tx, as[i].Source, as[i].SourceID); err != nil {
				return err
			}
		}
		for i := range rs {
			if rs[i].Title, err = subjectTitle(ctx, tx, rs[i].Source, rs[i].SourceID); err != nil {
				return err
			}
		}
		return nil
	})
	return as, rs, err
}

// SkillGroup counts the before/now answers of a group (a tag, a quarter,
// an organisation): Members is how many people answered (a forgotten
// member's answers count as one person each), Change[d+3] how many answers
// moved by d levels, from -3 to +3.
type SkillGroup struct {
	Name    string
	Members int
	Answers int
	Change  [7]int
}

// Gains is how many answers said "more sure now than before".
func (g SkillGroup) Gains() int { return g.Change[4] + g.Change[5] + g.Change[6] }

// SkillFigures are the staff's figures for answers given in [From, To).
type SkillFigures struct {
	From, To     time.Time
	ByTag        []SkillGroup
	ByQuarter    []SkillGroup // "2027-Q1", in the community's zone
	ByOrg        []SkillGroup // the organisation when answering; '' left out
	ReuseMembers int          // people who answered the 30-day question
	Reuse        map[string]int
	Added        []SkillGroup // skills members named, by tag; Answers only
}

// SkillFiguresFor counts the answers given in [from, to), quarters read in
// loc.
func (db *DB) SkillFiguresFor(ctx context.Context, from, to time.Time, loc *time.Location) (SkillFigures, error) {
	f := SkillFigures{From: from, To: to, Reuse: map[string]int{}}
	err := db.view(ctx, func(tx *Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT COALESCE(member_id, -id), tag, before, now, organisation, created_at FROM skill_answers
			WHERE before IS NOT NULL AND now IS NOT NULL AND created_at >= ? AND created_at < ?`, unix(from), unix(to))
		if err != nil {
			return fmt.Errorf("storage: skill figures: %w", err)
		}
		type group struct {
			g       SkillGroup
			members map[int64]bool
		}
		groups := map[[2]string]*group{}
		add := func(kind, name string, who int64, d int) {
			k := [2]string{kind, name}
			gr := groups[k]
			if gr == nil {
				gr = &group{g: SkillGroup{Name: name}, members: map[int64]bool{}}
				groups[k] = gr
			}
			gr.members[who] = true
			gr.g.Answers++
			gr.g.Change[d+3]++
		}
		for rows.Next() {
			var who, at int64
			var tag, org string
			var before, now int
			if err := rows.Scan(&who, &tag, &before, &now, &org, &at); err != nil {
				rows.Close()
				return fmt.Errorf("storage: skill figures: %w", err)
			}
			d := now - before
			add("tag", tag, who, d)
			t := fromUnix(at).In(loc)
			add("quarter", fmt.Sprintf("%d-Q%d", t.Year(), (int(t.Month())+2)/3), who, d)
			if org != "" {
				add("org", org, who, d)
			}
		}
		if err := rows.Close(); err != nil {
			return fmt.Errorf("storage: skill figures: %w", err)
		}
		for k, gr := range groups {
			gr.g.Members = len(gr.members)
			switch k[0] {
			case "tag":
				f.ByTag = append(f.ByTag, gr.g)
			case "quarter":
				f.ByQuarter = append(f.ByQuarter, gr.g)
			case "org":
				f.ByOrg = append(f.ByOrg, gr.g)
			}
		}
		for _, gs := range [][]SkillGroup{f.ByTag, f.ByQuarter, f.ByOrg} {
			sort.Slice(gs, func(i, j int) bool { return gs[i].Name < gs[j].Name })
		}
		rows, err = tx.QueryContext(ctx, `SELECT tag, COUNT(*), COUNT(DISTINCT COALESCE(member_id, -id)) FROM skill_answers
			WHERE added = 1 AND created_at >= ? AND created_at < ? GROUP BY tag ORDER BY tag`, unix(from), unix(to))
		if err != nil {
			return fmt.Errorf("storage: skill figures: %w", err)
		}
		for rows.Next() {
			var g SkillGroup
			if err := rows.Scan(&g.Name, &g.Answers, &g.Members); err != nil {
				rows.Close()
				return fmt.Errorf("storage: skill figures: %w", err)
			}
			f.Added = append(f.Added, g)
		}
		if err := rows.Close(); err != nil {
			return fmt.Errorf("storage: skill figures: %w", err)
		}
		rows, err = tx.QueryContext(ctx, `SELECT answer, COUNT(*) FROM skill_reuse
			WHERE answer != '' AND answered_at >= ? AND answered_at < ? GROUP BY answer`, unix(from), unix(to))
		if err != nil {
			return fmt.Errorf("storage: skill figures: %w", err)
		}
		for rows.Next() {
			var a string
			var n int
			if err := rows.Scan(&a, &n); err != nil {
				rows.Close()
				return fmt.Errorf("storage: skill figures: %w", err)
			}
			f.Reuse[a] = n
		}
		if err := rows.Close(); err != nil {
			return fmt.Errorf("storage: skill figures: %w", err)
		}
		return tx.QueryRowContext(ctx, `SELECT COUNT(DISTINCT COALESCE(member_id, -id)) FROM skill_reuse
			WHERE answer != '' AND answered_at >= ? AND answered_at < ?`, unix(from), unix(to)).Scan(&f.ReuseMembers)
	})
	return f, err
}
