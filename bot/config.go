package bot

import (
	"errors"
	"fmt"
	"net/url"
	"os"
	"reflect"
	"slices"
	"strings"
	"time"

	// The community's time zone decides when sessions and reminders happen;
	// embedding the zone database keeps that true on hosts without
	// /usr/share/zoneinfo (scratch or distroless images).
	_ "time/tzdata"
)

// Config is everything the bot reads from its YAML file. Build it with
// DefaultConfig or LoadConfig, then call Validate before use.
type Config struct {
	Community CommunityConfig `yaml:"community"`
	Database  DatabaseConfig  `yaml:"database"`
	Staff     StaffConfig     `yaml:"staff"`
	Slack     SlackConfig     `yaml:"slack"`
	Discord   DiscordConfig   `yaml:"discord"`
	Reminders RemindersConfig `yaml:"reminders"`
	Scheduler SchedulerConfig `yaml:"scheduler"`
	Jobs      JobsConfig      `yaml:"jobs"`
	Matching  MatchingConfig  `yaml:"matching"`
	Stats     StatsConfig     `yaml:"stats"`
	HTTP      HTTPConfig      `yaml:"http"`
	Limits    LimitsConfig    `yaml:"limits"`
	Log       LogConfig       `yaml:"log"`
	Chapters  []ChapterConfig `yaml:"chapters"`
}

// DatabaseConfig locates the SQLite file.
type DatabaseConfig struct {
	Path string `yaml:"path"`
	// Synchronous is "normal" (default: safe from crashes of the program,
	// may lose the last seconds of writes on a power cut) or "full" (every
	// commit on the disk before it is answered; slower writes).
	Synchronous string `yaml:"synchronous"`
}

// ChannelsConfig names the channels where the bot posts each kind of item;
// an empty id turns that kind of post off on that platform, except the
// digest, which goes to the announcements channel unless it has its own.
type ChannelsConfig struct {
	Announcements string `yaml:"announcements"`
	Problems      string `yaml:"problems"`
	Workshops     string `yaml:"workshops"`
	Jobs          string `yaml:"jobs"`
	Digest        string `yaml:"digest"`
}

// channelKinds are the kinds of item a channel can be named for: the keys
// of ChannelsConfig, in the order of the file, so error messages are
// reproducible, and a kind added there is known everywhere.
var channelKinds = yamlKeys(reflect.TypeFor[ChannelsConfig]())

// written is the id the file gives a kind, as written.
func (ch ChannelsConfig) written(kind string) string {
	if i := slices.Index(channelKinds, kind); i >= 0 {
		return reflect.ValueOf(ch).Field(i).String()
	}
	return ""
}

// of is the channel a kind of item goes to, "" for none.
func (ch ChannelsConfig) of(kind string) string {
	if kind == "digest" && ch.Digest == "" {
		return ch.Announcements
	}
	return ch.written(kind)
}

// LogConfig configures log/slog.
type LogConfig struct {
	Level  string `yaml:"level" config:"lower"`  // debug, info, warn or error
	Format string `yaml:"format" config:"lower"` // text or json
}

// DefaultConfig returns a configuration that runs the console only, so the
// bot starts with no file at all. Every call returns fresh slices.
func DefaultConfig() Config {
	return Config{
		Community: CommunityConfig{Name: "atelier", Timezone: "Europe/Paris", Language: "en", DateOrder: "dmy"},
		Database:  DatabaseConfig{Path: "atelier.db", Synchronous: "normal"},
		Staff:     StaffConfig{Console: []string{"admin"}},
		Slack:     SlackConfig{Mode: "socket", ReactionEmoji: "raised_hand"},
		Discord:   DiscordConfig{ReactionEmoji: "✋"},
		Reminders: RemindersConfig{Offsets: []Duration{Duration(24 * time.Hour), Duration(time.Hour)}},
		Scheduler: DefaultSchedulerConfig(),
		HTTP:      DefaultHTTPConfig(),
		Limits:    LimitsConfig{PostEvery: Duration(time.Minute), PostBurst: 5, CalendarPerMinute: 30},
		Jobs:      DefaultJobsConfig(),
		Matching:  DefaultMatchingConfig(),
		Stats:     StatsConfig{RetentionMinSessions: 2},
		Log:       LogConfig{Level: "info", Format: "text"},
	}
}

// LoadConfig reads the YAML file at path over DefaultConfig and validates
// the result; an empty path means the defaults alone. A nil getenv means
// os.Getenv.
//
// In values (never in keys or comments), ${VAR} is replaced by getenv(VAR)
// and ${VAR:-default} by default when VAR is unset or empty, so secrets can
// stay out of the file. An unset variable without a default becomes "", and
// it is Validate that complains, only if the key is required: this lets a
// disabled platform's section reference secrets that are not set. Expansion
// happens after YAML parsing, so a value containing '#', ': ' or quotes
// cannot change the file's structure. There is no escape for a literal
// "${"; put such a value in a variable instead (expanded text is not
// expanded again).
//
// Keys not in Config are errors, as are duplicated keys; errors name the
// file, the line and the dotted key, and a misspelt key the one meant.
func LoadConfig(path string, getenv func(string) string) (Config, error) {
	cfg := DefaultConfig()
	l := &loader{file: path, getenv: getenv}
	if l.getenv == nil {
		l.getenv = os.Getenv
	}
	if path != "" {
		if err := l.load(&cfg); err != nil {
			return Config{}, err
		}
	}
	cfg.normalize()
	if err := cfg.Validate(); err != nil {
		return Config{}, l.withHints(err)
	}
	return cfg, nil
}

// normalize forgives harmless spelling differences so that Validate can be
// strict and adapters need not repeat the clean-up: the config tags say
// which field is trimmed or lower-cased, and the rules of single fields
// follow.
func (c *Config) normalize() {
	mapStrings(reflect.ValueOf(c).Elem(), "", func(s, tag string) string {
		if tagged(tag, "trim") || tagged(tag, "lower") {
			s = strings.TrimSpace(s)
		}
		if tagged(tag, "lower") {
			s = strings.ToLower(s)
		}
		return s
	})
	// discordgo wants the prefix added by the adapter; people paste it.
	c.Discord.Token = strings.TrimSpace(strings.TrimPrefix(c.Discord.Token, "Bot "))
	// slack-go appends method names to its base; Discord's paths start with "/".
	urls := []*string{&c.Slack.APIURL}
	for i := range c.Slack.Workspaces {
		urls = append(urls, &c.Slack.Workspaces[i].APIURL)
	}
	for _, u := range urls {
		if *u != "" && !strings.HasSuffix(*u, "/") {
			*u += "/"
		}
	}
	c.Discord.APIURL = strings.TrimRight(c.Discord.APIURL, "/")
	// Slack's reactions API names emoji without the colons people type.
	c.Slack.ReactionEmoji = strings.Trim(c.Slack.ReactionEmoji, ":")
}

// Validate reports every fault it finds, joined, each naming its key as
// "config: <dotted.key> ...". The slack and discord sections are only
// checked when enabled. Messages never include a secret's value.
func (c Config) Validate() error {
	errs := slices.Concat(
		c.Community.validate(), c.Staff.validate(), c.Slack.validate(c.HTTP.Listen), c.Discord.validate(),
		c.Reminders.validate(), c.Scheduler.validate(c.Location()), c.Jobs.validate(), c.Stats.validate(),
		c.Matching.validate(), c.HTTP.validate(), c.Limits.validate(), c.validateChapters(),
	)
	if strings.TrimSpace(c.Database.Path) == "" {
		errs = append(errs, errors.New("config: database.path is required"))
	}
	errs = append(errs, oneOf("database.synchronous", c.Database.Synchronous, "normal", "full"),
		oneOf("log.level", c.Log.Level, "debug", "info", "warn", "error"),
		oneOf("log.format", c.Log.Format, "text", "json"))
	return errors.Join(errs...)
}

// oneOf is the error of a key whose value is not one of allowed, or nil.
func oneOf(key, value string, allowed ...string) error {
	if slices.Contains(allowed, value) {
		return nil
	}
	list := strings.Join(allowed[:len(allowed)-1], ", ") + " or " + allowed[len(allowed)-1]
	return fmt.Errorf("config: %s must be %s, not %q", key, list, value)
}

// checkChannels checks the channel ids of a channels: section under the
// dotted key prefix, as the platform writes them.
func checkChannels(platform, prefix string, ch ChannelsConfig) []error {
	var errs []error
	for _, kind := range channelKinds {
		key, id := prefix+".channels."+kind, ch.written(kind)
		switch {
		case id == "":
		case platform == "slack" && strings.HasPrefix(id, "#"):
			errs = append(errs, fmt.Errorf("config: %s %q must be a channel id such as C0123456789, not a name", key, id))
		case platform == "discord" && !isSnowflake(id):
			errs = append(errs, fmt.Errorf("config: %s %q must be a numeric channel id", key, id))
		}
	}
	return errs
}

// checkURL accepts "" (the platform's own API) or an absolute http(s) URL.
// Its error reads after the key name.
func checkURL(raw string) error {
	if raw == "" {
		return nil
	}
	u, err := url.Parse(raw)
	if err != nil {
		return errors.New("must be an http or https URL")
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		// Redacted, as the URL may carry a proxy password.
		return fmt.Errorf("%q must be an http or https URL", u.Redacted())
	}
	return nil
}

// The config tag of a string field, or of a []string for each element,
// declares how LoadConfig cleans it and how Redacted shows it, so that a
// field added later is handled because it is tagged, not because someone
// remembered normalize and Redacted:
//
//	trim    surrounding space removed (pasted values, env files' newlines)
//	lower   trimmed and lower-cased (a word from a fixed list)
//	secret  "***" in Redacted when set, and masked in the log
//	url     its password hidden in Redacted
//
// Options combine, as in `config:"secret,trim"`.

func tagged(tag, option string) bool {
	return slices.Contains(strings.Split(tag, ","), option)
}

// mapStrings replaces each string in v, a settable value, by f of it and
// its field's config tag. Each non-nil slice on the way is replaced by a
// copy first, so that on a copy of a Config it leaves the original alone.
func mapStrings(v reflect.Value, tag string, f func(s, tag string) string) {
	switch v.Kind() {
	case reflect.String:
		v.SetString(f(v.String(), tag))
	case reflect.Struct:
		for i := range v.NumField() {
			mapStrings(v.Field(i), v.Type().Field(i).Tag.Get("config"), f)
		}
	case reflect.Slice:
		if !v.IsNil() {
			v.Set(reflect.AppendSlice(reflect.MakeSlice(v.Type(), 0, v.Len()), v))
			for i := range v.Len() {
				mapStrings(v.Index(i), tag, f)
			}
		}
	}
}

// redactedMark replaces secrets; a set-but-hidden value still shows that it
// is set, which is what one checks when reading logs.
const redactedMark = "***"

// Redacted returns a deep copy safe to log: what is tagged secret is
// replaced by "***" when set, and passwords in what is tagged url are
// hidden.
func (c Config) Redacted() Config {
	mapStrings(reflect.ValueOf(&c).Elem(), "", func(s, tag string) string {
		switch {
		case s == "":
		case tagged(tag, "secret"):
			return redactedMark
		case tagged(tag, "url"):
			u, err := url.Parse(s)
			if err != nil {
				// An unparsable URL might still hold a password; show nothing.
				return redactedMark
			}
			return u.Redacted()
		}
		return s
	})
	return c
}

// secrets are the values tagged secret that are set, for the log's
// redaction.
func (c Config) secrets() (out []string) {
	mapStrings(reflect.ValueOf(&c).Elem(), "", func(s, tag string) string {
		if s != "" && tagged(tag, "secret") {
			out = append(out, s)
		}
		return s
	})
	return out
}
