package bot

import (
	"fmt"

	"github.com/atelier-bot/atelier/bot/slack"
	"github.com/atelier-bot/atelier/commands"
)

// The Slack adapter reports its link and rate-limit waits, and serves
// HTTP mode's endpoints on the shared listener.
var (
	_ connectedReporter = (*slack.Adapter)(nil)
	_ statsReporter     = (*slack.Adapter)(nil)
	_ httpMounter       = (*slack.Adapter)(nil)
)

// newSlack builds the Slack adapter from the slack: section of the
// configuration: Socket Mode by default; in HTTP mode its endpoints are
// mounted on the listener at http.listen (/slack/commands,
// /slack/interactivity, /slack/events).
func newSlack(d platformDeps) (platform, error) {
	s := d.cfg.Slack
	lang, _ := commands.ParseLang(d.cfg.Community.Language)
	a, err := slack.New(slack.Config{
		Mode:          s.Mode,
		BotToken:      s.BotToken,
		AppToken:      s.AppToken,
		SigningSecret: s.SigningSecret,
		APIURL:        s.APIURL,
		ReactionEmoji: s.ReactionEmoji,
		Community:     d.cfg.Location(),
		Language:      lang,
		Logger:        d.log,
	}, d.router)
	if err != nil {
		return nil, fmt.Errorf("atelier: %w", err)
	}
	return a, nil
}
