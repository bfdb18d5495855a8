package commands

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"
)

// Sentinel errors; callers map them to user messages with errors.Is. Each
// is distinct, so that "this is not a time at all" (ErrBadTime) can be told
// apart from "this is a time, but not a usable one" (all the others).
var (
	ErrBadTime         = errors.New("when: cannot read time")
	ErrPastTime        = errors.New("when: time is in the past")
	ErrAmbiguousTime   = errors.New("when: ambiguous time")
	ErrNoSuchTime      = errors.New("when: time does not exist")
	ErrBadDuration     = errors.New("when: cannot read duration")
	ErrNoHour          = errors.New("when: a day without an hour")
	ErrWeekdayMismatch = errors.New("when: weekday does not match the date")
	ErrTimeLeftover    = errors.New("when: a time expression after the time")
)

// maxAhead bounds "in …" so that absurd inputs cannot overflow time
// arithmetic and a typo like "in 9999 days" is refused rather than stored.
const maxAhead = 366 * 24 * time.Hour

// DateOrder says how a numeric date such as 03/04 is read. It comes from a
// setting (the member's, else the community's), never from a guess, so a
// numeric date is never refused as ambiguous.
type DateOrder string

const (
	DayFirst   DateOrder = "dmy"
	MonthFirst DateOrder = "mdy"
)

// ParseDateOrder reads "dmy" or "mdy" (and a few spellings people type).
func ParseDateOrder(s string) (DateOrder, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "dmy", "d/m/y", "dd/mm/yyyy", "jma", "j/m/a":
		return DayFirst, true
	case "mdy", "m/d/y", "mm/dd/yyyy", "mja", "m/j/a":
		return MonthFirst, true
	}
	return "", false
}

// DateParser reads the dates and times members type, in French or English
// whatever Lang is, in Loc, relative to Now. Lang only chooses the language
// of what is shown back; Order reads numeric dates.
type DateParser struct {
	Now   time.Time
	Loc   *time.Location // nil means UTC
	Lang  Lang
	Order DateOrder // "" means DayFirst

	// strict leaves out abbreviated day and month names ("sam", "mar"),
	// which are also ordinary words; it is how a place is checked for a
	// stray time expression.
	strict bool
}

// Understood is what a parse understood.
type Understood struct {
	At time.Time // UTC, a whole minute
	// Loc is the zone the text was read in.
	Loc *time.Location
	// Elapsed is true for "in 2h": a delay from now, not a wall clock.
	Elapsed bool
	// Words is how many whitespace-separated words were read (Prefix).
	Words int
}

// Echo is the understood instant as plain text in the zone it was read in,
// "Thu 3 Dec 2026, 14:00 CET", which Parse reads back to the same instant.
func (u Understood) Echo(lang Lang) string { return FormatTime(u.At, lang, u.Loc) }

// WhenError is a refused time with what the member should see: the part
// not understood, or the readings of an hour that a clock change skips or
// repeats.
type WhenError struct {
	Kind error  // one of the sentinels
	Part string // the words not understood, as typed
	// For ErrNoSuchTime and ErrAmbiguousTime: the wall time and zone, and
	// for a repeated hour the readings that exist ("01:30 EDT").
	Wall     string
	Zone     string
	Readings []string
	// For ErrWeekdayMismatch: the date and its real weekday.
	Date    time.Time
	Weekday time.Weekday
}

func (e *WhenError) Error() string {
	s := e.Kind.Error()
	if e.Part != "" {
		s += fmt.Sprintf(" (%q)", e.Part)
	}
	if e.Wall != "" {
		s += fmt.Sprintf(" (%s in %s)", e.Wall, e.Zone)
	}
	return s
}

func (e *WhenError) Unwrap() error { return e.Kind }

func whenErr(kind error, part string) error { return &WhenError{Kind: kind, Part: part} }

// ParseWhen reads s with the default day-first order; commands use the
// DateParser of their request, which carries the reader's order.
func ParseWhen(s string, now time.Time, loc *time.Location, lang Lang) (time.Time, error) {
	u, err := DateParser{Now: now, Loc: loc, Lang: lang}.Parse(s)
	return u.At, err
}

// Parse reads s whole: every word must belong to the time, else it is
// refused. The result is in UTC, truncated to the minute, after Now.
func (dp DateParser) Parse(s string) (Understood, error) {
	if dp.Loc == nil {
		dp.Loc = time.UTC
	}
	if dp.Order == "" {
		dp.Order = DayFirst
	}
	toks := tokenize(s)
	if len(toks) == 0 {
		return Understood{}, whenErr(ErrBadTime, "")
	}
	p := &parser{toks: toks, dp: dp, src: s}
	if toks[0].is("in", "dans") {
		return p.parseIn()
	}
	p.toks = dropFillers(toks)
	var w when
	if err := p.readAll(&w, true); err != nil {
		return Understood{}, err
	}
	// A day without an hour is refused: guessing 00:00 or 09:00 would
	// schedule things at times nobody asked for.
	if !w.hasTime {
		if w.hasDay {
			return Understood{}, whenErr(ErrNoHour, strings.TrimSpace(s))
		}
		return Understood{}, whenErr(ErrBadTime, strings.TrimSpace(s))
	}
	t, err := w.resolve(dp)
	if err != nil {
		return Understood{}, err
	}
	return Understood{At: t, Loc: dp.Loc}, nil
}

// ParseDate reads a day without an hour ("2027-01-15", "15/01/2027" in
// the reader's order, "15 janvier", "Jan 15th 2027"), for deadlines. A date
// without a year is its next occurrence from today on. The result is that
// day at 00:00 UTC, a calendar date rather than an instant.
func (dp DateParser) ParseDate(s string) (time.Time, error) {
	if dp.Loc == nil {
		dp.Loc = time.UTC
	}
	if dp.Order == "" {
		dp.Order = DayFirst
	}
	p := &parser{toks: dropFillers(tokenize(s)), dp: dp, src: s}
	var w when
	for !p.done() && !w.hasDay {
		ok, err := p.matchDay(&w)
		if err != nil {
			return time.Time{}, err
		}
		if !ok {
			break
		}
	}
	if !p.done() || !w.hasDay {
		return time.Time{}, whenErr(ErrBadTime, strings.TrimSpace(s))
	}
	// The whole day counts as ahead: today's date is still today.
	w.setTime(12, 0, true)
	w.wholeDay = true
	t, err := w.resolve(dp)
	if err != nil {
		return time.Time{}, err
	}
	return t, nil
}

// maxWhenWords bounds how far Prefix looks: "jeudi 3 décembre 2026 à 14 h
// 30 CET" is the longest form people type.
const maxWhenWords = 12

// Prefix reads the longest leading run of words that is a time. When none
// is, it reports the most telling error: a time that is past, repeated or
// skipped says more than "cannot read".
func (dp DateParser) Prefix(words []string) (Understood, error) {
	var best error
	for n := min(len(words), maxWhenWords); n >= 1; n-- {
		// A trailing "à"/"at" belongs to what follows ("14h à 16h").
		if t := tokenize(words[n-1]); len(t) == 1 && len(dropFillers(t)) == 0 {
			continue
		}
		u, err := dp.Parse(strings.Join(words[:n], " "))
		if err == nil {
			u.Words = n
			return u, nil
		}
		if best == nil || (errors.Is(best, ErrBadTime) && !errors.Is(err, ErrBadTime)) {
			best = err
		}
	}
	if best == nil || errors.Is(best, ErrBadTime) {
		best = whenErr(ErrBadTime, strings.Join(words[:min(len(words), 6)], " "))
	}
	return Understood{}, best
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
	text string // folded: lower case, no accents, no apostrophes
	raw  string // as typed
	val  int    // numbers only; saturates at maxNum so it never overflows
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

func foldWord(s string) string {
	s = folder.Replace(strings.ToLower(s))
	// Decomposed accents (e + U+0301) arrive from some keyboards.
	if strings.IndexFunc(s, func(r rune) bool { return unicode.Is(unicode.Mn, r) }) >= 0 {
		s = strings.Map(func(r rune) rune {
			if unicode.Is(unicode.Mn, r) {
				return -1
			}
			return r
		}, s)
	}
	return s
}

func isApostrophe(r rune) bool {
	return r == '\'' || r == '’' || r == '‘' || r == 'ʼ' || r == '`'
}

// tokenize splits s into runs of digits, runs of letters (with their
// accents and inner apostrophes) and single symbols, so "14h30", "14 h 30"
// and "14H30" all read the same.
func tokenize(s string) []token {
	var toks []token
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		j := i + size
		switch {
		case unicode.IsSpace(r):
			i = j
			continue
		case isDigit(r):
			for j < len(s) && isDigit(rune(s[j])) {
				j++
			}
			toks = append(toks, token{kind: tokNum, text: s[i:j], raw: s[i:j], val: atoi(s[i:j])})
		case unicode.IsLetter(r):
			for j < len(s) {
				r2, n := utf8.DecodeRuneInString(s[j:])
				if unicode.IsLetter(r2) || unicode.Is(unicode.Mn, r2) {
					j += n
					continue
				}
				if isApostrophe(r2) && j+n < len(s) {
					if r3, _ := utf8.DecodeRuneInString(s[j+n:]); unicode.IsLetter(r3) {
						j += n
						continue
					}
				}
				break
			}
			toks = append(toks, token{kind: tokWord, text: foldWord(s[i:j]), raw: s[i:j]})
		case unicode.Is(unicode.Mn, r):
			// A stray combining mark carries nothing.
			i = j
			continue
		default:
			toks = append(toks, token{kind: tokSym, text: s[i:j], raw: s[i:j]})
		}
		i = j
	}
	return toks
}

// isDigit accepts ASCII only: other scripts' digits are not what our users
// type and would make atoi lie.
func isDigit(r rune) bool { return r >= '0' && r <= '9' }

func atoi(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
		if n > maxNum {
			return maxNum
		}
	}
	return n
}

// dropFillers removes words that carry no meaning here ("le 3/12 à 14h",
// "on thursday at 2pm", "the 3rd of December") and stray punctuation.
func dropFillers(toks []token) []token {
	out := toks[:0:0]
	for _, t := range toks {
		if t.is("a", "at", "le", "on", "the", "of") || (t.kind == tokSym && (t.text == "," || t.text == ".")) {
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
	// checkWeekday is set by "jeudi 3 décembre": the date must be one.
	checkWeekday bool

	hasTime  bool
	hour     int
	minute   int
	meridiem bool   // am/pm, noon or midnight said explicitly: no evening shift
	zone     string // "cet", "+01": which reading of a repeated hour
	// wholeDay: a date alone (ParseDate), today included, no clock.
	wholeDay bool
}

type parser struct {
	toks []token
	i    int
	dp   DateParser
	src  string
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

// rest is the text from token i on, as typed, for a refusal to quote.
func (p *parser) unread() string {
	if p.done() {
		return ""
	}
	t := p.toks[p.i]
	part := t.raw
	// A number alone says little: quote what follows it too.
	if nt, ok := p.peek(1); ok && t.kind == tokNum {
		part += " " + nt.raw
	}
	return part
}

// readAll runs the matchers until the tokens are used up; days are allowed
// only when withDay.
func (p *parser) readAll(w *when, withDay bool) error {
	for !p.done() {
		if withDay && !w.hasDay {
			ok, err := p.matchDay(w)
			if err != nil {
				return err
			}
			if ok {
				continue
			}
		}
		if !w.hasTime {
			ok, err := p.matchTime(w)
			if err != nil {
				return err
			}
			if ok {
				continue
			}
		} else if w.zone == "" && p.matchZone(w) {
			continue
		}
		return whenErr(ErrBadTime, p.unread())
	}
	return nil
}

func (p *parser) matchDay(w *when) (bool, error) {
	for _, m := range []func(*when) (bool, error){p.isoDate, p.slashDate, p.monthDate, p.relativeDay, p.weekdayDay} {
		ok, err := m(w)
		if err != nil || ok {
			w.hasDay = w.hasDay || ok
			return ok, err
		}
	}
	return false, nil
}

// isoDate reads 2026-12-03, optionally followed by the T of 2026-12-03T14:00.
func (p *parser) isoDate(w *when) (bool, error) {
	y, ok1 := p.num(0, 4, 4)
	m, ok2 := p.num(2, 1, 2)
	d, ok3 := p.num(4, 1, 2)
	if !ok1 || !ok2 || !ok3 || !p.sym(1, "-") || !p.sym(3, "-") {
		return false, nil
	}
	part := p.toks[p.i].raw + "-" + p.toks[p.i+2].raw + "-" + p.toks[p.i+4].raw
	p.i += 5
	p.word("t")
	if !validDate(y, m, d) {
		return false, whenErr(ErrBadTime, part)
	}
	w.kind, w.date = dayDate, civil{y, time.Month(m), d}
	return true, nil
}

// slashDate reads 03/12/2026, 3/12/26 or 03/12 in the reader's order.
func (p *parser) slashDate(w *when) (bool, error) {
	a, ok1 := p.num(0, 1, 2)
	b, ok2 := p.num(2, 1, 2)
	if !ok1 || !ok2 || !p.sym(1, "/") {
		return false, nil
	}
	part := p.toks[p.i].raw + "/" + p.toks[p.i+2].raw
	p.i += 3
	y := 0
	if p.sym(0, "/") {
		n, ok := p.num(1, 2, 4)
		if !ok || len(p.toks[p.i+1].text) == 3 {
			return false, whenErr(ErrBadTime, part+"/"+p.unread()[1:])
		}
		part += "/" + p.toks[p.i+1].raw
		p.i += 2
		y = n
		if y < 100 {
			y += 2000
		}
	}
	d, m := a, b
	if p.dp.Order == MonthFirst {
		d, m = b, a
	}
	return p.setDate(w, y, m, d, part)
}

// setDate records a date with or without its year.
func (p *parser) setDate(w *when, y, m, d int, part string) (bool, error) {
	if y == 0 {
		// 2024 is a leap year, so 29/02 passes here and resolve finds the
		// next year that has one.
		if !validDate(2024, m, d) {
			return false, whenErr(ErrBadTime, part)
		}
		w.kind, w.date = dayYearless, civil{0, time.Month(m), d}
		return true, nil
	}
	if !validDate(y, m, d) {
		return false, whenErr(ErrBadTime, part)
	}
	w.kind, w.date = dayDate, civil{y, time.Month(m), d}
	return true, nil
}

// Month names, full and abbreviated, in both languages (folded).
var months = map[string]time.Month{
	"janvier": 1, "janv": 1, "jan": 1, "january": 1,
	"fevrier": 2, "fevr": 2, "fev": 2, "february": 2, "feb": 2,
	"mars": 3, "march": 3, "mar": 3,
	"avril": 4, "avr": 4, "april": 4, "apr": 4,
	"mai": 5, "may": 5,
	"juin": 6, "june": 6, "jun": 6,
	"juillet": 7, "juil": 7, "july": 7, "jul": 7,
	"aout": 8, "august": 8, "aug": 8,
	"septembre": 9, "sept": 9, "sep": 9, "september": 9,
	"octobre": 10, "oct": 10, "october": 10,
	"novembre": 11, "nov": 11, "november": 11,
	"decembre": 12, "dec": 12, "december": 12,
}

// fullMonths are the names that are never ordinary words.
var fullMonths = map[string]bool{
	"janvier": true, "january": true, "fevrier": true, "february": true, "mars": true, "march": true,
	"avril": true, "april": true, "juin": true, "june": true, "juillet": true, "july": true,
	"aout": true, "august": true, "septembre": true, "september": true, "octobre": true, "october": true,
	"novembre": true, "november": true, "decembre": true, "december": true,
}

func (p *parser) month(k int) (time.Month, bool) {
	t, ok := p.peek(k)
	if !ok || t.kind != tokWord {
		return 0, false
	}
	m, ok := months[t.text]
	if ok && p.dp.strict && !fullMonths[t.text] {
		return 0, false
	}
	return m, ok
}

// ordinals may follow a day number: 1er, 1st, 2nd, 3rd, 4th, 3e, 3ème.
var ordinals = []string{"er", "re", "st", "nd", "rd", "th", "e", "eme"}

// dayNum reads a day number k ahead, with its ordinal suffix; it returns
// how many tokens it took. A number followed by h, ":" or am/pm is an hour.
func (p *parser) dayNum(k int) (int, int, bool) {
	d, ok := p.num(k, 1, 2)
	if !ok || d < 1 || d > 31 {
		return 0, 0, false
	}
	n := 1
	if t, ok := p.peek(k + 1); ok && t.is(ordinals...) {
		n = 2
	} else if p.sym(k+1, ":") || (ok && t.is("h", "heure", "heures", "am", "pm")) {
		return 0, 0, false
	}
	return d, n, true
}

// year reads a four-digit year k ahead that is not an hour ("2026", not
// "1400" before ":" or "h").
func (p *parser) year(k int) (int, bool) {
	y, ok := p.num(k, 4, 4)
	if !ok || p.sym(k+1, ":") {
		return 0, false
	}
	if t, ok := p.peek(k + 1); ok && t.is("h", "heure", "heures", "am", "pm") {
		return 0, false
	}
	return y, true
}

// monthDate reads "3 décembre", "le 1er déc. 2026", "December 3rd", "Dec 3,
// 2026", "the 3rd of December", each optionally after its weekday ("jeudi 3
// décembre", "Thu 3 Dec 2026"), which must then match.
func (p *parser) monthDate(w *when) (bool, error) {
	start := p.i
	if wd, ok := p.weekdayName(0); ok {
		p.i++
		if ok, err := p.monthDateBody(w); ok || err != nil {
			w.checkWeekday, w.weekday = true, wd
			return ok, err
		}
		p.i = start
	}
	return p.monthDateBody(w)
}

func (p *parser) monthDateBody(w *when) (bool, error) {
	start := p.i
	var d, n int
	var m time.Month
	var ok bool
	if d, n, ok = p.dayNum(0); ok {
		if m, ok = p.month(n); !ok {
			return false, nil
		}
		p.i += n + 1
	} else if m, ok = p.month(0); ok {
		if d, n, ok = p.dayNum(1); !ok {
			return false, nil
		}
		p.i += 1 + n
	} else {
		return false, nil
	}
	y, hasYear := p.year(0)
	if hasYear {
		p.i++
	}
	var parts []string
	for _, t := range p.toks[start:p.i] {
		parts = append(parts, t.raw)
	}
	return p.setDate(w, y, int(m), d, strings.Join(parts, " "))
}

var relativeDays = []struct {
	words   []string
	offset  int
	evening bool
}{
	{[]string{"apres", "-", "demain"}, 2, false},
	{[]string{"apres", "demain"}, 2, false},
	{[]string{"apresdemain"}, 2, false},
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

func (p *parser) relativeDay(w *when) (bool, error) {
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

func (p *parser) weekdayName(k int) (time.Weekday, bool) {
	t, ok := p.peek(k)
	if !ok || t.kind != tokWord {
		return 0, false
	}
	wd, ok := weekdays[t.text]
	// Full names are at least five letters ("lundi", "monday").
	if ok && p.dp.strict && len(t.text) < 5 {
		return 0, false
	}
	return wd, ok
}

var nextWords = []string{"next", "prochain", "prochaine"}

// weekdayDay reads "jeudi", "ce jeudi", "this thursday", "next thursday",
// "jeudi prochain"; "next" may stand on either side whatever the language.
func (p *parser) weekdayDay(w *when) (bool, error) {
	start := p.i
	next := p.word(nextWords...)
	if !next {
		p.word("ce", "this")
	}
	wd, ok := p.weekdayName(0)
	if !ok {
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
	part := p.unread()
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
				return false, whenErr(ErrBadTime, part)
			}
			p.i += 2
		}
	case p.word("h", "heure", "heures"):
		if mm, ok := p.num(0, 2, 2); ok {
			p.i++
			m = mm
		}
		if h > 23 || m > 59 {
			return false, whenErr(ErrBadTime, part)
		}
		w.setTime(h, m, false)
		return true, nil
	}

	if t, ok := p.peek(0); ok && t.is("am", "pm") {
		p.i++
		if h < 1 || h > 12 || m > 59 {
			return false, whenErr(ErrBadTime, part)
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
		return false, whenErr(ErrBadTime, part)
	}
	w.setTime(h, m, false)
	return true, nil
}

func (w *when) setTime(h, m int, meridiem bool) {
	w.hasTime, w.hour, w.minute, w.meridiem = true, h, m, meridiem
}

// matchZone reads the zone abbreviation the bot itself shows after a time
// ("CET", "EDT", "+01"), which picks one reading of a repeated hour. Only
// the abbreviations the reader's zone uses are words here.
func (p *parser) matchZone(w *when) bool {
	names := zoneNames(p.dp.Loc)
	t, ok := p.peek(0)
	switch {
	case ok && t.kind == tokWord && names[t.text]:
		w.zone = t.text
		p.i++
		return true
	case ok && (p.sym(0, "+") || p.sym(0, "-")):
		n, ok := p.peek(1)
		if ok && n.kind == tokNum && names[t.text+n.text] {
			w.zone = t.text + n.text
			p.i += 2
			return true
		}
	}
	return false
}

// zoneNameCache maps a zone's name to the set of its abbreviations.
var zoneNameCache sync.Map

// zoneNames lists, lower-cased, the abbreviations loc uses from 1970 to
// 2100: walking the transitions once per zone is cheap and cached.
func zoneNames(loc *time.Location) map[string]bool {
	if v, ok := zoneNameCache.Load(loc.String()); ok {
		return v.(map[string]bool)
	}
	names := map[string]bool{}
	t := time.Date(1970, 1, 1, 0, 0, 0, 0, loc)
	stop := time.Date(2100, 1, 1, 0, 0, 0, 0, loc)
	for i := 0; i < 2000 && t.Before(stop); i++ {
		name, _ := t.Zone()
		names[strings.ToLower(name)] = true
		_, end := t.ZoneBounds()
		if end.IsZero() || !end.After(t) {
			break
		}
		t = end
	}
	zoneNameCache.Store(loc.String(), names)
	return names
}

// --- "in …" ---

// parseIn reads the part after "in"/"dans". Hours and minutes alone are
// elapsed time ("in 2h" across a DST change is still two hours away).
// Days and weeks are calendar days: alone they keep the wall clock, and
// what follows them is a clock time ("dans 3 jours 10h" is 10:00 three days
// from now, not three days and ten hours) or spelled-out hours or minutes
// ("in 2 days 3 hours").
func (p *parser) parseIn() (Understood, error) {
	dp := p.dp
	toks := p.toks[1:]
	days, i := 0, 0
	last := 5
	for i+1 < len(toks) {
		n, ok := amount(toks[i])
		u, known := units[toks[i+1].text]
		if !ok || toks[i+1].kind != tokWord || !known || u.days == 0 || u.rank >= last {
			break
		}
		last = u.rank
		days += n * u.days
		i += 2
	}
	rest := toks[i:]
	if days > int(maxAhead/(24*time.Hour)) {
		return Understood{}, whenErr(ErrBadTime, strings.TrimSpace(p.src))
	}
	if i == 0 {
		// Hours and minutes only.
		_, d, ok := readDuration(rest)
		if !ok || d <= 0 || d > maxAhead {
			return Understood{}, whenErr(ErrBadTime, strings.TrimSpace(p.src))
		}
		t := dp.Now.Add(d).UTC().Truncate(time.Minute)
		if !t.After(dp.Now) {
			return Understood{}, whenErr(ErrBadTime, strings.TrimSpace(p.src))
		}
		return Understood{At: t, Loc: dp.Loc, Elapsed: true}, nil
	}
	if days <= 0 {
		return Understood{}, whenErr(ErrBadTime, strings.TrimSpace(p.src))
	}
	local := dp.Now.In(dp.Loc)
	date := civilOf(local).addDays(days)
	if len(rest) == 0 {
		t, err := localInstant(date, local.Hour(), local.Minute(), dp.Loc, "")
		if err != nil {
			return Understood{}, err
		}
		return Understood{At: t.UTC(), Loc: dp.Loc}, nil
	}
	if spelledHours(rest) {
		_, d, ok := readDuration(rest)
		if !ok || d <= 0 || d >= 24*time.Hour {
			return Understood{}, whenErr(ErrBadTime, strings.TrimSpace(p.src))
		}
		t := local.AddDate(0, 0, days).Add(d).UTC().Truncate(time.Minute)
		return Understood{At: t, Loc: dp.Loc, Elapsed: true}, nil
	}
	p.toks, p.i = dropFillers(rest), 0
	w := when{hasDay: true, kind: dayRelative, offset: days}
	if err := p.readAll(&w, false); err != nil {
		return Understood{}, err
	}
	if !w.hasTime {
		return Understood{}, whenErr(ErrBadTime, strings.TrimSpace(p.src))
	}
	t, err := w.resolve(dp)
	if err != nil {
		return Understood{}, err
	}
	return Understood{At: t, Loc: dp.Loc}, nil
}

// spelledHours reports whether toks are amounts of spelled-out hours or
// minutes ("3 hours", "30 minutes"), which are a delay; "10h" and "10
// heures" are clock times.
func spelledHours(toks []token) bool {
	if len(toks) == 0 {
		return false
	}
	for i := 1; i < len(toks); i += 2 {
		if !toks[i].is("hour", "hours", "hr", "hrs", "minute", "minutes", "min", "mins", "mn") {
			return false
		}
	}
	return len(toks)%2 == 0
}

func amount(t token) (int, bool) {
	switch {
	case t.kind == tokNum:
		return t.val, true
	case t.is("un", "une", "an", "a"):
		return 1, true
	}
	return 0, false
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

func (c civil) weekday() time.Weekday {
	return time.Date(c.y, c.m, c.d, 12, 0, 0, 0, time.UTC).Weekday()
}

func validDate(y, m, d int) bool {
	if m < 1 || m > 12 || d < 1 {
		return false
	}
	return d <= time.Date(y, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

func (w when) resolve(dp DateParser) (time.Time, error) {
	now, loc := dp.Now, dp.Loc
	if w.evening && !w.meridiem && w.hour >= 1 && w.hour <= 11 {
		w.hour += 12
	}
	local := now.In(loc)
	today := civilOf(local)
	// "Still ahead" is decided on the wall clock, so that the choice of day
	// never depends on whether that day's hour exists or repeats; the DST
	// check comes after, on the day chosen.
	at := w.hour*60 + w.minute
	ahead := at > local.Hour()*60+local.Minute() || w.wholeDay

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
		// The year is inferred forward: a January date typed in December
		// is next January. Eight years always reach a 29 February.
		found := false
		for y := today.y; y <= today.y+8 && !found; y++ {
			if !validDate(y, int(w.date.m), w.date.d) {
				continue
			}
			c := civil{y, w.date.m, w.date.d}
			if y == today.y && (before(c, today) || (c == today && !ahead)) {
				continue
			}
			date, found = c, true
		}
		if !found {
			return time.Time{}, whenErr(ErrBadTime, "")
		}
	case dayDate:
		date = w.date
	}
	if w.checkWeekday && date.weekday() != w.weekday {
		return time.Time{}, &WhenError{Kind: ErrWeekdayMismatch,
			Date: time.Date(date.y, date.m, date.d, 12, 0, 0, 0, time.UTC), Weekday: date.weekday()}
	}

	if w.wholeDay {
		if before(date, today) {
			return time.Time{}, whenErr(ErrPastTime, "")
		}
		return time.Date(date.y, date.m, date.d, 0, 0, 0, 0, time.UTC), nil
	}
	t, err := localInstant(date, w.hour, w.minute, loc, w.zone)
	if err != nil {
		return time.Time{}, err
	}
	if !t.After(now) {
		return time.Time{}, whenErr(ErrPastTime, "")
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
// same wall clock tells the three cases apart. zone, when given, keeps only
// the reading with that abbreviation.
func localInstant(date civil, h, m int, loc *time.Location, zone string) (time.Time, error) {
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
	wallText := fmt.Sprintf("%04d-%02d-%02d %02d:%02d", date.y, int(date.m), date.d, h, m)
	if zone != "" {
		var kept []time.Time
		for _, t := range found {
			if name, _ := t.In(loc).Zone(); strings.ToLower(name) == zone {
				kept = append(kept, t)
			}
		}
		if len(kept) == 0 {
			return time.Time{}, &WhenError{Kind: ErrBadTime, Part: strings.ToUpper(zone), Wall: wallText, Zone: loc.String()}
		}
		found = kept
	}
	switch len(found) {
	case 0:
		return time.Time{}, &WhenError{Kind: ErrNoSuchTime, Wall: wallText, Zone: loc.String()}
	case 1:
		return found[0], nil
	default:
		e := &WhenError{Kind: ErrAmbiguousTime, Wall: wallText, Zone: loc.String()}
		for _, t := range found {
			name, _ := t.In(loc).Zone()
			e.Readings = append(e.Readings, fmt.Sprintf("%02d:%02d %s", h, m, name))
		}
		return time.Time{}, e
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
		n, isAmount := amount(toks[i])
		if !isAmount {
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
