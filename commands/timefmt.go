package commands

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

func isTimeError(err error) bool {
	for _, e := range []error{ErrBadTime, ErrPastTime, ErrAmbiguousTime, ErrNoSuchTime, ErrBadDuration, ErrNoHour, ErrWeekdayMismatch, ErrTimeLeftover} {
		if errors.Is(err, e) {
			return true
		}
	}
	return false
}

// timeErrorText explains a refused time, quoting what was not understood,
// and shows the forms that work.
func timeErrorText(lang Lang, err error) string {
	var we *WhenError
	if errors.As(err, &we) {
		if s := whenErrorText(lang, we); s != "" {
			return s
		}
	}
	key := "err.time_bad"
	switch {
	case errors.Is(err, ErrPastTime):
		key = "err.time_past"
	case errors.Is(err, ErrAmbiguousTime):
		key = "err.time_ambiguous"
	case errors.Is(err, ErrNoSuchTime):
		key = "err.time_nosuch"
	case errors.Is(err, ErrBadDuration):
		return T(lang, "err.duration_bad")
	}
	return T(lang, key) + "\n" + T(lang, "err.time_formats")
}

// whenErrorText is the message for a refusal that carries its details; ""
// when it carries none.
func whenErrorText(lang Lang, we *WhenError) string {
	switch {
	case errors.Is(we, ErrNoSuchTime) && we.Wall != "":
		return T(lang, "err.time_gap", we.Wall, we.Zone)
	case errors.Is(we, ErrAmbiguousTime) && we.Wall != "":
		return T(lang, "err.time_fold", we.Wall, we.Zone, "`"+strings.Join(we.Readings, "` / `")+"`")
	case errors.Is(we, ErrBadTime) && we.Wall != "":
		return T(lang, "err.time_zone", we.Part, we.Wall, we.Zone)
	case errors.Is(we, ErrWeekdayMismatch):
		d := we.Date
		date := fmt.Sprintf("%d %s %d", d.Day(), T(lang, fmt.Sprintf("month.%d", int(d.Month()))), d.Year())
		return T(lang, "err.time_weekday", date, T(lang, fmt.Sprintf("day.long.%d", int(we.Weekday))))
	case errors.Is(we, ErrNoHour):
		return T(lang, "err.time_nohour", we.Part) + "\n" + T(lang, "err.time_formats")
	case errors.Is(we, ErrTimeLeftover):
		return T(lang, "err.time_leftover", we.Part)
	case errors.Is(we, ErrBadDuration) && we.Part != "":
		return T(lang, "err.duration_bad")
	case errors.Is(we, ErrBadTime) && we.Part != "":
		return T(lang, "err.time_part", we.Part) + "\n" + T(lang, "err.time_formats")
	}
	return ""
}

// FormatTime writes an instant as text in a zone, for readers whose
// platform has no local-time markup (the console) and for fallbacks:
// "Thu 3 Dec 2026, 14:00 CET" or "jeu. 3 déc. 2026, 14:00 CET".
func FormatTime(t time.Time, lang Lang, loc *time.Location) string {
	if loc == nil {
		loc = time.UTC
	}
	l := t.In(loc)
	zone, _ := l.Zone()
	day := T(lang, fmt.Sprintf("day.%d", int(l.Weekday())))
	month := T(lang, fmt.Sprintf("month.%d", int(l.Month())))
	return fmt.Sprintf("%s %d %s %d, %02d:%02d %s", day, l.Day(), month, l.Year(), l.Hour(), l.Minute(), zone)
}
