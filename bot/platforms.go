package bot

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"github.com/atelier-bot/atelier/commands"
)

// platform is a chat adapter as the process runs it: Run blocks until ctx
// is done or the link is lost for good. Adapters also implement
// Send(ctx, commands.Target, commands.Reply) (messageID string, err error)
// for notifications.
type platform interface {
	Run(ctx context.Context) error
}

// runAll runs the platforms (and the HTTP listener) together. When one
// returns, at the end of the console's input, on a fatal error or at a
// stop, the others are stopped; each gets shutdownGrace to finish the work
// in flight, after which the process goes on without waiting.
func runAll(ctx context.Context, log *slog.Logger, runners map[string]func(context.Context) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	type result struct {
		name string
		err  error
	}
	done := make(chan result, len(runners))
	for name, run := range runners {
		go func() {
			err := run(ctx)
			if err != nil && ctx.Err() == nil {
				log.Error("stopped", "part", name, "err", err)
			}
			done <- result{name, err}
			cancel()
		}()
	}
	var errs []error
	first := <-done
	if first.err != nil && !errors.Is(first.err, context.Canceled) {
		errs = append(errs, first.err)
	}
	timeout := time.NewTimer(shutdownGrace)
	defer timeout.Stop()
	for range len(runners) - 1 {
		select {
		case r := <-done:
			if r.err != nil && !errors.Is(r.err, context.Canceled) && ctx.Err() == nil {
				errs = append(errs, r.err)
			}
		case <-timeout.C:
			log.Warn("stop: parts still busy after the grace period; leaving them", "grace", shutdownGrace)
			return errors.Join(errs...)
		}
	}
	return errors.Join(errs...)
}

// platformDeps is what an adapter is built from.
type platformDeps struct {
	cfg    Config
	router *commands.Router
	log    *slog.Logger
}
