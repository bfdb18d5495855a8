package discord

import (
	"context"
	"fmt"
	"slices"
	"sync"

	"github.com/bwmarrin/discordgo"

	"github.com/atelier-bot/atelier/commands"
)

// A ✋ on a card joins the workshop or marks interest in the problem;
// taking it back leaves. The router maps the message to what it shows and
// records what it acted on; the reply goes to the member by DM, since a
// reaction has nowhere else to answer.

func (a *Adapter) onReactionAdd(_ *discordgo.Session, r *discordgo.MessageReactionAdd) {
	if r.MessageReaction == nil {
		return
	}
	a.reaction(r.MessageReaction, r.Member, true)
}

func (a *Adapter) onReactionRemove(_ *discordgo.Session, r *discordgo.MessageReactionRemove) {
	if r.MessageReaction == nil {
		return
	}
	a.reaction(r.MessageReaction, nil, false)
}

func (a *Adapter) reaction(mr *discordgo.MessageReaction, member *discordgo.Member, added bool) {
	if mr.UserID == "" || mr.UserID == a.bot() || mr.Emoji.APIName() != a.opts.ReactionEmoji || !a.serves(mr.GuildID) {
		return
	}
	a.learnChannel(mr.ChannelID, mr.GuildID)
	ctx, ok := a.enter()
	if !ok {
		return
	}
	defer a.wg.Done()
	defer a.recover("reaction")
	ctx, cancel := finishing(ctx)
	defer cancel()
	req := &commands.Request{
		Platform: Platform, Workspace: a.opts.GuildID, Origin: a.workspace(mr.GuildID), UserID: mr.UserID, Channel: mr.ChannelID,
		Reaction: &commands.Reaction{Channel: mr.ChannelID, MessageID: mr.MessageID, Added: added},
	}
	if member != nil && member.User != nil {
		req.UserName = displayName(member.Nick, member.User)
	}
	reply := a.router.Handle(ctx, req)
	a.dm(ctx, mr.UserID, reply)
}

// dm sends a reply to a member's direct messages; a member who does not
// take DMs from the server just does not get it.
func (a *Adapter) dm(ctx context.Context, userID string, reply commands.Reply) {
	msgs := render(reply)
	if len(msgs) == 0 {
		return
	}
	channel, err := a.dmChannel(ctx, userID)
	if err == nil {
		_, err = a.post(ctx, channel, msgs, false, false, a.retry)
	}
	if err != nil {
		a.log.Debug("discord: direct message not delivered", "err", errText(err))
	}
}

func (a *Adapter) dmChannel(ctx context.Context, userID string) (string, error) {
	if ch, ok := a.dms.Load(userID); ok {
		return ch.(string), nil
	}
	var ch *discordgo.Channel
	err := a.retry(ctx, func(opts ...discordgo.RequestOption) error {
		var err error
		ch, err = a.api.UserChannelCreate(userID, opts...)
		return err
	})
	if err != nil {
		return "", err
	}
	a.dms.Store(userID, ch.ID)
	return ch.ID, nil
}

// reconcileSoon applies, once, the reactions added or taken back while the
// bot was not connected: at start and after each resume or reconnect.
func (a *Adapter) reconcileSoon() {
	a.go_("reconcile", func(ctx context.Context) {
		a.reconciler.do(func() { a.reconcile(ctx) })
	})
}

func (a *Adapter) reconcile(ctx context.Context) {
	defer a.reconciles.Add(1)
	refs, err := a.router.ReconcileTargets(ctx, Platform)
	if err != nil {
		a.log.Error("discord: reconcile", "err", errText(err))
		return
	}
	changes := 0
	for _, ref := range refs {
		if ctx.Err() != nil {
			return
		}
		users, err := a.reactors(ctx, ref.Channel, ref.MessageID)
		if isNotFound(err) {
			continue // the message or channel is gone
		}
		if err != nil {
			a.log.Warn("discord: list reactions", "err", errText(err))
			continue
		}
		done, err := a.router.Reconcile(ctx, ref, a.opts.GuildID, a.channelGuild(ctx, ref.Channel), users)
		if err != nil {
			a.log.Error("discord: reconcile", "err", errText(err))
			continue
		}
		for _, r := range done {
			a.dm(ctx, r.Request.UserID, r.Reply)
		}
		changes += len(done)
	}
	a.log.Info("discord: reactions reconciled", "messages", len(refs), "changes", changes)
}

// reactors lists who put the reaction emoji on a message, the bot left
// out, a page of 100 at a time.
func (a *Adapter) reactors(ctx context.Context, channel, messageID string) ([]string, error) {
	all, err := allPages("reactions on one message", "", func(after string) ([]*discordgo.User, error) {
		var page []*discordgo.User
		err := a.retry(ctx, func(opts ...discordgo.RequestOption) error {
			var err error
			page, err = a.api.MessageReactions(channel, messageID, a.opts.ReactionEmoji, 100, "", after, opts...)
			return err
		})
		return page, err
	}, func(u *discordgo.User) string {
		if u == nil {
			return ""
		}
		return u.ID
	})
	if err != nil {
		return nil, err
	}
	var out []string
	bot := a.bot()
	for _, u := range all {
		if u != nil && u.ID != bot && !u.Bot {
			out = append(out, u.ID)
		}
	}
	return out, nil
}

// allPages reads a list Discord pages by id, 100 at a time: each page
// after the last id of the one before (after is where the first starts),
// up to 1,000 pages. idOf is "" for an entry without an id.
func allPages[T any](what, after string, fetch func(after string) ([]T, error), idOf func(T) string) ([]T, error) {
	var out []T
	for pages := 0; ; pages++ {
		if pages == 1000 {
			return nil, fmt.Errorf("discord: more than 100000 %s", what)
		}
		page, err := fetch(after)
		if err != nil {
			return nil, err
		}
		out = append(out, page...)
		if len(page) < 100 {
			return out, nil
		}
		for _, v := range slices.Backward(page) {
			if id := idOf(v); id != "" {
				after = id
				break
			}
		}
	}
}

// singleFlight runs one call at a time; a call asked for while one runs
// runs once more after it, so nothing asked for is lost.
type singleFlight struct {
	mu      sync.Mutex
	running bool
	again   bool
}

func (f *singleFlight) do(fn func()) {
	f.mu.Lock()
	if f.running {
		f.again = true
		f.mu.Unlock()
		return
	}
	f.running = true
	f.mu.Unlock()
	defer func() {
		if p := recover(); p != nil {
			f.mu.Lock()
			f.running, f.again = false, false
			f.mu.Unlock()
			panic(p)
		}
	}()
	for {
		fn()
		f.mu.Lock()
		if !f.again {
			f.running = false
			f.mu.Unlock()
			return
		}
		f.again = false
		f.mu.Unlock()
	}
}
