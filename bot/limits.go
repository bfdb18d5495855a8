package bot

import (
	"fmt"
	"time"

	"github.com/atelier-bot/atelier/commands"
)

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

func (l LimitsConfig) validate() []error {
	var errs []error
	fail := func(format string, args ...any) { errs = append(errs, fmt.Errorf("config: "+format, args...)) }
	if d := time.Duration(l.PostEvery); d < 0 || d > 24*time.Hour {
		fail("limits.post_every must be between 0 (no limit) and 24h, not %s", d)
	}
	if l.PostBurst < 0 || l.PostBurst > 1000 {
		fail("limits.post_burst must be between 0 (no limit) and 1000, not %d", l.PostBurst)
	}
	if l.CalendarPerMinute < 0 || l.CalendarPerMinute > 10000 {
		fail("limits.calendar_per_minute must be between 0 (no limit) and 10000, not %d", l.CalendarPerMinute)
	}
	return errs
}

// perMinute is n a minute, all of them at once if need be.
func perMinute(n int) commands.Rate {
	if n <= 0 {
		return commands.Rate{}
	}
	return commands.Rate{Every: time.Minute / time.Duration(n), Burst: n}
}
