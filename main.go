// Command atelier runs the atelier community bot.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/atelier-bot/atelier/bot"
)

func main() {
	ctx, stop := bot.SignalContext(context.Background())
	defer stop()
	if err := bot.Run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr); err != nil {
		if !errors.Is(err, bot.ErrUsage) {
			fmt.Fprintln(os.Stderr, err)
		}
		os.Exit(bot.ExitCode(err))
	}
}
