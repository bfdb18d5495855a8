package discord

import (
	"context"
	"errors"
	"net/http"
	"slices"

	"github.com/bwmarrin/discordgo"

	"github.com/atelier-bot/atelier/commands"
	"github.com/atelier-bot/atelier/scheduler"
)

// The scheduler sends notifications through the adapter.
var _ scheduler.Sender = (*Adapter)(nil)

// Send delivers a notification for the scheduler (a reminder, a seat off
// the waitlist, an announcement): to a member's DMs when to.UserID is set,
// else to to.Channel. Each card becomes its own message, recorded so
// reactions on it count and it is kept up to date; cards posted in a
// channel without a button that does the same get the bot's ✋ to click
// (commands.Seeded). It returns the first message's id.
//
// As the scheduler asks, Send does not retry: a 429 comes back as a
// *scheduler.RetryAfter with Discord's delay, and what retrying cannot
// fix (DMs closed, unknown user or channel, missing permission) as
// scheduler.Permanent.
func (a *Adapter) Send(ctx context.Context, to commands.Target, msg commands.Reply) (string, error) {
	channel := to.Channel
	if to.UserID != "" {
		var ch *discordgo.Channel
		err := a.api1(ctx, func(opts ...discordgo.RequestOption) error {
			var err error
			ch, err = a.api.UserChannelCreate(to.UserID, opts...)
			return err
		})
		if err != nil {
			return "", sendError("open a DM channel", err)
		}
		a.dms.Store(to.UserID, ch.ID)
		channel = ch.ID
	}
	if channel == "" {
		return "", scheduler.Permanent(errors.New("discord: send: the target has neither a user nor a channel"))
	}
	if to.UserID == "" && slices.Contains(a.guilds, to.Workspace) {
		a.learnChannel(channel, to.Workspace)
	}
	msgs := render(msg)
	if len(msgs) == 0 {
		return "", scheduler.Permanent(errors.New("discord: send: empty message"))
	}
	id, err := a.post(ctx, channel, msgs, true, to.UserID == "", a.api1)
	if err != nil {
		return id, sendError("send", err)
	}
	return id, nil
}

// api1 makes a call once: the scheduler does its own retrying.
func (a *Adapter) api1(ctx context.Context, call func(opts ...discordgo.RequestOption) error) error {
	return call(discordgo.WithContext(ctx))
}

// sendError sorts a failed send for the scheduler.
func sendError(what string, err error) error {
	e := errors.New("discord: " + what + ": " + errText(err))
	var rl *discordgo.RateLimitError
	if errors.As(err, &rl) {
		return &scheduler.RetryAfter{Delay: rl.RetryAfter, Err: e}
	}
	var rest *discordgo.RESTError
	if errors.As(err, &rest) {
		if rest.Message != nil {
			switch rest.Message.Code {
			case 10003, 10013, 50001, 50007, 50013: // unknown channel or user, missing access, DMs closed, missing permission
				return scheduler.Permanent(e)
			}
		}
		if rest.Response != nil && (rest.Response.StatusCode == http.StatusForbidden || rest.Response.StatusCode == http.StatusNotFound) {
			return scheduler.Permanent(e)
		}
	}
	return e
}

// post sends messages to a channel and returns the first one's id; with
// save, the cards' messages are recorded (and with react, those that take
// one get the ✋).
// call is a.retry, or a.api1 for the scheduler.
func (a *Adapter) post(ctx context.Context, channel string, msgs []message, save, react bool,
	call func(context.Context, func(...discordgo.RequestOption) error) error) (string, error) {
	var first string
	for _, m := range msgs {
		var sent *discordgo.Message
		var forum string
		err := call(ctx, func(opts ...discordgo.RequestOption) error {
			data := &discordgo.MessageSend{Content: m.content, Embeds: m.embeds, Components: m.components,
				Files: m.attachments(), AllowedMentions: noMentions()}
			var err error
			sent, forum, err = a.sendIn(ctx, channel, data, opts...)
			return err
		})
		if err != nil {
			return first, err
		}
		if first == "" {
			first = sent.ID
		}
		if save && m.entity.ID != 0 {
			a.record(ctx, sent.ChannelID, forum, sent.ID, m, react)
		}
	}
	return first, nil
}
