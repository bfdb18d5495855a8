package commands

import (
	"errors"
	"strings"
	"time"
)

// dateParser is the parser for req's reader: their zone, language, date
// order and the request's clock.
func dateParser(req *Request) DateParser {
	return DateParser{Now: req.Now, Loc: req.Loc, Lang: req.Lang, Order: req.Order}
}

// maxDurationWords bounds a spelled duration: "1 heure 30 minutes".
const maxDurationWords = 4

// splitSchedule reads "<when> [duration] [place]": the longest leading run
// of words that is a time, then the longest run that is a duration, then the
// place, which may not hold anything that reads as a time: a time phrase
// that did not fit in the first part is refused, never stored as a place.
func splitSchedule(words []string, dp DateParser) (u Understood, d time.Duration, place string, err error) {
	if u, err = dp.Prefix(words); err != nil {
		return Understood{}, 0, "", err
	}
	d, place, err = durationAndPlace(words[u.Words:], dp)
	if err != nil {
		return Understood{}, 0, "", err
	}
	return u, d, place, nil
}

// durationAndPlace reads what follows a time: the longest run of words that
// is a duration, then the place, which may hold nothing that reads as a
// time.
func durationAndPlace(words []string, dp DateParser) (d time.Duration, place string, err error) {
	for n := min(len(words), maxDurationWords); n >= 1; n-- {
		if dd, derr := ParseDuration(strings.Join(words[:n], " ")); derr == nil {
			d, words = dd, words[n:]
			break
		}
	}
	if d == 0 && len(words) > 0 && startsWithDigit(words[0]) && !placeWord(words[0]) {
		return 0, "", &WhenError{Kind: ErrBadDuration, Part: words[0]}
	}
	// "lundi 14h prochain": a word that would have qualified the day.
	if len(words) > 0 && tokenize(words[0]) != nil && tokenize(words[0])[0].is(nextWords...) {
		return 0, "", &WhenError{Kind: ErrTimeLeftover, Part: words[0]}
	}
	if part := timeIn(words, dp); part != "" {
		return 0, "", &WhenError{Kind: ErrTimeLeftover, Part: part}
	}
	return d, strings.Join(words, " "), nil
}

// placeWord tells a room number ("3", "B12") from a duration typo ("90x"):
// a number alone may be a place.
func placeWord(w string) bool { return isNumber(w) }

// timeIn returns the first run of up to four words in words that reads as a
// time, or as a time that cannot be used (past, skipped, a day without an
// hour): such words belong to the time, not to a place or a text. Short
// day and month names ("sam", "mar") are left alone, as ordinary words.
func timeIn(words []string, dp DateParser) string {
	dp.strict = true
	for i := range words {
		for j := i + 1; j <= min(len(words), i+4); j++ {
			run := strings.Join(words[i:j], " ")
			if _, err := dp.Parse(run); err == nil || !errors.Is(err, ErrBadTime) {
				return run
			}
		}
	}
	return ""
}

// readAs is the echo of a time a command set: the instant as plain text in
// the zone it was read in, with the zone's name, so that a misreading shows
// at once whatever the platform does with its local-time markup.
func readAs(req *Request, t time.Time) string {
	loc := req.Loc
	if loc == nil {
		loc = time.UTC
	}
	return T(req.Lang, "when.read_as", FormatTime(t, req.Lang, loc), loc.String())
}
