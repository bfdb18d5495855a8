package scheduler

import (
	"context"
	"errors"

	"github.com/atelier-bot/atelier/commands"
	"github.com/atelier-bot/atelier/storage"
)

// The Awards' messages, read when sent: a phase whose date changed since
// the row was queued is not announced (the row of the new date is), and
// the results are computed at the results date, never before.

// awardPhase: nominations open, or the jury starts, to a channel.
func (r *renderer) awardPhase(ctx context.Context, reply *commands.Reply, n storage.Note) (string, error) {
	e, why, err := r.edition(ctx, n)
	if why != "" || err != nil {
		return why, err
	}
	text, card := commands.AwardPhaseMessage(reply.Lang, e, n.Args.Phase)
	reply.Text, reply.Cards = text, []commands.Card{card}
	return "", nil
}

// errEarly: the database's clock has not reached the results date the
// dispatcher's clock has; the row is tried again rather than posted
// without the community's votes.
var errEarly = errors.New("scheduler: award results read before their date")

// awardResults: the winners' card of each category.
func (r *renderer) awardResults(ctx context.Context, reply *commands.Reply, n storage.Note) (string, error) {
	e, why, err := r.edition(ctx, n)
	if why != "" || err != nil {
		return why, err
	}
	rep, err := r.s.db.AwardReport(ctx, e.ID)
	if err != nil {
		return "", err
	}
	if !rep.VotesShown {
		return "", errEarly // the clock is behind the row: try again
	}
	reply.Text = commands.T(reply.Lang, "awards.results_header", e.Name)
	reply.Cards = commands.AwardResultCards(reply.Lang, rep)
	return "", nil
}

// edition reads a row's edition and checks that the date it announces is
// still the edition's.
func (r *renderer) edition(ctx context.Context, n storage.Note) (storage.Edition, string, error) {
	e, err := r.s.db.Edition(ctx, n.Args.EditionID)
	if storage.ErrorCode(err) == storage.ENOTFOUND {
		return e, "edition gone", nil
	}
	if err != nil {
		return e, "", err
	}
	at := map[string]int64{storage.PhaseNominations: e.OpensAt.Unix(), storage.PhaseJury: e.ClosesAt.Unix(), storage.PhaseResults: e.ResultsAt.Unix()}
	if at[n.Args.Phase] != n.Args.Start {
		return e, "date changed since", nil
	}
	return e, "", nil
}

// awardNominated: a team member hears they are named in a nomination.
func (r *renderer) awardNominated(ctx context.Context, reply *commands.Reply, n storage.Note) (string, error) {
	nom, err := r.s.db.Nomination(ctx, n.Args.NominationID)
	if storage.ErrorCode(err) == storage.ENOTFOUND {
		return "nomination gone", nil
	}
	if err != nil {
		return "", err
	}
	if nom.Status != "active" || !nom.Named(n.MemberID) {
		return "no longer named", nil
	}
	e, err := r.s.db.Edition(ctx, nom.EditionID)
	if err != nil {
		return "", err
	}
	text, card := commands.AwardNominatedMessage(reply.Lang, e, nom)
	reply.Text, reply.Cards = text, []commands.Card{card}
	return "", nil
}
