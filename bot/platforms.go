package bot

import (
	"context"
	"errors"
	"log/slog"
	"sync"

	"github.com/atelier-bot/atelier/commands"
)

// platform is a chat adapter as the process runs it: Run blocks until ctx
// is done or the link is lost for good. Adapters also implement
// Send(ctx, commands.Target, commands.Reply) (messageID string, err error)
// for notifications.
type platform interface {
	Run(ctx context.Context) error
}

// runAll runs the platforms together; the first to fail stops the others.
func runAll(ctx context.Context, log *slog.Logger, ps map[string]platform) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	errs := make(chan error, len(ps))
	for name, p := range ps {
		wg.Add(1)
		go func() {
			defer wg.Done()
			err := p.Run(ctx)
			if err != nil && ctx.Err() == nil {
				log.Error("platform stopped", "platform", name, "err", err)
				errs <- err
				cancel()
			}
		}()
	}
	wg.Wait()
	close(errs)
	var all []error
	for err := range errs {
		all = append(all, err)
	}
	return errors.Join(all...)
}

// platformDeps is what an adapter is built from.
type platformDeps struct {
	cfg    Config
	router *commands.Router
	log    *slog.Logger
}
