package bot

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/atelier-bot/atelier/commands"
)

func TestSchedulerConfig(t *testing.T) {
	for _, tc := range []struct {
		name, yaml, want string // want "" means valid
	}{
		{"defaults", "", ""},
		{"jobs off", "scheduler:\n  digest: \"\"\n  feedback: \"\"\n  nudge: \"\"\n", ""},
		{"zone in the spec", "scheduler:\n  digest: CRON_TZ=America/Montreal 0 9 * * MON\n", ""},
		{"bad digest", "scheduler:\n  digest: every monday\n",
			`config: scheduler.digest "every monday": expected exactly 5 fields, found 2 (for example "0 9 * * MON"; empty turns it off)`},
		{"bad feedback", "scheduler:\n  feedback: \"*/15 * * *\"\n", `config: scheduler.feedback "*/15 * * *": expected exactly 5 fields`},
		{"bad nudge zone", "scheduler:\n  nudge: CRON_TZ=Nowhere/Land 0 10 * * *\n", `config: scheduler.nudge "CRON_TZ=Nowhere/Land 0 10 * * *": unknown time zone "Nowhere/Land"`},
		{"too often", "scheduler:\n  feedback: \"@every 5s\"\n", `config: scheduler.feedback "@every 5s": at most one run a minute`},
		{"nudge after", "scheduler:\n  nudge_after: 10m\n", "config: scheduler.nudge_after must be at least 1h, such as 14d"},
		{"lease", "scheduler:\n  lease: 0s\n", "config: scheduler.lease must be at least 1s, such as 1m"},
		{"attempts", "scheduler:\n  max_attempts: 0\n", "config: scheduler.max_attempts must be between 1 and 100, not 0"},
		{"grace", "scheduler:\n  announcement_grace: 10s\n", "config: scheduler.announcement_grace must be at least 1m, such as 1h"},
		{"unknown key", "scheduler:\n  digests: \"\"\n", "unknown key scheduler.digests"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := LoadConfig(writeConfig(t, tc.yaml), env(nil))
			switch {
			case tc.want == "" && err != nil:
				t.Errorf("unexpected error: %v", err)
			case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
				t.Errorf("error %v, want %q", err, tc.want)
			}
		})
	}
	d := DefaultConfig().Scheduler
	if d.Digest != "0 9 * * MON" || d.Feedback != "*/15 * * * *" || d.Nudge != "0 10 * * *" || time.Duration(d.NudgeAfter) != 14*24*time.Hour ||
		time.Duration(d.Lease) != time.Minute || d.MaxAttempts != 8 || time.Duration(d.AnnouncementGrace) != time.Hour {
		t.Errorf("defaults %+v", d)
	}
}

func TestNamedChannels(t *testing.T) {
	c := DefaultConfig()
	if got := c.NamedChannels("announcements"); !reflect.DeepEqual(got, []commands.Target{{Platform: "console", Channel: "console"}}) {
		t.Errorf("console only: %+v", got)
	}
	if got := c.Platforms(); !reflect.DeepEqual(got, []string{"console"}) {
		t.Errorf("platforms %q", got)
	}
	c.Slack.Enabled, c.Slack.Channels.Announcements = true, "C1"
	c.Discord.Enabled, c.Discord.Channels.Announcements, c.Discord.Channels.Jobs = true, "2", "3"
	if got := c.NamedChannels("announcements"); !reflect.DeepEqual(got, []commands.Target{{Platform: "slack", Channel: "C1"}, {Platform: "discord", Channel: "2"}}) {
		t.Errorf("both: %+v", got)
	}
	if got := c.NamedChannels("jobs"); !reflect.DeepEqual(got, []commands.Target{{Platform: "discord", Channel: "3"}}) {
		t.Errorf("jobs: %+v", got)
	}
	if got := c.NamedChannels("problems"); got != nil {
		t.Errorf("problems: %+v", got)
	}
	if got := c.Platforms(); !reflect.DeepEqual(got, []string{"slack", "discord"}) {
		t.Errorf("platforms %q", got)
	}
}
