package bot

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

// SignalContext is done at the first SIGINT or SIGTERM, which starts a
// graceful stop. The signals then go back to the runtime, so a second one
// ends the process at once.
func SignalContext(parent context.Context) (context.Context, context.CancelFunc) {
	ctx, stop := signal.NotifyContext(parent, os.Interrupt, syscall.SIGTERM)
	go func() {
		<-ctx.Done()
		stop()
	}()
	return ctx, stop
}
