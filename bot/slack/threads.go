package slack

import (
	"context"
	"errors"

	"github.com/atelier-bot/atelier/commands"
	"github.com/atelier-bot/atelier/scheduler"
)

// Workshop threads on Slack: the replies under the workshop's card
// (chat.postMessage with thread_ts, the card's ts), paced with the
// channel's other posts. The scheduler decides what goes in them and when.
//
// What Slack does not let a bot do, so the adapter does not pretend to:
// a thread cannot be archived or locked (only whole channels can), and
// nobody can be added to a thread for them: people follow a thread by
// replying in it or asking to be notified of its replies. So the Slack
// adapter implements scheduler.Threads but not ThreadMembers, and closing
// a thread is a last reply saying it is closed.
var _ scheduler.Threads = (*Adapter)(nil)

// OpenThread posts the thread's first reply under the card: on Slack the
// thread is the card's, and its id is the card's ts. Asked again (a crash
// before the id was recorded), it is the same thread.
func (a *Adapter) OpenThread(ctx context.Context, t scheduler.Thread, _ string, first commands.Reply) (string, error) {
	t.ID = t.CardID
	if _, err := a.PostInThread(ctx, t, first); err != nil {
		return "", err
	}
	return t.CardID, nil
}

// PostInThread posts msg as replies under the card, rendered and escaped
// as Send renders a channel post.
func (a *Adapter) PostInThread(ctx context.Context, t scheduler.Thread, msg commands.Reply) (string, error) {
	if t.ID == "" || t.Channel == "" {
		return "", scheduler.Permanent(errors.New("slack: post in a thread: no thread"))
	}
	return a.sendIn(ctx, t.Channel, t.ID, msg)
}

// CloseThread posts the closing reply: a Slack thread cannot be archived
// (see above), so the reply is all there is to closing it.
func (a *Adapter) CloseThread(ctx context.Context, t scheduler.Thread, last commands.Reply) (string, error) {
	return a.PostInThread(ctx, t, last)
}
