package scheduler

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"time"

	"github.com/atelier-bot/atelier/commands"
	"github.com/atelier-bot/atelier/storage"
)

// dispatchBatch claims one batch of due rows and delivers them: one
// goroutine per platform, each sending its rows one after the other, so a
// slow or rate-limited platform does not hold the others, and a crash
// leaves at most one row per platform sent but not marked.
func (s *Scheduler) dispatchBatch(ctx context.Context) (int, error) {
	rows, err := s.db.ClaimDue(ctx, s.opts.Batch, s.opts.Lease)
	if err != nil || len(rows) == 0 {
		return 0, err
	}
	claimed := s.opts.Clock.Now()
	byPlatform := map[string][]storage.Note{}
	var order []string
	for _, n := range rows {
		p := n.To.Platform
		if _, ok := byPlatform[p]; !ok {
			order = append(order, p)
		}
		byPlatform[p] = append(byPlatform[p], n)
	}
	r := newRenderer(s)
	r.prefetch(ctx, rows)
	if len(order) == 1 {
		s.work(ctx, r, order[0], rows, claimed)
		return len(rows), nil
	}
	var wg sync.WaitGroup
	for _, p := range order {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s.work(ctx, r, p, byPlatform[p], claimed)
		}()
	}
	wg.Wait()
	return len(rows), nil
}

// pausedUntil is when a rate-limited platform may send again.
func (s *Scheduler) pausedUntil(platform string) time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.paused[platform]
}

func (s *Scheduler) pause(platform string, until time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if until.After(s.paused[platform]) {
		s.paused[platform] = until
	}
}

// ceilSecond rounds up to the outbox's resolution, so a row released for
// 300 ms is not claimed again within the same second.
func ceilSecond(t time.Time) time.Time {
	if t.Truncate(time.Second).Equal(t) {
		return t
	}
	return t.Truncate(time.Second).Add(time.Second)
}

// work delivers one platform's claimed rows in order.
func (s *Scheduler) work(ctx context.Context, r *renderer, platform string, rows []storage.Note, claimed time.Time) {
	ids := func(ns []storage.Note) []int64 {
		out := make([]int64, len(ns))
		for i, n := range ns {
			out[i] = n.ID
		}
		return out
	}
	// The database outlives ctx: rows must be given back even on shutdown.
	bg := context.WithoutCancel(ctx)
	leaseEnd := claimed.Add(s.opts.Lease)
	// busy: destinations that answered NotBefore, and until when; their
	// other rows of the batch are given back without trying them, together
	// (held, by due time), as a backlog of one channel fills whole batches.
	busy := map[storage.Address]time.Time{}
	held := map[time.Time][]int64{}
	giveBack := func() {
		for due, ids := range held {
			s.release(bg, ids, due, "destination paced")
		}
		clear(held)
	}
	defer giveBack()
	for i := range rows {
		rest := rows[i:]
		now := s.opts.Clock.Now()
		if until, ok := busy[rows[i].To]; ok && until.After(now) {
			held[until] = append(held[until], rows[i].ID)
			continue
		}
		if ctx.Err() != nil {
			s.release(bg, ids(rest), now, "shutdown")
			return
		}
		if until := s.pausedUntil(platform); until.After(now) {
			s.release(bg, ids(rest), ceilSecond(until), "platform rate limit")
			return
		}
		if now.After(leaseEnd.Add(-s.opts.Lease / 2)) {
			giveBack()
			leaseEnd = now.Add(s.opts.Lease)
			if err := s.db.ExtendLease(bg, ids(rest), leaseEnd); err != nil {
				s.log.Error("outbox lease", "err", err)
			}
		}
		wait, notBefore := s.deliver(ctx, r, rows[i])
		if !notBefore.IsZero() {
			busy[rows[i].To] = notBefore
			held[notBefore] = append(held[notBefore], rows[i].ID)
			continue
		}
		if wait > 0 {
			until := s.opts.Clock.Now().Add(wait)
			s.pause(platform, until)
			s.release(bg, ids(rest), ceilSecond(until), "platform rate limit")
			return
		}
	}
}

// stillSo checks the public cards just sent against their items as they
// are now: a job closed (or a problem withdrawn) while its card was on its
// way had nothing to edit yet, so its cards are refreshed now that the
// message is recorded. However close together the two commands, no card
// is left saying open.
func (s *Scheduler) stillSo(ctx context.Context, msg commands.Reply) {
	if !msg.Public || s.opts.Card == nil || s.opts.Changed == nil {
		return
	}
	for _, c := range msg.Cards {
		if c.Entity.ID == 0 {
			continue
		}
		fresh, err := s.opts.Card(ctx, c.Entity)
		if err == nil && fresh.Title == c.Title && reflect.DeepEqual(fresh.Fields, c.Fields) && len(fresh.Buttons) == len(c.Buttons) {
			continue
		}
		s.opts.Changed(c.Entity)
	}
}

func (s *Scheduler) release(ctx context.Context, ids []int64, due time.Time, why string) {
	if err := s.db.Release(ctx, ids, due, why); err != nil {
		s.log.Error("outbox release", "err", err)
	}
}

// deliver sends one claimed row and records the outcome. It returns a
// pause for the whole platform when the platform asked for a longer wait
// than MaxInlineWait, or the time before which the row's destination
// cannot take it (NotBefore); either way the caller gives the row back
// untried.
func (s *Scheduler) deliver(ctx context.Context, r *renderer, n storage.Note) (wait time.Duration, notBefore time.Time) {
	bg := context.WithoutCancel(ctx)
	now := s.opts.Clock.Now()
	if !n.ExpiresAt.IsZero() && !now.Before(n.ExpiresAt) {
		s.skip(bg, n, "too late: useful until "+n.ExpiresAt.Format(time.RFC3339))
		return 0, time.Time{}
	}
	sender := s.opts.Senders[n.To.Platform]
	if sender == nil {
		s.skip(bg, n, "no sender for platform "+n.To.Platform)
		return 0, time.Time{}
	}
	msg, why, err := r.render(ctx, n, now)
	if err != nil && ctx.Err() != nil {
		s.release(bg, []int64{n.ID}, now, "shutdown")
		return 0, time.Time{}
	}
	if err != nil {
		s.retry(bg, n, now, fmt.Errorf("render: %w", err))
		return 0, time.Time{}
	}
	if why != "" {
		s.skip(bg, n, why)
		return 0, time.Time{}
	}
	to := commands.Target{Platform: n.To.Platform, Workspace: n.To.Workspace, UserID: n.To.UserID, Channel: n.To.Channel}
	for tries := 0; ; tries++ {
		sctx, cancel := context.WithTimeout(ctx, s.opts.SendTimeout)
		id, err := s.send(sctx, r, sender, n, to, msg)
		cancel()
		if err == nil {
			if err := s.db.MarkSent(bg, n.ID, id); err != nil {
				s.log.Error("outbox mark sent", "id", n.ID, "err", err)
			}
			s.sent.Add(1)
			s.stillSo(bg, msg)
			return 0, time.Time{}
		}
		var ra *RetryAfter
		var nb *NotBefore
		switch {
		case errors.As(err, &nb) && ctx.Err() == nil:
			return 0, ceilSecond(s.opts.Clock.Now().Add(max(nb.Delay, 0)))
		case errors.As(err, &ra):
			s.rateLimited.Add(1)
			delay := max(ra.Delay, 0)
			if delay > s.opts.MaxInlineWait || tries >= 5 || ctx.Err() != nil {
				return max(delay, time.Second), time.Time{}
			}
			s.pause(n.To.Platform, s.opts.Clock.Now().Add(delay))
			if !s.sleep(ctx, delay) {
				return time.Second, time.Time{}
			}
			continue
		case ctx.Err() != nil:
			// Stopping: given back untried, sent again at the next start.
			s.release(bg, []int64{n.ID}, s.opts.Clock.Now(), "shutdown")
		case IsPermanent(err):
			s.fail(bg, n, err)
		default:
			s.retry(bg, n, s.opts.Clock.Now(), err)
		}
		return 0, time.Time{}
	}
}

// sleep waits d on the scheduler's clock; false when ctx ended first.
func (s *Scheduler) sleep(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return true
	}
	t := s.opts.Clock.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C():
		return true
	}
}

func (s *Scheduler) skip(ctx context.Context, n storage.Note, why string) {
	s.skipped.Add(1)
	s.log.Info("notification skipped", "key", n.Key, "reason", why)
	if err := s.db.MarkSkipped(ctx, n.ID, why); err != nil {
		s.log.Error("outbox mark skipped", "id", n.ID, "err", err)
	}
}

func (s *Scheduler) fail(ctx context.Context, n storage.Note, err error) {
	s.failed.Add(1)
	s.log.Error("notification failed", "key", n.Key, "platform", n.To.Platform, "attempts", n.Attempts, "err", err)
	if err := s.db.MarkFailed(ctx, n.ID, err.Error()); err != nil {
		s.log.Error("outbox mark failed", "id", n.ID, "err", err)
	}
	if n.MemberID == 0 && n.To.Channel != "" {
		s.warnChannel(ctx, n, err)
	}
}

// warnChannel tells staff, once a day per channel, that a channel refused
// a post (the bot is not in it, lacks a permission, it is gone): a
// configured channel that cannot be reached must not leave the bot deaf
// without anyone knowing.
func (s *Scheduler) warnChannel(ctx context.Context, n storage.Note, err error) {
	why := channelFault(err)
	s.log.Warn("channel unreachable: staff are told", "platform", n.To.Platform, "channel", n.To.Channel, "why", why)
	day := s.opts.Clock.Now().In(s.opts.Location).Format("2006-01-02")
	warn := storage.Note{
		Key:       fmt.Sprintf("%s:%s/%s:day=%s", storage.NoteChannelUnreachable, n.To.Platform, n.To.Channel, day),
		Kind:      storage.NoteChannelUnreachable,
		Args:      storage.NoteArgs{Text: n.To.Platform + " " + n.To.Channel, Phase: why},
		PlannedAt: s.opts.Clock.Now(),
	}
	if err := s.db.WarnStaff(ctx, warn); err != nil {
		s.log.Error("warn staff", "err", err)
	}
}

// channelFault sorts a platform's refusal of a channel post into what
// staff can do about it; the platform's own words stay in the logs.
func channelFault(err error) string {
	text := strings.ToLower(err.Error())
	switch {
	case strings.Contains(text, "not_in_channel"), strings.Contains(text, "missing access"), strings.Contains(text, "50001"):
		return "not_in_channel"
	case strings.Contains(text, "channel_not_found"), strings.Contains(text, "unknown channel"), strings.Contains(text, "10003"):
		return "not_found"
	case strings.Contains(text, "missing permissions"), strings.Contains(text, "50013"), strings.Contains(text, "missing_scope"),
		strings.Contains(text, "restricted_action"):
		return "permission"
	case strings.Contains(text, "archived"):
		return "archived"
	}
	return "other"
}

// retry puts the row back with exponential backoff, or fails it after the
// last attempt. n.Attempts counts this one (the claim counted it).
func (s *Scheduler) retry(ctx context.Context, n storage.Note, now time.Time, err error) {
	if n.Attempts >= s.opts.MaxAttempts {
		s.fail(ctx, n, err)
		return
	}
	s.retried.Add(1)
	delay := s.opts.BackoffBase << max(n.Attempts-1, 0)
	if delay > s.opts.BackoffMax || delay <= 0 {
		delay = s.opts.BackoffMax
	}
	s.log.Warn("notification will be retried", "key", n.Key, "attempt", n.Attempts, "in", delay, "err", err)
	if err := s.db.Retry(ctx, n.ID, ceilSecond(now.Add(delay)), err.Error()); err != nil {
		s.log.Error("outbox retry", "id", n.ID, "err", err)
	}
}
