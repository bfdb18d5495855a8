package commands

import "github.com/atelier-bot/atelier/storage"

// channelPosts lists the channels the configuration names for a kind of
// item ("problems", "workshops", "jobs"), on every platform that sets one.
// When the reply itself shows the card in the channel the request came
// from (a public reply), that channel is left out: it has the card.
func (r *Router) channelPosts(kind string, req *Request, public bool) []storage.Address {
	if r.cfg.Channels == nil {
		return nil
	}
	var posts []storage.Address
	for _, t := range r.cfg.Channels(kind) {
		if public && t.Platform == req.Platform && t.Channel == req.Channel {
			continue
		}
		posts = append(posts, storage.Address{Platform: t.Platform, Workspace: t.Workspace, Channel: t.Channel})
	}
	return posts
}
