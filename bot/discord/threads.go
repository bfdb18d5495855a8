package discord

import (
	"context"
	"errors"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/atelier-bot/atelier/commands"
	"github.com/atelier-bot/atelier/scheduler"
)

// Workshop threads on Discord: a thread started on the workshop's card
// (POST /channels/{c}/messages/{m}/threads), whose id is the card's, or,
// in a forum channel, the forum post that is the card. The scheduler
// decides what goes in it and when; this file only speaks Discord.
var (
	_ scheduler.Threads       = (*Adapter)(nil)
	_ scheduler.ThreadMembers = (*Adapter)(nil)
)

const (
	maxThreadName = 100
	// threadArchiveAfter: a thread quiet for a week hides from the
	// channel's list (the longest Discord offers); a message brings it
	// back. The bot archives and locks it for good when the workshop ends.
	threadArchiveAfter = 10080
	// Discord's answers the thread calls meet.
	codeThreadExists = 160004 // a thread was already started on this message
	codeNotText      = 50008  // cannot send messages in a non-text channel (a forum)
	codeArchived     = 50083  // operation on an archived thread
	codeLocked       = 160005
	codeUnknownUser  = 10013
	codeUnknownMem   = 10007
)

// sendIn posts a message in a channel. A forum channel takes no message,
// only posts (threads with a first message): there the message starts a
// post named after it, and lives in the post, whose id is the message's;
// forum is then the forum. A channel is found to be a forum when Discord
// refuses the message (its type is then kept), so other channels cost
// no look-up.
func (a *Adapter) sendIn(ctx context.Context, channel string, data *discordgo.MessageSend, opts ...discordgo.RequestOption) (sent *discordgo.Message, forum string, err error) {
	if v, ok := a.kinds.Load(channel); !ok || v.(discordgo.ChannelType) != discordgo.ChannelTypeGuildForum {
		sent, err = a.api.ChannelMessageSendComplex(channel, data, opts...)
		if restCode(err) != codeNotText {
			return sent, "", err
		}
		if isForum, ferr := a.isForum(ctx, channel); ferr != nil || !isForum {
			return sent, "", err
		}
	}
	name := data.Content
	if len(data.Embeds) > 0 && data.Embeds[0].Title != "" {
		name = data.Embeds[0].Title
	}
	name, _, _ = strings.Cut(name, "\n")
	th, err := a.api.ForumThreadStartComplex(channel, &discordgo.ThreadStart{Name: truncate(name, maxThreadName), AutoArchiveDuration: threadArchiveAfter}, data, opts...)
	if err != nil {
		return nil, "", err
	}
	return &discordgo.Message{ID: th.ID, ChannelID: th.ID}, channel, nil
}

// restCode is the code of Discord's JSON error, 0 when there is none.
func restCode(err error) int {
	var rest *discordgo.RESTError
	if errors.As(err, &rest) && rest.Message != nil {
		return rest.Message.Code
	}
	return 0
}

// OpenThread starts the thread on the card and posts its first message.
// On a card that has its thread (the call was made before a crash), the
// thread's id is the card's; a forum post is its own thread.
func (a *Adapter) OpenThread(ctx context.Context, t scheduler.Thread, name string, first commands.Reply) (string, error) {
	id := t.CardID
	forum, err := a.isForum(ctx, t.Channel)
	if err != nil {
		return "", sendError("read the channel", err)
	}
	if !forum {
		err := a.api1(ctx, func(opts ...discordgo.RequestOption) error {
			th, err := a.api.MessageThreadStartComplex(t.Channel, t.CardID, &discordgo.ThreadStart{
				Name: truncate(plainTimes(name, first.Lang, first.Loc), maxThreadName), AutoArchiveDuration: threadArchiveAfter}, opts...)
			if err == nil {
				id = th.ID
			}
			return err
		})
		if err != nil && restCode(err) != codeThreadExists {
			return "", sendError("start a thread", err)
		}
	}
	t.ID = id
	if _, err := a.PostInThread(ctx, t, first); err != nil {
		return "", err
	}
	return id, nil
}

// PostInThread posts in the thread, which is a channel on Discord, with
// mentions off as everywhere.
func (a *Adapter) PostInThread(ctx context.Context, t scheduler.Thread, msg commands.Reply) (string, error) {
	id, err := a.threadPost(ctx, t, msg)
	if err != nil {
		return id, sendError("post in a thread", err)
	}
	return id, nil
}

// threadPost is PostInThread with Discord's error as it came.
func (a *Adapter) threadPost(ctx context.Context, t scheduler.Thread, msg commands.Reply) (string, error) {
	msgs := render(msg)
	if t.ID == "" || len(msgs) == 0 {
		return "", scheduler.Permanent(errors.New("discord: post in a thread: no thread or nothing to say"))
	}
	return a.post(ctx, t.ID, msgs, true, false, a.api1)
}

// CloseThread posts the last message, then archives and locks the thread
// so it leaves the channel's list and only moderators can reopen it. A
// thread already archived and locked (closed before a crash kept the row
// from being marked) is closed.
func (a *Adapter) CloseThread(ctx context.Context, t scheduler.Thread, last commands.Reply) (string, error) {
	id, err := a.threadPost(ctx, t, last)
	if code := restCode(err); err != nil && code != codeArchived && code != codeLocked {
		return "", sendError("post in a thread", err)
	}
	yes := true
	err = a.api1(ctx, func(opts ...discordgo.RequestOption) error {
		_, err := a.api.ChannelEditComplex(t.ID, &discordgo.ChannelEdit{Archived: &yes, Locked: &yes}, opts...)
		return err
	})
	if err != nil {
		return id, sendError("archive a thread", err)
	}
	return id, nil
}

// ThreadMember adds a participant to the thread (Discord then shows it to
// them and notifies them of new messages), or takes them off. Someone who
// left the server, or is not in the thread, is no error: there is nothing
// more to do.
func (a *Adapter) ThreadMember(ctx context.Context, t scheduler.Thread, userID string, add bool) error {
	err := a.api1(ctx, func(opts ...discordgo.RequestOption) error {
		if add {
			return a.api.ThreadMemberAdd(t.ID, userID, opts...)
		}
		return a.api.ThreadMemberRemove(t.ID, userID, opts...)
	})
	if err == nil {
		return nil
	}
	if code := restCode(err); code == codeUnknownUser || code == codeUnknownMem || (!add && isNotFound(err)) {
		a.log.Info("discord: thread member: nothing to do", "thread", t.ID, "user", userID, "err", errText(err))
		return nil
	}
	return sendError("thread member", err)
}

// isForum reports whether a channel is a forum, asking Discord once per
// channel: a channel does not change type.
func (a *Adapter) isForum(ctx context.Context, channel string) (bool, error) {
	if v, ok := a.kinds.Load(channel); ok {
		return v.(discordgo.ChannelType) == discordgo.ChannelTypeGuildForum, nil
	}
	var ch *discordgo.Channel
	err := a.api1(ctx, func(opts ...discordgo.RequestOption) error {
		var err error
		ch, err = a.api.Channel(channel, opts...)
		return err
	})
	if err != nil {
		return false, err
	}
	a.kinds.Store(channel, ch.Type)
	return ch.Type == discordgo.ChannelTypeGuildForum, nil
}
