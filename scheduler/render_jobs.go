package scheduler

import (
	"context"
	"time"

	"github.com/atelier-bot/atelier/commands"
	"github.com/atelier-bot/atelier/storage"
)

// The jobs board's and interest matching's messages, read when sent: a
// job closed or renewed since, or a thing no longer open, is not told.

// jobPosted: a new job's card in a jobs channel, with its Apply button.
func (r *renderer) jobPosted(ctx context.Context, reply *commands.Reply, n storage.Note, now time.Time) (string, error) {
	j, err := r.s.db.Job(ctx, n.Args.JobID)
	if storage.ErrorCode(err) == storage.ENOTFOUND {
		return "job gone", nil
	}
	if err != nil {
		return "", err
	}
	if !j.Listed(now) {
		return "job no longer listed", nil
	}
	reply.Text = commands.T(reply.Lang, "jobs.new")
	reply.Cards = []commands.Card{commands.JobCard(reply.Lang, j, now)}
	return "", nil
}

// jobExpiring: the poster's warning, with a Renew button, a few days
// before the job leaves the lists.
func (r *renderer) jobExpiring(ctx context.Context, reply *commands.Reply, n storage.Note, now time.Time) (string, error) {
	j, err := r.s.db.Job(ctx, n.Args.JobID)
	if storage.ErrorCode(err) == storage.ENOTFOUND {
		return "job gone", nil
	}
	if err != nil {
		return "", err
	}
	switch {
	case j.Status != storage.JobOpen:
		return "job closed", nil
	case j.ExpiresAt.Unix() != n.Args.Start:
		return "job renewed since", nil
	case !j.ExpiresAt.After(now):
		return "job expired", nil
	}
	text, card := commands.JobExpiringMessage(reply.Lang, j, r.s.db.JobLimits().DefaultDays)
	reply.Text, reply.Cards = text, []commands.Card{card}
	return "", nil
}

// match: a member's message of the day on new things matching their
// interests, each as it is now.
func (r *renderer) match(ctx context.Context, reply *commands.Reply, n storage.Note) (string, error) {
	d, err := r.s.db.MatchDigest(ctx, n.MemberID, time.Unix(n.Args.Since, 0))
	if storage.ErrorCode(err) == storage.ENOTFOUND {
		return "member gone", nil
	}
	if err != nil {
		return "", err
	}
	if d.OptedOut {
		return "interest messages off", nil
	}
	if len(d.Items) == 0 {
		return "nothing left to tell", nil
	}
	reply.Text, reply.Cards = commands.MatchMessage(reply.Lang, d)
	return "", nil
}

// itemPosted: a problem's or workshop's card in its kind's channel, as the
// item is when sent; one no longer open is not posted.
func (r *renderer) itemPosted(ctx context.Context, reply *commands.Reply, n storage.Note) (string, error) {
	if r.s.opts.Card == nil {
		return "no card renderer", nil
	}
	var e commands.Entity
	var why string
	var err error
	if n.Kind == storage.NoteWorkshopPosted {
		e = commands.Entity{Kind: storage.KindWorkshop, ID: n.WorkshopID}
		why, err = workshopClosed(r.s.db.Workshop(ctx, e.ID))
	} else {
		e = commands.Entity{Kind: storage.KindProblem, ID: n.Args.ProblemID}
		why, err = problemClosed(r.s.db.Problem(ctx, e.ID))
	}
	if why != "" || err != nil {
		return why, err
	}
	c, err := r.s.opts.Card(ctx, e)
	if err != nil {
		return "", err
	}
	reply.Cards = []commands.Card{c}
	return "", nil
}

// skillReuse: the one question 30 days after a member's first skill answer
// about a session or a training, unless answered or turned off since.
func (r *renderer) skillReuse(ctx context.Context, reply *commands.Reply, n storage.Note) (string, error) {
	title, ok, err := r.s.db.ReuseQuestion(ctx, n.MemberID, n.Args.Source, n.Args.SourceID)
	if err != nil {
		return "", err
	}
	if !ok {
		return "answered or turned off", nil
	}
	text, card := commands.ReuseQuestion(reply.Lang, n.Args.Source, n.Args.SourceID, title)
	reply.Text, reply.Cards = text, []commands.Card{card}
	return "", nil
}

// attendanceAsk: after a session, its workshop's host is asked who came,
// with a button per member seated.
func (r *renderer) attendanceAsk(ctx context.Context, reply *commands.Reply, n storage.Note) (string, error) {
	s, seated, err := r.s.db.SessionSeats(ctx, n.SessionID)
	if storage.ErrorCode(err) == storage.ENOTFOUND {
		return "session gone", nil
	}
	if err != nil {
		return "", err
	}
	if len(seated) == 0 {
		return "nobody seated", nil
	}
	w, err := r.workshop(ctx, n.WorkshopID)
	if err != nil {
		return "", err
	}
	text, card := commands.AttendanceAsk(reply.Lang, s, w.Title, seated)
	reply.Text, reply.Cards = text, []commands.Card{card}
	return "", nil
}

// trainingNudge: the one reminder of a module started and not finished,
// unless finished, turned off or retired since.
func (r *renderer) trainingNudge(ctx context.Context, reply *commands.Reply, n storage.Note) (string, error) {
	t, ok, err := r.s.db.TrainingNudge(ctx, n.MemberID, n.Args.SourceID)
	if err != nil {
		return "", err
	}
	if !ok {
		return "done, retired or turned off", nil
	}
	text, card := commands.TrainingNudge(reply.Lang, t)
	reply.Text, reply.Cards = text, []commands.Card{card}
	return "", nil
}

// trackModule: the week's module of a track a member follows, unless
// they paused or stopped it since.
func (r *renderer) trackModule(ctx context.Context, reply *commands.Reply, n storage.Note) (string, error) {
	t, tr, following, err := r.s.db.TrackModule(ctx, n.MemberID, n.Args.TrackID, n.Args.SourceID)
	if err != nil {
		return "", err
	}
	if !following {
		return "track paused or stopped", nil
	}
	text, card := commands.TrackModule(reply.Lang, t, tr, n.Args.Sequence)
	reply.Text, reply.Cards = text, []commands.Card{card}
	return "", nil
}
