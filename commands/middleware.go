package commands

import (
	"context"
	"fmt"
	"log/slog"
	"runtime/debug"
	"time"
)

// errPanic stands for a handler that panicked; the user sees "something
// went wrong", the log has the stack.
var errPanic = fmt.Errorf("commands: handler panicked")

// recovering turns a panic into errPanic, so no panic reaches a user or
// kills the adapter's loop.
func recovering(log *slog.Logger, next Handler) Handler {
	return HandlerFunc(func(ctx context.Context, req *Request) (reply Reply, err error) {
		defer func() {
			if p := recover(); p != nil {
				log.Error("panic in handler", "platform", req.Platform, "command", req.Command, "sub", req.Sub,
					"panic", fmt.Sprint(p), "stack", string(debug.Stack()))
				reply, err = Reply{}, errPanic
			}
		}()
		return next.Serve(ctx, req)
	})
}

// logging writes one line per interaction, and tells observe. It logs no
// message text: user content stays out of the logs.
func logging(log *slog.Logger, observe func(platform, command, outcome string, d time.Duration), next Handler) Handler {
	return HandlerFunc(func(ctx context.Context, req *Request) (Reply, error) {
		start := time.Now()
		reply, err := next.Serve(ctx, req)
		outcome := errOutcome(err)
		if observe != nil {
			// Only known routes name a series: typed text must not grow
			// the metrics without bound.
			command := "unknown"
			if req.route != nil {
				command = req.route.Key()
			}
			observe(req.Platform, command, outcome, time.Since(start))
		}
		level := slog.LevelInfo
		if outcome == "internal" || outcome == "panic" {
			level = slog.LevelError
		}
		attrs := []any{"platform", req.Platform, "command", req.Command, "sub", req.Sub,
			"member", req.Member.ID, "duration", time.Since(start), "outcome", outcome}
		if level == slog.LevelError {
			attrs = append(attrs, "err", err)
		}
		log.Log(ctx, level, "interaction", attrs...)
		return reply, err
	})
}
