package bot

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"gopkg.in/yaml.v3"
)

// env returns a getenv backed by a map, so tests never read the real
// environment.
func env(vars map[string]string) func(string) string {
	return func(name string) string { return vars[name] }
}

func writeConfig(t *testing.T, text string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "atelier.yaml")
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// checkErrors fails unless every line of err starts with "config: ", so
// that the prefix convention holds for joined errors too.
func checkErrors(t *testing.T, err error) {
	t.Helper()
	for line := range strings.SplitSeq(err.Error(), "\n") {
		if !strings.HasPrefix(line, "config: ") {
			t.Errorf("error line %q does not start with %q", line, "config: ")
		}
	}
}

func TestDefaultConfigIsValid(t *testing.T) {
	if err := DefaultConfig().Validate(); err != nil {
		t.Fatalf("DefaultConfig().Validate() = %v", err)
	}
	cfg, err := LoadConfig("", env(nil))
	if err != nil {
		t.Fatalf("LoadConfig(\"\") = %v", err)
	}
	if got, want := fmt.Sprintf("%+v", cfg), fmt.Sprintf("%+v", DefaultConfig()); got != want {
		t.Errorf("LoadConfig(\"\") =\n%s\nwant defaults\n%s", got, want)
	}
	// Callers may append to the slices; that must not leak into the next call.
	a := DefaultConfig()
	a.Staff.Console[0] = "mallory"
	if DefaultConfig().Staff.Console[0] != "admin" {
		t.Error("DefaultConfig shares its slices between calls")
	}
}

func TestExampleConfig(t *testing.T) {
	const example = "../config.example.yaml"
	cfg, err := LoadConfig(example, env(nil))
	if err != nil {
		t.Fatalf("LoadConfig(%s) with no env: %v", example, err)
	}
	// The example's "Default:" comments are only true if, with no variables
	// set, it loads to exactly the defaults.
	if got, want := fmt.Sprintf("%+v", cfg), fmt.Sprintf("%+v", DefaultConfig()); got != want {
		t.Errorf("example differs from defaults:\n got %s\nwant %s", got, want)
	}

	cfg, err = LoadConfig(example, env(map[string]string{
		"SLACK_BOT_TOKEN":      "xoxb-1",
		"SLACK_APP_TOKEN":      "xapp-2",
		"SLACK_SIGNING_SECRET": "s3",
		"DISCORD_TOKEN":        "d4",
		"ATELIER_DB":           "/var/lib/atelier/atelier.db",
		"ATELIER_LOG_LEVEL":    "debug",
	}))
	if err != nil {
		t.Fatalf("LoadConfig(%s) with env: %v", example, err)
	}
	for _, c := range []struct{ name, got, want string }{
		{"slack.bot_token", cfg.Slack.BotToken, "xoxb-1"},
		{"slack.app_token", cfg.Slack.AppToken, "xapp-2"},
		{"slack.signing_secret", cfg.Slack.SigningSecret, "s3"},
		{"discord.token", cfg.Discord.Token, "d4"},
		{"database.path", cfg.Database.Path, "/var/lib/atelier/atelier.db"},
		{"log.level", cfg.Log.Level, "debug"},
	} {
		if c.got != c.want {
			t.Errorf("%s = %q, want %q", c.name, c.got, c.want)
		}
	}
}

func TestLoadConfigEnv(t *testing.T) {
	tests := []struct {
		name  string
		yaml  string
		env   map[string]string
		check func(Config) (got, want any)
	}{
		{
			name:  "tokens from env",
			yaml:  "slack:\n  bot_token: ${SLACK_BOT_TOKEN}\n  app_token: ${SLACK_APP_TOKEN}\n",
			env:   map[string]string{"SLACK_BOT_TOKEN": "xoxb-abc", "SLACK_APP_TOKEN": "xapp-def"},
			check: func(c Config) (any, any) { return c.Slack.BotToken + " " + c.Slack.AppToken, "xoxb-abc xapp-def" },
		},
		{
			name:  "default used when unset",
			yaml:  "community:\n  name: ${X:-fallback}\n",
			check: func(c Config) (any, any) { return c.Community.Name, "fallback" },
		},
		{
			name:  "default used when empty",
			yaml:  "community:\n  name: ${X:-fallback}\n",
			env:   map[string]string{"X": ""},
			check: func(c Config) (any, any) { return c.Community.Name, "fallback" },
		},
		{
			name:  "set variable beats default",
			yaml:  "community:\n  name: ${X:-fallback}\n",
			env:   map[string]string{"X": "Atelier Lyon"},
			check: func(c Config) (any, any) { return c.Community.Name, "Atelier Lyon" },
		},
		{
			name:  "unset without default is empty",
			yaml:  "discord:\n  token: ${DISCORD_TOKEN}\n",
			check: func(c Config) (any, any) { return c.Discord.Token, "" },
		},
		{
			name:  "several references and text",
			yaml:  "database:\n  path: ${DIR}/${NAME:-atelier}.db\n",
			env:   map[string]string{"DIR": "/srv"},
			check: func(c Config) (any, any) { return c.Database.Path, "/srv/atelier.db" },
		},
		{
			name:  "plain reference resolves to a bool",
			yaml:  "slack:\n  enabled: ${SLACK_ENABLED:-false}\n  mode: http\n",
			check: func(c Config) (any, any) { return c.Slack.Enabled, false },
		},
		{
			name: "YAML syntax in a value is kept as text",
			yaml: "slack:\n  signing_secret: ${S}\n",
			env:  map[string]string{"S": "a #b: c, [d] 'e\" *f"},
			check: func(c Config) (any, any) {
				return c.Slack.SigningSecret, "a #b: c, [d] 'e\" *f"
			},
		},
		{
			name:  "quoted reference stays a string",
			yaml:  "discord:\n  guild_id: \"${GUILD}\"\n",
			env:   map[string]string{"GUILD": "0123"},
			check: func(c Config) (any, any) { return c.Discord.GuildID, "0123" },
		},
		{
			name:  "comments are not expanded",
			yaml:  "# set ${UNTERMINATED in your shell\ncommunity:\n  name: x # ${ALSO\n",
			check: func(c Config) (any, any) { return c.Community.Name, "x" },
		},
		{
			name:  "durations from env",
			yaml:  "reminders:\n  offsets: [\"${FIRST:-2d}\", 30m]\n",
			check: func(c Config) (any, any) { return fmt.Sprint(c.Reminders.Offsets), "[48h 30m]" },
		},
		{
			name:  "secrets are trimmed and the Bot prefix dropped",
			yaml:  "discord:\n  token: ${T}\n",
			env:   map[string]string{"T": "Bot abc.def\n"},
			check: func(c Config) (any, any) { return c.Discord.Token, "abc.def" },
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, err := LoadConfig(writeConfig(t, tt.yaml), env(tt.env))
			if err != nil {
				t.Fatalf("LoadConfig: %v", err)
			}
			if got, want := tt.check(cfg); got != want {
				t.Errorf("got %#v, want %#v", got, want)
			}
		})
	}
}

func TestLoadConfigErrors(t *testing.T) {
	tests := []struct {
		name string
		yaml string
		env  map[string]string
		want []string // substrings of the error
	}{
		{"unknown top-level key", "colour: red\n", nil, []string{":1: unknown key colour"}},
		{"unknown nested key", "slack:\n  enabled: false\n  bot_tokn: x\n", nil, []string{":3: unknown key slack.bot_tokn"}},
		{"unknown key in channels", "discord:\n  channels:\n    news: \"1\"\n", nil, []string{"unknown key discord.channels.news"}},
		{"every unknown key reported", "a: 1\nlog:\n  colour: red\n", nil, []string{"unknown key a", "unknown key log.colour"}},
		{"duplicate key", "log:\n  level: info\n  level: debug\n", nil, []string{":3: log.level is set twice (first on line 2)"}},
		{"section not a mapping", "slack: true\n", nil, []string{"slack must be a mapping"}},
		{"top level not a mapping", "- a\n- b\n", nil, []string{"the file must be a mapping"}},
		{"list expected", "reminders:\n  offsets: 24h\n", nil, []string{"reminders.offsets must be a list"}},
		{"value expected", "community:\n  name: [a, b]\n", nil, []string{"community.name must be a single value"}},
		{"bad bool", "slack:\n  enabled: maybe\n", nil, []string{":2: slack.enabled: cannot unmarshal"}},
		{"bad bool from env, value hidden", "slack:\n  enabled: ${E}\n", map[string]string{"E": "xoxb-secret"},
			[]string{"slack.enabled: ${E} does not expand to true or false"}},
		{"unterminated reference", "slack:\n  bot_token: ${SLACK_BOT_TOKEN\n", nil, []string{":2: slack.bot_token:", "no closing"}},
		{"bad variable name", "slack:\n  bot_token: ${1X}\n", nil, []string{"slack.bot_token:", "not a variable name"}},
		{"nested reference", "database:\n  path: ${A:-${B}}\n", nil, []string{"database.path:", "cannot contain another"}},
		{"two documents", "log:\n  level: info\n---\nlog:\n  level: debug\n", nil, []string{"more than one YAML document"}},
		{"syntax error", "log:\n  level: [info\n", nil, []string{"config: ", "yaml:"}},
		{"unset secret names its variable", "slack:\n  enabled: true\n  bot_token: ${SLACK_BOT_TOKEN}\n  app_token: xapp-1\n", nil,
			[]string{"slack.bot_token is required", ":3: slack.bot_token is empty because ${SLACK_BOT_TOKEN} is unset or empty"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := writeConfig(t, tt.yaml)
			_, err := LoadConfig(path, env(tt.env))
			if err == nil {
				t.Fatal("LoadConfig succeeded, want an error")
			}
			checkErrors(t, err)
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
			if strings.Contains(err.Error(), "xoxb-secret") {
				t.Errorf("error %q leaks a value from the environment", err)
			}
		})
	}
}

func TestLoadConfigFiles(t *testing.T) {
	if _, err := LoadConfig(filepath.Join(t.TempDir(), "missing.yaml"), env(nil)); err == nil || !strings.HasPrefix(err.Error(), "config: ") {
		t.Errorf("missing file: err = %v, want a config: error", err)
	}
	for name, text := range map[string]string{"empty": "", "comments only": "# nothing yet\n", "null": "~\n"} {
		cfg, err := LoadConfig(writeConfig(t, text), env(nil))
		if err != nil {
			t.Errorf("%s file: %v", name, err)
			continue
		}
		if got, want := fmt.Sprintf("%+v", cfg), fmt.Sprintf("%+v", DefaultConfig()); got != want {
			t.Errorf("%s file = %s, want defaults", name, got)
		}
	}
}

func TestLoadConfigOverridesAndNormalises(t *testing.T) {
	cfg, err := LoadConfig(writeConfig(t, `
community: {name: Atelier, timezone: America/Montreal, language: FR}
staff:
  slack: [U123]
  console:
slack:
  enabled: true
  bot_token: xoxb-1
  app_token: xapp-1
  api_url: http://127.0.0.1:8080/api
  reaction_emoji: ":wave:"
  channels:
    jobs: C1
discord:
  api_url: http://127.0.0.1:9090/
reminders:
  offsets: [2d]
log: {level: DEBUG, format: json}
`), env(nil))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ name, got, want string }{
		{"community.name", cfg.Community.Name, "Atelier"},
		{"community.language", cfg.Community.Language, "fr"},
		{"staff.slack", fmt.Sprint(cfg.Staff.Slack), "[U123]"},
		{"staff.console", fmt.Sprint(cfg.Staff.Console), "[]"},
		{"slack.api_url", cfg.Slack.APIURL, "http://127.0.0.1:8080/api/"},
		{"slack.reaction_emoji", cfg.Slack.ReactionEmoji, "wave"},
		{"slack.channels.jobs", cfg.Slack.Channels.Jobs, "C1"},
		{"slack.mode", cfg.Slack.Mode, "socket"},
		{"discord.api_url", cfg.Discord.APIURL, "http://127.0.0.1:9090"},
		{"discord.reaction_emoji", cfg.Discord.ReactionEmoji, "✋"},
		{"reminders.offsets", fmt.Sprint(cfg.Reminders.Offsets), "[48h]"},
		{"log.level", cfg.Log.Level, "debug"},
		{"location", cfg.Location().String(), "America/Montreal"},
	} {
		if c.got != c.want {
			t.Errorf("%s = %q, want %q", c.name, c.got, c.want)
		}
	}
}

func TestLoadConfigMergeKeys(t *testing.T) {
	cfg, err := LoadConfig(writeConfig(t, `
slack:
  channels: &chans
    announcements: C1
    jobs: C2
discord:
  channels:
    <<: *chans
    jobs: "42"
`), env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if got := cfg.Discord.Channels; got.Announcements != "C1" || got.Jobs != "42" {
		t.Errorf("discord.channels = %+v, want announcements C1 (merged) and jobs 42 (explicit)", got)
	}
}

func TestValidate(t *testing.T) {
	const slackSocket = "slack:\n  enabled: true\n  bot_token: xoxb-1\n  app_token: xapp-1\n"
	tests := []struct {
		name string
		yaml string
		want string // "" means valid
	}{
		{"slack socket ok", slackSocket, ""},
		{"slack http ok", "slack:\n  enabled: true\n  mode: http\n  bot_token: xoxb-1\n  signing_secret: s\nhttp:\n  listen: :8080\n", ""},
		{"discord ok", "discord:\n  enabled: true\n  token: t\n  application_id: \"1\"\n  guild_id: 2\n  channels: {jobs: \"3\"}\n", ""},
		{"disabled sections are not checked", "slack:\n  mode: carrier-pigeon\n  bot_token: nope\ndiscord:\n  guild_id: abc\n", ""},
		{"listen on a random port", "http:\n  listen: 127.0.0.1:0\n", ""},

		{"app token missing", "slack:\n  enabled: true\n  bot_token: xoxb-1\n", "config: slack.app_token is required when slack.mode is socket"},
		{"app token prefix", "slack:\n  enabled: true\n  bot_token: xoxb-1\n  app_token: xoxb-2\n", `config: slack.app_token must start with "xapp-"`},
		{"bot token missing", "slack:\n  enabled: true\n  app_token: xapp-1\n", "config: slack.bot_token is required when slack.enabled is true"},
		{"bot token prefix", "slack:\n  enabled: true\n  bot_token: xoxp-1\n  app_token: xapp-1\n", `config: slack.bot_token must start with "xoxb-"`},
		{"signing secret missing", "slack:\n  enabled: true\n  mode: http\n  bot_token: xoxb-1\nhttp:\n  listen: :8080\n", "config: slack.signing_secret is required when slack.mode is http"},
		{"listen missing", "slack:\n  enabled: true\n  mode: http\n  bot_token: xoxb-1\n  signing_secret: s\n", "config: http.listen is required when slack.mode is http"},
		{"bad mode", "slack:\n  enabled: true\n  mode: rtm\n  bot_token: xoxb-1\n", "config: slack.mode must be socket or http"},
		{"slack api url", slackSocket + "  api_url: ftp://example.com\n", `config: slack.api_url "ftp://example.com/" must be an http or https URL`},
		{"slack api url relative", slackSocket + "  api_url: /api\n", "config: slack.api_url"},
		{"slack channel name", slackSocket + "  channels: {jobs: \"#jobs\"}\n", `config: slack.channels.jobs "#jobs" must be a channel id`},
		{"slack emoji", slackSocket + "  reaction_emoji: raised hand\n", "config: slack.reaction_emoji"},
		{"discord token missing", "discord:\n  enabled: true\n", "config: discord.token is required when discord.enabled is true"},
		{"discord guild id", "discord:\n  enabled: true\n  token: t\n  guild_id: my-server\n", `config: discord.guild_id "my-server" must be a numeric id`},
		{"discord channel id", "discord:\n  enabled: true\n  token: t\n  channels: {problems: general}\n", `config: discord.channels.problems "general" must be a numeric channel id`},
		{"discord api url", "discord:\n  enabled: true\n  token: t\n  api_url: discord.com\n", "config: discord.api_url"},
		{"timezone", "community:\n  timezone: Mars/Olympus\n", `config: community.timezone "Mars/Olympus": unknown time zone`},
		{"timezone empty", "community:\n  timezone: \"\"\n", "config: community.timezone is required"},
		{"language", "community:\n  language: de\n", "config: community.language must be fr or en"},
		{"name", "community:\n  name: \" \"\n", "config: community.name is required"},
		{"database", "database:\n  path: \"\"\n", "config: database.path is required"},
		{"staff id empty", "staff:\n  discord: [\"1\", \"\"]\n", "config: staff.discord[1] is empty"},
		{"offset zero", "reminders:\n  offsets: [24h, 0s]\n", "config: reminders.offsets[1] must be positive"},
		{"offset negative", "reminders:\n  offsets: [24h, -1h]\n", "config: reminders.offsets[1] must be positive"},
		{"offset repeated", "reminders:\n  offsets: [1d, 24h]\n", "config: reminders.offsets[1] repeats reminders.offsets[0]"},
		{"listen", "http:\n  listen: localhost\n", `config: http.listen "localhost" must be host:port`},
		{"listen port", "http:\n  listen: \":99999\"\n", `config: http.listen ":99999" must be host:port`},
		{"log level", "log:\n  level: verbose\n", "config: log.level must be debug, info, warn or error"},
		{"log format", "log:\n  format: xml\n", "config: log.format must be text or json"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := LoadConfig(writeConfig(t, tt.yaml), env(nil))
			if tt.want == "" {
				if err != nil {
					t.Fatalf("LoadConfig: %v", err)
				}
				return
			}
			if err == nil {
				t.Fatalf("LoadConfig succeeded, want %q", tt.want)
			}
			checkErrors(t, err)
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q does not contain %q", err, tt.want)
			}
		})
	}
}

func TestValidateReportsAllFaults(t *testing.T) {
	c := DefaultConfig()
	c.Community.Language = "de"
	c.Log.Format = "xml"
	c.Slack.Enabled = true
	c.Slack.BotToken = "xoxp-very-secret"
	err := c.Validate()
	if err == nil {
		t.Fatal("Validate succeeded")
	}
	checkErrors(t, err)
	for _, key := range []string{"community.language", "log.format", "slack.bot_token", "slack.app_token"} {
		if !strings.Contains(err.Error(), "config: "+key+" ") {
			t.Errorf("error %q does not name %s", err, key)
		}
	}
	if strings.Contains(err.Error(), "very-secret") {
		t.Errorf("error %q contains the token", err)
	}
}

func TestDuration(t *testing.T) {
	tests := []struct {
		in      string
		want    time.Duration
		wantErr bool
	}{
		{"24h", 24 * time.Hour, false},
		{"1h", time.Hour, false},
		{"90m", 90 * time.Minute, false},
		{"1h30m", 90 * time.Minute, false},
		{"2d", 48 * time.Hour, false},
		{"1d", 24 * time.Hour, false},
		{"1d12h", 36 * time.Hour, false},
		{"-1h", -time.Hour, false}, // read, then rejected by Validate
		{"abc", 0, true},
		{"3600", 0, true},
		{"d", 0, true},
		{"1.5d", 0, true},
		{"1d-1h", 0, true},
		{"999999999d", 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := parseDuration(tt.in)
			if tt.wantErr {
				if err == nil {
					t.Fatalf("parseDuration(%q) = %v, want an error", tt.in, got)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("parseDuration(%q) = %v, %v, want %v", tt.in, got, err, tt.want)
			}
		})
	}

	t.Run("from YAML", func(t *testing.T) {
		for _, tt := range []struct {
			offsets string
			want    string
			wantErr string
		}{
			{"[24h, 1h]", "[24h 1h]", ""},
			{"[2d, 90m]", "[48h 1h30m]", ""},
			{"[24h, 1h, abc]", "", `:2: reminders.offsets[2]: "abc" is not a duration`},
			{"[]", "[]", ""},
			{"", "[]", ""},
		} {
			cfg, err := LoadConfig(writeConfig(t, "reminders:\n  offsets: "+tt.offsets+"\n"), env(nil))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Errorf("offsets %s: err = %v, want %q", tt.offsets, err, tt.wantErr)
				}
				continue
			}
			if err != nil {
				t.Errorf("offsets %s: %v", tt.offsets, err)
				continue
			}
			if got := fmt.Sprint(cfg.Reminders.Offsets); got != tt.want {
				t.Errorf("offsets %s = %s, want %s", tt.offsets, got, tt.want)
			}
		}
	})

	t.Run("String", func(t *testing.T) {
		for d, want := range map[time.Duration]string{
			24 * time.Hour:                     "24h",
			90 * time.Minute:                   "1h30m",
			10 * time.Minute:                   "10m",
			time.Hour + 30*time.Second:         "1h0m30s",
			0:                                  "0s",
			1500 * time.Millisecond:            "1.5s",
			49*time.Hour + 30*time.Minute:      "49h30m",
			-2 * time.Hour:                     "-2h",
			time.Minute + 500*time.Millisecond: "1m0.5s",
		} {
			if got := Duration(d).String(); got != want {
				t.Errorf("Duration(%v).String() = %q, want %q", d, got, want)
			}
			back, err := parseDuration(want)
			if err != nil || back != d {
				t.Errorf("parseDuration(%q) = %v, %v: String does not round-trip", want, back, err)
			}
		}
	})
}

func TestRedacted(t *testing.T) {
	c := DefaultConfig()
	c.Slack.BotToken = "xoxb-secret"
	c.Slack.AppToken = "xapp-secret"
	c.Slack.SigningSecret = "signing-secret"
	c.Slack.APIURL = "https://user:proxy-secret@proxy.example/api/"
	c.Discord.Token = "discord-secret"
	c.Discord.APIURL = "https://discord.example"

	r := c.Redacted()
	dump := fmt.Sprintf("%+v", r)
	if strings.Contains(dump, "secret") {
		t.Errorf("Redacted() still shows a secret: %s", dump)
	}
	for _, got := range []string{r.Slack.BotToken, r.Slack.AppToken, r.Slack.SigningSecret, r.Discord.Token} {
		if got != "***" {
			t.Errorf("redacted secret = %q, want ***", got)
		}
	}
	if r.Slack.APIURL != "https://user:xxxxx@proxy.example/api/" || r.Discord.APIURL != "https://discord.example" {
		t.Errorf("redacted URLs = %q, %q", r.Slack.APIURL, r.Discord.APIURL)
	}
	if c.Slack.BotToken != "xoxb-secret" {
		t.Error("Redacted changed the original")
	}
	r.Staff.Console[0] = "mallory"
	if c.Staff.Console[0] != "admin" {
		t.Error("Redacted shares slices with the original")
	}
	// An unset secret stays empty, so the log shows it is missing.
	if got := DefaultConfig().Redacted().Slack.BotToken; got != "" {
		t.Errorf("unset token redacted to %q, want empty", got)
	}
}

// A field named like a secret must be tagged secret, or Redacted and the
// log would show it, and one named like a URL tagged url, or Redacted would
// show its password; Redacted's copy is deep only while Config holds no
// kind of value that mapStrings does not copy.
func TestConfigSecretsDeclared(t *testing.T) {
	var walk func(typ reflect.Type, path string)
	walk = func(typ reflect.Type, path string) {
		switch typ.Kind() {
		case reflect.Map, reflect.Pointer, reflect.Interface, reflect.Array, reflect.Chan, reflect.Func:
			t.Errorf("%s is a %s, which Redacted would share with the original", path, typ.Kind())
		case reflect.Slice:
			walk(typ.Elem(), path+"[]")
		case reflect.Struct:
			for i := range typ.NumField() {
				f := typ.Field(i)
				secret := strings.Contains(f.Name, "Token") || strings.Contains(f.Name, "Secret") || strings.Contains(f.Name, "Password")
				if secret && !tagged(f.Tag.Get("config"), "secret") {
					t.Errorf("%s.%s is not tagged `config:\"secret\"`", path, f.Name)
				}
				if strings.HasSuffix(f.Name, "URL") && !tagged(f.Tag.Get("config"), "url") {
					t.Errorf("%s.%s is not tagged `config:\"url\"`", path, f.Name)
				}
				walk(f.Type, path+"."+f.Name)
			}
		}
	}
	walk(reflect.TypeFor[Config](), "Config")
}

// Redacted copies the slices of structs too, and secrets finds every
// token, the extra workspaces' included.
func TestRedactedIsDeep(t *testing.T) {
	cfg, err := LoadConfig(writeConfig(t, twoChapters), env(nil))
	if err != nil {
		t.Fatal(err)
	}
	r := cfg.Redacted()
	r.Chapters[0].Staff.Slack[0], r.Chapters[1].Name, r.Slack.Workspaces[0].TeamID = "mallory", "Gotham", "TX"
	if cfg.Chapters[0].Staff.Slack[0] != "UPARIS" || cfg.Chapters[1].Name != "New York" || cfg.Slack.Workspaces[0].TeamID != "TNYC" {
		t.Error("Redacted shares chapters or workspaces with the original")
	}
	if r.Slack.Workspaces[0].BotToken != "***" || r.Slack.Workspaces[0].AppToken != "***" {
		t.Errorf("redacted workspace = %+v", r.Slack.Workspaces[0])
	}
	if got, want := cfg.secrets(), []string{"xoxb-1", "xapp-1", "xoxb-2", "xapp-2", "t"}; !slices.Equal(got, want) {
		t.Errorf("secrets() = %q, want %q", got, want)
	}
}

// Each field that normalize cleans, written carelessly, as the config tags
// and its explicit rules have it.
func TestLoadConfigNormalisesEachField(t *testing.T) {
	cfg, err := LoadConfig(writeConfig(t, `
community: {timezone: " UTC ", language: " FR ", date_order: " MDY "}
staff: {slack: [" U1 "], discord: [" 2 "], console: [" root "]}
slack:
  mode: " HTTP "
  team_id: " T0 "
  bot_token: " xoxb-1 "
  app_token: " xapp-1 "
  signing_secret: " s "
  api_url: " http://s.example/ "
  reaction_emoji: " :wave: "
  workspaces: [{team_id: " T1 ", bot_token: " xoxb-2 ", app_token: " xapp-2 ", api_url: " http://w.example "}]
discord: {token: " Bot d ", guilds: [" 3 "], api_url: " http://d.example/ ", reaction_emoji: " ✋ "}
log: {level: " WARN ", format: " JSON "}
chapters: [{id: " NYC ", name: " New York ", timezone: " UTC ", language: " EN ", staff: {discord: [" 4 "]}}]
`), env(nil))
	if err != nil {
		t.Fatal(err)
	}
	ws, ch := cfg.Slack.Workspaces[0], cfg.Chapters[0]
	got := fmt.Sprintf("%q", []any{cfg.Community.Timezone, cfg.Community.Language, cfg.Community.DateOrder, cfg.Staff.Slack, cfg.Staff.Discord, cfg.Staff.Console,
		cfg.Slack.Mode, cfg.Slack.TeamID, cfg.Slack.BotToken, cfg.Slack.AppToken, cfg.Slack.SigningSecret, cfg.Slack.APIURL, cfg.Slack.ReactionEmoji,
		ws.TeamID, ws.BotToken, ws.AppToken, ws.APIURL, cfg.Discord.Token, cfg.Discord.Guilds, cfg.Discord.APIURL, cfg.Discord.ReactionEmoji,
		cfg.Log.Level, cfg.Log.Format, ch.ID, ch.Name, ch.Timezone, ch.Language, ch.Staff.Discord})
	want := fmt.Sprintf("%q", []any{"UTC", "fr", "mdy", []string{"U1"}, []string{"2"}, []string{"root"},
		"http", "T0", "xoxb-1", "xapp-1", "s", "http://s.example/", "wave",
		"T1", "xoxb-2", "xapp-2", "http://w.example/", "d", []string{"3"}, "http://d.example", "✋",
		"warn", "json", "nyc", " New York ", "UTC", "en", []string{"4"}})
	if got != want {
		t.Errorf("normalised:\n got %s\nwant %s", got, want)
	}
}

func TestIsStaff(t *testing.T) {
	c := DefaultConfig()
	c.Staff.Slack = []string{"U123"}
	c.Staff.Discord = []string{"42"}
	tests := []struct {
		platform, user string
		want           bool
	}{
		{"slack", "U123", true},
		{"slack", "u123", false},
		{"slack", "42", false},
		{"discord", "42", true},
		{"console", "admin", true},
		{"console", "guest", false},
		{"irc", "admin", false},
		{"console", "", false},
	}
	for _, tt := range tests {
		if got := c.IsStaff(tt.platform, tt.user); got != tt.want {
			t.Errorf("IsStaff(%q, %q) = %v, want %v", tt.platform, tt.user, got, tt.want)
		}
	}
}

func TestLocation(t *testing.T) {
	c := DefaultConfig()
	if got := c.Location().String(); got != "Europe/Paris" {
		t.Errorf("Location() = %s, want Europe/Paris", got)
	}
	if first, second := c.Location(), c.Location(); first != second {
		t.Error("Location() loads the zone again on every call")
	}
	c.Community.Timezone = "Mars/Olympus"
	if got := c.Location(); got != time.UTC {
		t.Errorf("Location() of an invalid zone = %v, want UTC", got)
	}
}

func TestLoadConfigDidYouMean(t *testing.T) {
	for _, tt := range []struct{ yaml, want string }{
		{"slack:\n  bot_tokn: x\n", ":2: unknown key slack.bot_tokn (did you mean slack.bot_token?)"},
		{"community: {name: A, timezon: UTC}\n", ":1: unknown key community.timezon (did you mean community.timezone?)"},
		{"stafff:\n  slack: [U1]\n", ":1: unknown key stafff (did you mean staff?)"},
		{"discord:\n  channels:\n    job: \"1\"\n", ":3: unknown key discord.channels.job (did you mean discord.channels.jobs?)"},
	} {
		_, err := LoadConfig(writeConfig(t, tt.yaml), env(nil))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%q: err = %v, want %q", tt.yaml, err, tt.want)
		}
	}
	// Nothing close: no guess.
	_, err := LoadConfig(writeConfig(t, "log:\n  colour: red\n"), env(nil))
	if err == nil || strings.Contains(err.Error(), "did you mean") {
		t.Errorf("err = %v, want an unknown key without a guess", err)
	}
}

// KnownFields names a key with a space in it like any other; reading its
// name up to the space once let such a key pass unnoticed.
func TestLoadConfigUnknownKeyWithSpace(t *testing.T) {
	for _, tt := range []struct{ yaml, want string }{
		{"slack:\n  bot token: x\n", ":2: unknown key slack.bot token (did you mean slack.bot_token?)"},
		{"log:\n  \"level \": debug\n", ":2: unknown key log.level  (did you mean log.level?)"},
	} {
		_, err := LoadConfig(writeConfig(t, tt.yaml), env(nil))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%q: err = %v, want %q", tt.yaml, err, tt.want)
		}
	}
}

// Configuration honesty: with both platforms enabled, every key of the
// example taken out either still loads (an optional key works when absent)
// or fails with an error naming that key, which the example documents as
// required.
func TestEveryExampleKeyOptionalOrNamed(t *testing.T) {
	data, err := os.ReadFile("../config.example.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	set := func(root *yaml.Node, path, value string) {
		n := root
		for _, k := range strings.Split(path, ".") {
			found := false
			for i := 0; i+1 < len(n.Content); i += 2 {
				if n.Content[i].Value == k {
					n, found = n.Content[i+1], true
					break
				}
			}
			if !found {
				t.Fatalf("no key %s in the example", path)
			}
		}
		n.Value, n.Tag, n.Style = value, "", 0
	}
	root := doc.Content[0]
	for path, v := range map[string]string{
		"slack.enabled": "true", "discord.enabled": "true",
		"discord.application_id": "1", "discord.guild_id": "2",
	} {
		set(root, path, v)
	}
	vars := env(map[string]string{"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xapp-2", "DISCORD_TOKEN": "d4", "SLACK_SIGNING_SECRET": "s3"})
	for _, mode := range []string{"socket", "http"} {
		set(root, "slack.mode", mode)
		if mode == "http" {
			set(root, "http.listen", "127.0.0.1:8080")
		}
		requiredKeys(t, &doc, vars)
	}
}

func requiredKeys(t *testing.T, doc *yaml.Node, vars func(string) string) {
	root := doc.Content[0]
	load := func(n *yaml.Node) error {
		out, err := yaml.Marshal(n)
		if err != nil {
			t.Fatal(err)
		}
		_, err = LoadConfig(writeConfig(t, string(out)), vars)
		return err
	}
	if err := load(doc); err != nil {
		t.Fatalf("the example with both platforms enabled: %v", err)
	}
	// Every leaf key, with its comment and its place in its mapping.
	type leaf struct {
		path, comment string
		parent        *yaml.Node
		at            int
	}
	var leaves []leaf
	var walk func(n *yaml.Node, path string)
	walk = func(n *yaml.Node, path string) {
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			p := joinPath(path, k.Value)
			if v.Kind == yaml.MappingNode {
				walk(v, p)
				continue
			}
			leaves = append(leaves, leaf{p, k.HeadComment, n, i})
		}
	}
	walk(root, "")
	if len(leaves) < 60 {
		t.Fatalf("only %d keys found in the example", len(leaves))
	}
	required := 0
	for _, l := range leaves {
		saved := slices.Clone(l.parent.Content)
		l.parent.Content = slices.Delete(l.parent.Content, l.at, l.at+2)
		err := load(doc)
		l.parent.Content = saved
		if err == nil {
			continue
		}
		required++
		if !strings.Contains(err.Error(), l.path) {
			t.Errorf("without %s: the error does not name it: %v", l.path, err)
		}
		if !strings.Contains(l.comment, "required") {
			t.Errorf("without %s the configuration fails, but the example does not say it is required: %v", l.path, err)
		}
		t.Logf("required: %s", l.path)
	}
	if required == 0 {
		t.Error("no key was required: the test did not enable the platforms")
	}
}
