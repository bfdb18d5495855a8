package commands

import (
	"context"
	"fmt"

	"github.com/atelier-bot/atelier/storage"
)

// LaterCard is an entity's public card for a channel, left to the outbox.
// Token tells apart the cards of one entity left for one channel (the same
// workshop announced twice, before two stops): the outbox keeps one row
// per key.
type LaterCard struct {
	To     Target
	Entity Entity
	Token  string
}

// PostLater hands the posting of public cards to the outbox, in one
// transaction, as the cards for a kind's channel go
// (storage.NoteProblemPosted, NoteWorkshopPosted): an adapter stopping
// with cards still waiting for their channel's pace, so they go out after
// the restart, each once, rendered as the item is then. A card of another
// kind is not queued, and counted in the error.
func (r *Router) PostLater(ctx context.Context, cards ...LaterCard) error {
	notes := make([]storage.Note, 0, len(cards))
	now := r.db.Now().UTC()
	skipped := 0
	for _, c := range cards {
		n := storage.Note{
			To:        storage.Address{Platform: c.To.Platform, Workspace: c.To.Workspace, Channel: c.To.Channel},
			PlannedAt: now,
		}
		switch c.Entity.Kind {
		case storage.KindProblem:
			n.Kind, n.Args.ProblemID = storage.NoteProblemPosted, c.Entity.ID
		case storage.KindWorkshop:
			n.Kind, n.WorkshopID = storage.NoteWorkshopPosted, c.Entity.ID
		default:
			skipped++
			continue
		}
		n.Key = fmt.Sprintf("%s:%s=%d:to=%s/%s:left=%s", n.Kind, c.Entity.Kind, c.Entity.ID, c.To.Platform, c.To.Channel, c.Token)
		notes = append(notes, n)
	}
	if len(notes) > 0 {
		if err := r.db.Enqueue(ctx, notes...); err != nil {
			return err
		}
	}
	if skipped > 0 {
		return fmt.Errorf("commands: post later: %d cards of a kind without a channel card", skipped)
	}
	return nil
}
