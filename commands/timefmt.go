package commands

import (
	"errors"
	"fmt"
	"time"
)

func isTimeError(err error) bool {
	for _, e := range []error{ErrBadTime, ErrPastTime, ErrAmbiguousTime, ErrNoSuchTime, ErrBadDuration} {
		if errors.Is(err, e) {
			return true
		}
	}
	return false
}

// timeErrorText explains a refused time and shows the forms that work.
func timeErrorText(lang Lang, err error) string {
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
