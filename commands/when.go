package commands

import (
	"errors"
	"strings"
	"time"
	"unicode"
)

// Sentinel errors; callers map them to user messages with errors.Is.
var (
	ErrBadTime       = errors.New("when: cannot read time")
	ErrPastTime      = errors.New("when: time is in the past")
	ErrAmbiguousTime = errors.New("when: ambiguous time")
	ErrNoSuchTime    = errors.New("when: time does not exist")
	ErrBadDuration   = errors.New("when: cannot read duration")
)

// maxAhead bounds "in …" so that absurd inputs cannot overflow time
// arithmetic and a typo like "in 9999 days" is refused rather than stored.
const maxAhead = 366 * 24 * time.Hour

// ParseWhen reads s in loc, relative to now, for a reader of language lang;
// it returns the instant in UTC, truncated to the minute.
//
// Both languages are understood whatever lang is: lang only decides how a
// slash date like 03/04 is read (day first for FR; for anyone else it must
// be unambiguous). A nil loc means UTC.
func ParseWhen(s string, now time.Time, loc *time.Location, lang Lang) (time.Time, error) {
	if loc == nil {
		loc = time.UTC
	}
	toks := tokenize(s)
	if len(toks) == 0 {
		return time.Time{}, ErrBadTime
	}
	if toks[0].is("in", "dans") {
		return parseIn(toks[1:], now, loc)
	}

	p := &parser{toks: dropFillers(toks)}
	var w when
	for !p.done() {
		if !w.hasDay {
			ok, err := p.matchDay(&w, lang)
			if err != nil {
				return time.Time{}, err
			}
			if ok {
				continue
			}
		}
		if !w.hasTime {
			ok, err := p.matchTime(&w)
			if err != nil {
				return time.Time{}, err
			}
			if ok {
				continue
			}
		}
		return time.Time{}, ErrBadTime
	}
	// A day without an hour is refused: guessing 00:00 or 09:00 would
	// schedule things at times nobody asked for.
	if !w.hasTime {
		return time.Time{}, ErrBadTime
	}
	return w.resolve(now, loc)
}

// ParseDuration reads durations such as "90m", "1h30", "1h30m", "2h",
// "45min", "1 h", "2 heures" or "30 minutes". The result is > 0 and <= 24h,
// else ErrBadDuration.
func ParseDuration(s string) (time.Duration, error) {
	days, d, ok := readDuration(tokenize(s))
	if !ok || days > 1 {
		return 0, ErrBadDuration
	}
	d += time.Duration(days) * 24 * time.Hour
	if d <= 0 || d > 24*time.Hour {
		return 0, ErrBadDuration
	}
	return d, nil
}

// --- tokens ---

type tokKind int

const (
	tokNum tokKind = iota
	tokWord
	tokSym
)

type token struct {
	kind tokKind
	text string
	val  int // numbers only; saturates at maxNum so it never overflows
}

const maxNum = 1_000_000

// is reports whether t is a word among words.
func (t token) is(words ...string) bool {
	if t.kind != tokWord {
		return false
	}
	for _, w := range words {
		if t.text == w {
			return true
		}
	}
	return false
}

// folder lowers the cost of typing on a phone: accents are optional and
// "aujourd'hui" may use any apostrophe, or none.
var folder = strings.NewReplacer(
	"à", "a", "â", "a", "ä", "a",
	"é", "e", "è", "e", "ê", "e", "ë", "e",
	"î", "i", "ï", "i",
	"ô", "o", "ö", "o",
	"ù", "u", "û", "u", "ü", "u",
	"ç", "c", "œ", "oe", "æ", "ae",
	"'", "", "’", "", "‘", "", "ʼ", "", "`", "",
)

// tokenize splits s into runs of digits, runs of letters and single
// symbols, so "14h30", "14 h 30" and "14H30" all read the same.
func tokenize(s string) []token {
	s = folder.Replace(strings.ToLower(s))
	rs := make([]rune, 0, len(s))
	for _, r := range s {
		// Decomposed accents (e + U+0301) arrive from some keyboards.
		if !unicode.Is(unicode.Mn, r) {
			rs = append(rs, r)
		}
	}
	var toks []token
	for i := 0; i < len(rs); {
		r := rs[i]
		j := i + 1
		switch {
		case unicode.IsSpace(r):
			i = j
			continue
		case isDigit(r):
			for j < len(rs) && isDigit(rs[j]) {
				j++
			}
			toks = append(toks, token{kind: tokNum, text: string(rs[i:j]), val: atoi(rs[i:j])})
		case unicode.IsLetter(r):
			for j < len(rs) && unicode.IsLetter(rs[j]) {
				j++
			}
			toks = append(toks, token{kind: tokWord, text: string(rs[i:j])})
		default:
			toks = append(toks, token{kind: tokSym, text: string(r)})
		}
		i = j
	}
	return toks
}

// isDigit accepts ASCII only: other scripts' digits are not what our users
// type and would make atoi lie.
func isDigit(r rune) bool { return r >= '0' && r <= '9' }

func atoi(rs []rune) int {
	n := 0
	for _, r := range rs {
		n = n*10 + int(r-'0')
		if n > maxNum {
			return maxNum
		}
	}
	return n
}

// dropFillers removes words that carry no meaning here ("le 3/12 à 14h",
// "on thursday at 2pm") and stray punctuation.
func dropFillers(toks []token) []token {
	out := toks[:0:0]
	for _, t := range toks {
		if t.is("a", "at", "le", "on") || (t.kind == tokSym && (t.text == "," || t.text == ".")) {
			continue
		}
		out = append(out, t)
	}
	return out
}

// --- matchers ---

type dayKind int

const (
	dayNone     dayKind = iota // time alone: today if ahead, else tomorrow
	dayDate                    // explicit year, month and day
	dayYearless                // month and day: next occurrence
	dayRelative                // today + offset
	dayWeekday
)

// when is what the matchers understood, before it meets a clock.
type when struct {
	hasDay  bool
	kind    dayKind
	date    civil // dayDate, and month/day of dayYearless
	offset  int   // dayRelative
	weekday time.Weekday
	next    bool // "next thursday": never today
	evening bool // "ce soir 8h" means 20:00

	hasTime  bool
	hour     int
	minute   int
	meridiem bool // am/pm, noon or midnight said explicitly: no evening shift
}

type parser struct {
	toks []token
	i    int
}

func (p *parser) done() bool { return p.i >= len(p.toks) }

func (p *parser) peek(k int) (token, bool) {
	if p.i+k >= len(p.toks) {
		return token{}, false
	}
	return p.toks[p.i+k], true
}

// sym reports whether the token k ahead is the symbol s.
func (p *parser) sym(k int, s string) bool {
	t, ok := p.peek(k)
	return ok && t.kind == tokSym && t.text == s
}

// num returns the token k ahead if it is a number of minLen to maxLen digits.
func (p *parser) num(k, minLen, maxLen int) (int, bool) {
	t, ok := p.peek(k)
	if !ok || t.kind != tokNum || len(t.text) < minLen || len(t.text) > maxLen {
		return 0, false
	}
	return t.val, true
}

// word consumes the next token if it is one of words.
func (p *parser) word(words ...string) bool {
	t, ok := p.peek(0)
	if ok && t.is(words...) {
		p.i++
		return true
	}
	return false
}

// phrase consumes the next tokens if their texts are exactly words.
func (p *parser) phrase(words []string) bool {
	for k, w := range words {
		t, ok := p.peek(k)
		if !ok || t.kind == tokNum || t.text != w {
			return false
		}
	}
	p.i += len(words)
	return true
}

func (p *parser) matchDay(w *when, lang Lang) (bool, error) {
	for _, m := range []func(*when, Lang) (bool, error){p.isoDate, p.slashDate, p.relativeDay, p.weekdayDay} {
		ok, err := m(w, lang)
		if err != nil || ok {
			w.hasDay = w.hasDay || ok
			return ok, err
		}
	}
	return false, nil
}

// isoDate reads 2026-12-03, optionally followed by the T of 2026-12-03T14:00.
func (p *parser) isoDate(w *when, _ Lang) (bool, error) {
	y, ok1 := p.num(0, 4, 4)
	m, ok2 := p.num(2, 1, 2)
	d, ok3 := p.num(4, 1, 2)
	if !ok1 || !ok2 || !ok3 || !p.sym(1, "-") || !p.sym(3, "-") {
		return false, nil
	}
	p.i += 5
	p.word("t")
	if !validDate(y, m, d) {
		return false, ErrBadTime
	}
	w.kind, w.date = dayDate, civil{y, time.Month(m), d}
	return true, nil
}

// slashDate reads 03/12/2026, 3/12/26 or 03/12. French readers write the
// day first; for anyone else 03/04 could be either, so it is refused
// rather than guessed, while 25/12 and 12/25 can only mean one thing.
func (p *parser) slashDate(w *when, lang Lang) (bool, error) {
	a, ok1 := p.num(0, 1, 2)
	b, ok2 := p.num(2, 1, 2)
	if !ok1 || !ok2 || !p.sym(1, "/") {
		return false, nil
	}
	p.i += 3
	y := 0
	if p.sym(0, "/") {
		n, ok := p.num(1, 2, 4)
		if !ok || len(p.toks[p.i+1].text) == 3 {
			return false, ErrBadTime
		}
		p.i += 2
		y = n
		if y < 100 {
			y += 2000
		}
	}

	d, m := a, b
	if lang != FR {
		switch {
		case a == 0 || b == 0 || (a > 12 && b > 12):
			return false, ErrBadTime
		case a > 12:
			d, m = a, b
		case b > 12:
			d, m = b, a
		case a != b:
			return false, ErrAmbiguousTime
		}
	}

	if y == 0 {
		// 2024 is a leap year, so 29/02 passes here and resolve finds the
		// next year that has one.
		if !validDate(2024, m, d) {
			return false, ErrBadTime
		}
		w.kind, w.date = dayYearless, civil{0, time.Month(m), d}
		return true, nil
	}
	if !validDate(y, m, d) {
		return false, ErrBadTime
	}
	w.kind, w.date = dayDate, civil{y, time.Month(m), d}
	return true, nil
}

var relativeDays = []struct {
	words   []string
	offset  int
	evening bool
}{
	{[]string{"apres", "-", "demain"}, 2, false},
	{[]string{"apres", "demain"}, 2, false},
	{[]string{"day", "after", "tomorrow"}, 2, false},
	{[]string{"aujourdhui"}, 0, false},
	{[]string{"today"}, 0, false},
	{[]string{"demain"}, 1, false},
	{[]string{"tomorrow"}, 1, false},
	{[]string{"ce", "soir"}, 0, true},
	{[]string{"tonight"}, 0, true},
	// Understood so that the user hears "that is in the past" rather than
	// "I did not understand".
	{[]string{"hier"}, -1, false},
	{[]string{"yesterday"}, -1, false},
}

func (p *parser) relativeDay(w *when, _ Lang) (bool, error) {
	for _, r := range relativeDays {
		if p.phrase(r.words) {
			w.kind, w.offset, w.evening = dayRelative, r.offset, r.evening
			return true, nil
		}
	}
	return false, nil
}

var weekdays = map[string]time.Weekday{
	"lundi": time.Monday, "lun": time.Monday,
	"mardi": time.Tuesday, "mar": time.Tuesday,
	"mercredi": time.Wednesday, "mer": time.Wednesday,
	"jeudi": time.Thursday, "jeu": time.Thursday,
	"vendredi": time.Friday, "ven": time.Friday,
	"samedi": time.Saturday, "sam": time.Saturday,
	"dimanche": time.Sunday, "dim": time.Sunday,
	"monday": time.Monday, "mon": time.Monday,
	"tuesday": time.Tuesday, "tue": time.Tuesday, "tues": time.Tuesday,
	"wednesday": time.Wednesday, "wed": time.Wednesday,
	"thursday": time.Thursday, "thu": time.Thursday, "thur": time.Thursday, "thurs": time.Thursday,
	"friday": time.Friday, "fri": time.Friday,
	"saturday": time.Saturday, "sat": time.Saturday,
	"sunday": time.Sunday, "sun": time.Sunday,
}

var nextWords = []string{"next", "prochain", "prochaine"}

// weekdayDay reads "jeudi", "next thursday", "jeudi prochain"; the word
// "next" may stand on either side whatever the language.
func (p *parser) weekdayDay(w *when, _ Lang) (bool, error) {
	start := p.i
	next := p.word(nextWords...)
	t, ok := p.peek(0)
	wd, isDay := weekdays[t.text]
	if !ok || t.kind != tokWord || !isDay {
		p.i = start
		return false, nil
	}
	p.i++
	if !next {
		next = p.word(nextWords...)
	}
	w.kind, w.weekday, w.next = dayWeekday, wd, next
	return true, nil
}

// matchTime reads 14:00, 14h, 14h30, 14 heures, 2pm, 2:30pm, 14:00:00,
// midi, noon, minuit, midnight.
func (p *parser) matchTime(w *when) (bool, error) {
	switch {
	case p.word("midi", "noon"):
		w.setTime(12, 0, true)
		return true, nil
	case p.word("minuit", "midnight"):
		w.setTime(0, 0, true)
		return true, nil
	}

	h, ok := p.num(0, 1, 2)
	if !ok {
		return false, nil
	}
	start := p.i
	p.i++
	m := 0
	switch {
	case p.sym(0, ":"):
		mm, ok := p.num(1, 2, 2)
		if !ok {
			p.i = start
			return false, nil
		}
		p.i += 2
		m = mm
		// Seconds are tolerated for pasted timestamps and then dropped.
		if sec, ok := p.num(1, 2, 2); ok && p.sym(0, ":") {
			if sec > 59 {
				return false, ErrBadTime
			}
			p.i += 2
		}
	case p.word("h", "heure", "heures"):
		if mm, ok := p.num(0, 2, 2); ok {
			p.i++
			m = mm
		}
		if h > 23 || m > 59 {
			return false, ErrBadTime
		}
		w.setTime(h, m, false)
		return true, nil
	}

	if t, ok := p.peek(0); ok && t.is("am", "pm") {
		p.i++
		if h < 1 || h > 12 || m > 59 {
			return false, ErrBadTime
		}
		h %= 12
		if t.text == "pm" {
			h += 12
		}
		w.setTime(h, m, true)
		return true, nil
	}
	if p.i == start+1 {
		// A bare number is a count, not an hour: "demain 14" is refused.
		p.i = start
		return false, nil
	}
	if h > 23 || m > 59 {
		return false, ErrBadTime
	}
	w.setTime(h, m, false)
	return true, nil
}

func (w *when) setTime(h, m int, meridiem bool) {
	w.hasTime, w.hour, w.minute, w.meridiem = true, h, m, meridiem
}

// --- resolution ---

// civil is a calendar date with no zone attached.
type civil struct {
	y int
	m time.Month
	d int
}

func civilOf(t time.Time) civil { return civil{t.Year(), t.Month(), t.Day()} }

// addDays works on the calendar, not on instants, so a 23- or 25-hour day
// does not move the result.
func (c civil) addDays(n int) civil {
	return civilOf(time.Date(c.y, c.m, c.d+n, 12, 0, 0, 0, time.UTC))
}

func validDate(y, m, d int) bool {
	if m < 1 || m > 12 || d < 1 {
		return false
	}
	return d <= time.Date(y, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

func (w when) resolve(now time.Time, loc *time.Location) (time.Time, error) {
	if w.evening && !w.meridiem && w.hour >= 1 && w.hour <= 11 {
		w.hour += 12
	}
	local := now.In(loc)
	today := civilOf(local)
	// "Still ahead" is decided on the wall clock, so that the choice of day
	// never depends on whether that day's hour exists or repeats; the DST
	// check comes after, on the day chosen.
	at := w.hour*60 + w.minute
	ahead := at > local.Hour()*60+local.Minute()

	var date civil
	switch w.kind {
	case dayNone:
		date = today
		if !ahead {
			date = today.addDays(1)
		}
	case dayRelative:
		date = today.addDays(w.offset)
	case dayWeekday:
		diff := (int(w.weekday) - int(local.Weekday()) + 7) % 7
		if diff == 0 && (w.next || !ahead) {
			diff = 7
		}
		date = today.addDays(diff)
	case dayYearless:
		found := false
		// Eight years always reach a 29 February.
		for y := today.y; y <= today.y+8 && !found; y++ {
			if !validDate(y, int(w.date.m), w.date.d) {
				continue
			}
			if y == today.y {
				c := civil{y, w.date.m, w.date.d}
				if before(c, today) || (c == today && !ahead) {
					continue
				}
			}
			date, found = civil{y, w.date.m, w.date.d}, true
		}
		if !found {
			return time.Time{}, ErrBadTime
		}
	case dayDate:
		date = w.date
	}

	t, err := localInstant(date, w.hour, w.minute, loc)
	if err != nil {
		return time.Time{}, err
	}
	if !t.After(now) {
		return time.Time{}, ErrPastTime
	}
	return t.UTC(), nil
}

func before(a, b civil) bool {
	if a.y != b.y {
		return a.y < b.y
	}
	if a.m != b.m {
		return a.m < b.m
	}
	return a.d < b.d
}

// localInstant finds the instant whose wall clock in loc reads date h:m.
// time.Date alone would silently move a time skipped by a DST change and
// silently pick one of a repeated hour; here the offsets in force around
// that moment are each tried, and the number of readings that give back the
// same wall clock tells the three cases apart.
func localInstant(date civil, h, m int, loc *time.Location) (time.Time, error) {
	guess := time.Date(date.y, date.m, date.d, h, m, 0, 0, loc)
	start, end := guess.ZoneBounds()
	offsets := []int{offsetOf(guess)}
	if !start.IsZero() {
		offsets = append(offsets, offsetOf(start.Add(-time.Second)))
	}
	if !end.IsZero() {
		offsets = append(offsets, offsetOf(end))
	}

	wall := time.Date(date.y, date.m, date.d, h, m, 0, 0, time.UTC)
	var found []time.Time
	for i, off := range offsets {
		if seen(offsets[:i], off) {
			continue
		}
		t := wall.Add(-time.Duration(off) * time.Second)
		l := t.In(loc)
		if l.Year() == date.y && l.Month() == date.m && l.Day() == date.d && l.Hour() == h && l.Minute() == m {
			found = append(found, t)
		}
	}
	switch len(found) {
	case 0:
		return time.Time{}, ErrNoSuchTime
	case 1:
		return found[0], nil
	default:
		return time.Time{}, ErrAmbiguousTime
	}
}

func offsetOf(t time.Time) int {
	_, off := t.Zone()
	return off
}

func seen(xs []int, x int) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}

// parseIn reads the part after "in"/"dans". Hours and minutes are elapsed
// time ("in 2h" across a DST change is still two hours away); days and
// weeks are calendar days, keeping the wall clock.
func parseIn(toks []token, now time.Time, loc *time.Location) (time.Time, error) {
	days, d, ok := readDuration(toks)
	if !ok || days > int(maxAhead/(24*time.Hour)) || d > maxAhead {
		return time.Time{}, ErrBadTime
	}
	if total := time.Duration(days)*24*time.Hour + d; total <= 0 || total > maxAhead {
		return time.Time{}, ErrBadTime
	}
	t := now.In(loc).AddDate(0, 0, days).Add(d).UTC().Truncate(time.Minute)
	if !t.After(now) {
		return time.Time{}, ErrBadTime
	}
	return t, nil
}

type unit struct {
	rank int // units must come largest first, each once
	days int
	dur  time.Duration
}

var units = map[string]unit{}

func init() {
	add := func(u unit, names ...string) {
		for _, n := range names {
			units[n] = u
		}
	}
	add(unit{rank: 4, days: 7}, "w", "wk", "week", "weeks", "semaine", "semaines", "sem")
	add(unit{rank: 3, days: 1}, "d", "day", "days", "j", "jour", "jours")
	add(unit{rank: 2, dur: time.Hour}, "h", "hr", "hrs", "hour", "hours", "heure", "heures")
	add(unit{rank: 1, dur: time.Minute}, "m", "min", "mins", "minute", "minutes", "mn")
}

// readDuration reads "1h30", "90 min", "2 heures 30", "3 jours", "une
// heure": amounts followed by units, plus a bare trailing number meaning
// minutes after hours. Days are kept apart from the rest so callers can
// choose calendar or elapsed time.
func readDuration(toks []token) (days int, d time.Duration, ok bool) {
	if len(toks) == 0 {
		return 0, 0, false
	}
	last := 5
	for i := 0; i < len(toks); i += 2 {
		var n int
		switch t := toks[i]; {
		case t.kind == tokNum:
			n = t.val
		case t.is("un", "une", "an", "a"):
			n = 1
		default:
			return 0, 0, false
		}
		if i+1 == len(toks) {
			if last != 2 || toks[i].kind != tokNum || n > 59 {
				return 0, 0, false
			}
			d += time.Duration(n) * time.Minute
			break
		}
		u, known := units[toks[i+1].text]
		if toks[i+1].kind != tokWord || !known || u.rank >= last {
			return 0, 0, false
		}
		last = u.rank
		days += n * u.days
		d += time.Duration(n) * u.dur
	}
	return days, d, true
}
