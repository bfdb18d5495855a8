package bot

import (
	"fmt"
	"slices"
	"strconv"

	"github.com/atelier-bot/atelier/bot/discord"
	"github.com/atelier-bot/atelier/commands"
)

// DiscordConfig configures the Discord adapter. It is only validated when
// Enabled is true.
type DiscordConfig struct {
	Enabled bool `yaml:"enabled"`
	// Token is the bot token without the "Bot " prefix (LoadConfig strips it).
	Token         string `yaml:"token" config:"secret,trim"`
	ApplicationID string `yaml:"application_id"`
	GuildID       string `yaml:"guild_id"`
	// Guilds are more servers the bot serves on its one gateway connection
	// (a chapter's own server); guild_id stays the main one, where direct
	// messages belong.
	Guilds []string `yaml:"guilds" config:"trim"`
	// APIURL overrides https://discord.com (a fake or a REST proxy).
	// LoadConfig removes a trailing "/" so paths can be appended.
	APIURL        string         `yaml:"api_url" config:"url,trim"`
	Channels      ChannelsConfig `yaml:"channels"`
	ReactionEmoji string         `yaml:"reaction_emoji" config:"trim"`
}

// validate checks the discord: section, only when it is enabled.
func (d DiscordConfig) validate() []error {
	if !d.Enabled {
		return nil
	}
	var errs []error
	fail := func(format string, args ...any) { errs = append(errs, fmt.Errorf("config: "+format, args...)) }
	if d.Token == "" {
		fail("discord.token is required when discord.enabled is true")
	}
	// The commands, the events and the members' identities are the one
	// server's: without its id (or the application's) the bot cannot start.
	for _, k := range []struct{ key, id string }{{"discord.application_id", d.ApplicationID}, {"discord.guild_id", d.GuildID}} {
		if k.id == "" {
			fail("%s is required when discord.enabled is true", k.key)
		} else if !isSnowflake(k.id) {
			fail("%s %q must be a numeric id", k.key, k.id)
		}
	}
	for i, g := range d.Guilds {
		switch {
		case g == "":
			fail("discord.guilds[%d] is empty (a server id such as 1200000000000000001)", i)
		case !isSnowflake(g):
			fail("discord.guilds[%d] %q must be a numeric id", i, g)
		case g == d.GuildID:
			fail("discord.guilds[%d] repeats discord.guild_id", i)
		case slices.Index(d.Guilds, g) < i:
			fail("discord.guilds[%d] repeats discord.guilds[%d]", i, slices.Index(d.Guilds, g))
		}
	}
	if err := checkURL(d.APIURL); err != nil {
		fail("discord.api_url %s", err)
	}
	if d.ReactionEmoji == "" {
		fail("discord.reaction_emoji is required (an emoji such as ✋)")
	}
	return append(errs, checkChannels("discord", "discord", d.Channels)...)
}

// isSnowflake accepts "" (not configured) or a decimal Discord id.
func isSnowflake(s string) bool {
	if s == "" {
		return true
	}
	_, err := strconv.ParseUint(s, 10, 64)
	return err == nil
}

// newDiscord builds the Discord adapter from the discord: section of the
// configuration.
func newDiscord(d platformDeps) (platform, error) {
	c := d.cfg.Discord
	lang, _ := commands.ParseLang(d.cfg.Community.Language)
	a, err := discord.New(discord.Options{
		Token:         c.Token,
		ApplicationID: c.ApplicationID,
		GuildID:       c.GuildID,
		Guilds:        c.Guilds,
		APIURL:        c.APIURL,
		ReactionEmoji: c.ReactionEmoji,
		Language:      lang,
		Location:      d.cfg.Location(),
		Logger:        d.log,
		EventGuilds:   d.cfg.eventGuilds(),
	}, d.router)
	if err != nil {
		return nil, fmt.Errorf("atelier: %w", err)
	}
	return a, nil
}
