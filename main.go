// Command atelier runs the atelier community bot.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/atelier-bot/atelier/bot"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := bot.Run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr); err != nil {
		if err != bot.ErrUsage {
			fmt.Fprintln(os.Stderr, err)
		}
		os.Exit(bot.ExitCode(err))
	}
}
