package storage

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"
)

// ChapterRow is a chapter as the database keeps it: what the configuration
// names, and whether it is closed.
type ChapterRow struct {
	ID       string
	Name     string
	Archived bool
}

// SyncChapters records the configured chapters at start: new ones are
// added, names follow the file, and a chapter marked archived or gone from
// the file is archived (its row, members and items stay; a chapter is never
// deleted). A chapter archived and configured again is reopened.
func (db *DB) SyncChapters(ctx context.Context, chapters []ChapterRow) error {
	return db.update(ctx, func(tx *Tx) error {
		ids := make([]any, 0, len(chapters))
		for _, c := range chapters {
			ids = append(ids, c.ID)
			archived := sql.NullInt64{Int64: unix(tx.now), Valid: c.Archived}
			if _, err := tx.ExecContext(ctx, `INSERT INTO chapters (id, name, created_at, archived_at) VALUES (?1, ?2, ?3, ?4)
				ON CONFLICT (id) DO UPDATE SET name = ?2,
					archived_at = CASE WHEN ?4 IS NULL THEN NULL ELSE COALESCE(archived_at, ?4) END`,
				c.ID, c.Name, unix(tx.now), archived); err != nil {
				return fmt.Errorf("storage: sync chapter %s: %w", c.ID, err)
			}
		}
		q := `UPDATE chapters SET archived_at = ? WHERE archived_at IS NULL`
		if len(ids) > 0 {
			q += ` AND id NOT IN (` + placeholders(len(ids)) + `)`
		}
		if _, err := tx.ExecContext(ctx, q, append([]any{unix(tx.now)}, ids...)...); err != nil {
			return fmt.Errorf("storage: archive chapters: %w", err)
		}
		return nil
	})
}

// Chapters lists every chapter ever configured, archived ones included, by id.
func (db *DB) Chapters(ctx context.Context) ([]ChapterRow, error) {
	var out []ChapterRow
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		out, err = rowsOf(ctx, tx, "chapters", `SELECT id, name, archived_at IS NOT NULL FROM chapters ORDER BY id`,
			func(sc interface{ Scan(...any) error }) (ChapterRow, error) {
				var c ChapterRow
				err := sc.Scan(&c.ID, &c.Name, &c.Archived)
				return c, err
			})
		return err
	})
	return out, err
}

// openChapter says whether id names a chapter members and items may join.
func openChapter(ctx context.Context, tx *Tx, id string) bool {
	var n int
	err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM chapters WHERE id = ? AND archived_at IS NULL`, id).Scan(&n)
	return err == nil && n == 1
}

// SetWorkshopChapter moves a workshop to a chapter, or to every chapter
// ("" , online).
func (db *DB) SetWorkshopChapter(ctx context.Context, workshopID int64, chapter string) (Workshop, error) {
	var w Workshop
	err := db.update(ctx, func(tx *Tx) error {
		if chapter != "" && !openChapter(ctx, tx, chapter) {
			return Errorf(EINVALID, "chapter", "no open chapter %q", chapter)
		}
		res, err := tx.ExecContext(ctx, `UPDATE workshops SET chapter = ?, updated_at = ? WHERE id = ?`, chapter, unix(tx.now), workshopID)
		if err != nil {
			return fmt.Errorf("storage: workshop chapter: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return Errorf(ENOTFOUND, "workshop", "no workshop %d", workshopID)
		}
		w, err = workshopByID(ctx, tx, workshopID)
		return err
	})
	return w, err
}

// chapterClause restricts a query's items to chapters; col is the item's
// chapter column. nil means every chapter.
func chapterClause(col string, chapters []string) (string, []any) {
	if chapters == nil {
		return "", nil
	}
	args := make([]any, len(chapters))
	for i, c := range chapters {
		args[i] = c
	}
	if len(args) == 0 {
		return " AND 0", nil
	}
	return " AND " + col + " IN (" + placeholders(len(args)) + ")", args
}

func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?,", n), ",")
}

// ChapterCount is one chapter's line of the statistics; Chapter "" is the
// community as a whole (members of no chapter, online workshops).
type ChapterCount struct {
	Chapter      string
	Members      int
	Problems     int // posted in the period
	Workshops    int // with a session in the period
	Participants int // seats held in those workshops
}

// ChapterCounts breaks the period's activity down by chapter: members (all
// of them, not only the period's), problems posted, workshops held and
// their seats. Withdrawn problems and forgotten members count, without
// names, as they do in the other statistics.
func (db *DB) ChapterCounts(ctx context.Context, from, to time.Time) ([]ChapterCount, error) {
	var out []ChapterCount
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		out, err = rowsOf(ctx, tx, "chapter counts", `WITH held AS (
				SELECT DISTINCT w.id, w.chapter FROM workshops w JOIN sessions s ON s.workshop_id = w.id
				WHERE s.cancelled_at IS NULL AND s.starts_at >= ?1 AND s.starts_at < ?2),
			ids AS (SELECT id AS chapter FROM chapters UNION SELECT chapter FROM members UNION SELECT chapter FROM held)
			SELECT ids.chapter,
				(SELECT COUNT(*) FROM members WHERE chapter = ids.chapter),
				(SELECT COUNT(*) FROM problems WHERE chapter = ids.chapter AND created_at >= ?1 AND created_at < ?2),
				(SELECT COUNT(*) FROM held WHERE chapter = ids.chapter),
				(SELECT COUNT(*) FROM participants p JOIN held h ON h.id = p.workshop_id WHERE h.chapter = ids.chapter AND p.state = 'joined')
			FROM ids ORDER BY ids.chapter`, func(sc interface{ Scan(...any) error }) (ChapterCount, error) {
			var c ChapterCount
			err := sc.Scan(&c.Chapter, &c.Members, &c.Problems, &c.Workshops, &c.Participants)
			return c, err
		}, unix(from), unix(to))
		return err
	})
	return out, err
}
