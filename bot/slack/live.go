package slack

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/slack-go/slack"

	"github.com/atelier-bot/atelier/commands"
	"github.com/atelier-bot/atelier/storage"
)

// refresher queues the entities whose posted cards must be edited. The
// router's callback only adds to a set, so it never blocks a request; an
// entity changed ten times while waiting is edited once, to its latest
// state.
type refresher struct {
	mu      sync.Mutex
	pending map[commands.Entity]bool
	order   []commands.Entity
	wake    chan struct{}
}

func newRefresher() *refresher {
	return &refresher{pending: map[commands.Entity]bool{}, wake: make(chan struct{}, 1)}
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
		if ref.Platform == Platform {
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
		if _, _, _, err := a.api.UpdateMessageContext(ctx, ref.Channel, ref.MessageID, m.options()...); err != nil {
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
		users, err := a.reactors(ctx, ref, bot)
		if err != nil {
			a.log.Warn("slack reactions.get failed; message skipped", "err", err, "channel", ref.Channel)
			continue
		}
		changes, err := a.router.Reconcile(ctx, ref, team, users)
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

// Send posts a notification: to a member's direct messages when to.UserID
// is set, else in to.Channel. A public reply's cards are posted one per
// message and recorded, so reactions and live counts work on them too. It
// returns the ts of the first message posted.
func (a *Adapter) Send(ctx context.Context, to commands.Target, msg commands.Reply) (string, error) {
	channel := to.Channel
	if to.UserID != "" {
		ch, _, _, err := a.api.OpenConversationContext(ctx, &slack.OpenConversationParameters{Users: []string{to.UserID}, ReturnIM: true})
		if err != nil {
			return "", fmt.Errorf("slack: open a DM with %s: %w", to.UserID, err)
		}
		if ch == nil || ch.ID == "" {
			return "", fmt.Errorf("slack: open a DM with %s: no channel", to.UserID)
		}
		channel = ch.ID
	}
	if channel == "" {
		return "", errors.New("slack: send: no user and no channel")
	}
	st := a.style(msg.Lang)
	var msgs []message
	if msg.Public && len(msg.Cards) > 0 {
		if msg.Text != "" {
			msgs = append(msgs, st.replyMessage(msg.Text, nil))
		}
		for _, c := range msg.Cards {
			msgs = append(msgs, st.cardMessage(c))
		}
	} else {
		if msg.Text == "" && len(msg.Cards) == 0 {
			return "", errors.New("slack: send: empty message")
		}
		msgs = append(msgs, st.replyMessage(msg.Text, msg.Cards))
	}
	first := ""
	for _, m := range msgs {
		ts, err := a.post(ctx, channel, m)
		if err != nil {
			return first, fmt.Errorf("slack: send to %s: %w", channel, err)
		}
		if first == "" {
			first = ts
		}
		if msg.Public && m.entity.ID != 0 {
			if err := a.router.SaveMessage(ctx, Platform, channel, ts, m.entity); err != nil {
				return first, fmt.Errorf("slack: record sent card: %w", err)
			}
		}
	}
	return first, nil
}
