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
	fields := strings.Fields(spec)
	if len(fields) == 0 {
		return nil, &CronError{Reason: "empty"}
	}
	if loc == nil {
		loc = time.UTC
	}
	zone := ""
	if f := fields[0]; strings.HasPrefix(f, "TZ=") || strings.HasPrefix(f, "CRON_TZ=") {
		_, zone, _ = strings.Cut(f, "=")
		if _, err := time.LoadLocation(zone); err != nil || zone == "" || zone == "Local" {
			return nil, &CronError{Reason: "zone", Value: zone, Cause: err}
		}
		// robfig/cron slices the zone up to the first space; without one it
		// would panic.
		if fields = fields[1:]; len(fields) == 0 {
			return nil, &CronError{Reason: "fields", Value: spec, Count: 0}
		}
	} else {
		zone = loc.String()
	}
	if !strings.HasPrefix(fields[0], "@") {
		if len(fields) != 5 {
			return nil, &CronError{Reason: "fields", Value: strings.Join(fields, " "), Count: len(fields)}
		}
		// French and English names, full or short, become the numbers
		// robfig/cron reads; a bad field is named by its position.
		for i := range fields {
			f, ok := cronNames(fields[i], i)
			if !ok {
				return nil, &CronError{Reason: "field", Field: i, Value: fields[i]}
			}
			fields[i] = f
		}
		for i := range fields {
			probe := []string{"*", "*", "*", "*", "*"}
			probe[i] = fields[i]
			if _, err := cron.ParseStandard(strings.Join(probe, " ")); err != nil {
				return nil, &CronError{Reason: "field", Field: i, Value: strings.Fields(spec)[len(strings.Fields(spec))-5+i], Cause: err}
			}
		}
	}
	sched, err := cron.ParseStandard("CRON_TZ=" + zone + " " + strings.Join(fields, " "))
	if err != nil {
		return nil, &CronError{Reason: "bad", Value: strings.Join(fields, " "), Cause: err}
	}
	base := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	first := sched.Next(base)
	if first.IsZero() {
		return nil, &CronError{Reason: "never"}
	}
	if second := sched.Next(first); !second.IsZero() && second.Sub(first) < time.Minute {
		return nil, &CronError{Reason: "often"}
	}
	return sched, nil
}

// CronError is a refused cron spec: Reason is "empty", "zone", "fields",
// "field", "bad", "never" or "often"; Cause is the library's error, for the
// log only.
type CronError struct {
	Reason string
	Field  int    // "field": 0 minute … 4 weekday
	Value  string // what was typed
	Count  int    // "fields": how many were given
	Cause  error
}

// Error is for operators (configuration, logs), in English.
func (e *CronError) Error() string {
	var s string
	switch e.Reason {
	case "empty":
		s = "empty schedule"
	case "zone":
		s = fmt.Sprintf("unknown time zone %q", e.Value)
	case "fields":
		s = fmt.Sprintf("expected exactly 5 fields, found %d", e.Count)
	case "field":
		s = fmt.Sprintf("bad %s field %q", [...]string{"minute", "hour", "day of month", "month", "weekday"}[e.Field], e.Value)
	case "never":
		s = "this schedule never fires"
	case "often":
		s = "at most one run a minute"
	default:
		s = fmt.Sprintf("cannot read %q", e.Value)
	}
	if e.Cause != nil && e.Reason != "zone" {
		s += " (" + e.Cause.Error() + ")"
	}
	return s
}

func (e *CronError) Unwrap() error { return e.Cause }

// cronErr turns a refused spec into the member's message.
func cronErr(err error) error {
	var ce *CronError
	if !errors.As(err, &ce) {
		return userErr("err.cron_bad", "")
	}
	switch ce.Reason {
	case "zone":
		return userErr("err.cron_zone", ce.Value)
	case "fields":
		return userErr("err.cron_fields", ce.Value, ce.Count)
	case "field":
		return userErr("err.cron_field", ce.Value, cronFieldKey(ce.Field))
	case "never":
		return userErr("err.cron_never")
	case "often":
		return userErr("err.cron_often")
	}
	return userErr("err.cron_bad", ce.Value)
}

// cronFieldKey names a field for T; a userError's args are rendered in the
// reader's language by the key they name.
func cronFieldKey(i int) catalogKey { return catalogKey(fmt.Sprintf("cron.field.%d", i)) }

// cronMonths and cronDays map names, folded, to the numbers cron reads.
var (
	cronDays       = map[string]int{}
	cronMonthNames = map[string]int{}
)

func init() {
	for name, wd := range weekdays {
		cronDays[name] = int(wd)
	}
	for name, m := range months {
		cronMonthNames[name] = int(m)
	}
}

// cronNames replaces the day or month names of field i (3 months, 4
// weekdays) with numbers; any other field must have none.
func cronNames(f string, i int) (string, bool) {
	var names map[string]int
	switch i {
	case 3:
		names = cronMonthNames
	case 4:
		names = cronDays
	}
	var b strings.Builder
	for _, t := range tokenize(f) {
		if t.kind != tokWord {
			b.WriteString(t.raw)
			continue
		}
		n, ok := names[t.text]
		if !ok {
			return "", false
		}
		fmt.Fprint(&b, n)
	}
	return b.String(), true
}

// NextRuns lists the next n runs of a schedule after t.
func NextRuns(s cron.Schedule, t time.Time, n int) []time.Time {
	var out []time.Time
	for len(out) < n {
		if t = s.Next(t); t.IsZero() {
			break
		}
		out = append(out, t)
	}
	return out
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

// cronZone is the zone a schedule runs in, for the echo.
func cronZone(s cron.Schedule, fallback *time.Location) string {
	if loc := CronLocation(s); loc != nil {
		return loc.String()
	}
	return fallback.String()
}
