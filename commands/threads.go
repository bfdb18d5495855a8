package commands

import (
	"context"

	"github.com/atelier-bot/atelier/storage"
)

// ThreadCards registers a platform whose cards can carry a discussion
// thread (Slack, Discord): from then on, a workshop's card posted in that
// platform's workshops channel gets the workshop's thread (see
// storage.SaveThreadedCard). The adapter says so because only it knows;
// the console has no threads.
func (r *Router) ThreadCards(platform string) {
	r.subsMu.Lock()
	defer r.subsMu.Unlock()
	if r.threaded == nil {
		r.threaded = map[string]bool{}
	}
	r.threaded[platform] = true
}

// threadChannel reports whether a workshop card posted in channel carries
// the workshop's thread, and the channel's workspace: the workshops
// channel of a platform with threads. Cards elsewhere (a command's public
// answer in another channel, a DM) have none: the discussion stays in one
// place.
func (r *Router) threadChannel(platform, channel string, e Entity) (string, bool) {
	if e.Kind != storage.KindWorkshop || r.cfg.Channels == nil {
		return "", false
	}
	r.subsMu.Lock()
	on := r.threaded[platform]
	r.subsMu.Unlock()
	if !on {
		return "", false
	}
	for _, t := range r.cfg.Channels("workshops") {
		if t.Platform == platform && t.Channel == channel {
			return t.Workspace, true
		}
	}
	return "", false
}

// SaveForumPost records a card posted as a post of a forum channel: the
// post is its own channel, so the card's message lives in it (edits and
// reactions find it there), while the forum is the channel whose cards
// carry threads; the post is the workshop's thread there.
func (r *Router) SaveForumPost(ctx context.Context, platform, forum, postID string, e Entity) error {
	ref := storage.MessageRef{Platform: platform, Channel: postID, MessageID: postID, Kind: e.Kind, EntityID: e.ID}
	if workspace, ok := r.threadChannel(platform, forum, e); ok {
		return r.db.SaveThreadedCard(ctx, ref, forum, workspace)
	}
	return r.db.SaveMessageRef(ctx, ref)
}

// saveCard records a posted card; a workshop's card in its workshops
// channel also gets the workshop's thread, in the same transaction.
func (r *Router) saveCard(ctx context.Context, ref storage.MessageRef) error {
	if workspace, ok := r.threadChannel(ref.Platform, ref.Channel, Entity{Kind: ref.Kind, ID: ref.EntityID}); ok {
		return r.db.SaveThreadedCard(ctx, ref, ref.Channel, workspace)
	}
	return r.db.SaveMessageRef(ctx, ref)
}
