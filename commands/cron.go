package commands

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/robfig/cron/v3"
)

// CronExample is the example shown when a spec does not read.
const CronExample = "0 9 * * MON"

// ParseCron reads a standard five-field cron spec (minute hour day month
// weekday; names such as MON and JAN, ranges, steps and @daily-style
// descriptors accepted) in loc, the community's zone, unless the spec
// starts with CRON_TZ=<zone> (or TZ=<zone>). Schedules that would fire more
// than once a minute are refused.
//
// robfig/cron parses and computes the runs; its own runner is not used,
// because it reads the wall clock, which tests could not move: the
// scheduler fires the runs from its injected clock.
func ParseCron(spec string, loc *time.Location) (cron.Schedule, error) {
	spec = strings.Join(strings.Fields(spec), " ")
	if spec == "" {
		return nil, errors.New("empty schedule")
	}
	if loc == nil {
		loc = time.UTC
	}
	if strings.HasPrefix(spec, "TZ=") || strings.HasPrefix(spec, "CRON_TZ=") {
		// robfig/cron slices the zone up to the first space; without one it
		// would panic.
		if !strings.Contains(spec, " ") {
			return nil, fmt.Errorf("%s needs a schedule after the zone", spec)
		}
	} else {
		spec = "CRON_TZ=" + loc.String() + " " + spec
	}
	sched, err := cron.ParseStandard(spec)
	if err != nil {
		return nil, err
	}
	base := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	first := sched.Next(base)
	if first.IsZero() {
		return nil, errors.New("this schedule never fires")
	}
	if second := sched.Next(first); !second.IsZero() && second.Sub(first) < time.Minute {
		return nil, errors.New("at most one run a minute")
	}
	return sched, nil
}

// CronLocation is the zone a parsed schedule runs in (nil for @every).
func CronLocation(s cron.Schedule) *time.Location {
	if ss, ok := s.(*cron.SpecSchedule); ok {
		return ss.Location
	}
	return nil
}

// Named channels a target may give instead of a platform's channel id.
var channelNames = []string{"announcements", "problems", "jobs"}

// ParseTargets reads where an announcement goes: a comma-separated list of
// "slack:<channel id>", "discord:<channel id>", "console", or a channel
// named in the configuration ("announcements", "problems", "jobs"), which
// stands for that channel on every enabled platform. named resolves the
// names; platforms lists the enabled platforms.
func ParseTargets(s string, named func(string) []Target, platforms []string) ([]Target, error) {
	var out []Target
	add := func(t Target) {
		if !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	for _, item := range strings.Split(s, ",") {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		platform, id, ok := strings.Cut(item, ":")
		platform = strings.ToLower(platform)
		switch {
		case ok && (platform == "slack" || platform == "discord"):
			id = strings.TrimPrefix(strings.TrimSpace(id), "#")
			if id == "" {
				return nil, userErr("err.target", item)
			}
			if !slices.Contains(platforms, platform) {
				return nil, userErr("err.target_platform", platform)
			}
			add(Target{Platform: platform, Channel: id})
		case !ok && strings.ToLower(item) == "console":
			if !slices.Contains(platforms, "console") {
				return nil, userErr("err.target_platform", "console")
			}
			add(Target{Platform: "console", Channel: "console"})
		case !ok && slices.Contains(channelNames, strings.ToLower(strings.TrimPrefix(item, "#"))):
			var ts []Target
			if named != nil {
				ts = named(strings.ToLower(strings.TrimPrefix(item, "#")))
			}
			if len(ts) == 0 {
				return nil, userErr("err.target_unset", item)
			}
			for _, t := range ts {
				add(t)
			}
		default:
			return nil, userErr("err.target", item)
		}
	}
	if len(out) == 0 {
		return nil, userErr("err.target", s)
	}
	return out, nil
}
