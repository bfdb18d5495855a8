package storage

import (
	"context"
	"fmt"
	"sort"
	"time"
)

// Why a module is suggested to a member, strongest first.
const (
	BecauseWorkshop = "workshop" // a workshop they have a seat in, soon, on that tag
	BecauseProblem  = "problem"  // a problem they posted or marked, on that tag
	BecauseInterest = "interest" // one of their interests
)

// TrainingSuggestion is a module offered to a member, and why.
type TrainingSuggestion struct {
	Training Training
	Because  string
	Tag      string
	// The workshop it prepares for, when Because is BecauseWorkshop.
	WorkshopID    int64
	WorkshopTitle string
	WorkshopStart time.Time
}

// SuggestTrainings offers a member the modules still offered that they
// have not finished, whose tags meet what they do: a workshop they have a
// seat in, soonest first; then the problems they posted or marked; then
// their interests. Modules in lang come before the others. At most limit.
func (db *DB) SuggestTrainings(ctx context.Context, memberID int64, lang string, limit int) ([]TrainingSuggestion, error) {
	var out []TrainingSuggestion
	err := db.view(ctx, func(tx *Tx) error {
		// The reasons, each tag kept with its strongest one.
		type reason struct {
			because string
			rank    int
			w       Workshop
			start   time.Time
		}
		reasons := map[string]reason{}
		keep := func(tag string, r reason) {
			if old, ok := reasons[tag]; !ok || r.rank < old.rank {
				reasons[tag] = r
			}
		}
		// The sessions to come the member sits in, as seatedIn reads them.
		rows, err := tx.QueryContext(ctx, `SELECT w.id, w.title, MIN(s.starts_at), t.tag FROM workshops w
			JOIN sessions s ON s.workshop_id = w.id AND s.cancelled_at IS NULL AND s.starts_at > ?2
			JOIN workshop_tags t ON t.workshop_id = w.id
			WHERE w.status = 'open' AND EXISTS (SELECT 1 FROM session_seats y WHERE y.session_id = s.id AND y.member_id = ?1)
			GROUP BY w.id, t.tag ORDER BY MIN(s.starts_at)`, memberID, unix(tx.now))
		if err != nil {
			return fmt.Errorf("storage: suggest trainings: %w", err)
		}
		for i := 0; rows.Next(); i++ {
			var w Workshop
			var start int64
			var tag string
			if err := rows.Scan(&w.ID, &w.Title, &start, &tag); err != nil {
				rows.Close()
				return fmt.Errorf("storage: suggest trainings: %w", err)
			}
			keep(tag, reason{because: BecauseWorkshop, rank: i, w: w, start: fromUnix(start)})
		}
		if err := rows.Close(); err != nil {
			return fmt.Errorf("storage: suggest trainings: %w", err)
		}
		// Only problems still open: a solved or stale one is no longer
		// followed, whoever marked it.
		problemTags, err := stringsOf(ctx, tx, `SELECT DISTINCT tag FROM problem_tags WHERE problem_id IN (
			SELECT id FROM problems WHERE status IN ('open', 'workshop') AND (author_id = ?1
				OR id IN (SELECT problem_id FROM problem_interest WHERE member_id = ?1)))`, memberID)
		if err != nil {
			return err
		}
		for _, t := range problemTags {
			keep(t, reason{because: BecauseProblem, rank: 10000})
		}
		interests, err := stringsOf(ctx, tx, `SELECT tag FROM member_interests WHERE member_id = ?`, memberID)
		if err != nil {
			return err
		}
		for _, t := range interests {
			keep(t, reason{because: BecauseInterest, rank: 20000})
		}
		if len(reasons) == 0 {
			return nil
		}
		rows, err = tx.QueryContext(ctx, `SELECT `+trainingColumns+`, (t.language = ?2) FROM trainings t
			WHERE t.status = 'active' AND NOT EXISTS (SELECT 1 FROM training_members m WHERE m.training_id = t.id AND m.member_id = ?1 AND m.done_at IS NOT NULL)
			ORDER BY t.id DESC`, memberID, lang)
		if err != nil {
			return fmt.Errorf("storage: suggest trainings: %w", err)
		}
		type ranked struct {
			s      TrainingSuggestion
			rank   int
			inLang bool
		}
		var found []ranked
		for rows.Next() {
			var inLang bool
			t, err := scanTraining(rows, &inLang)
			if err != nil {
				rows.Close()
				return fmt.Errorf("storage: suggest trainings: %w", err)
			}
			best := ranked{rank: -1}
			for _, tag := range t.Tags {
				r, ok := reasons[tag]
				if !ok || (best.rank >= 0 && r.rank >= best.rank) {
					continue
				}
				best = ranked{rank: r.rank, inLang: inLang, s: TrainingSuggestion{Training: t, Because: r.because, Tag: tag,
					WorkshopID: r.w.ID, WorkshopTitle: r.w.Title, WorkshopStart: r.start}}
			}
			if best.rank >= 0 {
				found = append(found, best)
			}
		}
		if err := rows.Close(); err != nil {
			return fmt.Errorf("storage: suggest trainings: %w", err)
		}
		sort.SliceStable(found, func(i, j int) bool {
			if found[i].inLang != found[j].inLang {
				return found[i].inLang
			}
			return found[i].rank < found[j].rank
		})
		for i, f := range found {
			if i == limit {
				break
			}
			out = append(out, f.s)
		}
		return nil
	})
	return out, err
}
