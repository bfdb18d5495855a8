package discord

import (
	"context"
	"sync"

	"github.com/bwmarrin/discordgo"

	"github.com/atelier-bot/atelier/commands"
	"github.com/atelier-bot/atelier/storage"
)

// refresher keeps posted cards up to date. The router calls add for every
// entity a request changed, on any platform, and add must not block: it
// only marks the entity. One worker then edits this platform's messages
// of each marked entity once, however many changes piled up meanwhile (a
// burst of joins becomes one edit showing the last count), and mirrors a
// workshop's sessions as scheduled events.
type refresher struct {
	mu      sync.Mutex
	pending map[commands.Entity]bool
	order   []commands.Entity
	wake    chan struct{}
}

func newRefresher() *refresher {
	return &refresher{pending: map[commands.Entity]bool{}, wake: make(chan struct{}, 1)}
}

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

func (r *refresher) take() []commands.Entity {
	r.mu.Lock()
	defer r.mu.Unlock()
	batch := r.order
	r.order = nil
	clear(r.pending)
	return batch
}

func (r *refresher) run(ctx context.Context, a *Adapter) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-r.wake:
		}
		for _, e := range r.take() {
			if ctx.Err() != nil {
				return
			}
			a.refreshEntity(ctx, e)
		}
	}
}

// refreshEntity edits the messages showing e, then its events.
func (a *Adapter) refreshEntity(ctx context.Context, e commands.Entity) {
	defer a.recover("refresh")
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
	if e.Kind == storage.KindWorkshop {
		a.syncEvents(ctx, e.ID)
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
