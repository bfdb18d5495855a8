package slack

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
	"github.com/slack-go/slack/socketmode"
)

// runSocket serves Socket Mode until ctx is done. slack-go reconnects on
// "disconnect" envelopes, on a link that stops answering PINGs, and with
// backoff when the connection cannot be opened; should its loop stop on an
// error, it is started again with a growing wait. Refused tokens stop the
// bot.
func (a *Adapter) runSocket(ctx context.Context) error {
	var opts []socketmode.Option
	if a.cfg.PingInterval > 0 {
		opts = append(opts, socketmode.OptionPingInterval(a.cfg.PingInterval))
	}
	smc := socketmode.New(a.client, opts...)
	work := a.baseContext()
	a.goSafe("socket mode events", func() { a.socketEvents(ctx, work, smc) })
	wait := a.cfg.ReconnectBackoff
	for {
		err := smc.RunContext(ctx)
		if ctx.Err() != nil {
			return nil
		}
		if err != nil && fatalAuth(err) {
			return fmt.Errorf("slack: the app-level token was refused (%v): check slack.app_token (it needs connections:write)", err)
		}
		a.log.Warn("slack socket mode stopped; reconnecting", "err", err, "in", wait)
		if !sleep(ctx, wait) {
			return nil
		}
		wait = min(2*wait, time.Minute)
	}
}

// socketEvents drains slack-go's events (it blocks when they are not
// read). Nothing here waits on the network or the database: each envelope
// is handed to the member's queue, and acked by the handler or its
// deadline.
//
// Acks go out on the link's context ctx; the interactions run on work.
func (a *Adapter) socketEvents(ctx, work context.Context, smc *socketmode.Client) {
	for {
		select {
		case <-ctx.Done():
			return
		case evt := <-smc.Events:
			func() {
				defer a.recoverPanic("socket mode event")
				a.socketEvent(ctx, work, smc, evt)
			}()
		}
	}
}

func (a *Adapter) socketEvent(ctx, work context.Context, smc *socketmode.Client, evt socketmode.Event) {
	ack := func(payload any) {}
	if evt.Request != nil && evt.Request.EnvelopeID != "" {
		id := evt.Request.EnvelopeID
		ack = func(payload any) {
			if err := smc.AckCtx(ctx, id, payload); err != nil && ctx.Err() == nil {
				a.log.Warn("slack ack failed", "err", err, "type", evt.Type)
			}
		}
	}
	switch evt.Type {
	case socketmode.EventTypeConnected:
		n := 0
		if c, ok := evt.Data.(*socketmode.ConnectedEvent); ok {
			n = c.ConnectionCount
		}
		a.connected.Store(true)
		a.connects.Add(1)
		a.log.Info("slack connected (Socket Mode)", "connection", n+1)
		a.requestReconcile(ctx)
	case socketmode.EventTypeConnecting:
		a.connected.Store(false)
	case socketmode.EventTypeConnectionError:
		a.log.Warn("slack connection failed; retrying", "err", errOf(evt.Data))
	case socketmode.EventTypeInvalidAuth:
		a.log.Error("slack refused the app-level token")
	case socketmode.EventTypeIncomingError:
		a.log.Warn("slack socket read failed", "err", errOf(evt.Data))
	case socketmode.EventTypeErrorBadMessage:
		// An envelope slack-go cannot parse (an event type it does not
		// know): ack it anyway, or Slack sends it again.
		if bad, ok := evt.Data.(*socketmode.ErrorBadMessage); ok {
			var env struct {
				EnvelopeID string `json:"envelope_id"`
			}
			if json.Unmarshal(bad.Message, &env) == nil && env.EnvelopeID != "" {
				_ = smc.AckCtx(ctx, env.EnvelopeID, nil)
			}
			a.log.Debug("slack envelope not understood", "err", bad.Cause)
		}
	case socketmode.EventTypeSlashCommand:
		cmd, ok := evt.Data.(slack.SlashCommand)
		if !ok {
			ack(nil)
			return
		}
		a.onSlash(work, cmd, ack)
	case socketmode.EventTypeInteractive:
		cb, ok := evt.Data.(slack.InteractionCallback)
		if !ok {
			ack(nil)
			return
		}
		switch cb.Type {
		case slack.InteractionTypeViewSubmission:
			a.onViewSubmission(work, cb, ack)
		case slack.InteractionTypeBlockActions:
			ack(nil)
			a.onBlockActions(work, cb)
		default:
			ack(nil)
		}
	case socketmode.EventTypeEventsAPI:
		ack(nil)
		if ev, ok := evt.Data.(slackevents.EventsAPIEvent); ok {
			a.onEvent(work, ev)
		}
	default:
		if evt.Request != nil && evt.Request.EnvelopeID != "" && evt.Type != socketmode.EventTypeHello {
			ack(nil)
		}
	}
}

func errOf(data any) any {
	switch d := data.(type) {
	case *slack.ConnectionErrorEvent:
		return d.ErrorObj
	case *slack.IncomingEventError:
		return d.ErrorObj
	}
	return data
}
