package slack

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/slack-go/slack"

	"github.com/atelier-bot/atelier/commands"
	"github.com/atelier-bot/atelier/scheduler"
	"github.com/atelier-bot/atelier/storage"
)

var _ scheduler.Sender = (*Adapter)(nil)

// refresher queues the entities whose posted cards must be edited. The
// router's callback only adds to a set, so it never blocks a request; an
// entity changed ten times while waiting is edited once, to its latest
// state.
type refresher struct {
	delay   time.Duration
	mu      sync.Mutex
	pending map[commands.Entity]bool
	order   []commands.Entity
	wake    chan struct{}
}

func newRefresher(delay time.Duration) *refresher {
	return &refresher{delay: delay, pending: map[commands.Entity]bool{}, wake: make(chan struct{}, 1)}
}

// add is the router's Subscribe callback.
func (r *refresher) add(e commands.Entity) {
	r.mu.Lock()
	if !r.pending[e] {
		r.pending[e] = true
		r.order = append(r.order, e)
	}
	r.mu.Unlock()
	select {
	case r.wake <- struct{}{}:
	default:
	}
}

// run edits queued entities with fn until ctx is done.
func (r *refresher) run(ctx context.Context, fn func(context.Context, commands.Entity)) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-r.wake:
		}
		// Let the burst that woke us finish: its changes join this batch.
		if !sleep(ctx, r.delay) {
			return
		}
		for {
			r.mu.Lock()
			if len(r.order) == 0 {
				r.mu.Unlock()
				break
			}
			e := r.order[0]
			r.order = r.order[1:]
			delete(r.pending, e)
			r.mu.Unlock()
			fn(ctx, e)
			if ctx.Err() != nil {
				return
			}
		}
	}
}

// refresh edits the Slack messages that show e to its current card: the
// live participant count and waitlist of an announcement, the interest of
// a problem, whatever platform the change came from.
func (a *Adapter) refresh(ctx context.Context, e commands.Entity) {
	defer a.recoverPanic("refresh")
	refs, err := a.router.Messages(ctx, e)
	if err != nil {
		a.log.Error("slack: messages of an entity", "err", err, "kind", e.Kind, "id", e.ID)
		return
	}
	var mine []storage.MessageRef
	for _, ref := range refs {
		if ref.Platform == Platform && !a.elsewhere(ref.Channel) {
			mine = append(mine, ref)
		}
	}
	if len(mine) == 0 {
		return
	}
	card, err := a.router.Card(ctx, e)
	if err != nil {
		a.log.Error("slack: card of an entity", "err", err, "kind", e.Kind, "id", e.ID)
		return
	}
	m := a.style(a.cfg.Language).cardMessage(card)
	for _, ref := range mine {
		if _, _, _, err := a.api.UpdateMessageContext(ctx, ref.Channel, ref.MessageID, m.options()...); err != nil && !a.learn(ref.Channel, err) {
			a.log.Warn("slack chat.update failed", "err", err, "channel", ref.Channel, "kind", e.Kind, "id", e.ID)
		}
	}
}

// requestReconcile starts a reconciliation, or asks the running one for
// another pass: a reconnect during a pass must not be missed.
func (a *Adapter) requestReconcile(ctx context.Context) {
	a.mu.Lock()
	if a.reconciling {
		a.again = true
		a.mu.Unlock()
		return
	}
	a.reconciling = true
	a.mu.Unlock()
	a.goSafe("reconcile", func() {
		defer func() {
			a.mu.Lock()
			a.reconciling = false
			a.mu.Unlock()
		}()
		for {
			a.reconcile(ctx)
			a.mu.Lock()
			again := a.again
			a.again = false
			a.mu.Unlock()
			if !again || ctx.Err() != nil {
				return
			}
		}
	})
}

// reconcile applies the reactions put on or taken off the bot's open
// cards while it was not listening: reactions.get tells who has the emoji
// on now, and the router applies the difference with what it acted on,
// once.
func (a *Adapter) reconcile(ctx context.Context) {
	refs, err := a.router.ReconcileTargets(ctx, Platform)
	if err != nil {
		a.log.Error("slack: reconcile targets", "err", err)
		return
	}
	bot, team := a.identity()
	applied := 0
	for _, ref := range refs {
		if ctx.Err() != nil {
			return
		}
		if a.elsewhere(ref.Channel) {
			continue
		}
		users, err := a.reactors(ctx, ref, bot)
		if a.learn(ref.Channel, err) {
			continue
		}
		if err != nil {
			a.log.Warn("slack reactions.get failed; message skipped", "err", err, "channel", ref.Channel)
			continue
		}
		changes, err := a.router.Reconcile(ctx, ref, team, "", users)
		if err != nil {
			a.log.Error("slack: reconcile", "err", err, "channel", ref.Channel)
			continue
		}
		for _, c := range changes {
			applied++
			o := origin{team: team, user: c.Request.UserID, channel: ref.Channel}
			a.sendPrivate(ctx, o, c.Reply)
		}
	}
	a.reconciles.Add(1)
	a.log.Info("slack reactions reconciled", "messages", len(refs), "changes", applied)
}

// reactors lists who has the configured emoji (any skin tone) on a
// message, the bot excluded.
func (a *Adapter) reactors(ctx context.Context, ref storage.MessageRef, bot string) ([]string, error) {
	item, err := a.api.GetReactionsContext(ctx, slack.ItemRef{Channel: ref.Channel, Timestamp: ref.MessageID},
		slack.GetReactionsParameters{Full: true})
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	var users []string
	for _, r := range item.Reactions {
		if !a.isEmoji(r.Name) {
			continue
		}
		for _, u := range r.Users {
			if u != bot && !seen[u] {
				seen[u] = true
				users = append(users, u)
			}
		}
	}
	return users, nil
}

// Send posts a notification (the scheduler's Sender): to a member's
// direct messages when to.UserID is set, else in to.Channel. A public
// reply's cards are posted one per message and recorded, so reactions and
// live counts work on them too. It returns the ts of the first message.
//
// As the scheduler asks, the first call does not wait out a 429: it
// returns a *scheduler.RetryAfter with Slack's delay, and the dispatcher
// holds Slack that long; once a message is out, the rest waits here, so a
// half-sent notification is never sent twice. Errors that a retry cannot
// fix (no such user or channel, archived, missing scope) are permanent.
func (a *Adapter) Send(ctx context.Context, to commands.Target, msg commands.Reply) (string, error) {
	channel := to.Channel
	if to.UserID != "" {
		ch, _, _, err := a.api.OpenConversationContext(withoutRetry(ctx), &slack.OpenConversationParameters{Users: []string{to.UserID}, ReturnIM: true})
		if err != nil {
			return "", sendError(fmt.Errorf("slack: open a DM with %s: %w", to.UserID, err))
		}
		if ch == nil || ch.ID == "" {
			return "", scheduler.Permanent(fmt.Errorf("slack: open a DM with %s: no channel", to.UserID))
		}
		channel = ch.ID
	}
	if channel == "" {
		return "", scheduler.Permanent(errors.New("slack: send: no user and no channel"))
	}
	return a.sendIn(ctx, channel, "", msg)
}

// sendIn is Send once the channel is known; with thread (a message's ts)
// every message is a reply in that message's thread.
func (a *Adapter) sendIn(ctx context.Context, channel, thread string, msg commands.Reply) (string, error) {
	first := withoutRetry(ctx)
	st := a.style(msg.Lang)
	if msg.Loc != nil {
		st.loc = msg.Loc
	}
	var msgs []message
	if msg.Public && len(msg.Cards) > 0 {
		if msg.Text != "" {
			msgs = append(msgs, st.replyMessage(msg.Text, nil))
		}
		for _, c := range msg.Cards {
			msgs = append(msgs, st.cardMessage(c))
		}
	} else {
		if strings.TrimSpace(msg.Text) == "" && len(msg.Cards) == 0 && len(msg.Files) == 0 {
			return "", scheduler.Permanent(errors.New("slack: send: empty message"))
		}
		if strings.TrimSpace(msg.Text) != "" || len(msg.Cards) > 0 {
			msgs = append(msgs, st.replyMessage(msg.Text, msg.Cards))
		}
	}
	sent := ""
	for i, m := range msgs {
		m.thread = thread
		var ts string
		var err error
		if i == 0 {
			// A channel with a backlog of cards gives its turn back to
			// the outbox, which sends other rows (a member's reminder) in
			// the meantime; nothing of the row is out yet.
			later, _, perr := a.pace.take(first, channel, outboxPaceWait)
			if later > 0 {
				return "", &scheduler.NotBefore{Delay: later}
			}
			if err = perr; err == nil {
				ts, err = a.postNow(first, channel, m)
			}
		} else {
			ts, err = a.post(ctx, channel, m)
		}
		if err != nil {
			err = fmt.Errorf("slack: send to %s: %w", channel, err)
			if i == 0 {
				return "", sendError(err)
			}
			// Part of it is out: a retry would repeat it.
			return sent, scheduler.Permanent(err)
		}
		if sent == "" {
			sent = ts
		}
		if msg.Public && m.entity.ID != 0 {
			if err := a.router.SaveMessage(ctx, Platform, channel, ts, m.entity); err != nil {
				a.log.Error("slack: could not record a sent card", "err", err, "channel", channel)
			}
		}
	}
	if err := a.upload(ctx, channel, msg.Files); err != nil {
		// The message is out: a retry would repeat it.
		return sent, scheduler.Permanent(fmt.Errorf("slack: send to %s: %w", channel, err))
	}
	return sent, nil
}

// outboxPaceWait is how long an outbox row waits in place for its
// channel's pace before giving its turn back.
const outboxPaceWait = time.Second

// sendError tells the scheduler what to do with a failed send: wait the
// delay of a rate limit, give up on what cannot succeed, retry the rest.
func sendError(err error) error {
	var rl *slack.RateLimitedError
	if errors.As(err, &rl) {
		return &scheduler.RetryAfter{Delay: rl.RetryAfter, Err: err}
	}
	var sc slack.StatusCodeError
	if errors.As(err, &sc) && sc.Code == http.StatusTooManyRequests {
		return &scheduler.RetryAfter{Delay: defaultRetryAfter, Err: err}
	}
	var se slack.SlackErrorResponse
	if errors.As(err, &se) {
		switch se.Err {
		case "channel_not_found", "not_in_channel", "is_archived", "channel_is_archived", "user_not_found", "users_not_found",
			"cannot_dm_bot", "user_disabled", "user_not_visible", "account_inactive", "invalid_auth", "not_authed",
			"token_revoked", "missing_scope", "restricted_action", "msg_too_long", "no_text", "invalid_blocks",
			"team_access_not_granted", "ekm_access_denied":
			return scheduler.Permanent(err)
		}
	}
	return err
}
