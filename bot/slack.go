package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"

	"github.com/atelier-bot/atelier/bot/slack"
	"github.com/atelier-bot/atelier/commands"
	"github.com/atelier-bot/atelier/scheduler"
)

// SlackConfig configures the Slack adapter. It is only validated when
// Enabled is true, so a disabled section may hold placeholders.
type SlackConfig struct {
	Enabled bool `yaml:"enabled"`
	// Mode is "socket" (Socket Mode, no public URL needed) or "http"
	// (Events API and interactivity posted to http.listen).
	Mode string `yaml:"mode" config:"lower"`
	// TeamID is the main workspace's id (T…), optional: when set, the bot
	// token must be that workspace's, and chapters can name it before the
	// bot has started.
	TeamID        string `yaml:"team_id" config:"trim"`
	BotToken      string `yaml:"bot_token" config:"secret,trim"`
	AppToken      string `yaml:"app_token" config:"secret,trim"`
	SigningSecret string `yaml:"signing_secret" config:"secret,trim"`
	// APIURL overrides Slack's Web API base (a fake or a proxy). LoadConfig
	// makes it end with "/" because slack-go appends method names to it.
	APIURL        string         `yaml:"api_url" config:"url,trim"`
	Channels      ChannelsConfig `yaml:"channels"`
	ReactionEmoji string         `yaml:"reaction_emoji" config:"trim"`
	// Workspaces are more workspaces the bot serves besides the main one
	// (the keys above): each its own Socket Mode connection with its own
	// tokens, whatever mode the main one uses.
	Workspaces []SlackWorkspaceConfig `yaml:"workspaces"`
}

// SlackWorkspaceConfig is one more Slack workspace: the app installed
// there gives its own bot and app-level tokens.
type SlackWorkspaceConfig struct {
	// TeamID is the workspace's id (T…): notifications for its members and
	// channels go through its tokens, and the bot token must be its.
	TeamID   string `yaml:"team_id" config:"trim"`
	BotToken string `yaml:"bot_token" config:"secret,trim"`
	AppToken string `yaml:"app_token" config:"secret,trim"`
	// APIURL overrides slack.api_url for this workspace (a fake or a
	// proxy); "" takes slack.api_url.
	APIURL string `yaml:"api_url" config:"url,trim"`
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
	errs = append(errs, checkChannels("slack", "slack", s.Channels)...)
	return append(errs, s.validateWorkspaces()...)
}

// validateWorkspaces checks slack.workspaces. Extra workspaces always use
// Socket Mode, so each needs its app-level token even when slack.mode is
// http; no message shows a token.
func (s SlackConfig) validateWorkspaces() []error {
	var errs []error
	fail := func(format string, args ...any) { errs = append(errs, fmt.Errorf("config: "+format, args...)) }
	teams := map[string]string{}
	if s.TeamID != "" {
		if !isTeamID(s.TeamID) {
			fail("slack.team_id %q must be a workspace id such as T0123456789", s.TeamID)
		}
		teams[s.TeamID] = "slack.team_id"
	}
	tokens := map[string]string{s.BotToken: "slack.bot_token"}
	for i, w := range s.Workspaces {
		key := fmt.Sprintf("slack.workspaces[%d]", i)
		switch {
		case w.TeamID == "":
			fail("%s.team_id is required (the workspace id, such as T0123456789)", key)
		case !isTeamID(w.TeamID):
			fail("%s.team_id %q must be a workspace id such as T0123456789", key, w.TeamID)
		default:
			if other, dup := teams[w.TeamID]; dup {
				fail("%s.team_id repeats %s", key, other)
			}
			teams[w.TeamID] = key + ".team_id"
		}
		switch {
		case w.BotToken == "":
			fail("%s.bot_token is required (the Bot User OAuth Token of the app in that workspace)", key)
		case !strings.HasPrefix(w.BotToken, "xoxb-"):
			fail(`%s.bot_token must start with "xoxb-" (the Bot User OAuth Token)`, key)
		case tokens[w.BotToken] != "":
			fail("%s.bot_token is the same token as %s: each workspace has its own", key, tokens[w.BotToken])
		default:
			tokens[w.BotToken] = key + ".bot_token"
		}
		switch {
		case w.AppToken == "":
			fail("%s.app_token is required (an app-level token with connections:write: each extra workspace has its own Socket Mode connection)", key)
		case !strings.HasPrefix(w.AppToken, "xapp-"):
			fail(`%s.app_token must start with "xapp-" (an app-level token with connections:write)`, key)
		}
		if err := checkURL(w.APIURL); err != nil {
			fail("%s.api_url %s", key, err)
		}
	}
	return errs
}

// isTeamID accepts a Slack workspace id: T then capital letters and digits.
func isTeamID(s string) bool {
	if len(s) < 2 || s[0] != 'T' {
		return false
	}
	for _, r := range s[1:] {
		if (r < 'A' || r > 'Z') && (r < '0' || r > '9') {
			return false
		}
	}
	return true
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
// /slack/interactivity, /slack/events). With slack.workspaces, one
// adapter per workspace, run and addressed together (slackTeams).
func newSlack(d platformDeps) (platform, error) {
	s := d.cfg.Slack
	lang, _ := commands.ParseLang(d.cfg.Community.Language)
	build := func(c slack.Config) (*slack.Adapter, error) {
		c.ReactionEmoji, c.Community, c.Language, c.Logger = s.ReactionEmoji, d.cfg.Location(), lang, d.log
		if c.TeamID != "" {
			c.Logger = d.log.With("team", c.TeamID)
		}
		c.Shared = len(s.Workspaces) > 0
		a, err := slack.New(c, d.router)
		if err != nil {
			return nil, fmt.Errorf("atelier: %w", err)
		}
		return a, nil
	}
	main, err := build(slack.Config{Mode: s.Mode, TeamID: s.TeamID, BotToken: s.BotToken, AppToken: s.AppToken, SigningSecret: s.SigningSecret, APIURL: s.APIURL,
		// Two adapters in one workspace would split its events between
		// them; the extra ones' teams are known from the file, the main
		// one's only once Slack names it.
		Claim: func(team string) error {
			for i, w := range s.Workspaces {
				if w.TeamID == team {
					return fmt.Errorf("the main workspace's bot token is workspace %s's, which slack.workspaces[%d] also serves", team, i)
				}
			}
			return nil
		}})
	if err != nil {
		return nil, err
	}
	if len(s.Workspaces) == 0 {
		return main, nil
	}
	g := &slackTeams{main: main, all: []*slack.Adapter{main}, keys: []string{"slack (main workspace)"}, byTeam: map[string]*slack.Adapter{}, log: d.log}
	for i, w := range s.Workspaces {
		api := w.APIURL
		if api == "" {
			api = s.APIURL
		}
		a, err := build(slack.Config{Mode: "socket", BotToken: w.BotToken, AppToken: w.AppToken, APIURL: api, TeamID: w.TeamID})
		if err != nil {
			return nil, err
		}
		g.all, g.keys = append(g.all, a), append(g.keys, fmt.Sprintf("slack.workspaces[%d]", i))
		g.byTeam[w.TeamID] = a
	}
	// Each adapter named members for the router in turn; the last would
	// answer for all. A name is asked of the member's own workspace.
	d.router.NameMembers(slack.Platform, func(ctx context.Context, team, user string) string {
		return g.adapter(team).MemberName(ctx, user)
	})
	return g, nil
}

// slackTeams is the Slack platform when the bot serves several
// workspaces: an adapter each, run together, a notification sent through
// the adapter of its target's workspace.
type slackTeams struct {
	main   *slack.Adapter
	all    []*slack.Adapter // main first
	keys   []string         // the configuration key of each, for errors
	byTeam map[string]*slack.Adapter
	log    *slog.Logger
	// unknown holds the workspaces not configured that a notification
	// named, each logged once.
	unknown sync.Map
}

var (
	_ connectedReporter = (*slackTeams)(nil)
	_ statsReporter     = (*slackTeams)(nil)
	_ httpMounter       = (*slackTeams)(nil)
	_ partsReporter     = (*slackTeams)(nil)
	_ scheduler.Sender  = (*slackTeams)(nil)
)

// Run runs every workspace's adapter until ctx is done; one stopping on
// an error (a token refused, a token of another workspace than its
// team_id) stops them all, as a lone adapter's would stop the bot.
func (g *slackTeams) Run(ctx context.Context) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	errs := make(chan error, len(g.all))
	for i, a := range g.all {
		go func() {
			err := a.Run(ctx)
			if err != nil {
				err = fmt.Errorf("%s: %w", g.keys[i], err)
				cancel()
			}
			errs <- err
		}()
	}
	var out []error
	for range g.all {
		if err := <-errs; err != nil {
			out = append(out, err)
		}
	}
	return errors.Join(out...)
}

// adapter is the adapter of a workspace: a configured one's own, else the
// main one (a member or card from before the workspaces were listed, or
// one with no workspace recorded); a workspace not configured is logged
// once.
func (g *slackTeams) adapter(team string) *slack.Adapter {
	if a, ok := g.byTeam[team]; ok {
		return a
	}
	if team != "" && team != g.main.Team() {
		if _, seen := g.unknown.LoadOrStore(team, true); !seen {
			g.log.Warn("slack: a workspace that is not configured; going through the main one", "team", team)
		}
	}
	return g.main
}

// Send delivers through the adapter of the target's workspace.
func (g *slackTeams) Send(ctx context.Context, to commands.Target, msg commands.Reply) (string, error) {
	return g.adapter(to.Workspace).Send(ctx, to, msg)
}

// Connected is true when every workspace's link is up.
func (g *slackTeams) Connected() bool {
	for _, a := range g.all {
		if !a.Connected() {
			return false
		}
	}
	return true
}

// Parts says, per workspace, whether its link is up: the main one as
// "main", the others by team id.
func (g *slackTeams) Parts() map[string]bool {
	out := map[string]bool{"main": g.main.Connected()}
	for team, a := range g.byTeam {
		out[team] = a.Connected()
	}
	return out
}

func (g *slackTeams) Reconnects() (n uint64) {
	for _, a := range g.all {
		n += a.Reconnects()
	}
	return n
}

func (g *slackTeams) RateLimitWaits() (n uint64) {
	for _, a := range g.all {
		n += a.RateLimitWaits()
	}
	return n
}

// MountHTTP mounts the main workspace's HTTP mode endpoints; the others
// use Socket Mode.
func (g *slackTeams) MountHTTP(mux *http.ServeMux) { g.main.MountHTTP(mux) }
