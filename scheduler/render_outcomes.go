package scheduler

import (
	"context"
	"fmt"
	"time"

	"github.com/atelier-bot/atelier/commands"
	"github.com/atelier-bot/atelier/storage"
)

// outcomeAsks: for each workshop whose last session ended since the last
// run (a week at most), each participant's questions, right away and 30,
// 90 and 180 days later. Each is an outbox row with its own key, queued
// now for its day: sent once, and still sent after a restart.
func (s *Scheduler) outcomeAsks(ctx context.Context, at, prev time.Time) ([]storage.Note, error) {
	from := prev
	if from.IsZero() || at.Sub(from) > 7*24*time.Hour || !from.Before(at) {
		from = at.Add(-24 * time.Hour)
	}
	ended, err := s.db.WorkshopsEnded(ctx, from, at)
	if err != nil {
		return nil, err
	}
	var notes []storage.Note
	for _, w := range ended {
		for _, m := range w.Members {
			for _, day := range storage.OutcomeAskDays {
				planned := w.End.AddDate(0, 0, day)
				if day == 0 {
					planned = at
				}
				notes = append(notes, storage.Note{
					Key:        fmt.Sprintf("%s:workshop=%d:day=%d:member=%d", storage.NoteOutcomeAsk, w.WorkshopID, day, m),
					Kind:       storage.NoteOutcomeAsk,
					Args:       storage.NoteArgs{Day: day},
					MemberID:   m,
					WorkshopID: w.WorkshopID,
					PlannedAt:  planned,
					ExpiresAt:  planned.Add(7 * 24 * time.Hour),
				})
			}
		}
		asked, err := s.threadOutcome(ctx, w.WorkshopID, at)
		if err != nil {
			return nil, err
		}
		notes = append(notes, asked...)
	}
	return notes, nil
}

// outcomeAsk: a participant who has not turned the questions off, and
// still sits in the workshop, is asked.
func (r *renderer) outcomeAsk(ctx context.Context, reply *commands.Reply, n storage.Note, reader storage.Reader) (string, error) {
	if !reader.Seated {
		return "no longer a participant", nil
	}
	off, err := r.s.db.OutcomeQuestionsOff(ctx, n.MemberID)
	if err != nil {
		return "", err
	}
	if off {
		return "questions off", nil
	}
	w, err := r.workshop(ctx, n.WorkshopID)
	if storage.ErrorCode(err) == storage.ENOTFOUND {
		return "workshop gone", nil
	}
	if err != nil {
		return "", err
	}
	text, card := commands.OutcomeAskMessage(reply.Lang, w, n.Args.Day)
	reply.Text, reply.Cards = text, []commands.Card{card}
	return "", nil
}

// outcomeSolved: the problem's author confirms it is solved, or not.
func (r *renderer) outcomeSolved(ctx context.Context, reply *commands.Reply, n storage.Note) (string, error) {
	o, err := r.s.db.Outcome(ctx, n.Args.OutcomeID)
	if storage.ErrorCode(err) == storage.ENOTFOUND {
		return "outcome gone", nil
	}
	if err != nil {
		return "", err
	}
	p, err := r.s.db.Problem(ctx, n.Args.ProblemID)
	if storage.ErrorCode(err) == storage.ENOTFOUND {
		return "problem gone", nil
	}
	if err != nil {
		return "", err
	}
	if p.Status != storage.ProblemOpen && p.Status != storage.ProblemWorkshop {
		return "problem closed", nil
	}
	text, card := commands.OutcomeSolvedMessage(reply.Lang, o, p)
	reply.Text, reply.Cards = text, []commands.Card{card}
	return "", nil
}
