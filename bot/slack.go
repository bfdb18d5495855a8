package bot

import (
	"fmt"
	"strings"

	"github.com/atelier-bot/atelier/bot/slack"
	"github.com/atelier-bot/atelier/commands"
)

// SlackConfig configures the Slack adapter. It is only validated when
// Enabled is true, so a disabled section may hold placeholders.
type SlackConfig struct {
	Enabled bool `yaml:"enabled"`
	// Mode is "socket" (Socket Mode, no public URL needed) or "http"
	// (Events API and interactivity posted to http.listen).
	Mode          string `yaml:"mode"`
	BotToken      string `yaml:"bot_token"`
	AppToken      string `yaml:"app_token"`
	SigningSecret string `yaml:"signing_secret"`
	// APIURL overrides Slack's Web API base (a fake or a proxy). LoadConfig
	// makes it end with "/" because slack-go appends method names to it.
	APIURL        string         `yaml:"api_url"`
	Channels      ChannelsConfig `yaml:"channels"`
	ReactionEmoji string         `yaml:"reaction_emoji"`
}

// validate checks the slack: section, only when it is enabled; listen is
// http.listen, which HTTP mode needs.
func (s SlackConfig) validate(listen string) []error {
	if !s.Enabled {
		return nil
	}
	var errs []error
	fail := func(format string, args ...any) { errs = append(errs, fmt.Errorf("config: "+format, args...)) }
	if err := oneOf("slack.mode", s.Mode, "socket", "http"); err != nil {
		errs = append(errs, err)
	}
	// Both modes post messages with the bot token.
	if s.BotToken == "" {
		fail("slack.bot_token is required when slack.enabled is true")
	} else if !strings.HasPrefix(s.BotToken, "xoxb-") {
		fail(`slack.bot_token must start with "xoxb-" (the Bot User OAuth Token)`)
	}
	switch s.Mode {
	case "socket":
		if s.AppToken == "" {
			fail("slack.app_token is required when slack.mode is socket")
		} else if !strings.HasPrefix(s.AppToken, "xapp-") {
			fail(`slack.app_token must start with "xapp-" (an app-level token with connections:write)`)
		}
	case "http":
		if s.SigningSecret == "" {
			fail("slack.signing_secret is required when slack.mode is http")
		}
		if listen == "" {
			fail("http.listen is required when slack.mode is http")
		}
	}
	if err := checkURL(s.APIURL); err != nil {
		fail("slack.api_url %s", err)
	}
	if e := s.ReactionEmoji; e == "" {
		fail("slack.reaction_emoji is required (an emoji name such as raised_hand)")
	} else if strings.ContainsAny(e, ": \t") {
		fail("slack.reaction_emoji %q must be an emoji name without colons, such as raised_hand", e)
	}
	for key, id := range channels("slack", s.Channels) {
		if strings.HasPrefix(id, "#") {
			fail("%s %q must be a channel id such as C0123456789, not a name", key, id)
		}
	}
	return errs
}

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
