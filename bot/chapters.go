package bot

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/atelier-bot/atelier/commands"
	"github.com/atelier-bot/atelier/storage"
)

// ChapterConfig is one chapter of the community: a local group with its
// zone, language, staff and channels, in the community's own workspace and
// guild or in one of its own. Without chapters the community is one.
type ChapterConfig struct {
	ID   string `yaml:"id" config:"lower"` // short and stable: members type it, the database keeps it
	Name string `yaml:"name"`
	// Timezone and Language default to the community's.
	Timezone string `yaml:"timezone" config:"trim"`
	Language string `yaml:"language" config:"lower"`
	// Archived closes a chapter: its members and items stay, nothing new
	// joins it and nothing is posted to its channels. Removing a chapter
	// from the file archives it too; a chapter is never deleted.
	Archived bool         `yaml:"archived"`
	Staff    StaffConfig  `yaml:"staff"`
	Slack    ChapterSpace `yaml:"slack"`
	Discord  ChapterSpace `yaml:"discord"`
}

// ChapterSpace is where a chapter lives on one platform: its workspace
// (Slack team id) or guild, empty for the community's own, and its channels
// for each kind of item.
type ChapterSpace struct {
	Workspace string         `yaml:"workspace"`
	Channels  ChannelsConfig `yaml:"channels"`
}

var chapterID = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,31}$`)

// validateChapters checks the chapters: section.
func (c Config) validateChapters() []error {
	var errs []error
	fail := func(format string, args ...any) { errs = append(errs, fmt.Errorf("config: "+format, args...)) }
	seen := map[string]int{}
	for i, ch := range c.Chapters {
		key := fmt.Sprintf("chapters[%d]", i)
		switch first, dup := seen[ch.ID]; {
		case !chapterID.MatchString(ch.ID):
			fail("%s.id %q must be 1 to 32 lower-case letters, digits or -, such as paris", key, ch.ID)
		case dup:
			fail("%s.id %q repeats chapters[%d].id", key, ch.ID, first)
		default:
			seen[ch.ID] = i
		}
		if strings.TrimSpace(ch.Name) == "" {
			fail("%s.name is required", key)
		}
		if ch.Timezone != "" {
			if _, err := loadLocation(ch.Timezone); err != nil {
				fail("%s.timezone %q: unknown time zone", key, ch.Timezone)
			}
		}
		if ch.Language != "" {
			if err := oneOf(key+".language", ch.Language, "fr", "en"); err != nil {
				errs = append(errs, err)
			}
		}
		for _, list := range [][]string{ch.Staff.Slack, ch.Staff.Discord, ch.Staff.Console} {
			if slices.Contains(list, "") {
				fail("%s.staff has an empty id", key)
				break
			}
		}
		if w := ch.Slack.Workspace; w != "" && w != c.Slack.TeamID && !slices.ContainsFunc(c.Slack.Workspaces, func(x SlackWorkspaceConfig) bool { return x.TeamID == w }) {
			fail("%s.slack.workspace %q is not in slack.workspaces, nor slack.team_id (leave it out for the community's own workspace)", key, w)
		}
		switch g := ch.Discord.Workspace; {
		case !isSnowflake(g):
			fail("%s.discord.workspace %q must be a numeric guild id", key, g)
		case g != "" && g != c.Discord.GuildID && !slices.Contains(c.Discord.Guilds, g):
			fail("%s.discord.workspace %q is neither discord.guild_id nor in discord.guilds", key, g)
		}
		errs = append(errs, checkChannels("slack", key+".slack", ch.Slack.Channels)...)
		errs = append(errs, checkChannels("discord", key+".discord", ch.Discord.Channels)...)
	}
	return errs
}

// routerChapters is what the core knows of the chapters.
func (c Config) routerChapters() []commands.Chapter {
	var out []commands.Chapter
	for _, ch := range c.Chapters {
		out = append(out, c.chapterOf(ch))
	}
	return out
}

func (c Config) chapterOf(ch ChapterConfig) commands.Chapter {
	lang, ok := commands.ParseLang(ch.Language)
	if !ok {
		lang, _ = commands.ParseLang(c.Community.Language)
	}
	loc := c.Location()
	if l, err := loadLocation(ch.Timezone); ch.Timezone != "" && err == nil {
		loc = l
	}
	return commands.Chapter{ID: ch.ID, Name: ch.Name, Location: loc, Language: lang, Archived: ch.Archived}
}

// syncChapters records the configured chapters in the database, archiving
// those gone from the file.
func syncChapters(ctx context.Context, db *storage.DB, c Config) error {
	rows := make([]storage.ChapterRow, 0, len(c.Chapters))
	for _, ch := range c.Chapters {
		rows = append(rows, storage.ChapterRow{ID: ch.ID, Name: ch.Name, Archived: ch.Archived})
	}
	return db.SyncChapters(ctx, rows)
}

// space is a chapter's place on a platform.
func (ch ChapterConfig) space(platform string) ChapterSpace {
	if platform == "slack" {
		return ch.Slack
	}
	return ch.Discord
}

// ChapterFrom names the open chapter a request comes from: the one whose
// channels include its channel, else the first whose workspace or guild it
// is (a chapter with none lives in the community's own), else none.
//
// ChapterFrom, ChapterChannels, StaffOf, IsStaff and NamedChannels take a
// pointer: the router calls them on every request or card, and a Config
// passed by value is 960 bytes copied onto the command's goroutine stack,
// which grew for it (4% of the CPU of a Discord burst of posts).
func (c *Config) ChapterFrom(platform, workspace, channel string) string {
	if platform != "slack" && platform != "discord" {
		return ""
	}
	for _, ch := range c.Chapters {
		if !ch.Archived && channel != "" && slices.Contains(ch.space(platform).Channels.ids(), channel) {
			return ch.ID
		}
	}
	for _, ch := range c.Chapters {
		if !ch.Archived && c.sameSpace(platform, ch.space(platform).Workspace, workspace) {
			return ch.ID
		}
	}
	return ""
}

// sameSpace says whether a chapter's configured workspace (empty: the
// community's own) is the request's.
func (c *Config) sameSpace(platform, configured, workspace string) bool {
	if configured != "" {
		return configured == workspace
	}
	if platform == "discord" {
		return workspace == "" || workspace == c.Discord.GuildID
	}
	// The community's Slack workspace is the one whose id no chapter names.
	for _, ch := range c.Chapters {
		if ch.Slack.Workspace == workspace {
			return false
		}
	}
	return true
}

// ChapterChannels resolves a kind of item to a chapter's channels on each
// enabled platform; a platform where the chapter names none for that kind
// uses the community's.
func (c *Config) ChapterChannels(chapter, kind string) []commands.Target {
	i := slices.IndexFunc(c.Chapters, func(ch ChapterConfig) bool { return ch.ID == chapter && !ch.Archived })
	if i < 0 || !slices.Contains(channelKinds, kind) {
		return c.communityChannels(kind)
	}
	ch := c.Chapters[i]
	var out []commands.Target
	for _, p := range []struct {
		name    string
		enabled bool
		own     ChannelsConfig
	}{{"slack", c.Slack.Enabled, c.Slack.Channels}, {"discord", c.Discord.Enabled, c.Discord.Channels}} {
		if !p.enabled {
			continue
		}
		sp := ch.space(p.name)
		if id := sp.Channels.of(kind); id != "" {
			out = append(out, commands.Target{Platform: p.name, Workspace: sp.Workspace, Channel: id})
		} else if id := p.own.of(kind); id != "" {
			out = append(out, commands.Target{Platform: p.name, Channel: id})
		}
	}
	if len(out) == 0 && !c.Slack.Enabled && !c.Discord.Enabled {
		return c.communityChannels(kind)
	}
	return out
}

// StaffOf says whether an account is on the community-wide staff list and
// which open chapters' staff lists name it.
func (c *Config) StaffOf(platform, userID string) (all bool, chapters []string) {
	for _, ch := range c.Chapters {
		if !ch.Archived && ch.Staff.has(platform, userID) {
			chapters = append(chapters, ch.ID)
		}
	}
	return c.Staff.has(platform, userID), chapters
}

// ids lists the channel ids set.
func (ch ChannelsConfig) ids() []string {
	var out []string
	for _, kind := range channelKinds {
		if id := ch.written(kind); id != "" {
			out = append(out, id)
		}
	}
	return out
}

// eventGuilds is where a workshop's native Discord events are kept: its
// chapter's guild, or every open chapter's for an online workshop; nil
// (the main guild) without chapters.
func (c Config) eventGuilds() func(w storage.Workshop) []string {
	if len(c.Chapters) == 0 {
		return nil
	}
	return func(w storage.Workshop) []string {
		var out []string
		for _, ch := range c.Chapters {
			g := ch.Discord.Workspace
			if g == "" {
				g = c.Discord.GuildID
			}
			if (w.Chapter == "" && !ch.Archived || ch.ID == w.Chapter) && !slices.Contains(out, g) {
				out = append(out, g)
			}
		}
		return out
	}
}
