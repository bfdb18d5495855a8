package storage

import (
	"context"
	"fmt"
	"strconv"
	"strings"
)

// Suggestion is one choice offered while a member types (Discord
// autocomplete): a label to show and the value to fill in.
type Suggestion struct {
	Label string
	Value string
}

// likePattern escapes LIKE wildcards in user text.
func likePattern(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return "%" + r.Replace(strings.ToLower(strings.TrimSpace(s))) + "%"
}

// SuggestProblems offers open problems whose title contains typed, or
// whose id is typed, newest first.
func (db *DB) SuggestProblems(ctx context.Context, typed string, limit int) ([]Suggestion, error) {
	return db.suggest(ctx, `SELECT id, title FROM problems WHERE status IN ('open', 'workshop')
		AND (lower(title) LIKE ? ESCAPE '\' OR id = ?) ORDER BY id DESC`, typed, limit)
}

// SuggestWorkshops offers open workshops whose title contains typed, or
// whose id is typed, newest first.
func (db *DB) SuggestWorkshops(ctx context.Context, typed string, limit int) ([]Suggestion, error) {
	return db.suggest(ctx, `SELECT id, title FROM workshops WHERE status = 'open'
		AND (lower(title) LIKE ? ESCAPE '\' OR id = ?) ORDER BY id DESC`, typed, limit)
}

func (db *DB) suggest(ctx context.Context, q, typed string, limit int) ([]Suggestion, error) {
	id, _ := strconv.ParseInt(strings.TrimPrefix(strings.TrimSpace(typed), "#"), 10, 64)
	rows, err := db.read.QueryContext(ctx, q+limitClause(limit), likePattern(typed), id)
	if err != nil {
		return nil, fmt.Errorf("storage: suggest: %w", err)
	}
	defer rows.Close()
	var out []Suggestion
	for rows.Next() {
		var id int64
		var title string
		if err := rows.Scan(&id, &title); err != nil {
			return nil, fmt.Errorf("storage: suggest: %w", err)
		}
		out = append(out, Suggestion{Label: fmt.Sprintf("#%d %s", id, title), Value: strconv.FormatInt(id, 10)})
	}
	return out, rows.Err()
}

// SuggestTags offers the tags in use that start with typed, the most used
// first.
func (db *DB) SuggestTags(ctx context.Context, typed string, limit int) ([]Suggestion, error) {
	prefix := strings.TrimPrefix(strings.ToLower(strings.TrimSpace(typed)), "#")
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	rows, err := db.read.QueryContext(ctx, `SELECT tag, COUNT(*) AS n FROM (
			SELECT tag FROM problem_tags UNION ALL SELECT tag FROM workshop_tags UNION ALL SELECT tag FROM member_interests)
		WHERE tag LIKE ? ESCAPE '\' GROUP BY tag ORDER BY n DESC, tag`+limitClause(limit), r.Replace(prefix)+"%")
	if err != nil {
		return nil, fmt.Errorf("storage: suggest tags: %w", err)
	}
	defer rows.Close()
	var out []Suggestion
	for rows.Next() {
		var tag string
		var n int
		if err := rows.Scan(&tag, &n); err != nil {
			return nil, fmt.Errorf("storage: suggest tags: %w", err)
		}
		out = append(out, Suggestion{Label: "#" + tag, Value: tag})
	}
	return out, rows.Err()
}
