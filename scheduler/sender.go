package scheduler

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/atelier-bot/atelier/commands"
)

// Sender delivers one notification on one platform. The Slack and Discord
// adapters and the console implement it; the dispatcher picks the Sender
// by the row's platform ("slack", "discord", "console").
//
// The contract:
//   - to is a member's direct messages (to.UserID set: open the DM
//     conversation, then post) or a channel (to.Channel set). to.Workspace
//     is the Slack team or Discord guild of the identity, "" for channels.
//   - msg is neutral: render it as for a reply (text, cards, buttons whose
//     Line runs as the member who presses it, time marks in local time).
//     msg.Lang and msg.Loc are the reader's. Never add @channel/@everyone:
//     announcements are staff text, posted with mentions disabled.
//   - Return the platform's message id (Slack ts, Discord snowflake) on
//     success. Send must not retry by itself: the dispatcher does, and marks
//     the row sent as soon as Send returns nil.
//   - On HTTP 429 (or a platform's rate-limit answer) return a *RetryAfter
//     with the delay the platform asked for (Slack's Retry-After seconds,
//     Discord's retry_after), wrapped or not. The dispatcher then holds the
//     whole platform that long and sends the same row again: it counts as
//     no failed attempt.
//   - When one destination cannot take the row yet (a channel at its own
//     pace) and the platform otherwise can, return a *NotBefore: the
//     dispatcher gives that row back for then and goes on with the others,
//     so a channel's backlog of cards does not hold a member's reminder.
//     It counts as no attempt. Return it only before anything of the row
//     was sent.
//   - Return Permanent(err) when trying again cannot help (user not found,
//     DMs closed, channel archived, missing permission): the row is marked
//     failed at once. Any other error is retried with exponential backoff
//     up to the attempt limit, then marked failed and logged.
//   - Send may be called from one goroutine per platform; one call at a
//     time per platform.
type Sender interface {
	Send(ctx context.Context, to commands.Target, msg commands.Reply) (messageID string, err error)
}

// RetryAfter is the error a Sender returns when the platform rate-limits
// it: the dispatcher waits Delay before sending anything more on that
// platform, then sends the same row again.
type RetryAfter struct {
	Delay time.Duration
	Err   error // the platform's answer, for logs; may be nil
}

func (e *RetryAfter) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("rate limited, retry after %s: %v", e.Delay, e.Err)
	}
	return fmt.Sprintf("rate limited, retry after %s", e.Delay)
}

func (e *RetryAfter) Unwrap() error { return e.Err }

// NotBefore is the error a Sender returns when the row's destination (a
// channel) cannot take it for Delay, while the platform can take others.
type NotBefore struct {
	Delay time.Duration
}

func (e *NotBefore) Error() string {
	return fmt.Sprintf("destination busy for %s", e.Delay)
}

// permanent marks an error that retrying cannot fix.
type permanent struct{ err error }

func (e *permanent) Error() string { return e.err.Error() }
func (e *permanent) Unwrap() error { return e.err }

// Permanent wraps err so that the dispatcher marks the row failed at once.
func Permanent(err error) error {
	if err == nil {
		return nil
	}
	return &permanent{err}
}

// IsPermanent reports whether err was wrapped by Permanent.
func IsPermanent(err error) bool {
	var p *permanent
	return errors.As(err, &p)
}
