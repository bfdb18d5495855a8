package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Problem statuses.
const (
	ProblemOpen      = "open"
	ProblemWorkshop  = "workshop"
	ProblemSolved    = "solved"
	ProblemDuplicate = "duplicate"
	ProblemStale     = "stale"
)

// Kinds of interest in a problem.
const (
	InterestInterested = "interested"
	InterestCanHelp    = "can_help"
)

// Text limits, in characters.
const (
	MaxTitle       = 200
	MaxDescription = 4000
)

// Problem is something a member is stuck on.
type Problem struct {
	ID          int64
	AuthorID    int64
	AuthorName  string
	Title       string
	Description string
	Tags        []string
	Status      string
	CreatedAt   time.Time
	UpdatedAt   time.Time
	// Withdrawn: its author asked to be forgotten; its text is gone and it
	// is in no list or search.
	Withdrawn bool
	Chapter   string // its author's chapter when posted, "" for none

	Interested int // members who said "me too"
	CanHelp    int // members who offered help

	// Filled by Problem only.
	InterestedNames []string
	CanHelpNames    []string
	WorkshopIDs     []int64
}

func validateText(title, description string) error {
	if strings.TrimSpace(title) == "" {
		return Errorf(EINVALID, "title_missing", "title is empty")
	}
	if len([]rune(title)) > MaxTitle {
		return Errorf(EINVALID, "title_too_long", "title over %d characters", MaxTitle)
	}
	if len([]rune(description)) > MaxDescription {
		return Errorf(EINVALID, "description_too_long", "description over %d characters", MaxDescription)
	}
	return nil
}

// CreateProblem stores a new problem and sets p.ID, and posts its card to
// each channel of posts.
func (db *DB) CreateProblem(ctx context.Context, p *Problem, posts ...Address) error {
	p.Title = CleanLine(p.Title)
	p.Description = CleanText(p.Description)
	if err := validateText(p.Title, p.Description); err != nil {
		return err
	}
	if err := validateTags(p.Tags); err != nil {
		return err
	}
	return db.update(ctx, func(tx *Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO problems (author_id, title, description, status, chapter, created_at, updated_at)
			VALUES (?, ?, ?, 'open', ?, ?, ?)`, p.AuthorID, p.Title, p.Description, p.Chapter, unix(tx.now), unix(tx.now))
		if err != nil {
			return fmt.Errorf("storage: create problem: %w", err)
		}
		p.ID, _ = res.LastInsertId()
		p.Status, p.CreatedAt, p.UpdatedAt = ProblemOpen, tx.now, tx.now
		for _, t := range p.Tags {
			if _, err := tx.ExecContext(ctx, `INSERT INTO problem_tags (problem_id, tag) VALUES (?, ?)`, p.ID, t); err != nil {
				return fmt.Errorf("storage: create problem tag: %w", err)
			}
		}
		return cardNotes(ctx, tx, NoteProblemPosted, KindProblem, p.ID, "", posts, time.Time{})
	})
}

const problemColumns = `p.id, p.author_id, COALESCE((SELECT display_name FROM members WHERE id = p.author_id), ''), p.title, p.description, p.status, p.created_at, p.updated_at,
	(SELECT group_concat(tag, ' ') FROM (SELECT tag FROM problem_tags WHERE problem_id = p.id ORDER BY tag)),
	(SELECT COUNT(*) FROM problem_interest WHERE problem_id = p.id AND kind = 'interested'),
	(SELECT COUNT(*) FROM problem_interest WHERE problem_id = p.id AND kind = 'can_help'), p.withdrawn_at IS NOT NULL, p.chapter`

func scanProblem(sc interface{ Scan(...any) error }) (Problem, error) {
	var p Problem
	var created, updated int64
	var tags sql.NullString
	err := sc.Scan(&p.ID, &p.AuthorID, &p.AuthorName, &p.Title, &p.Description, &p.Status, &created, &updated,
		&tags, &p.Interested, &p.CanHelp, &p.Withdrawn, &p.Chapter)
	p.CreatedAt, p.UpdatedAt = fromUnix(created), fromUnix(updated)
	p.Tags = splitTags(tags.String)
	return p, err
}

func problemByID(ctx context.Context, tx *Tx, id int64) (Problem, error) {
	p, err := scanProblem(tx.QueryRowContext(ctx, `SELECT `+problemColumns+` FROM problems p WHERE p.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Problem{}, Errorf(ENOTFOUND, "problem", "no problem %d", id)
	}
	if err != nil {
		return Problem{}, fmt.Errorf("storage: find problem: %w", err)
	}
	return p, nil
}

// Problem returns a problem with the names of who is interested or can help
// and the workshops born from it.
func (db *DB) Problem(ctx context.Context, id int64) (Problem, error) {
	var p Problem
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		if p, err = problemByID(ctx, tx, id); err != nil {
			return err
		}
		const q = `SELECT COALESCE((SELECT display_name FROM members WHERE id = i.member_id), '') FROM problem_interest i
			WHERE i.problem_id = ? AND i.kind = ? ORDER BY i.created_at, i.member_id`
		if p.InterestedNames, err = stringsOf(ctx, tx, q, id, InterestInterested); err != nil {
			return err
		}
		if p.CanHelpNames, err = stringsOf(ctx, tx, q, id, InterestCanHelp); err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `SELECT id FROM workshops WHERE problem_id = ? ORDER BY id`, id)
		if err != nil {
			return fmt.Errorf("storage: problem workshops: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var wid int64
			if err := rows.Scan(&wid); err != nil {
				return fmt.Errorf("storage: problem workshops: %w", err)
			}
			p.WorkshopIDs = append(p.WorkshopIDs, wid)
		}
		return rows.Err()
	})
	return p, err
}

// ProblemFilter selects problems for a list.
type ProblemFilter struct {
	Tag   string // "" = any
	Open  bool   // only open problems and those turned into workshops
	Limit int    // default 20
	// Chapters keeps the problems of these chapters ("" for members of
	// none); nil keeps all.
	Chapters []string
}

// ListProblems returns problems, newest first.
//
// Newest first is by id: ids grow with posting time, and id order is what
// the rowid, problem_tags (tag, problem_id) and the full-text docids give
// without a sort. The page of ids is chosen first and only its rows get the
// tag and count subqueries; sorting every match by created_at and computing
// those for each took 5 to 20 ms on 10,000 problems.
func (db *DB) ListProblems(ctx context.Context, f ProblemFilter) ([]Problem, error) {
	if f.Limit <= 0 {
		f.Limit = 20
	}
	q, args := problemIDs(f)
	return db.queryProblems(ctx, problemPage(q+limitClause(f.Limit)), args...)
}

// problemIDs is the query of a list's problem ids, newest first.
func problemIDs(f ProblemFilter) (string, []any) {
	// A withdrawn problem is in no list.
	open := ` AND (SELECT withdrawn_at FROM problems WHERE id = t.problem_id) IS NULL`
	if f.Open {
		open = ` AND (SELECT status FROM problems WHERE id = t.problem_id) IN ('open', 'workshop')`
	}
	in, args := chapterClause(`(SELECT chapter FROM problems WHERE id = t.problem_id)`, f.Chapters)
	open += in
	if f.Tag != "" {
		return `SELECT t.problem_id AS id FROM problem_tags t
			WHERE t.tag = ?` + open + ` ORDER BY t.problem_id DESC`, append([]any{f.Tag}, args...)
	}
	return `SELECT t.id FROM (SELECT id, id AS problem_id FROM problems) t WHERE 1` + open + ` ORDER BY t.id DESC`, args
}

// ProblemsPage is one page of a list of problems (ListProblems' filter),
// or of a search when words is not empty, and where that page is.
func (db *DB) ProblemsPage(ctx context.Context, f ProblemFilter, words string, p Page) ([]Problem, PageInfo, error) {
	q, args := problemIDs(f)
	if words != "" {
		var err error
		if q, args, err = db.problemSearchIDs(ctx, words); err != nil {
			return nil, PageInfo{}, err
		}
	}
	all, err := db.idsOf(ctx, q, args...)
	if err != nil {
		return nil, PageInfo{}, err
	}
	ids, info := pageIDs(all, p, true)
	if len(ids) == 0 {
		return nil, info, nil
	}
	ps, err := db.queryProblems(ctx, problemPage(idList(ids)))
	return ps, info, err
}

// problemPage wraps a query of at most one page of problem ids, newest
// first, into the query of those problems.
func problemPage(page string) string {
	return `SELECT ` + problemColumns + ` FROM problems p WHERE p.id IN (` + page + `) ORDER BY p.id DESC`
}

// SearchProblems finds problems by words in their title, description or
// tags, accents ignored; each word may be the start of a longer one.
func (db *DB) SearchProblems(ctx context.Context, words string, limit int) ([]Problem, error) {
	if limit <= 0 {
		limit = 20
	}
	q, args, err := db.problemSearchIDs(ctx, words)
	if err != nil {
		return nil, err
	}
	return db.queryProblems(ctx, problemPage(q+limitClause(limit)), args...)
}

// problemSearchIDs is the query of the ids of the problems words find,
// newest first, once the index is up to date.
func (db *DB) problemSearchIDs(ctx context.Context, words string) (string, []any, error) {
	match, err := searchMatch(words, func() error { return db.indexProblems(ctx) })
	return `SELECT docid AS id FROM problems_fts WHERE problems_fts MATCH ? ORDER BY docid DESC`, []any{match}, err
}

// indexProblems adds the problems posted since the last search to the
// full-text index, in one transaction: one index segment for the batch
// instead of one per post. The cheap read first keeps searches off the
// write lock when there is nothing new.
func (db *DB) indexProblems(ctx context.Context) error {
	var pending bool
	err := db.read.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM problems WHERE id > (SELECT last_id FROM fts_cursor WHERE name = 'problems'))`).Scan(&pending)
	if err != nil {
		return fmt.Errorf("storage: index problems: %w", err)
	}
	if !pending {
		return nil
	}
	return db.update(ctx, func(tx *Tx) error {
		var last int64
		if err := tx.QueryRowContext(ctx, `SELECT last_id FROM fts_cursor WHERE name = 'problems'`).Scan(&last); err != nil {
			return fmt.Errorf("storage: index problems: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO problems_fts (docid, title, description, tags)
			SELECT p.id, p.title, p.description, COALESCE((SELECT group_concat(tag, ' ') FROM problem_tags WHERE problem_id = p.id), '')
			FROM problems p WHERE p.id > ? AND p.withdrawn_at IS NULL ORDER BY p.id`, last); err != nil {
			return fmt.Errorf("storage: index problems: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE fts_cursor SET last_id = (SELECT COALESCE(MAX(id), 0) FROM problems) WHERE name = 'problems'`); err != nil {
			return fmt.Errorf("storage: index problems: %w", err)
		}
		return nil
	})
}

// ftsQuery turns user words into an FTS4 query of prefix terms, all
// required. Everything but letters, digits and combining marks is dropped so
// that user text can never be read as FTS syntax (NEAR, OR, quotes, column
// filters). Marks stay inside words, as the unicode61 tokenizer keeps them:
// a decomposed (NFD) "donne\u0301es" is one word, folded to "donnees".
func ftsQuery(words string) string {
	var terms []string
	inWord := func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) }
	isBase := func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }
	// The query is composed like the stored text, so a decomposed "é"
	// finds a precomposed one.
	words = norm.NFC.String(words)
	for _, w := range strings.FieldsFunc(words, func(r rune) bool { return !inWord(r) }) {
		if strings.IndexFunc(w, isBase) < 0 {
			continue // marks alone fold to nothing
		}
		if len(terms) == 8 {
			break
		}
		terms = append(terms, strings.ToLower(w)+"*")
	}
	return strings.Join(terms, " ")
}

func (db *DB) queryProblems(ctx context.Context, q string, args ...any) ([]Problem, error) {
	var out []Problem
	err := db.view(ctx, func(tx *Tx) error {
		rows, err := tx.QueryContext(ctx, q, args...)
		if err != nil {
			return fmt.Errorf("storage: list problems: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			p, err := scanProblem(rows)
			if err != nil {
				return fmt.Errorf("storage: list problems: %w", err)
			}
			out = append(out, p)
		}
		return rows.Err()
	})
	return out, err
}

// SetInterest records that a member is interested in a problem or can help
// with it; kind "" removes the mark. It returns the problem with new counts.
// The author's own problem cannot be marked: they are interested already.
func (db *DB) SetInterest(ctx context.Context, problemID, memberID int64, kind string) (Problem, error) {
	var p Problem
	err := db.update(ctx, func(tx *Tx) error {
		var err error
		if p, err = problemByID(ctx, tx, problemID); err != nil {
			return err
		}
		switch kind {
		case "":
			_, err = tx.ExecContext(ctx, `DELETE FROM problem_interest WHERE problem_id = ? AND member_id = ?`, problemID, memberID)
		case InterestInterested, InterestCanHelp:
			if p.AuthorID == memberID {
				return Errorf(ECONFLICT, "own_problem", "members cannot mark their own problem")
			}
			if p.Status != ProblemOpen && p.Status != ProblemWorkshop {
				return Errorf(ECONFLICT, "problem_closed", "problem %d is %s", problemID, p.Status)
			}
			_, err = tx.ExecContext(ctx, `INSERT INTO problem_interest (problem_id, member_id, kind, created_at) VALUES (?, ?, ?, ?)
				ON CONFLICT (problem_id, member_id) DO UPDATE SET kind = excluded.kind`, problemID, memberID, kind, unix(tx.now))
		default:
			return Errorf(EINVALID, "interest_kind", "unknown interest kind %q", kind)
		}
		if err != nil {
			return fmt.Errorf("storage: set interest: %w", err)
		}
		p, err = problemByID(ctx, tx, problemID)
		return err
	})
	return p, err
}

// CloseProblem sets a closed status. Only the author or staff may.
func (db *DB) CloseProblem(ctx context.Context, problemID int64, by Member, status string) (Problem, error) {
	var p Problem
	err := db.update(ctx, func(tx *Tx) error {
		switch status {
		case ProblemSolved, ProblemDuplicate, ProblemStale:
		default:
			return Errorf(EINVALID, "problem_status", "cannot close as %q", status)
		}
		var err error
		if p, err = problemByID(ctx, tx, problemID); err != nil {
			return err
		}
		if p.AuthorID != by.ID && !by.IsStaff() {
			return Errorf(EFORBIDDEN, "not_author", "member %d may not close problem %d", by.ID, problemID)
		}
		if p.Status != ProblemOpen && p.Status != ProblemWorkshop {
			return Errorf(ECONFLICT, "problem_closed", "problem %d is already %s", problemID, p.Status)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE problems SET status = ?, updated_at = ? WHERE id = ?`, status, unix(tx.now), problemID); err != nil {
			return fmt.Errorf("storage: close problem: %w", err)
		}
		p, err = problemByID(ctx, tx, problemID)
		return err
	})
	return p, err
}
