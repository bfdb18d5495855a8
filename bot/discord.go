package bot

import (
	"fmt"

	"github.com/atelier-bot/atelier/bot/discord"
	"github.com/atelier-bot/atelier/commands"
)

// newDiscord builds the Discord adapter from the discord: section of the
// configuration.
func newDiscord(d platformDeps) (platform, error) {
	c := d.cfg.Discord
	lang, _ := commands.ParseLang(d.cfg.Community.Language)
	a, err := discord.New(discord.Options{
		Token:         c.Token,
		ApplicationID: c.ApplicationID,
		GuildID:       c.GuildID,
		APIURL:        c.APIURL,
		ReactionEmoji: c.ReactionEmoji,
		Language:      lang,
		Location:      d.cfg.Location(),
		Logger:        d.log,
	}, d.router)
	if err != nil {
		return nil, fmt.Errorf("atelier: %w", err)
	}
	return a, nil
}
