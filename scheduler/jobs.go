package scheduler

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/atelier-bot/atelier/commands"
	"github.com/atelier-bot/atelier/storage"
	"github.com/robfig/cron/v3"
)

// job is a recurring job of the configuration. Its run returns the
// notifications to queue; the run and its rows are recorded in one
// transaction, so a restart never runs the same scheduled time twice.
type job struct {
	name  string
	spec  string
	sched cron.Schedule
	last  time.Time // the last run done; zero when it never ran
	base  time.Time // runs come after this: the last run, or the start
	run   func(ctx context.Context, at, prev time.Time) ([]storage.Note, error)
}

// seriesSpec is when recurring series make their next sessions: hourly,
// so a session reaches the horizon (and its reminders and calendars)
// within the hour.
const seriesSpec = "0 * * * *"

// extendSeries makes the sessions of every running series up to the
// horizon; each comes with its reminders, which the outbox sends.
func (s *Scheduler) extendSeries(ctx context.Context, at, _ time.Time) ([]storage.Note, error) {
	n, workshops, err := s.db.ExtendSeries(ctx, at.Add(storage.SeriesHorizon))
	if n > 0 {
		s.log.Info("series sessions made", "sessions", n)
	}
	// The workshops' cards and Discord events follow their new sessions.
	if s.opts.Changed != nil {
		for _, id := range workshops {
			s.opts.Changed(commands.Entity{Kind: storage.KindWorkshop, ID: id})
		}
	}
	return nil, err
}

// purgeSpec is when rows done long ago are deleted: daily, off-peak.
const purgeSpec = "17 4 * * *"

func (s *Scheduler) addJobs() error {
	for _, j := range []*job{
		{name: "digest", spec: s.opts.Digest, run: s.digest},
		{name: "feedback", spec: s.opts.Feedback, run: s.feedback},
		{name: "nudge", spec: s.opts.Nudge, run: s.nudge},
		{name: "purge", spec: purgeSpec, run: s.purge},
		{name: "outcomes", spec: s.opts.Outcomes, run: s.outcomeAsks},
		{name: "series", spec: seriesSpec, run: s.extendSeries},
		{name: "headcount", spec: s.opts.Headcount, run: s.headcountAsks},
		{name: "tracks", spec: seriesSpec, run: s.trackModules},
		{name: "threads", spec: threadsSpec, run: s.closeThreads},
	} {
		if j.spec == "" {
			continue
		}
		sched, err := commands.ParseCron(j.spec, s.opts.Location)
		if err != nil {
			return fmt.Errorf("scheduler: %s schedule %q: %w (for example %q)", j.name, j.spec, err, commands.CronExample)
		}
		j.sched = sched
		s.jobs = append(s.jobs, j)
	}
	return nil
}

// loadJobs reads each job's last run. A job that never ran starts counting
// from now: its first run is the next scheduled time.
func (s *Scheduler) loadJobs(ctx context.Context) error {
	now := s.opts.Clock.Now()
	for _, j := range s.jobs {
		last, err := s.db.JobRun(ctx, j.name)
		if err != nil {
			return err
		}
		j.last, j.base = last, last
		if last.IsZero() {
			j.base = now
		}
	}
	return nil
}

// latestRun is the last scheduled time after base and not after now, given
// that sched.Next(base) is not after now: after downtime, a job runs once
// for the runs it missed, not once per run.
func latestRun(sched cron.Schedule, base, now time.Time) time.Time {
	t := sched.Next(base)
	for range 1_000_000 {
		n := sched.Next(t)
		if n.IsZero() || n.After(now) {
			break
		}
		t = n
	}
	return t
}

// runJobs runs the jobs and announcements whose time came, and returns the
// next time one is due.
func (s *Scheduler) runJobs(ctx context.Context, now time.Time) (time.Time, error) {
	next := now.Add(s.opts.MaxSleep)
	soonest := func(t time.Time) {
		if !t.IsZero() && t.Before(next) {
			next = t
		}
	}
	for _, j := range s.jobs {
		if j.base.IsZero() {
			j.base = now
		}
		n := j.sched.Next(j.base)
		if !n.After(now) {
			run := latestRun(j.sched, j.base, now)
			notes, err := j.run(ctx, run, j.last)
			if err != nil {
				return now, fmt.Errorf("scheduler: job %s: %w", j.name, err)
			}
			if _, err := s.db.FinishJob(ctx, j.name, run, notes); err != nil {
				return now, fmt.Errorf("scheduler: job %s: %w", j.name, err)
			}
			s.log.Info("job ran", "job", j.name, "run", run, "queued", len(notes))
			j.last, j.base = run, run
			n = j.sched.Next(run)
		}
		soonest(n)
	}
	as, err := s.db.Announcements(ctx)
	if err != nil {
		return now, err
	}
	for _, a := range as {
		if a.Paused || a.Done() {
			continue
		}
		if a.Spec == "" {
			if a.OnceAt.After(now) {
				soonest(a.OnceAt)
			} else if err := s.fire(ctx, a, a.OnceAt, time.UTC); err != nil {
				return now, err
			}
			continue
		}
		sched, err := s.cron(a.Spec)
		if err != nil {
			// Checked when created; a zone removed from the system since?
			s.log.Error("announcement schedule", "id", a.ID, "spec", a.Spec, "err", err)
			continue
		}
		base := a.LastRunAt
		if base.IsZero() {
			base = a.CreatedAt
		}
		n := sched.Next(base)
		if !n.After(now) {
			run := latestRun(sched, base, now)
			loc := commands.CronLocation(sched)
			if loc == nil {
				loc = s.opts.Location
			}
			if err := s.fire(ctx, a, run, loc); err != nil {
				return now, err
			}
			n = sched.Next(run)
		}
		soonest(n)
	}
	return next, nil
}

func (s *Scheduler) cron(spec string) (cron.Schedule, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if c, ok := s.crons[spec]; ok {
		return c, nil
	}
	c, err := commands.ParseCron(spec, s.opts.Location)
	if err != nil {
		return nil, err
	}
	s.crons[spec] = c
	return c, nil
}

// NextRun is when an announcement posts next (zero: never again), as
// /announce list shows it.
func NextRun(a storage.Announcement, now time.Time, loc *time.Location) time.Time {
	if a.Paused || a.Done() {
		return time.Time{}
	}
	if a.Spec == "" {
		return a.OnceAt
	}
	sched, err := commands.ParseCron(a.Spec, loc)
	if err != nil {
		return time.Time{}
	}
	base := a.LastRunAt
	if base.IsZero() {
		base = a.CreatedAt
	}
	// When this is not after now, the run is due: it is about to go out.
	return sched.Next(base)
}

// fire queues the posts of one run of an announcement. The key holds the
// run's minute on the schedule's own wall clock, so the hour that repeats
// when clocks go back cannot post a "02:30" announcement twice.
func (s *Scheduler) fire(ctx context.Context, a storage.Announcement, run time.Time, loc *time.Location) error {
	targets, err := commands.ParseTargets(a.Targets, s.opts.Channels, s.opts.Platforms)
	if err != nil {
		s.log.Error("announcement targets", "id", a.ID, "targets", a.Targets, "err", err)
	}
	minute := minuteKey(run, loc)
	var notes []storage.Note
	for _, t := range targets {
		notes = append(notes, storage.Note{
			Key:       fmt.Sprintf("announce:id=%d:at=%s:to=%s/%s", a.ID, minute, t.Platform, t.Channel),
			Kind:      storage.NoteAnnouncement,
			Args:      storage.NoteArgs{AnnouncementID: a.ID, Text: a.Text},
			To:        storage.Address{Platform: t.Platform, Workspace: t.Workspace, Channel: t.Channel},
			PlannedAt: run,
			ExpiresAt: run.Add(s.opts.AnnouncementGrace),
		})
	}
	fired, err := s.db.FireAnnouncement(ctx, a.ID, run, notes)
	if err != nil {
		return fmt.Errorf("scheduler: announcement %d: %w", a.ID, err)
	}
	if fired {
		s.log.Info("announcement fired", "id", a.ID, "run", run, "posts", len(notes))
	}
	return nil
}

func minuteKey(t time.Time, loc *time.Location) string { return t.In(loc).Format("2006-01-02T15:04") }

// digest: the problems posted since the last digest and the workshops with
// a session in the next two weeks, to every announcements channel. With
// chapters, a chapter's own digest channels get its items and every
// chapter's (online), in its language and zone.
func (s *Scheduler) digest(ctx context.Context, at, prev time.Time) ([]storage.Note, error) {
	since := prev
	if since.IsZero() || at.Sub(since) > 7*24*time.Hour || !since.Before(at) {
		since = at.Add(-7 * 24 * time.Hour)
	}
	if s.opts.Channels == nil {
		return nil, nil
	}
	community := s.opts.Channels("digest")
	notes, err := s.digestNotes(ctx, at, since, "", nil, community)
	if err != nil || s.opts.ChapterChannels == nil {
		return notes, err
	}
	for _, c := range s.opts.Chapters {
		if c.Archived {
			continue
		}
		// A chapter that names no digest channel falls back to the
		// community's, which gets the whole community's digest, once.
		var own []commands.Target
		for _, t := range s.opts.ChapterChannels(c.ID, "digest") {
			if !slices.Contains(community, t) {
				own = append(own, t)
			}
		}
		more, err := s.digestNotes(ctx, at, since, c.ID, []string{c.ID, ""}, own)
		if err != nil {
			return nil, err
		}
		notes = append(notes, more...)
	}
	return notes, nil
}

// digestNotes is one digest, of the items of chapters (nil: all), to
// targets; chapter names whose language and zone it is written in.
func (s *Scheduler) digestNotes(ctx context.Context, at, since time.Time, chapter string, chapters []string, targets []commands.Target) ([]storage.Note, error) {
	if len(targets) == 0 {
		return nil, nil
	}
	problems, err := s.db.ProblemsSince(ctx, since, 10, chapters)
	if err != nil {
		return nil, err
	}
	ws, err := s.db.ListWorkshops(ctx, 50)
	if err != nil {
		return nil, err
	}
	var workshops []int64
	for _, w := range ws {
		if chapters != nil && !slices.Contains(chapters, w.Chapter) {
			continue
		}
		if w.NextSession.ID != 0 && w.NextSession.Start.After(at) && w.NextSession.Start.Before(at.Add(14*24*time.Hour)) {
			workshops = append(workshops, w.ID)
		}
	}
	outcomes, err := s.db.Outcomes(ctx, storage.OutcomeFilter{PublishedSince: since, PublishedUntil: at, Limit: 20})
	if err != nil {
		return nil, err
	}
	var outcomeIDs []int64
	for _, o := range outcomes {
		outcomeIDs = append(outcomeIDs, o.ID)
	}
	if len(problems) == 0 && len(workshops) == 0 && len(outcomeIDs) == 0 {
		return nil, nil
	}
	var notes []storage.Note
	for _, t := range targets {
		notes = append(notes, storage.Note{
			Key:       fmt.Sprintf("digest:at=%s:to=%s/%s", minuteKey(at, s.opts.Location), t.Platform, t.Channel),
			Kind:      storage.NoteDigest,
			Args:      storage.NoteArgs{Since: since.Unix(), Problems: problems, Workshops: workshops, Outcomes: outcomeIDs, Chapter: chapter},
			To:        storage.Address{Platform: t.Platform, Workspace: t.Workspace, Channel: t.Channel},
			PlannedAt: at,
			ExpiresAt: at.Add(24 * time.Hour),
		})
	}
	return notes, nil
}

// feedback: after each session that ended since the last run (a week at
// most), its participants are asked whether it helped.
func (s *Scheduler) feedback(ctx context.Context, at, prev time.Time) ([]storage.Note, error) {
	from := prev
	if from.IsZero() || at.Sub(from) > 7*24*time.Hour || !from.Before(at) {
		from = at.Add(-24 * time.Hour)
	}
	ended, err := s.db.EndedSessions(ctx, from, at)
	if err != nil {
		return nil, err
	}
	var notes []storage.Note
	asked := map[int64]bool{}
	for _, e := range ended {
		// The workshop's host is asked who came, once per session.
		if !asked[e.Session.ID] {
			asked[e.Session.ID] = true
			if w, err := s.db.Workshop(ctx, e.Session.WorkshopID); err == nil && w.HostID != 0 {
				notes = append(notes, storage.Note{
					Key:        fmt.Sprintf("%s:session=%d", storage.NoteAttendanceAsk, e.Session.ID),
					Kind:       storage.NoteAttendanceAsk,
					MemberID:   w.HostID,
					SessionID:  e.Session.ID,
					WorkshopID: e.Session.WorkshopID,
					PlannedAt:  at,
					ExpiresAt:  e.Session.End().Add(7 * 24 * time.Hour),
				})
			}
		}
		notes = append(notes, storage.Note{
			Key:        fmt.Sprintf("feedback:session=%d:member=%d", e.Session.ID, e.MemberID),
			Kind:       storage.NoteFeedback,
			MemberID:   e.MemberID,
			SessionID:  e.Session.ID,
			WorkshopID: e.Session.WorkshopID,
			PlannedAt:  at,
			ExpiresAt:  e.Session.End().Add(7 * 24 * time.Hour),
		})
	}
	return notes, nil
}

// nudge: the author of an open problem quiet for NudgeAfter is asked
// whether it is solved, once per quiet stretch.
func (s *Scheduler) nudge(ctx context.Context, at, _ time.Time) ([]storage.Note, error) {
	quiet, err := s.db.QuietProblems(ctx, at.Add(-s.opts.NudgeAfter), 100)
	if err != nil {
		return nil, err
	}
	var notes []storage.Note
	for _, q := range quiet {
		notes = append(notes, storage.Note{
			Key:       fmt.Sprintf("nudge:problem=%d:since=%d", q.ID, q.LastActivity.Unix()),
			Kind:      storage.NoteNudge,
			Args:      storage.NoteArgs{ProblemID: q.ID, Since: q.LastActivity.Unix()},
			MemberID:  q.AuthorID,
			PlannedAt: at,
			ExpiresAt: at.Add(48 * time.Hour),
		})
	}
	return notes, nil
}

// purge deletes rows done more than Retention ago.
func (s *Scheduler) purge(ctx context.Context, at, _ time.Time) ([]storage.Note, error) {
	n, err := s.db.PurgeOutbox(ctx, at.Add(-s.opts.Retention))
	if err == nil && n > 0 {
		s.log.Info("outbox purged", "rows", n)
	}
	return nil, err
}

// headcountAsks: each organisation's HR contact is asked for the half-year
// that just ended, once (the row's key names the organisation and the
// half-year).
func (s *Scheduler) headcountAsks(ctx context.Context, at, _ time.Time) ([]storage.Note, error) {
	cs, err := s.db.OrgContacts(ctx)
	if err != nil {
		return nil, err
	}
	period := storage.HalfYear(at.AddDate(0, 0, -7), s.opts.Location)
	var notes []storage.Note
	for _, c := range cs {
		notes = append(notes, storage.Note{
			Key:       fmt.Sprintf("%s:org=%s:period=%s", storage.NoteHeadcountAsk, c.Organisation, period),
			Kind:      storage.NoteHeadcountAsk,
			MemberID:  c.MemberID,
			Args:      storage.NoteArgs{Text: c.Organisation, Phase: period},
			PlannedAt: at,
			ExpiresAt: at.Add(30 * 24 * time.Hour),
		})
	}
	return notes, nil
}

// trackModules queues, each hour, the modules of the tracks due in the
// hour ahead, each planned at its exact time.
func (s *Scheduler) trackModules(ctx context.Context, at, _ time.Time) ([]storage.Note, error) {
	_, err := s.db.QueueTrackModules(ctx, at.Add(time.Hour))
	return nil, err
}
