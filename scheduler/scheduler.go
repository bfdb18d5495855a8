// Package scheduler runs atelier's time-based work: it dispatches the
// durable outbox of notifications (reminders, waitlist promotions,
// cancellations, announcements, digests, feedback requests, nudges) through
// each platform's Sender, and fires the recurring jobs (staff announcements
// on cron, the weekly digest, feedback after sessions, nudges on quiet
// problems).
//
// How it stays correct across crashes: every notification is an outbox row
// written in the transaction of the change that caused it. The dispatcher
// claims due rows (pending → sending, leased), sends each, and marks it
// sent right after; a crash between the send and the mark leaves that one
// row leased, and it is sent again once the lease runs out. So nothing is
// lost, and at most the row in flight on each platform is sent twice.
// Jobs record their last run in the same transaction as the rows they
// queue, and rows have unique keys, so no run fires twice.
//
// How it waits: a timer to the next due row or job run, not a poll; a
// change that queues a row wakes it at once (storage.DB.OnWake → Nudge).
package scheduler

import (
	"context"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/atelier-bot/atelier/commands"
	"github.com/atelier-bot/atelier/storage"
	"github.com/robfig/cron/v3"
)

// Options configure a Scheduler. Zero values take the defaults noted.
type Options struct {
	Clock   Clock             // default RealClock
	Senders map[string]Sender // by platform name
	Logger  *slog.Logger

	// The community: its zone (cron specs, reminders of members without
	// one) and language (channel posts, members without one).
	Location *time.Location
	Language commands.Lang
	Name     string // shown in the digest
	// Chapters give the zone and language of their members who chose none.
	Chapters []commands.Chapter
	chapters map[string]commands.Chapter
	// Channels resolves named channels ("announcements") to each enabled
	// platform's channel; Platforms lists the platforms enabled.
	Channels  func(name string) []commands.Target
	Platforms []string
	// ChapterChannels resolves a kind to one chapter's channels (a digest
	// of its own); nil without chapters.
	ChapterChannels func(chapter, kind string) []commands.Target
	// Card renders an item's public card as it is now (Router.Card), for
	// the cards posted to a kind's channel.
	Card func(ctx context.Context, e commands.Entity) (commands.Card, error)
	// Changed tells the platforms an item changed outside a request (a
	// series' new sessions), as Router.Changed does.
	Changed func(commands.Entity)

	// Recurring jobs, as cron specs; "" turns one off.
	Digest     string        // weekly digest to the announcements channel(s)
	Feedback   string        // feedback requests after sessions that ended
	Nudge      string        // nudges on problems quiet for NudgeAfter
	NudgeAfter time.Duration // default 14 days
	Outcomes   string        // questions after workshops' last sessions
	Headcount  string        // HR contacts asked for their half-year figures
	// ThreadAfter is how long a workshop's threads stay open after its
	// last session ended, for the talk that follows; default 24 hours.
	ThreadAfter time.Duration

	Lease         time.Duration // a claimed row's lease; default 1 minute
	Batch         int           // rows per claim; default 32 (a claim stays under a millisecond at 1,000,000 rows)
	MaxAttempts   int           // tries before a row fails; default 8
	BackoffBase   time.Duration // first retry after; doubles each time; default 30s
	BackoffMax    time.Duration // default 30 minutes
	MaxInlineWait time.Duration // a Retry-After up to this is waited in place; default 10s
	SendTimeout   time.Duration // one Send's deadline; default 30s
	LateAfter     time.Duration // a row sent this late says so; default 5 minutes
	// AnnouncementGrace is how late an announcement may still go out (a
	// restart after its time); later ones are skipped. Default 1 hour.
	AnnouncementGrace time.Duration
	Retention         time.Duration // rows done are purged after; default 30 days
	MaxSleep          time.Duration // longest wait with nothing due; default 1 hour
}

func (o *Options) defaults() {
	if o.Clock == nil {
		o.Clock = RealClock{}
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	if o.Location == nil {
		o.Location = time.UTC
	}
	if o.Language == "" {
		o.Language = commands.EN
	}
	if o.Name == "" {
		o.Name = "atelier"
	}
	o.chapters = map[string]commands.Chapter{}
	for _, c := range o.Chapters {
		o.chapters[c.ID] = c
	}
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	def(&o.NudgeAfter, 14*24*time.Hour)
	def(&o.ThreadAfter, 24*time.Hour)
	def(&o.Lease, time.Minute)
	def(&o.BackoffBase, 30*time.Second)
	def(&o.BackoffMax, 30*time.Minute)
	def(&o.MaxInlineWait, 10*time.Second)
	def(&o.SendTimeout, 30*time.Second)
	def(&o.LateAfter, 5*time.Minute)
	def(&o.AnnouncementGrace, time.Hour)
	def(&o.Retention, 30*24*time.Hour)
	def(&o.MaxSleep, time.Hour)
	if o.Batch <= 0 {
		o.Batch = 32
	}
	if o.MaxAttempts <= 0 {
		o.MaxAttempts = 8
	}
}

// Stats counts what the dispatcher did since it started.
type Stats struct {
	Sent, Skipped, Failed, Retried, RateLimited int64
}

// Scheduler dispatches the outbox and fires recurring jobs.
type Scheduler struct {
	db   *storage.DB
	opts Options
	log  *slog.Logger
	wake chan struct{}
	jobs []*job

	mu     sync.Mutex
	paused map[string]time.Time // platform → held until (Retry-After)
	crons  map[string]cron.Schedule

	sent, skipped, failed, retried, rateLimited atomic.Int64
}

// New checks the options (the jobs' cron specs) and returns a scheduler.
// It sets db.OnWake so that queued rows wake it.
func New(db *storage.DB, opts Options) (*Scheduler, error) {
	opts.defaults()
	s := &Scheduler{db: db, opts: opts, log: opts.Logger, wake: make(chan struct{}, 1),
		paused: map[string]time.Time{}, crons: map[string]cron.Schedule{}}
	if err := s.addJobs(); err != nil {
		return nil, err
	}
	db.OnWake = s.Nudge
	return s, nil
}

// Nudge wakes the scheduler without blocking: a row was queued or an
// announcement changed.
func (s *Scheduler) Nudge() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// Stats returns the counts so far.
func (s *Scheduler) Stats() Stats {
	return Stats{Sent: s.sent.Load(), Skipped: s.skipped.Load(), Failed: s.failed.Load(),
		Retried: s.retried.Load(), RateLimited: s.rateLimited.Load()}
}

// Start brings the reminders in line with the configuration (a new offset,
// a database from before reminders) and loads the jobs' last runs. Run
// calls it.
func (s *Scheduler) Start(ctx context.Context) error {
	if err := s.db.SyncReminders(ctx); err != nil {
		return err
	}
	return s.loadJobs(ctx)
}

// Run starts, then works until ctx is done: everything due, then a wait for
// the next due row or job run, or a nudge.
func (s *Scheduler) Run(ctx context.Context) error {
	if err := s.Start(ctx); err != nil {
		return err
	}
	for {
		next, err := s.Tick(ctx)
		if ctx.Err() != nil {
			return nil
		}
		now := s.opts.Clock.Now()
		wait := next.Sub(now)
		if err != nil {
			s.log.Error("scheduler", "err", err)
			wait = min(wait, 5*time.Second) // a database hiccup: look again soon
		}
		wait = max(min(wait, s.opts.MaxSleep), 0)
		t := s.opts.Clock.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil
		case <-t.C():
		case <-s.wake:
			t.Stop()
		}
	}
}

// Tick does everything due at the clock's now: the jobs whose run came,
// then the outbox rows due, batch after batch. It returns when to look
// again: the next due row or job run (at most MaxSleep ahead).
func (s *Scheduler) Tick(ctx context.Context) (time.Time, error) {
	now := s.opts.Clock.Now()
	next := now.Add(s.opts.MaxSleep)
	jobNext, err := s.runJobs(ctx, now)
	if err != nil {
		return now, err
	}
	if jobNext.Before(next) {
		next = jobNext
	}
	for ctx.Err() == nil {
		n, err := s.dispatchBatch(ctx)
		if err != nil {
			return now, err
		}
		if n < s.opts.Batch {
			break
		}
	}
	if due, ok, err := s.db.NextDue(ctx); err != nil {
		return now, err
	} else if ok && due.Before(next) {
		next = due
	}
	return next, nil
}
