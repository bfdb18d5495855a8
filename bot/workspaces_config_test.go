package bot

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
)

// The keys of several Slack workspaces and Discord guilds: each accepted
// form, and each refusal naming its key.

const discordOn = "discord:\n  enabled: true\n  token: t\n  application_id: \"1\"\n  guild_id: \"2\"\n"

func TestDiscordGuildsConfig(t *testing.T) {
	cfg, err := LoadConfig(writeConfig(t, discordOn+"  guilds: [\"3\", \" 4 \"]\n"), env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"3", "4"}; !reflect.DeepEqual(cfg.Discord.Guilds, want) {
		t.Errorf("discord.guilds = %q, want %q", cfg.Discord.Guilds, want)
	}
	r := cfg.Redacted()
	r.Discord.Guilds[0] = "9"
	if cfg.Discord.Guilds[0] != "3" {
		t.Error("Redacted shares discord.guilds with the original")
	}
	for _, tt := range []struct{ name, yaml, want string }{
		{"not numeric", "  guilds: [\"3\", paris]\n", `config: discord.guilds[1] "paris" must be a numeric id`},
		{"empty", "  guilds: [\"\"]\n", "config: discord.guilds[0] is empty"},
		{"the main guild again", "  guilds: [\"2\"]\n", "config: discord.guilds[0] repeats discord.guild_id"},
		{"twice", "  guilds: [\"3\", \"4\", \"3\"]\n", "config: discord.guilds[2] repeats discord.guilds[0]"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := LoadConfig(writeConfig(t, discordOn+tt.yaml), env(nil))
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

const slackOn = "slack:\n  enabled: true\n  bot_token: xoxb-main\n  app_token: xapp-main\n"

func TestSlackWorkspacesConfig(t *testing.T) {
	vars := env(map[string]string{"NY_BOT": "xoxb-ny\n", "NY_APP": "xapp-ny"})
	cfg, err := LoadConfig(writeConfig(t, slackOn+"  api_url: https://proxy.example/api\n  workspaces:\n"+
		"    - {team_id: \" T0NY \", bot_token: \"${NY_BOT}\", app_token: \"${NY_APP}\"}\n"+
		"    - {team_id: T0CASA, bot_token: xoxb-casa, app_token: xapp-casa, api_url: \"https://u:pw@casa.example/api\"}\n"), vars)
	if err != nil {
		t.Fatal(err)
	}
	want := []SlackWorkspaceConfig{
		{TeamID: "T0NY", BotToken: "xoxb-ny", AppToken: "xapp-ny"},
		{TeamID: "T0CASA", BotToken: "xoxb-casa", AppToken: "xapp-casa", APIURL: "https://u:pw@casa.example/api/"},
	}
	if !reflect.DeepEqual(cfg.Slack.Workspaces, want) {
		t.Errorf("slack.workspaces = %+v, want %+v", cfg.Slack.Workspaces, want)
	}
	r := cfg.Redacted()
	if dump := fmt.Sprintf("%+v", r); strings.Contains(dump, "xoxb-ny") || strings.Contains(dump, "xapp-casa") || strings.Contains(dump, "pw@") {
		t.Errorf("Redacted() shows a workspace's secret: %s", dump)
	}
	if cfg.Slack.Workspaces[0].BotToken != "xoxb-ny" {
		t.Error("Redacted changed the original")
	}
	// In HTTP mode the main workspace is served over HTTP, the others
	// still over Socket Mode.
	if _, err := LoadConfig(writeConfig(t, "http:\n  listen: :8080\nslack:\n  enabled: true\n  mode: http\n  bot_token: xoxb-main\n  signing_secret: s\n"+
		"  workspaces: [{team_id: T0NY, bot_token: xoxb-ny, app_token: xapp-ny}]\n"), vars); err != nil {
		t.Errorf("http mode with a Socket Mode workspace: %v", err)
	}

	const ws = "  workspaces:\n"
	for _, tt := range []struct{ name, yaml, want string }{
		{"team id missing", ws + "    - {bot_token: xoxb-ny, app_token: xapp-ny}\n", "config: slack.workspaces[0].team_id is required"},
		{"team id not an id", ws + "    - {team_id: newyork, bot_token: xoxb-ny, app_token: xapp-ny}\n", `config: slack.workspaces[0].team_id "newyork" must be a workspace id`},
		{"team twice", ws + "    - {team_id: T0NY, bot_token: xoxb-ny, app_token: xapp-ny}\n    - {team_id: T0NY, bot_token: xoxb-ny2, app_token: xapp-ny2}\n",
			"config: slack.workspaces[1].team_id repeats slack.workspaces[0].team_id"},
		{"main team id not an id", "  team_id: paris\n" + ws + "    - {team_id: T0NY, bot_token: xoxb-ny, app_token: xapp-ny}\n", `config: slack.team_id "paris" must be a workspace id`},
		{"main team again", "  team_id: T0NY\n" + ws + "    - {team_id: T0NY, bot_token: xoxb-ny, app_token: xapp-ny}\n", "config: slack.workspaces[0].team_id repeats slack.team_id"},
		{"bot token missing", ws + "    - {team_id: T0NY, app_token: xapp-ny}\n", "config: slack.workspaces[0].bot_token is required"},
		{"bot token prefix", ws + "    - {team_id: T0NY, bot_token: xapp-ny, app_token: xapp-ny}\n", `config: slack.workspaces[0].bot_token must start with "xoxb-"`},
		{"main bot token again", ws + "    - {team_id: T0NY, bot_token: xoxb-main, app_token: xapp-ny}\n", "config: slack.workspaces[0].bot_token is the same token as slack.bot_token"},
		{"app token missing", ws + "    - {team_id: T0NY, bot_token: xoxb-ny}\n", "config: slack.workspaces[0].app_token is required"},
		{"app token from an unset variable", ws + "    - {team_id: T0NY, bot_token: xoxb-ny, app_token: \"${UNSET}\"}\n", "config: slack.workspaces[0].app_token is required"},
		{"app token prefix", ws + "    - {team_id: T0NY, bot_token: xoxb-ny, app_token: xoxb-nyapp}\n", `config: slack.workspaces[0].app_token must start with "xapp-"`},
		{"api url", ws + "    - {team_id: T0NY, bot_token: xoxb-ny, app_token: xapp-ny, api_url: \"ftp://x\"}\n", "config: slack.workspaces[0].api_url"},
		{"unknown key", ws + "    - {team_id: T0NY, bot_token: xoxb-ny, app_token: xapp-ny, signing_secret: s}\n", "slack.workspaces"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := LoadConfig(writeConfig(t, slackOn+tt.yaml), vars)
			if err == nil {
				t.Fatalf("LoadConfig succeeded, want %q", tt.want)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q does not contain %q", err, tt.want)
			}
			for _, secret := range []string{"xoxb-ny", "xapp-ny", "xoxb-main"} {
				if strings.Contains(err.Error(), secret) {
					t.Errorf("error %q shows a token", err)
				}
			}
		})
	}
}

// A chapter may name the main workspace by slack.team_id.
func TestChapterNamesMainSlackTeam(t *testing.T) {
	chapter := "chapters:\n  - id: paris\n    name: Paris\n    slack: {workspace: T0PARIS}\n"
	if _, err := LoadConfig(writeConfig(t, slackOn+"  team_id: T0PARIS\n"+chapter), env(nil)); err != nil {
		t.Errorf("a chapter in the main workspace named by slack.team_id: %v", err)
	}
	if _, err := LoadConfig(writeConfig(t, slackOn+chapter), env(nil)); err == nil || !strings.Contains(err.Error(), `"T0PARIS" is not in slack.workspaces, nor slack.team_id`) {
		t.Errorf("a chapter in a workspace nobody configured: %v", err)
	}
}
