package bot

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"time"

	"github.com/atelier-bot/atelier/bot/console"
	"github.com/atelier-bot/atelier/commands"
	"github.com/atelier-bot/atelier/scheduler"
	"github.com/atelier-bot/atelier/storage"
)

// RemindersConfig says how long before a session its participants are
// reminded; an empty list turns reminders off.
type RemindersConfig struct {
	Offsets []Duration `yaml:"offsets"`
}

// validate checks the reminders: section.
func (r RemindersConfig) validate() []error {
	var errs []error
	seen := map[Duration]int{}
	for i, o := range r.Offsets {
		if o <= 0 {
			errs = append(errs, fmt.Errorf("config: reminders.offsets[%d] must be positive", i))
			continue
		}
		// Outbox keys include the offset, so a repeat would be a silent no-op.
		if j, dup := seen[o]; dup {
			errs = append(errs, fmt.Errorf("config: reminders.offsets[%d] repeats reminders.offsets[%d] (%s)", i, j, o))
			continue
		}
		seen[o] = i
	}
	return errs
}

// SchedulerConfig configures the community's rhythm jobs and the outbox.
// A job whose spec is empty is off. Specs are cron specs (minute hour day
// month weekday) in community.timezone; CRON_TZ=<zone> may start one.
type SchedulerConfig struct {
	// Digest posts new problems and coming workshops to the announcements
	// channel of every platform.
	Digest string `yaml:"digest"`
	// Feedback asks the participants of sessions that ended since the last
	// run whether the session helped (1 to 5).
	Feedback string `yaml:"feedback"`
	// Nudge asks the author of a problem quiet for NudgeAfter whether it is
	// solved.
	Nudge      string   `yaml:"nudge"`
	NudgeAfter Duration `yaml:"nudge_after"`
	// Outcomes looks for workshops whose last session ended and queues
	// their participants' "did anything come of it?" questions (then, and
	// 30, 90 and 180 days later).
	Outcomes string `yaml:"outcomes"`
	// Headcount asks each member organisation's HR contact for the
	// half-year just ended: its data and AI headcount and departures.
	Headcount string `yaml:"headcount"`
	// Lease is how long a notification being sent stays claimed: after a
	// crash it is sent again once its lease has run out.
	Lease Duration `yaml:"lease"`
	// MaxAttempts is how many times a notification is tried before it is
	// marked failed (rate limits do not count).
	MaxAttempts int `yaml:"max_attempts"`
	// AnnouncementGrace is how late an announcement may still be posted
	// (the bot was down at its time); a later one is skipped.
	AnnouncementGrace Duration `yaml:"announcement_grace"`
}

// DefaultSchedulerConfig is the default of the scheduler section.
func DefaultSchedulerConfig() SchedulerConfig {
	return SchedulerConfig{
		Digest:            "0 9 * * MON",
		Feedback:          "*/15 * * * *",
		Nudge:             "0 10 * * *",
		NudgeAfter:        Duration(14 * 24 * time.Hour),
		Outcomes:          "7 * * * *",
		Headcount:         "0 9 2 1,7 *",
		Lease:             Duration(time.Minute),
		MaxAttempts:       8,
		AnnouncementGrace: Duration(time.Hour),
	}
}

// validate returns one error per fault, each naming its key.
func (s SchedulerConfig) validate(loc *time.Location) []error {
	var errs []error
	for _, j := range []struct{ key, spec string }{
		{"scheduler.digest", s.Digest}, {"scheduler.feedback", s.Feedback}, {"scheduler.nudge", s.Nudge}, {"scheduler.outcomes", s.Outcomes},
		{"scheduler.headcount", s.Headcount},
	} {
		if j.spec == "" {
			continue
		}
		if _, err := commands.ParseCron(j.spec, loc); err != nil {
			errs = append(errs, fmt.Errorf("config: %s %q: %v (for example %q; empty turns it off)", j.key, j.spec, err, commands.CronExample))
		}
	}
	if s.Nudge != "" && s.NudgeAfter < Duration(time.Hour) {
		errs = append(errs, fmt.Errorf("config: scheduler.nudge_after must be at least 1h, such as 14d"))
	}
	if s.Lease < Duration(time.Second) {
		errs = append(errs, fmt.Errorf("config: scheduler.lease must be at least 1s, such as 1m"))
	}
	if s.MaxAttempts < 1 || s.MaxAttempts > 100 {
		errs = append(errs, fmt.Errorf("config: scheduler.max_attempts must be between 1 and 100, not %d", s.MaxAttempts))
	}
	if s.AnnouncementGrace < Duration(time.Minute) {
		errs = append(errs, fmt.Errorf("config: scheduler.announcement_grace must be at least 1m, such as 1h"))
	}
	return errs
}

// Platforms lists the platforms that run: Slack and Discord when enabled,
// the console when neither is.
func (c Config) Platforms() []string {
	var out []string
	if c.Slack.Enabled {
		out = append(out, "slack")
	}
	if c.Discord.Enabled {
		out = append(out, "discord")
	}
	if len(out) == 0 {
		out = append(out, console.Platform)
	}
	return out
}

// NamedChannels resolves a kind of item ("announcements", "problems",
// "workshops", "jobs", "digest") for the whole community: its configured
// channel on every enabled platform that sets one, and every open
// chapter's; on the console, the console itself.
func (c *Config) NamedChannels(name string) []commands.Target {
	if !slices.Contains(channelKinds, name) {
		return nil
	}
	out := c.communityChannels(name)
	for _, ch := range c.Chapters {
		if ch.Archived {
			continue
		}
		for _, t := range c.ChapterChannels(ch.ID, name) {
			if !slices.Contains(out, t) {
				out = append(out, t)
			}
		}
	}
	return out
}

// communityChannels is the community's own channel of a kind on each
// enabled platform.
func (c *Config) communityChannels(name string) []commands.Target {
	var out []commands.Target
	if id := c.Slack.Channels.of(name); c.Slack.Enabled && id != "" {
		out = append(out, commands.Target{Platform: "slack", Channel: id})
	}
	if id := c.Discord.Channels.of(name); c.Discord.Enabled && id != "" {
		out = append(out, commands.Target{Platform: "discord", Channel: id})
	}
	if !c.Slack.Enabled && !c.Discord.Enabled {
		out = append(out, commands.Target{Platform: console.Platform, Channel: console.Channel})
	}
	return out
}

// reminderPolicy tells storage when to remind; set before any request.
func reminderPolicy(db *storage.DB, cfg Config) {
	offsets := make([]time.Duration, len(cfg.Reminders.Offsets))
	for i, o := range cfg.Reminders.Offsets {
		offsets[i] = time.Duration(o)
	}
	zones := map[string]*time.Location{}
	for _, ch := range cfg.routerChapters() {
		zones[ch.ID] = ch.Location
	}
	db.Reminders = storage.ReminderPolicy{Offsets: offsets, Location: cfg.Location(), Chapters: zones}
}

// newScheduler builds the scheduler over the running platforms: each one
// that can Send gets the notifications of its platform.
func newScheduler(cfg Config, db *storage.DB, router *commands.Router, platforms map[string]platform, log *slog.Logger) (*scheduler.Scheduler, error) {
	senders := map[string]scheduler.Sender{}
	for name, p := range platforms {
		if s, ok := p.(scheduler.Sender); ok {
			senders[name] = s
		} else {
			log.Warn("platform cannot send notifications", "platform", name)
		}
	}
	lang, _ := commands.ParseLang(cfg.Community.Language)
	sc := cfg.Scheduler
	return scheduler.New(db, scheduler.Options{
		Senders:           senders,
		Logger:            log,
		Location:          cfg.Location(),
		Language:          lang,
		Name:              cfg.Community.Name,
		Chapters:          cfg.routerChapters(),
		ChapterChannels:   cfg.ChapterChannels,
		Channels:          cfg.NamedChannels,
		Card:              router.Card,
		Changed:           func(e commands.Entity) { router.Changed(e) },
		Platforms:         cfg.Platforms(),
		Digest:            sc.Digest,
		Feedback:          sc.Feedback,
		Nudge:             sc.Nudge,
		NudgeAfter:        time.Duration(sc.NudgeAfter),
		Outcomes:          sc.Outcomes,
		Headcount:         sc.Headcount,
		Lease:             time.Duration(sc.Lease),
		MaxAttempts:       sc.MaxAttempts,
		AnnouncementGrace: time.Duration(sc.AnnouncementGrace),
	})
}

// consoleSender lets the console platform send: the console prints
// notifications among its replies.
func (c consolePlatform) Send(ctx context.Context, to commands.Target, msg commands.Reply) (string, error) {
	return c.console.Send(ctx, to, msg)
}
