package scheduler

import (
	"context"
	"time"

	"github.com/atelier-bot/atelier/commands"
	"github.com/atelier-bot/atelier/storage"
)

// recruitingOffer: a registrant of a recruiting session hears of a new
// offer from one of the organisations it presents, unless the offer, the
// registration or the member's /me notify went since.
func (r *renderer) recruitingOffer(ctx context.Context, reply *commands.Reply, n storage.Note, now time.Time) (string, error) {
	o, ok, err := r.s.db.RecruitingOfferFor(ctx, n.MemberID, n.Args.JobID)
	if err != nil || !ok {
		return "offer, registration or notify gone", err
	}
	text, card := commands.RecruitingOfferMessage(reply.Lang, o, now)
	reply.Text, reply.Cards = text, []commands.Card{card}
	return "", nil
}
