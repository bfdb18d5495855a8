package commands

import (
	"context"
	"fmt"

	"github.com/atelier-bot/atelier/storage"
)

// PostLater hands the posting of an entity's public card in a channel to
// the outbox, as the cards for a kind's channel go (storage.NoteProblemPosted,
// NoteWorkshopPosted): an adapter stopping with cards still waiting for the
// channel's pace, so they go out after the restart, each once, rendered as
// the item is then. token tells apart the cards of one entity left for one
// channel (the same workshop announced twice, before two stops): the
// outbox keeps one row per key.
func (r *Router) PostLater(ctx context.Context, to Target, e Entity, token string) error {
	n := storage.Note{
		To:        storage.Address{Platform: to.Platform, Workspace: to.Workspace, Channel: to.Channel},
		PlannedAt: r.db.Now().UTC(),
	}
	switch e.Kind {
	case storage.KindProblem:
		n.Kind, n.Args.ProblemID = storage.NoteProblemPosted, e.ID
	case storage.KindWorkshop:
		n.Kind, n.WorkshopID = storage.NoteWorkshopPosted, e.ID
	default:
		return fmt.Errorf("commands: post later: no channel card for kind %q", e.Kind)
	}
	n.Key = fmt.Sprintf("%s:%s=%d:to=%s/%s:left=%s", n.Kind, e.Kind, e.ID, to.Platform, to.Channel, token)
	return r.db.Enqueue(ctx, n)
}
