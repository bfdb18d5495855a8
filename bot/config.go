package bot

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/atelier-bot/atelier/commands"

	// The community's time zone decides when sessions and reminders happen;
	// embedding the zone database keeps that true on hosts without
	// /usr/share/zoneinfo (scratch or distroless images).
	_ "time/tzdata"

	"gopkg.in/yaml.v3"
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
}

// CommunityConfig describes the community the bot serves.
type CommunityConfig struct {
	Name string `yaml:"name"`
	// Timezone is an IANA name; it is the default for members who set none
	// and the zone in which announcements' cron specs run.
	Timezone string `yaml:"timezone"`
	// Language ("fr" or "en") is used when a member's locale is unknown.
	Language string `yaml:"language"`
	// DateOrder says how numeric dates such as 03/04 are read: "dmy" (3
	// April) or "mdy" (March 4), for members who set none (/me dateorder).
	DateOrder string `yaml:"date_order"`
}

// DatabaseConfig locates the SQLite file.
type DatabaseConfig struct {
	Path string `yaml:"path"`
	// Synchronous is "normal" (default: safe from crashes of the program,
	// may lose the last seconds of writes on a power cut) or "full" (every
	// commit on the disk before it is answered; slower writes).
	Synchronous string `yaml:"synchronous"`
}

// StaffConfig lists staff by platform user id, so staff exist before anyone
// has registered (and a compromised member record cannot grant the role).
type StaffConfig struct {
	Slack   []string `yaml:"slack"`
	Discord []string `yaml:"discord"`
	Console []string `yaml:"console"`
}

// ChannelsConfig names the channels where the bot posts; an empty id turns
// that kind of post off on that platform.
type ChannelsConfig struct {
	Announcements string `yaml:"announcements"`
	Problems      string `yaml:"problems"`
	Jobs          string `yaml:"jobs"`
}

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

// DiscordConfig configures the Discord adapter. It is only validated when
// Enabled is true.
type DiscordConfig struct {
	Enabled bool `yaml:"enabled"`
	// Token is the bot token without the "Bot " prefix (LoadConfig strips it).
	Token         string `yaml:"token"`
	ApplicationID string `yaml:"application_id"`
	GuildID       string `yaml:"guild_id"`
	// APIURL overrides https://discord.com (a fake or a REST proxy).
	// LoadConfig removes a trailing "/" so paths can be appended.
	APIURL        string         `yaml:"api_url"`
	Channels      ChannelsConfig `yaml:"channels"`
	ReactionEmoji string         `yaml:"reaction_emoji"`
}

// RemindersConfig says how long before a session its participants are
// reminded; an empty list turns reminders off.
type RemindersConfig struct {
	Offsets []Duration `yaml:"offsets"`
}

// HTTPConfig configures the HTTP listener that Slack's HTTP mode needs; an
// empty Listen means no listener.
type HTTPConfig struct {
	Listen string `yaml:"listen"`
	// PublicURL is how members reach the listener (https://atelier.example.org),
	// for calendar links; empty leaves the links out.
	PublicURL string `yaml:"public_url"`
	// OpsListen, when set (127.0.0.1:9090), serves /metrics, /healthz and,
	// with Pprof, /debug/pprof/ there instead of on Listen, so operations
	// endpoints stay off the public listener.
	OpsListen string `yaml:"ops_listen"`
	// CalendarFeed serves the community's feed (/calendar.ics) to anyone
	// with the address; false leaves only members' personal feeds.
	CalendarFeed bool `yaml:"calendar_feed"`
	Pprof        bool `yaml:"pprof"`
	// Limits of the listeners: a slow or idle client cannot hold a
	// connection, nor many of them the process's memory and sockets.
	ReadHeaderTimeout Duration `yaml:"read_header_timeout"`
	ReadTimeout       Duration `yaml:"read_timeout"`
	WriteTimeout      Duration `yaml:"write_timeout"`
	IdleTimeout       Duration `yaml:"idle_timeout"`
	MaxHeaderBytes    int      `yaml:"max_header_bytes"`
	MaxConns          int      `yaml:"max_conns"`
}

// LimitsConfig bounds how fast one member can post and one calendar
// address can be read.
type LimitsConfig struct {
	// A member (not staff) may post PostBurst times at once, then once
	// every PostEvery: problems, jobs, feedback, nominations, outcomes.
	PostEvery Duration `yaml:"post_every"`
	PostBurst int      `yaml:"post_burst"`
	// CalendarPerMinute is how often one calendar address is served.
	CalendarPerMinute int `yaml:"calendar_per_minute"`
}

// LogConfig configures log/slog.
type LogConfig struct {
	Level  string `yaml:"level"`  // debug, info, warn or error
	Format string `yaml:"format"` // text or json
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
// file, the line and the dotted key.
func LoadConfig(path string, getenv func(string) string) (Config, error) {
	cfg := DefaultConfig()
	if path == "" {
		if err := cfg.Validate(); err != nil {
			return Config{}, err
		}
		return cfg, nil
	}
	if getenv == nil {
		getenv = os.Getenv
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return Config{}, fmt.Errorf("config: %w", err)
	}
	root, err := parseYAML(data)
	if err != nil {
		return Config{}, fmt.Errorf("config: %s: %w", path, err)
	}
	l := &loader{file: path, getenv: getenv}
	if root != nil {
		l.decode(root, reflect.ValueOf(&cfg).Elem(), "")
	}
	if len(l.errs) > 0 {
		return Config{}, errors.Join(l.errs...)
	}
	cfg.normalize()
	if err := cfg.Validate(); err != nil {
		return Config{}, errors.Join(append([]error{err}, l.hints(err)...)...)
	}
	return cfg, nil
}

// parseYAML returns the root node of the only document in data, or nil when
// the file holds no document or just null.
func parseYAML(data []byte) (*yaml.Node, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if err == io.EOF {
			return nil, nil
		}
		return nil, err
	}
	// A second document would be silently ignored by a plain Decode, which
	// would hide half of a badly concatenated file.
	if err := dec.Decode(new(yaml.Node)); err != io.EOF {
		if err != nil {
			return nil, err
		}
		return nil, errors.New("more than one YAML document (remove the extra ---)")
	}
	if len(doc.Content) == 0 {
		return nil, nil
	}
	root := doc.Content[0]
	if isNull(root) {
		return nil, nil
	}
	return root, nil
}

// loader decodes a node tree into Config itself rather than through
// yaml.Decoder.KnownFields, because it must expand ${VAR} in values after
// parsing and still know each value's dotted key for error messages.
type loader struct {
	file   string
	getenv func(string) string
	errs   []error
	unset  []unsetRef
}

// unsetRef remembers a ${VAR} that expanded to "" so that a "required"
// validation error can say which variable to set.
type unsetRef struct {
	path, name string
	line       int
}

func (l *loader) errorf(n *yaml.Node, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	l.errs = append(l.errs, fmt.Errorf("config: %s:%d: %s", l.file, n.Line, msg))
}

var unmarshalerType = reflect.TypeFor[yaml.Unmarshaler]()

func (l *loader) decode(n *yaml.Node, v reflect.Value, path string) {
	if n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	if isNull(n) {
		// As with yaml.Unmarshal: "key:" with no value empties a list and
		// leaves anything else at its default.
		if v.Kind() == reflect.Slice {
			v.SetZero()
		}
		return
	}
	if v.CanAddr() && v.Addr().Type().Implements(unmarshalerType) {
		l.leaf(n, v, path)
		return
	}
	switch v.Kind() {
	case reflect.Struct:
		l.mapping(n, v, path)
	case reflect.Slice:
		l.sequence(n, v, path)
	default:
		l.leaf(n, v, path)
	}
}

func (l *loader) mapping(n *yaml.Node, v reflect.Value, path string) {
	if n.Kind != yaml.MappingNode {
		if path == "" {
			l.errorf(n, "the file must be a mapping of keys such as community: and slack:")
		} else {
			l.errorf(n, "%s must be a mapping of keys, not a %s", path, kindName(n))
		}
		return
	}
	fields := yamlFields(v.Type())
	// Merge keys (<<: *anchor) go first so that keys written out in the
	// mapping override merged ones whatever their order, as YAML specifies.
	for i := 0; i+1 < len(n.Content); i += 2 {
		if k := n.Content[i]; isMergeKey(k) {
			l.merge(n.Content[i+1], v, path)
		}
	}
	seen := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, val := n.Content[i], n.Content[i+1]
		if isMergeKey(k) {
			continue
		}
		key := joinPath(path, k.Value)
		if first, dup := seen[k.Value]; dup {
			l.errorf(k, "%s is set twice (first on line %d)", key, first)
			continue
		}
		seen[k.Value] = k.Line
		idx, ok := fields[k.Value]
		if !ok {
			l.errorf(k, "unknown key %s", key)
			continue
		}
		l.decode(val, v.Field(idx), key)
	}
}

func (l *loader) merge(n *yaml.Node, v reflect.Value, path string) {
	if n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	if n.Kind != yaml.SequenceNode {
		l.mapping(n, v, path)
		return
	}
	// In "<<: [*a, *b]" the earlier mapping wins, so apply it last.
	for i := len(n.Content) - 1; i >= 0; i-- {
		l.merge(n.Content[i], v, path)
	}
}

func (l *loader) sequence(n *yaml.Node, v reflect.Value, path string) {
	if n.Kind != yaml.SequenceNode {
		l.errorf(n, "%s must be a list, not a %s", path, kindName(n))
		return
	}
	// A list in the file replaces the default list rather than extending
	// it, so that it reads as the whole truth.
	s := reflect.MakeSlice(v.Type(), len(n.Content), len(n.Content))
	for i, item := range n.Content {
		l.decode(item, s.Index(i), fmt.Sprintf("%s[%d]", path, i))
	}
	v.Set(s)
}

func (l *loader) leaf(n *yaml.Node, v reflect.Value, path string) {
	if n.Kind != yaml.ScalarNode {
		l.errorf(n, "%s must be a single value, not a %s", path, kindName(n))
		return
	}
	value, err := expand(n.Value, l.getenv, func(name string) {
		l.unset = append(l.unset, unsetRef{path: path, name: name, line: n.Line})
	})
	if err != nil {
		l.errorf(n, "%s: %v", path, err)
		return
	}
	c := *n
	expanded := value != n.Value
	if expanded {
		c.Value = value
		// A plain "${X}" was resolved as a string while it was still a
		// reference; resolve it again so "${ENABLED:-false}" can be a bool.
		// Quoted and block scalars stay strings, as the author asked.
		if c.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle|yaml.LiteralStyle|yaml.FoldedStyle) == 0 {
			c.Tag = ""
		}
	}
	if err := c.Decode(v.Addr().Interface()); err != nil {
		if expanded {
			// The expanded text may be a secret; never echo it.
			l.errorf(n, "%s: %s does not expand to %s", path, n.Value, expectation(v.Type()))
			return
		}
		l.errorf(n, "%s: %s", path, yamlMessage(err))
	}
}

// hints explains required-key errors whose value came from a variable that
// was unset, since the message alone would send the reader to the file.
func (l *loader) hints(verr error) []error {
	var msgs []string
	if m, ok := verr.(interface{ Unwrap() []error }); ok {
		for _, e := range m.Unwrap() {
			msgs = append(msgs, e.Error())
		}
	} else {
		msgs = append(msgs, verr.Error())
	}
	var hints []error
	for _, u := range l.unset {
		for _, msg := range msgs {
			if strings.HasPrefix(msg, "config: "+u.path+" ") {
				hints = append(hints, fmt.Errorf("config: %s:%d: %s is empty because ${%s} is unset or empty", l.file, u.line, u.path, u.name))
				break
			}
		}
	}
	return hints
}

// expand replaces ${NAME} and ${NAME:-default} in s. onUnset is called for
// each NAME without a default that getenv returns empty, because getenv
// cannot tell unset from empty.
func expand(s string, getenv func(string) string, onUnset func(name string)) (string, error) {
	if !strings.Contains(s, "${") {
		return s, nil
	}
	var b strings.Builder
	for {
		i := strings.Index(s, "${")
		if i < 0 {
			b.WriteString(s)
			return b.String(), nil
		}
		b.WriteString(s[:i])
		s = s[i+2:]
		j := strings.IndexByte(s, '}')
		if j < 0 {
			return "", errors.New(`"${" has no closing "}"`)
		}
		ref := s[:j]
		s = s[j+1:]
		name, def, hasDef := strings.Cut(ref, ":-")
		if !isVarName(name) {
			return "", fmt.Errorf("${%s}: %q is not a variable name (letters, digits and _)", ref, name)
		}
		if strings.Contains(def, "${") {
			return "", fmt.Errorf("${%s}: a default cannot contain another ${...}", ref)
		}
		val := getenv(name)
		if val == "" {
			if hasDef {
				val = def
			} else {
				onUnset(name)
			}
		}
		b.WriteString(val)
	}
}

func isVarName(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		switch {
		case r == '_', 'a' <= r && r <= 'z', 'A' <= r && r <= 'Z':
		case '0' <= r && r <= '9' && i > 0:
		default:
			return false
		}
	}
	return true
}

func yamlFields(t reflect.Type) map[string]int {
	fields := make(map[string]int, t.NumField())
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		if name == "-" {
			continue
		}
		if name == "" {
			name = strings.ToLower(f.Name)
		}
		fields[name] = i
	}
	return fields
}

func isNull(n *yaml.Node) bool {
	return n.Kind == 0 || (n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null")
}

func isMergeKey(k *yaml.Node) bool {
	return k.Kind == yaml.ScalarNode && k.Value == "<<" && k.ShortTag() == "!!merge"
}

func joinPath(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "mapping"
	case yaml.SequenceNode:
		return "list"
	default:
		return "single value"
	}
}

func expectation(t reflect.Type) string {
	switch {
	case t == reflect.TypeFor[Duration]():
		return "a duration such as 90m, 24h or 2d"
	case t.Kind() == reflect.Bool:
		return "true or false"
	default:
		return "a valid " + t.String()
	}
}

// yamlMessage drops yaml's "line N: " prefixes, as errorf already gives the
// line, and joins the type errors of one value.
func yamlMessage(err error) string {
	var te *yaml.TypeError
	if !errors.As(err, &te) {
		return err.Error()
	}
	msgs := make([]string, len(te.Errors))
	for i, m := range te.Errors {
		if rest, ok := strings.CutPrefix(m, "line "); ok {
			if _, after, ok := strings.Cut(rest, ": "); ok {
				m = after
			}
		}
		msgs[i] = m
	}
	return strings.Join(msgs, "; ")
}

// normalize forgives harmless spelling differences so that Validate can be
// strict and adapters need not repeat the clean-up.
func (c *Config) normalize() {
	lower := func(s *string) { *s = strings.ToLower(strings.TrimSpace(*s)) }
	lower(&c.Community.Language)
	lower(&c.Community.DateOrder)
	lower(&c.Slack.Mode)
	lower(&c.Log.Level)
	lower(&c.Log.Format)
	c.Community.Timezone = strings.TrimSpace(c.Community.Timezone)

	// Secrets often come from files or env files with a trailing newline.
	for _, s := range []*string{&c.Slack.BotToken, &c.Slack.AppToken, &c.Slack.SigningSecret, &c.Discord.Token} {
		*s = strings.TrimSpace(*s)
	}
	// discordgo wants the prefix added by the adapter; people paste it.
	c.Discord.Token = strings.TrimSpace(strings.TrimPrefix(c.Discord.Token, "Bot "))

	if u := strings.TrimSpace(c.Slack.APIURL); u != "" && !strings.HasSuffix(u, "/") {
		c.Slack.APIURL = u + "/"
	}
	c.Discord.APIURL = strings.TrimRight(strings.TrimSpace(c.Discord.APIURL), "/")
	// Slack's reactions API names emoji without the colons people type.
	c.Slack.ReactionEmoji = strings.Trim(strings.TrimSpace(c.Slack.ReactionEmoji), ":")
	c.Discord.ReactionEmoji = strings.TrimSpace(c.Discord.ReactionEmoji)

	for _, ids := range [][]string{c.Staff.Slack, c.Staff.Discord, c.Staff.Console} {
		for i := range ids {
			ids[i] = strings.TrimSpace(ids[i])
		}
	}
}

// Validate reports every fault it finds, joined, each naming its key as
// "config: <dotted.key> ...". The slack and discord sections are only
// checked when enabled. Messages never include a secret's value.
func (c Config) Validate() error {
	var errs []error
	fail := func(format string, args ...any) {
		errs = append(errs, fmt.Errorf("config: "+format, args...))
	}

	if strings.TrimSpace(c.Community.Name) == "" {
		fail("community.name is required")
	}
	switch tz := c.Community.Timezone; {
	case tz == "":
		// time.LoadLocation("") silently means UTC; make that a choice.
		fail("community.timezone is required (an IANA name such as Europe/Paris, or UTC)")
	default:
		if _, err := loadLocation(tz); err != nil {
			fail("community.timezone %q: unknown time zone", tz)
		}
	}
	if l := c.Community.Language; l != "fr" && l != "en" {
		fail("community.language must be fr or en, not %q", l)
	}
	if err := c.Community.validateDateOrder(); err != nil {
		errs = append(errs, err)
	}
	if strings.TrimSpace(c.Database.Path) == "" {
		fail("database.path is required")
	}
	for _, s := range []struct {
		key string
		ids []string
	}{{"staff.slack", c.Staff.Slack}, {"staff.discord", c.Staff.Discord}, {"staff.console", c.Staff.Console}} {
		for i, id := range s.ids {
			if strings.TrimSpace(id) == "" {
				fail("%s[%d] is empty", s.key, i)
			}
		}
	}

	if s := c.Slack; s.Enabled {
		switch s.Mode {
		case "socket", "http":
		default:
			fail("slack.mode must be socket or http, not %q", s.Mode)
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
			if c.HTTP.Listen == "" {
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
	}

	if d := c.Discord; d.Enabled {
		if d.Token == "" {
			fail("discord.token is required when discord.enabled is true")
		}
		if !isSnowflake(d.ApplicationID) {
			fail("discord.application_id %q must be a numeric id", d.ApplicationID)
		}
		if !isSnowflake(d.GuildID) {
			fail("discord.guild_id %q must be a numeric id", d.GuildID)
		}
		if err := checkURL(d.APIURL); err != nil {
			fail("discord.api_url %s", err)
		}
		if d.ReactionEmoji == "" {
			fail("discord.reaction_emoji is required (an emoji such as ✋)")
		}
		for key, id := range channels("discord", d.Channels) {
			if !isSnowflake(id) {
				fail("%s %q must be a numeric channel id", key, id)
			}
		}
	}

	seen := map[Duration]int{}
	for i, o := range c.Reminders.Offsets {
		if o <= 0 {
			fail("reminders.offsets[%d] must be positive", i)
			continue
		}
		// Outbox keys include the offset, so a repeat would be a silent no-op.
		if j, dup := seen[o]; dup {
			fail("reminders.offsets[%d] repeats reminders.offsets[%d] (%s)", i, j, o)
			continue
		}
		seen[o] = i
	}
	errs = append(errs, c.Scheduler.validate(c.Location())...)
	errs = append(errs, c.Jobs.validate()...)
	errs = append(errs, c.Stats.validate()...)
	errs = append(errs, c.Matching.validate()...)

	errs = append(errs, c.HTTP.validate()...)
	errs = append(errs, c.Limits.validate()...)
	if m := c.Database.Synchronous; m != "normal" && m != "full" {
		fail("database.synchronous must be normal or full, not %q", m)
	}

	switch c.Log.Level {
	case "debug", "info", "warn", "error":
	default:
		fail("log.level must be debug, info, warn or error, not %q", c.Log.Level)
	}
	switch c.Log.Format {
	case "text", "json":
	default:
		fail("log.format must be text or json, not %q", c.Log.Format)
	}

	return errors.Join(errs...)
}

// channels yields the configured channel ids with their dotted keys, in a
// stable order so error messages are reproducible.
func channels(platform string, ch ChannelsConfig) func(yield func(string, string) bool) {
	return func(yield func(string, string) bool) {
		for _, c := range []struct{ name, id string }{
			{"announcements", ch.Announcements}, {"problems", ch.Problems}, {"jobs", ch.Jobs},
		} {
			if c.id == "" {
				continue
			}
			if !yield(platform+".channels."+c.name, c.id) {
				return
			}
		}
	}
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

// isSnowflake accepts "" (not configured) or a decimal Discord id.
func isSnowflake(s string) bool {
	if s == "" {
		return true
	}
	_, err := strconv.ParseUint(s, 10, 64)
	return err == nil
}

func isHostPort(s string) bool {
	_, port, err := net.SplitHostPort(s)
	if err != nil {
		return false
	}
	n, err := strconv.Atoi(port)
	return err == nil && n >= 0 && n <= 65535
}

// locations caches loaded zones: time.LoadLocation reads the zone database
// on every call, and Location is called per interaction.
var locations sync.Map // string -> *time.Location

func loadLocation(name string) (*time.Location, error) {
	if loc, ok := locations.Load(name); ok {
		return loc.(*time.Location), nil
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, err
	}
	locations.Store(name, loc)
	return loc, nil
}

// Location returns the community's time zone. On a configuration that did
// not pass Validate it returns UTC rather than nil, because a nil
// *time.Location panics far from the cause.
func (c Config) Location() *time.Location {
	if c.Community.Timezone == "" {
		return time.UTC
	}
	loc, err := loadLocation(c.Community.Timezone)
	if err != nil {
		return time.UTC
	}
	return loc
}

// IsStaff reports whether userID is listed under staff for platform
// ("slack", "discord" or "console"). Ids are compared exactly, as platforms
// treat them.
func (c Config) IsStaff(platform, userID string) bool {
	if userID == "" {
		return false
	}
	switch platform {
	case "slack":
		return slices.Contains(c.Staff.Slack, userID)
	case "discord":
		return slices.Contains(c.Staff.Discord, userID)
	case "console":
		return slices.Contains(c.Staff.Console, userID)
	}
	return false
}

// redactedMark replaces secrets; a set-but-hidden value still shows that it
// is set, which is what one checks when reading logs.
const redactedMark = "***"

// Redacted returns a deep copy safe to log: tokens and secrets are replaced
// by "***" when set, and passwords in API URLs are hidden.
func (c Config) Redacted() Config {
	r := c
	r.Staff.Slack = slices.Clone(c.Staff.Slack)
	r.Staff.Discord = slices.Clone(c.Staff.Discord)
	r.Staff.Console = slices.Clone(c.Staff.Console)
	r.Reminders.Offsets = slices.Clone(c.Reminders.Offsets)
	for _, s := range []*string{&r.Slack.BotToken, &r.Slack.AppToken, &r.Slack.SigningSecret, &r.Discord.Token} {
		if *s != "" {
			*s = redactedMark
		}
	}
	r.Slack.APIURL = redactURL(r.Slack.APIURL)
	r.Discord.APIURL = redactURL(r.Discord.APIURL)
	return r
}

func redactURL(raw string) string {
	if raw == "" {
		return ""
	}
	u, err := url.Parse(raw)
	if err != nil {
		// An unparsable URL might still hold a password; show nothing.
		return redactedMark
	}
	return u.Redacted()
}

// Duration is a time.Duration read from YAML as "90m", "24h", "1h30m" or,
// since reminders are often days ahead, "2d" or "1d12h".
type Duration time.Duration

// maxDays keeps days*24h within time.Duration's range.
const maxDays = int64(1<<63-1) / int64(24*time.Hour)

func parseDuration(s string) (time.Duration, error) {
	bad := fmt.Errorf("%q is not a duration (for example 90m, 24h or 2d)", s)
	t := strings.TrimSpace(s)
	sign := time.Duration(1)
	rest := t
	if r, ok := strings.CutPrefix(rest, "-"); ok {
		sign, rest = -1, r
	} else if r, ok := strings.CutPrefix(rest, "+"); ok {
		rest = r
	}
	i := strings.IndexByte(rest, 'd')
	if i <= 0 || strings.Trim(rest[:i], "0123456789") != "" {
		d, err := time.ParseDuration(t)
		if err != nil {
			return 0, bad
		}
		return d, nil
	}
	days, err := strconv.ParseInt(rest[:i], 10, 64)
	if err != nil || days > maxDays {
		return 0, bad
	}
	d := time.Duration(days) * 24 * time.Hour
	if tail := rest[i+1:]; tail != "" {
		extra, err := time.ParseDuration(tail)
		if err != nil || extra < 0 || d+extra < d {
			return 0, bad
		}
		d += extra
	}
	return sign * d, nil
}

// UnmarshalYAML implements yaml.Unmarshaler.
func (d *Duration) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind != yaml.ScalarNode {
		return errors.New("a duration must be a single value such as 24h")
	}
	v, err := parseDuration(n.Value)
	if err != nil {
		return err
	}
	*d = Duration(v)
	return nil
}

// MarshalYAML writes the form UnmarshalYAML reads, so a dumped (redacted)
// configuration can be loaded again.
func (d Duration) MarshalYAML() (any, error) {
	return d.String(), nil
}

// String drops time.Duration's trailing zero units: "24h", not "24h0m0s".
func (d Duration) String() string {
	s := time.Duration(d).String()
	if strings.HasSuffix(s, "m0s") {
		s = s[:len(s)-2]
	}
	if strings.HasSuffix(s, "h0m") {
		s = s[:len(s)-2]
	}
	return s
}

// validateDateOrder checks community.date_order; empty means dmy.
func (c CommunityConfig) validateDateOrder() error {
	if _, ok := commands.ParseDateOrder(c.DateOrder); !ok && c.DateOrder != "" {
		return fmt.Errorf("config: community.date_order must be dmy or mdy, not %q", c.DateOrder)
	}
	return nil
}
