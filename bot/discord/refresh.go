package discord

import (
	"context"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/atelier-bot/atelier/commands"
	"github.com/atelier-bot/atelier/storage"
)

// refresher keeps posted cards up to date. The router calls add for every
// entity a request changed, on any platform, and add must not block: it
// only marks the entity. One worker then edits this platform's messages
// of each marked entity once, however many changes piled up meanwhile, and
// at most once per interval (Discord allows a message about five edits in
// five seconds): a burst of joins becomes a few edits showing the latest
// count. It also mirrors a workshop's sessions as scheduled events.
type refresher struct {
	interval time.Duration

	mu      sync.Mutex
	pending map[commands.Entity]what
	order   []commands.Entity
	wake    chan struct{}
	// last is when each entity was last refreshed, for the interval.
	last map[commands.Entity]time.Time
	// listed is when each entity's messages were last listed, for a card
	// recorded just after (see missed).
	listed map[commands.Entity]time.Time
}

// what to bring up to date: the posted cards, the scheduled events.
type what uint8

const (
	cards what = 1 << iota
	events
)

func newRefresher(interval time.Duration) *refresher {
	return &refresher{interval: interval, pending: map[commands.Entity]what{}, wake: make(chan struct{}, 1),
		last: map[commands.Entity]time.Time{}, listed: map[commands.Entity]time.Time{}}
}

// add is the router's change callback: cards and events.
func (r *refresher) add(e commands.Entity) { r.mark(e, cards|events) }

func (r *refresher) mark(e commands.Entity, w what) {
	r.mu.Lock()
	if r.pending[e] == 0 {
		r.order = append(r.order, e)
	}
	r.pending[e] |= w
	r.mu.Unlock()
	select {
	case r.wake <- struct{}{}:
	default:
	}
}

// due takes the marked entities whose interval has passed, and says how
// long until the next of the others is due (0: none waiting).
type job struct {
	e    commands.Entity
	what what
}

func (r *refresher) due(now time.Time) ([]job, time.Duration) {
	r.mu.Lock()
	defer r.mu.Unlock()
	var ready []job
	var later []commands.Entity
	var next time.Duration
	for _, e := range r.order {
		if wait := r.interval - now.Sub(r.last[e]); wait > 0 {
			later = append(later, e)
			if next == 0 || wait < next {
				next = wait
			}
			continue
		}
		ready = append(ready, job{e, r.pending[e]})
		delete(r.pending, e)
		r.last[e] = now
	}
	r.order = later
	for e, t := range r.last {
		if now.Sub(t) >= r.interval && r.pending[e] == 0 {
			delete(r.last, e)
		}
	}
	for e, t := range r.listed {
		if now.Sub(t) >= finishGrace {
			delete(r.listed, e)
		}
	}
	return ready, next
}

// list notes that e's messages are being listed.
func (r *refresher) list(e commands.Entity) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.listed[e] = time.Now()
}

// missed marks e's cards again when its messages were listed lately: a
// card drawn before a change and recorded after that change's refresh
// listed the messages would otherwise keep showing the state before it.
// A card is recorded within finishGrace of being drawn.
func (r *refresher) missed(e commands.Entity) {
	r.mu.Lock()
	t, ok := r.listed[e]
	r.mu.Unlock()
	if ok && time.Since(t) < finishGrace {
		r.mark(e, cards)
	}
}

func (r *refresher) run(ctx context.Context, a *Adapter) {
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	defer timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-r.wake:
		case <-timer.C:
		}
		ready, next := r.due(time.Now())
		for _, j := range ready {
			if ctx.Err() != nil {
				return
			}
			a.refreshEntity(ctx, j.e, j.what)
		}
		if next > 0 {
			timer.Reset(next)
		}
	}
}

// refreshEntity edits the messages showing e, then its events. One worker
// runs it, so a workshop's events are never synced twice at once.
func (a *Adapter) refreshEntity(ctx context.Context, e commands.Entity, w what) {
	defer a.recover("refresh")
	if w&events != 0 && e.Kind == storage.KindWorkshop {
		defer a.syncEvents(ctx, e.ID)
	}
	if w&cards == 0 {
		return
	}
	a.refresh.list(e)
	refs, err := a.router.Messages(ctx, e)
	if err != nil {
		a.log.Error("discord: messages to refresh", "err", errText(err))
		return
	}
	var card *commands.Card
	for _, ref := range refs {
		if ref.Platform != Platform {
			continue
		}
		if card == nil {
			c, err := a.router.Card(ctx, e)
			if err != nil {
				a.log.Error("discord: card to refresh", "kind", e.Kind, "id", e.ID, "err", errText(err))
				return
			}
			card = &c
		}
		a.editCard(ctx, ref, *card)
	}
}

func (a *Adapter) editCard(ctx context.Context, ref storage.MessageRef, card commands.Card) {
	embed, comps := renderCard(card, a.opts.Language, a.opts.Location)
	if comps == nil {
		comps = []discordgo.MessageComponent{} // a closed workshop loses its buttons
	}
	edit := &discordgo.MessageEdit{ID: ref.MessageID, Channel: ref.Channel,
		Embeds: &[]*discordgo.MessageEmbed{embed}, Components: &comps, AllowedMentions: noMentions()}
	err := a.retry(ctx, func(opts ...discordgo.RequestOption) error {
		_, err := a.api.ChannelMessageEditComplex(edit, opts...)
		return err
	})
	switch {
	case isNotFound(err):
		a.log.Debug("discord: a posted card is gone", "kind", ref.Kind, "id", ref.EntityID)
	case err != nil:
		a.log.Warn("discord: edit a posted card", "kind", ref.Kind, "id", ref.EntityID, "err", errText(err))
	}
}
