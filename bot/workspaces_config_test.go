package bot

import (
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
