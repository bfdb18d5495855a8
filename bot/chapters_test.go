package bot

import (
	"fmt"
	"os"
	"strings"
	"testing"
)

// twoChapters is the configuration example of the docs: Paris in the
// community's own Slack workspace and Discord guild, New York in its own.
const twoChapters = `community:
  name: Club
  timezone: Europe/Paris
  language: fr
staff:
  slack: [UADMIN]
slack:
  enabled: true
  bot_token: xoxb-1
  app_token: xapp-1
  workspaces:
    - team_id: TNYC
      bot_token: xoxb-2
      app_token: xapp-2
  channels:
    announcements: CANN
    jobs: CJOBS
discord:
  enabled: true
  token: t
  application_id: "1"
  guild_id: "100"
  guilds: ["200"]
  channels:
    announcements: "101"
chapters:
  - id: paris
    name: Paris
    staff:
      slack: [UPARIS]
    slack:
      channels: {problems: CPPROB, workshops: CPWS}
    discord:
      channels: {problems: "111", workshops: "112"}
  - id: NYC
    name: New York
    timezone: America/New_York
    language: en
    staff:
      discord: ["900"]
    slack:
      workspace: TNYC
      channels: {problems: CNPROB}
    discord:
      workspace: "200"
      channels: {problems: "211", workshops: "212"}
`

func TestChaptersConfig(t *testing.T) {
	cfg, err := LoadConfig(writeConfig(t, twoChapters), env(nil))
	if err != nil {
		t.Fatal(err)
	}
	chs := cfg.routerChapters()
	if len(chs) != 2 || chs[1].ID != "nyc" || chs[1].Location.String() != "America/New_York" || chs[1].Language != "en" ||
		chs[0].Location.String() != "Europe/Paris" || chs[0].Language != "fr" {
		t.Fatalf("chapters = %+v", chs)
	}
	for _, c := range []struct{ platform, workspace, channel, want string }{
		{"slack", "TNYC", "CX", "nyc"},      // New York's workspace
		{"slack", "TMAIN", "CX", "paris"},   // the community's: the first chapter there
		{"slack", "TMAIN", "CNPROB", "nyc"}, // a New York channel wins
		{"discord", "200", "", "nyc"},
		{"discord", "100", "", "paris"},
		{"discord", "", "212", "nyc"},
		{"console", "local", "console", ""},
	} {
		if got := cfg.ChapterFrom(c.platform, c.workspace, c.channel); got != c.want {
			t.Errorf("ChapterFrom(%s, %s, %s) = %q, want %q", c.platform, c.workspace, c.channel, got, c.want)
		}
	}
	str := func(ts any) string { return strings.ReplaceAll(fmt.Sprint(ts), "} {", "}{") }
	// A chapter's own channel, else the community's on that platform.
	if got, want := str(cfg.ChapterChannels("nyc", "workshops")), "[{discord 200  212}]"; got != want {
		t.Errorf("nyc workshops = %s, want %s", got, want)
	}
	if got, want := str(cfg.ChapterChannels("nyc", "problems")), "[{slack TNYC  CNPROB}{discord 200  211}]"; got != want {
		t.Errorf("nyc problems = %s, want %s", got, want)
	}
	if got, want := str(cfg.ChapterChannels("paris", "jobs")), "[{slack   CJOBS}]"; got != want {
		t.Errorf("paris jobs = %s, want %s", got, want)
	}
	// The whole community's: its own and every chapter's, once each.
	if got, want := str(cfg.NamedChannels("workshops")), "[{slack   CPWS}{discord   112}{discord 200  212}]"; got != want {
		t.Errorf("all workshops = %s, want %s", got, want)
	}
	if got, want := str(cfg.NamedChannels("announcements")), "[{slack   CANN}{discord   101}]"; got != want {
		t.Errorf("all announcements = %s, want %s", got, want)
	}
	// Staff: the community's everywhere, a chapter's in theirs.
	for _, c := range []struct {
		platform, user string
		all            bool
		chapters       string
	}{{"slack", "UADMIN", true, "[]"}, {"slack", "UPARIS", false, "[paris]"}, {"discord", "900", false, "[nyc]"}, {"slack", "U1", false, "[]"}} {
		all, chapters := cfg.StaffOf(c.platform, c.user)
		if all != c.all || fmt.Sprint(chapters) != c.chapters || cfg.IsStaff(c.platform, c.user) != (c.all || c.chapters != "[]") {
			t.Errorf("StaffOf(%s, %s) = %v %v", c.platform, c.user, all, chapters)
		}
	}

	// Archived: kept for its items, out of everything new.
	cfg.Chapters[1].Archived = true
	if got := cfg.ChapterFrom("discord", "200", ""); got != "" {
		t.Errorf("archived chapter still takes newcomers: %q", got)
	}
	if got, want := str(cfg.NamedChannels("workshops")), "[{slack   CPWS}{discord   112}]"; got != want {
		t.Errorf("workshops with nyc archived = %s, want %s", got, want)
	}
	if all, chapters := cfg.StaffOf("discord", "900"); all || len(chapters) != 0 {
		t.Errorf("archived chapter's staff keep rights: %v", chapters)
	}
}

func TestChaptersConfigRefused(t *testing.T) {
	for _, c := range []struct{ yaml, want string }{
		{"chapters:\n  - id: paris\n    name: P\n  - id: paris\n    name: Q\n", `config: chapters[1].id "paris" repeats chapters[0].id`},
		{"chapters:\n  - id: Île\n    name: P\n", `config: chapters[0].id "île" must be 1 to 32 lower-case letters`},
		{"chapters:\n  - id: p\n", "config: chapters[0].name is required"},
		{"chapters:\n  - id: p\n    name: P\n    timezone: Mars/Olympus\n", `config: chapters[0].timezone "Mars/Olympus": unknown time zone`},
		{"chapters:\n  - id: p\n    name: P\n    language: de\n", "config: chapters[0].language must be fr or en"},
		{"chapters:\n  - id: p\n    name: P\n    discord:\n      channels: {problems: general}\n", `config: chapters[0].discord.channels.problems "general" must be a numeric channel id`},
		{"chapters:\n  - id: p\n    name: P\n    slack:\n      channels: {problems: \"#general\"}\n", `config: chapters[0].slack.channels.problems "#general" must be a channel id`},
		{"chapters:\n  - id: p\n    name: P\n    discord:\n      workspace: main\n", `config: chapters[0].discord.workspace "main" must be a numeric guild id`},
		{"chapters:\n  - id: p\n    name: P\n    slack: {workspace: TX}\n", `config: chapters[0].slack.workspace "TX" is not in slack.workspaces`},
		{"chapters:\n  - id: p\n    name: P\n    discord: {workspace: \"7\"}\n", `config: chapters[0].discord.workspace "7" is neither discord.guild_id nor in discord.guilds`},
		{"chapters:\n  - id: p\n    name: P\n    staf: {}\n", "unknown key chapters[0].staf (did you mean chapters[0].staff?)"},
	} {
		_, err := LoadConfig(writeConfig(t, c.yaml), env(nil))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: err = %v, want %q", c.yaml, err, c.want)
		}
	}
}

// The two-chapter examples of docs/chapters.md and of the README are
// configurations that load (the README's under the docs' other sections).
func TestChaptersDocExample(t *testing.T) {
	yamlBlock := func(file, after string) string {
		t.Helper()
		doc, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		_, text, _ := strings.Cut(string(doc), after)
		_, block, ok := strings.Cut(text, "```yaml\n")
		block, _, ok2 := strings.Cut(block, "```")
		if !ok || !ok2 {
			t.Fatalf("%s has no yaml block after %q", file, after)
		}
		return block
	}
	docs := yamlBlock("../docs/chapters.md", "")
	vars := env(map[string]string{"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xapp-1",
		"SLACK_NYC_BOT_TOKEN": "xoxb-2", "SLACK_NYC_APP_TOKEN": "xapp-2", "DISCORD_TOKEN": "t"})
	cfg, err := LoadConfig(writeConfig(t, docs), vars)
	if err != nil {
		t.Fatal(err)
	}
	if len(cfg.Chapters) != 2 || cfg.ChapterFrom("slack", "T0NYC", "") != "nyc" {
		t.Errorf("chapters = %+v", cfg.Chapters)
	}
	head, _, _ := strings.Cut(docs, "chapters:\n")
	readme := yamlBlock("../README.md", "## Chapters")
	if cfg, err = LoadConfig(writeConfig(t, head+readme), vars); err != nil {
		t.Fatal(err)
	}
	if len(cfg.Chapters) != 2 || cfg.ChapterFrom("discord", "1200000000000000002", "") != "nyc" {
		t.Errorf("README chapters = %+v", cfg.Chapters)
	}
}
