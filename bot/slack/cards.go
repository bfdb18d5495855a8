package slack

import (
	"cmp"
	"context"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/atelier-bot/atelier/commands"
)

// cardQueue holds the public cards of replies waiting for their channel's
// pace (chat.postMessage, about one a second per channel): a burst of posts
// leaves a list of cards and one goroutine per channel, not a goroutine
// and a rendered message per command. When the adapter stops, the cards
// still waiting are handed to the outbox (Router.PostLater) and posted
// after the restart, each once; the one being posted is finished first.
type cardQueue struct {
	mu      sync.Mutex
	waiting map[string][]*waitingCard // by channel; pointers, so the long list of a burst moves cheaply
	// leave orders the hand-offs to the outbox: a card whose command came
	// as the adapter stopped is left on its own, and must reach the outbox
	// after the cards the channel's drain was leaving, as it would have
	// been posted after them.
	leave sync.Mutex
}

type waitingCard struct {
	o    origin
	card commands.Card
}

// postCards queues cards for o's channel, behind the ones already there.
func (a *Adapter) postCards(o origin, cards []commands.Card) {
	q := &a.cards
	q.mu.Lock()
	if q.waiting == nil {
		q.waiting = map[string][]*waitingCard{}
	}
	list, draining := q.waiting[o.channel]
	for _, c := range cards {
		list = append(list, &waitingCard{o: o, card: c})
	}
	q.waiting[o.channel] = list
	q.mu.Unlock()
	if draining {
		return
	}
	if !a.track() {
		a.leaveCards(a.baseContext(), o.channel, nil)
		return
	}
	go func() {
		defer a.wg.Done()
		defer a.recoverPanic("post cards")
		a.drainCards(o.channel)
	}()
}

// drainCards posts a channel's cards until none is left, or hands them to
// the outbox once the adapter stops. The wait for the channel's pace ends
// with the stop; the post itself and its record run on the work context,
// so a card is never cut between posted and recorded.
func (a *Adapter) drainCards(channel string) {
	stop, work := a.contexts()
	if stop == nil { // not running: Run sets it
		stop = work
	}
	q := &a.cards
	for {
		q.mu.Lock()
		list := q.waiting[channel]
		if len(list) == 0 {
			delete(q.waiting, channel)
			q.mu.Unlock()
			return
		}
		next := list[0]
		list[0] = nil
		q.waiting[channel] = list[1:]
		q.mu.Unlock()
		if stop.Err() != nil {
			a.leaveCards(work, channel, next)
			return
		}
		slept, err := a.pace.wait(stop, channel)
		if err != nil {
			a.leaveCards(work, channel, next)
			return
		}
		card := next.card
		if e := card.Entity; slept && e.ID != 0 {
			// The card waited its turn: the item may have changed since
			// the command built it (closed, joined), and its message is
			// not recorded yet for the edit that would show it.
			if fresh, err := a.router.Card(work, e); err == nil {
				card = fresh
			}
		}
		ts, err := a.postNow(work, channel, a.publicCard(card))
		if err != nil {
			a.postFailed(work, next.o, a.style(a.cfg.Language), err)
			continue
		}
		if e := next.card.Entity; e.ID != 0 {
			if err := a.router.SaveMessage(work, Platform, channel, ts, e); err != nil {
				a.log.Error("slack: could not record a posted card", "err", err, "channel", channel)
			}
		}
	}
}

// leaveCards hands first (when set) and the channel's waiting cards to the
// outbox.
func (a *Adapter) leaveCards(ctx context.Context, channel string, first *waitingCard) {
	q := &a.cards
	q.leave.Lock()
	defer q.leave.Unlock()
	q.mu.Lock()
	list := q.waiting[channel]
	delete(q.waiting, channel)
	if first != nil {
		list = append([]*waitingCard{first}, list...)
	}
	q.mu.Unlock()
	// Cards join a channel's list from their commands' own goroutines, so
	// two close together may have joined out of order: they are left in
	// the order their items were made.
	slices.SortStableFunc(list, func(a, b *waitingCard) int { return cmp.Compare(a.card.Entity.ID, b.card.Entity.ID) })
	// The outbox keeps one row per key: the command's trigger (or, for a
	// command without one, this moment) and the place in the list tell
	// this card apart from any other left for the channel.
	stamp := strconv.FormatInt(time.Now().UnixNano(), 36)
	later := make([]commands.LaterCard, 0, len(list))
	for i, w := range list {
		token := w.o.triggerID
		if token == "" {
			token = stamp + "." + strconv.Itoa(i)
		}
		later = append(later, commands.LaterCard{To: commands.Target{Platform: Platform, Workspace: w.o.team, Channel: channel},
			Entity: w.card.Entity, Token: token})
	}
	if len(later) == 0 {
		return
	}
	if err := a.router.PostLater(ctx, later...); err != nil {
		a.log.Error("slack: cards waiting to be posted could not all be left to the outbox", "err", err, "channel", channel, "cards", len(later))
		return
	}
	a.log.Info("slack: stopping; cards still waiting for the channel go out after the restart", "channel", channel, "cards", len(later))
}
