package bot

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/atelier-bot/atelier/bot/discord/discordfake"
	"github.com/atelier-bot/atelier/commands"
)

// Each kind of item reaches the channel the configuration names for it, on
// every platform where one is named, whichever platform the command came
// from; the command still answers where it was run. The whole program runs
// with both platforms, against the fake Slack and the fake Discord.
func TestItemsReachTheirChannels(t *testing.T) {
	slackChannels := ChannelsConfig{Problems: "C0PROBLEMS", Workshops: "C0WORKSHOPS", Jobs: "C0JOBS"}
	discordChannels := ChannelsConfig{Problems: "1200000000000000001", Workshops: "1200000000000000002", Jobs: "1200000000000000003"}
	kinds := []string{"problems", "workshops", "jobs"}
	for _, tc := range []struct {
		name           string
		slack, discord ChannelsConfig
	}{
		{"slack only", slackChannels, ChannelsConfig{}},
		{"discord only", ChannelsConfig{}, discordChannels},
		{"both", slackChannels, discordChannels},
		{"problems only", ChannelsConfig{Problems: "C0PROBLEMS"}, ChannelsConfig{Problems: "1200000000000000001"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			two := startTwo(t, tc.slack, tc.discord, "")
			sl, dc := two.sl, two.dc
			slash := func(command, text string) string { return two.slash(twoSlackStaff, command, text) }
			interact := func(command string, sub discordfake.Opt) string { return two.interact(twoDiscordStaff, command, sub) }
			const job = "Data scientist | Acme | permanent | junior | Paris | https://acme.example/jobs/1 | 45-55k€ #ml"
			answers := []string{
				slash("/problem", "post Missing values in sensor data #timeseries"),
				slash("/workshop", "create Imputation clinic"),
				slash("/workshop", "announce 1"),
				slash("/jobs", "post "+job),
				interact("problem", discordfake.Sub("post", discordfake.Str("title", "Drift in churn model"))),
				interact("workshop", discordfake.Sub("announce", discordfake.Int("id", 1))),
				interact("jobs", discordfake.Sub("post", discordfake.Str("title", "ML engineer"), discordfake.Str("organisation", "Acme"),
					discordfake.Str("contract", "permanent"), discordfake.Str("level", "junior"), discordfake.Str("location", "Paris"),
					discordfake.Str("url", "https://acme.example/jobs/2"), discordfake.Str("pay", "45-55k€"), discordfake.Str("tags", "#ml"))),
			}
			for i, a := range answers {
				if strings.TrimSpace(a) == "" {
					t.Errorf("command %d got no answer where it was run", i)
				}
				if i == len(answers)-1 && !strings.Contains(a, "posted") {
					t.Errorf("jobs post on Discord: %q", a)
				}
			}
			// Two of each: one from each platform.
			// Cards, that is: Slack may send a line of text before one.
			count := func(platform, channel string) int {
				n := 0
				if platform == "slack" {
					for _, m := range sl.Messages(channel) {
						if strings.HasPrefix(m.Text, "#") {
							n++
						}
					}
					return n
				}
				for _, m := range dc.Messages(channel) {
					n += len(m.Embeds)
				}
				return n
			}
			for _, p := range []struct {
				name string
				ch   ChannelsConfig
			}{{"slack", tc.slack}, {"discord", tc.discord}} {
				for _, k := range kinds {
					id := p.ch.of(k)
					if id == "" {
						continue
					}
					if !dc.Await(10*time.Second, func() bool { return count(p.name, id) >= 2 }) {
						t.Errorf("%s %s channel %s: %d cards, want 2; logs:\n%s", p.name, k, id, count(p.name, id), two.logs.String())
					}
				}
			}
			// Nothing reached a channel the configuration does not name.
			time.Sleep(300 * time.Millisecond)
			for _, p := range []struct {
				name string
				ch   ChannelsConfig
			}{{"slack", tc.slack}, {"discord", tc.discord}} {
				for _, k := range kinds {
					if id := p.ch.of(k); id != "" {
						if n := count(p.name, id); n != 2 {
							t.Errorf("%s %s channel: %d cards, want exactly 2", p.name, k, n)
						}
					}
				}
			}
			for _, other := range []ChannelsConfig{slackChannels, discordChannels} {
				for _, k := range kinds {
					id := other.of(k)
					if id == tc.slack.of(k) || id == tc.discord.of(k) {
						continue
					}
					if n := len(sl.Messages(id)) + len(dc.Messages(id)); n != 0 {
						t.Errorf("unconfigured %s channel %s got %d messages", k, id, n)
					}
				}
			}
		})
	}
}

// The announcements and the digest, which the scheduler posts, resolve to
// the configured channel of each platform; the digest falls back to the
// announcements channel.
func TestNamedChannelsPerKind(t *testing.T) {
	c := DefaultConfig()
	c.Slack.Enabled, c.Discord.Enabled = true, true
	c.Slack.Channels = ChannelsConfig{Announcements: "CA", Digest: "CD", Workshops: "CW"}
	c.Discord.Channels = ChannelsConfig{Announcements: "1", Problems: "2"}
	for kind, want := range map[string][]commands.Target{
		"announcements": {{Platform: "slack", Channel: "CA"}, {Platform: "discord", Channel: "1"}},
		"digest":        {{Platform: "slack", Channel: "CD"}, {Platform: "discord", Channel: "1"}},
		"workshops":     {{Platform: "slack", Channel: "CW"}},
		"problems":      {{Platform: "discord", Channel: "2"}},
		"jobs":          nil,
		"nonsense":      nil,
	} {
		if got := c.NamedChannels(kind); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: %+v, want %+v", kind, got, want)
		}
	}
}
