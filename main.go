// Command atelier runs the atelier community bot.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/atelier-bot/atelier/bot"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	go func() {
		// The first signal starts a graceful stop; giving the signals back
		// to the runtime makes a second one end the process at once.
		<-ctx.Done()
		stop()
	}()
	if err := bot.Run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr); err != nil {
		if !errors.Is(err, bot.ErrUsage) {
			fmt.Fprintln(os.Stderr, err)
		}
		os.Exit(bot.ExitCode(err))
	}
}
