package storage

import (
	"context"
	"fmt"
	"time"
)

// MatchCatchUp matches the open problems and workshops posted since since
// that were never matched: a post is matched just after its own
// transaction (so ranking does not hold the writer), and a crash in
// between would otherwise lose it. Run at start, it closes that window.
// Posts that matched nobody are ranked again, harmlessly: nothing is
// written for them. It returns how many members were told.
func (db *DB) MatchCatchUp(ctx context.Context, since time.Time) (int, error) {
	var evs []MatchEvent
	err := db.view(ctx, func(tx *Tx) error {
		rows, err := tx.QueryContext(ctx, `
			SELECT 'problem', id, author_id, COALESCE((SELECT group_concat(tag, ' ') FROM problem_tags WHERE problem_id = p.id), '')
				FROM problems p WHERE created_at >= ?1 AND status IN ('open', 'workshop')
				AND NOT EXISTS (SELECT 1 FROM match_events WHERE kind = 'problem' AND entity_id = p.id)
			UNION ALL
			SELECT 'workshop', id, host_id, COALESCE((SELECT group_concat(tag, ' ') FROM workshop_tags WHERE workshop_id = w.id), '')
				FROM workshops w WHERE created_at >= ?1 AND status = 'open'
				AND NOT EXISTS (SELECT 1 FROM match_events WHERE kind = 'workshop' AND entity_id = w.id)`, unix(since))
		if err != nil {
			return fmt.Errorf("storage: match catch-up: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var ev MatchEvent
			var tags string
			if err := rows.Scan(&ev.Kind, &ev.ID, &ev.AuthorID, &tags); err != nil {
				return fmt.Errorf("storage: match catch-up: %w", err)
			}
			if ev.Tags = splitTags(tags); len(ev.Tags) > 0 {
				evs = append(evs, ev)
			}
		}
		return rows.Err()
	})
	if err != nil {
		return 0, err
	}
	total := 0
	for _, ev := range evs {
		n, err := db.MatchInterests(ctx, ev)
		if err != nil {
			return total, err
		}
		total += n
	}
	return total, nil
}
