package storage

import (
	"context"
	"fmt"
	"time"
)

// An item's card posted to the channel its kind is configured for, through
// the outbox. The row names the item, not its text: the card is rendered
// when sent, from the item as it is then, so a problem withdrawn or a job
// closed a moment after being posted never gets a card that says open.
const (
	NoteProblemPosted  = "problem_posted"  // a new problem's card, to a problems channel
	NoteWorkshopPosted = "workshop_posted" // an announced workshop's card, to a workshops channel
)

// cardNotes enqueues the card of item id (of kind, KindProblem, KindWorkshop
// or KindJob) to each channel of posts. A row's key names the item and the
// channel, then tail, so a repeated call with the same tail posts once.
func cardNotes(ctx context.Context, tx *Tx, note, kind string, id int64, tail string, posts []Address, expires time.Time) error {
	for _, to := range posts {
		n := Note{
			Key:       fmt.Sprintf("%s:%s=%d:to=%s/%s%s", note, kind, id, to.Platform, to.Channel, tail),
			Kind:      note,
			To:        Address{Platform: to.Platform, Workspace: to.Workspace, Channel: to.Channel},
			PlannedAt: tx.now,
			ExpiresAt: expires,
		}
		switch kind {
		case KindProblem:
			n.Args.ProblemID = id
		case KindWorkshop:
			n.WorkshopID = id
		case KindJob:
			n.Args.JobID = id
		}
		if err := enqueue(ctx, tx, n); err != nil {
			return err
		}
	}
	return nil
}

// PostWorkshopCard posts a workshop's card to the workshops channels: each
// announce posts again, as members expect of an announcement.
func (db *DB) PostWorkshopCard(ctx context.Context, id int64, posts []Address) error {
	if len(posts) == 0 {
		return nil
	}
	return db.update(ctx, func(tx *Tx) error {
		return cardNotes(ctx, tx, NoteWorkshopPosted, KindWorkshop, id, fmt.Sprintf(":at=%d", tx.now.UnixNano()), posts, time.Time{})
	})
}
