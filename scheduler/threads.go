package scheduler

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/atelier-bot/atelier/commands"
	"github.com/atelier-bot/atelier/storage"
)

// Thread is a workshop's discussion thread, as a platform finds it.
type Thread struct {
	Workspace string
	Channel   string // the channel of the card (a forum, for a forum post)
	CardID    string // the card's message
	ID        string // the thread: a Discord channel, a Slack card's ts; "" before it is made
}

// Threads is implemented by the Senders of platforms where a workshop's
// card carries a discussion thread. As for Send, the methods do not retry
// and sort their errors the same way (RetryAfter, Permanent).
type Threads interface {
	// OpenThread makes the thread on t's card, named name (the platform
	// cuts it to its limit), with first as its first message, and returns
	// the thread's id. Asked again for a card that has its thread (a crash
	// before the id was recorded), it returns that thread's id.
	OpenThread(ctx context.Context, t Thread, name string, first commands.Reply) (string, error)
	// PostInThread posts msg in the thread, as Send posts to a channel.
	PostInThread(ctx context.Context, t Thread, msg commands.Reply) (string, error)
	// CloseThread posts last in the thread, then archives and locks it
	// where the platform can.
	CloseThread(ctx context.Context, t Thread, last commands.Reply) (string, error)
}

// ThreadMembers is implemented where the bot can put a member in a thread
// (Discord). A Slack thread has no member list: people follow it by
// replying, so its Sender leaves this out and those rows are skipped.
type ThreadMembers interface {
	ThreadMember(ctx context.Context, t Thread, userID string, add bool) error
}

// threadsSpec is when threads of workshops that are over get closed:
// hourly, with the series, so the scheduler wakes no more often for it.
const threadsSpec = seriesSpec

// closeThreads queues the closing of every thread whose workshop is over:
// closed or cancelled, or ThreadAfter past its last session. One row per
// thread, keyed by it: closed once.
func (s *Scheduler) closeThreads(ctx context.Context, at, _ time.Time) ([]storage.Note, error) {
	ts, err := s.db.ThreadsToClose(ctx, at.Add(-s.opts.ThreadAfter))
	if err != nil {
		return nil, err
	}
	notes := make([]storage.Note, 0, len(ts))
	for _, t := range ts {
		notes = append(notes, storage.Note{
			Key:        fmt.Sprintf("%s:thread=%d", storage.NoteThreadClose, t.ID),
			Kind:       storage.NoteThreadClose,
			To:         t.Address(),
			WorkshopID: t.WorkshopID,
			PlannedAt:  at,
		})
	}
	return notes, nil
}

// threadOutcome: the question asked of each participant right after the
// last session is also asked in the workshop's threads.
func (s *Scheduler) threadOutcome(ctx context.Context, workshopID int64, at time.Time) ([]storage.Note, error) {
	ts, err := s.db.OpenThreads(ctx, workshopID)
	if err != nil {
		return nil, err
	}
	var notes []storage.Note
	for _, t := range ts {
		notes = append(notes, storage.Note{
			Key:        fmt.Sprintf("%s:thread=%d", storage.NoteThreadOutcome, t.ID),
			Kind:       storage.NoteThreadOutcome,
			To:         t.Address(),
			WorkshopID: workshopID,
			PlannedAt:  at,
			ExpiresAt:  at.Add(7 * 24 * time.Hour),
		})
	}
	return notes, nil
}

// threadRow is what rendering a thread row found, for sending it.
type threadRow struct {
	t    storage.Thread
	name string
}

func (r *renderer) keepThread(id int64, tr threadRow) {
	r.s.mu.Lock()
	defer r.s.mu.Unlock()
	if r.threads == nil {
		r.threads = map[int64]threadRow{}
	}
	r.threads[id] = tr
}

func (r *renderer) threadOf(id int64) threadRow {
	r.s.mu.Lock()
	defer r.s.mu.Unlock()
	return r.threads[id]
}

// errThreadNotMade sends a row back to wait for its thread.
var errThreadNotMade = errors.New("the thread is not made yet")

// thread renders a thread row, in the language of the workshop's cards:
// plain text, no card (a card in a thread would be taken for the
// workshop's card).
func (r *renderer) thread(ctx context.Context, reply *commands.Reply, n storage.Note) (string, error) {
	sender := r.s.opts.Senders[n.To.Platform]
	if _, ok := sender.(Threads); !ok {
		return "no threads on " + n.To.Platform, nil
	}
	if _, ok := sender.(ThreadMembers); !ok && n.Kind == storage.NoteThreadMember {
		return "threads on " + n.To.Platform + " take no members", nil
	}
	t, ok, err := r.s.db.ThreadOf(ctx, n.WorkshopID, n.To.Platform, n.To.Channel)
	if err != nil {
		return "", err
	}
	if !ok {
		return "no thread", nil
	}
	if !t.ClosedAt.IsZero() {
		return "thread closed", nil
	}
	if t.ThreadID == "" && n.Kind == storage.NoteThreadClose {
		// Never made (the workshop closed first): nothing to archive.
		return "thread never made", r.s.db.ThreadClosed(ctx, t.ID)
	}
	if t.ThreadID == "" && n.Kind != storage.NoteThreadOpen {
		return "", errThreadNotMade
	}
	w, err := r.workshop(ctx, n.WorkshopID)
	if storage.ErrorCode(err) == storage.ENOTFOUND {
		return "workshop gone", nil
	}
	if err != nil {
		return "", err
	}
	// The language of the workshop's cards: its chapter's, else the
	// community's.
	if c, ok := r.s.opts.chapters[w.Chapter]; ok && c.Language != "" {
		reply.Lang = c.Language
		if c.Location != nil {
			reply.Loc = c.Location
		}
	}
	lang := reply.Lang
	tr := threadRow{t: t}
	switch n.Kind {
	case storage.NoteThreadOpen, storage.NoteThreadReminder, storage.NoteThreadMoved, storage.NoteThreadCancelled:
		// A workshop closed or cancelled meanwhile: its threads are about
		// to close, with nothing more about its sessions; one not made yet
		// never will be, and what waits for it goes.
		if why, _ := workshopClosed(w, nil); why != "" {
			if t.ThreadID == "" {
				return why, r.s.db.ThreadClosed(ctx, t.ID)
			}
			return why, nil
		}
	}
	switch n.Kind {
	case storage.NoteThreadOpen:
		tr.name = fmt.Sprintf("#%d · %s", w.ID, w.Title)
		reply.Text = commands.T(lang, "thread.open", w.ID, w.Title)
	case storage.NoteThreadMember:
	case storage.NoteThreadReminder:
		s, err := r.session(ctx, n.SessionID)
		if storage.ErrorCode(err) == storage.ENOTFOUND {
			return "session gone", nil
		}
		if err != nil {
			return "", err
		}
		if s.Cancelled || s.Sequence != n.Args.Sequence {
			return "session changed since", nil
		}
		reply.Text = commands.T(lang, "notify.reminder", w.ID, w.Title, commands.TimeMark(s.Start)) + "\n" + threadPlace(lang, s.Place)
	case storage.NoteThreadMoved, storage.NoteThreadCancelled:
		// The words of the participants' DM, without its card.
		dm := n
		dm.Kind = storage.NoteSessionMoved
		if n.Kind == storage.NoteThreadCancelled {
			dm.Kind = storage.NoteSessionCancelled
		}
		why, err := r.sessionChange(ctx, reply, dm)
		if why != "" || err != nil {
			return why, err
		}
		reply.Cards = nil
	case storage.NoteThreadOutcome:
		reply.Text = commands.T(lang, "outcome.ask_end", w.ID, w.Title) + "\n" + commands.T(lang, "outcome.ask_body", w.ID)
	case storage.NoteThreadClose:
		key := "thread.closed"
		if w.Status == storage.WorkshopCancelled {
			key = "thread.closed_cancelled"
		}
		reply.Text = commands.T(lang, key, w.ID, w.Title)
	}
	r.keepThread(n.ID, tr)
	return "", nil
}

// threadPlace is the place line of a reminder in a thread.
func threadPlace(lang commands.Lang, place string) string {
	if place == "" {
		place = commands.T(lang, "workshop.no_place")
	}
	return commands.T(lang, "thread.place", place)
}

// send delivers a rendered row: a thread row through the platform's
// Threads, anything else through Send.
func (s *Scheduler) send(ctx context.Context, r *renderer, sender Sender, n storage.Note, to commands.Target, msg commands.Reply) (string, error) {
	if !storage.IsThreadNote(n.Kind) {
		return sender.Send(ctx, to, msg)
	}
	th := sender.(Threads) // render skipped the rows of platforms without
	tr := r.threadOf(n.ID)
	t := Thread{Workspace: tr.t.Workspace, Channel: tr.t.Channel, CardID: tr.t.CardID, ID: tr.t.ThreadID}
	bg := context.WithoutCancel(ctx)
	switch n.Kind {
	case storage.NoteThreadOpen:
		id, err := th.OpenThread(ctx, t, tr.name, msg)
		if err != nil {
			return "", err
		}
		// Recorded before the row is marked sent: a crash between the two
		// opens again, and the platform hands back the same thread.
		if err := s.db.ThreadOpened(bg, tr.t.ID, id); err != nil {
			return "", err
		}
		return id, nil
	case storage.NoteThreadMember:
		return "", sender.(ThreadMembers).ThreadMember(ctx, t, n.To.UserID, n.Args.Phase != "remove")
	case storage.NoteThreadClose:
		id, err := th.CloseThread(ctx, t, msg)
		if err != nil {
			return "", err
		}
		if err := s.db.ThreadClosed(bg, tr.t.ID); err != nil {
			return "", err
		}
		return id, nil
	}
	return th.PostInThread(ctx, t, msg)
}
