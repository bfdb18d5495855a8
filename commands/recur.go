package commands

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/atelier-bot/atelier/storage"
)

// Recurring series: "/workshop schedule <id> every … [until <date> | for N
// sessions] [duration] [place]", in French or English, read with the same
// tokens and time matcher as single dates (when.go). The rule lives in the
// reader's zone, so 18:00 stays 18:00 across daylight-saving changes.

// maxRuleWords bounds a rule's head and hour: "toutes les deux semaines le
// mardi à 18 h 30".
const maxRuleWords = 12

// seriesWords start a series: a schedule whose first words read as none of
// these is a single session.
var everyWords = []string{"every", "each", "chaque"}

var ordinalWords = map[string]int{
	"first": 1, "second": 2, "third": 3, "fourth": 4, "last": -1,
	"premier": 1, "premiere": 1, "deuxieme": 2, "seconde": 2, "troisieme": 3, "quatrieme": 4, "dernier": -1, "derniere": -1,
}

var smallNumbers = map[string]int{"two": 2, "three": 3, "four": 4, "deux": 2, "trois": 3, "quatre": 4}

// weekdayOf reads a weekday, plural too ("mardis", "tuesdays").
func (p *parser) weekdayOf() (time.Weekday, bool) {
	t, ok := p.peek(0)
	if !ok || t.kind != tokWord || len(t.text) < 3 {
		return 0, false
	}
	wd, ok := weekdays[t.text]
	if !ok && strings.HasSuffix(t.text, "s") {
		wd, ok = weekdays[strings.TrimSuffix(t.text, "s")]
	}
	if ok {
		p.i++
	}
	return wd, ok
}

// ordinal reads "first", "premier", "1st", "1er", "2e", "last"…
func (p *parser) ordinal() (int, bool) {
	t, ok := p.peek(0)
	if !ok {
		return 0, false
	}
	if n, ok := ordinalWords[t.text]; ok && t.kind == tokWord {
		p.i++
		return n, true
	}
	if n, ok := p.num(0, 1, 1); ok && n >= 1 && n <= 4 {
		if s, ok := p.peek(1); ok && s.kind == tokWord {
			for _, o := range ordinals {
				if s.text == o {
					p.i += 2
					return n, true
				}
			}
		}
	}
	return 0, false
}

// count reads a number in digits or a small one in words.
func (p *parser) count() (int, bool) {
	if n, ok := p.num(0, 1, 2); ok {
		p.i++
		return n, true
	}
	if t, ok := p.peek(0); ok && t.kind == tokWord {
		if n, ok := smallNumbers[t.text]; ok {
			p.i++
			return n, true
		}
	}
	return 0, false
}

// try runs m and rewinds when it does not match.
func (p *parser) try(m func() bool) bool {
	start := p.i
	if m() {
		return true
	}
	p.i = start
	return false
}

// ruleHead reads how a series repeats, filling r's frequency, interval,
// weekday and nth.
func (p *parser) ruleHead(r *storage.Series) bool {
	weekly := func(n int) bool {
		wd, ok := p.weekdayOf()
		r.Freq, r.Interval, r.Weekday = storage.SeriesWeekly, n, wd
		return ok
	}
	monthly := func() bool {
		n, ok := p.ordinal()
		if !ok {
			return false
		}
		wd, ok := p.weekdayOf()
		r.Freq, r.Interval, r.Weekday, r.Nth = storage.SeriesMonthly, 1, wd, n
		return ok
	}
	month := func() bool { return p.word("month", "mois") }
	return p.try(func() bool { // every other Wednesday
		return p.word(everyWords...) && p.word("other") && weekly(2)
	}) || p.try(func() bool { // every 2 weeks on Tuesday, every week on Tuesday
		if !p.word(everyWords...) {
			return false
		}
		n, ok := p.count()
		if !ok {
			n = 1
		}
		return p.word("weeks", "week", "semaine", "semaines") && weekly(n)
	}) || p.try(func() bool { // every month on the 2nd Tuesday, chaque mois le premier jeudi
		return p.word(everyWords...) && month() && monthly()
	}) || p.try(func() bool { // tous les mois le premier jeudi
		return p.word("tous") && p.word("les") && month() && monthly()
	}) || p.try(func() bool { // every first Thursday [of the month]
		if !p.word(everyWords...) || !monthly() {
			return false
		}
		month()
		return true
	}) || p.try(func() bool { // every Tuesday, chaque mardi
		return p.word(everyWords...) && weekly(1)
	}) || p.try(func() bool { // tous les mardis; toutes les deux semaines le mardi
		if !p.word("tous", "toutes") || !p.word("les") {
			return false
		}
		if n, ok := p.count(); ok {
			return p.word("semaines") && weekly(n)
		}
		return weekly(1)
	}) || p.try(func() bool { // un mardi sur deux
		if !p.word("un") || !weekly(1) || !p.word("sur") {
			return false
		}
		n, ok := p.count()
		r.Interval = n
		return ok && n >= 2
	}) || p.try(func() bool { // the first Thursday of every month; le premier jeudi du mois
		if !monthly() {
			return false
		}
		switch {
		case p.word("du"):
			return month()
		case p.word("de"):
			if p.word("chaque") {
				return month()
			}
			return p.word("tous") && p.word("les") && month()
		case p.word(everyWords...):
			return month()
		}
		return month()
	})
}

// parseRule reads a whole rule with its hour: "tous les mardis 18h".
func (dp DateParser) parseRule(s string) (storage.Series, error) {
	var r storage.Series
	p := &parser{toks: dropFillers(tokenize(s)), dp: dp, src: s}
	if !p.ruleHead(&r) {
		return r, whenErr(ErrBadTime, s)
	}
	var w when
	ok, err := p.matchTime(&w)
	if err != nil {
		return r, err
	}
	if !ok || !p.done() {
		return r, whenErr(ErrNoHour, s)
	}
	r.Hour, r.Minute = w.hour, w.minute
	return r, nil
}

// ruleIn reads the longest leading run of words that is a rule; ok is
// false when the words do not start with one (a single session).
func (dp DateParser) ruleIn(words []string) (r storage.Series, n int, ok bool, err error) {
	var best error
	for n = min(len(words), maxRuleWords); n >= 1; n-- {
		r, err = dp.parseRule(strings.Join(words[:n], " "))
		if err == nil {
			return r, n, true, nil
		}
		if best == nil && !errors.Is(err, ErrBadTime) {
			best = err
		}
	}
	// A head without an hour ("every Tuesday") is a series that cannot be
	// made: say so rather than read it as a single date.
	if best != nil {
		return r, 0, true, best
	}
	return r, 0, false, nil
}

var untilWords = []string{"until", "till", "jusqu", "jusquau", "jusqua", "jusque"}

var countUnits = []string{"sessions", "session", "seances", "seance", "times", "fois", "occurrences", "occurrence", "meetings"}

// ruleEnd reads "until <date>" / "jusqu'au <date>" or "for N sessions" /
// "N fois" at the start of words; n is how many words it used.
func (dp DateParser) ruleEnd(words []string, r *storage.Series, loc *time.Location) (n int, err error) {
	if len(words) == 0 {
		return 0, nil
	}
	first := tokenize(words[0])
	if len(first) > 0 && first[0].is(untilWords...) {
		skip := 1
		// "jusqu'au" is one word; "jusqu au", "jusqu'à le" are more.
		if len(words) > 1 && len(tokenize(words[1])) == 1 && tokenize(words[1])[0].is("au", "a", "le") {
			skip = 2
		}
		for m := min(len(words)-skip, 6); m >= 1; m-- {
			d, derr := dp.ParseDate(strings.Join(words[skip:skip+m], " "))
			if derr == nil {
				r.Until = time.Date(d.Year(), d.Month(), d.Day(), 23, 59, 0, 0, loc).UTC()
				return skip + m, nil
			}
		}
		return 0, userErr("err.series_end", strings.Join(words[:min(len(words), 4)], " "))
	}
	i := 0
	if len(first) == 1 && first[0].is("for", "pendant", "sur") {
		i = 1
	}
	if i+1 < len(words) && isNumber(words[i]) {
		if u := tokenize(words[i+1]); len(u) == 1 && u[0].is(countUnits...) {
			r.Count = atoi(words[i])
			if r.Count < 1 {
				return 0, userErr("err.series_end", strings.Join(words[:i+2], " "))
			}
			return i + 2, nil
		}
	}
	if i == 1 {
		return 0, userErr("err.series_end", strings.Join(words[:min(len(words), 3)], " "))
	}
	return 0, nil
}

// firstOccurrence is the rule's first start after now, in loc.
func firstOccurrence(r storage.Series, now time.Time, loc *time.Location) time.Time {
	local := now.In(loc)
	for k := 0; k < 800; k++ {
		var y, d int
		var m time.Month
		if r.Freq == storage.SeriesMonthly {
			base := time.Date(local.Year(), local.Month()+time.Month(k), 1, 12, 0, 0, 0, time.UTC)
			y, m, d = storage.NthWeekday(base.Year(), base.Month(), r.Weekday, r.Nth)
		} else {
			day := time.Date(local.Year(), local.Month(), local.Day()+k, 12, 0, 0, 0, time.UTC)
			if day.Weekday() != r.Weekday {
				continue
			}
			y, m, d = day.Date()
		}
		if t := time.Date(y, m, d, r.Hour, r.Minute, 0, 0, loc); t.After(now) {
			return t.UTC()
		}
	}
	return time.Time{}
}

// seriesIn reports whether a schedule's words start with a series' rule.
func seriesIn(req *Request, words []string) bool {
	_, words = cutCount(words)
	_, _, ok, _ := dateParser(req).ruleIn(words)
	return ok
}

// cutCount takes "for N sessions" / "N fois" out of words wherever it
// stands: "tous les jeudis 18h 10 fois" is ten Thursdays at 18:00, not
// Thursdays at 18:10.
func cutCount(words []string) (int, []string) {
	for i := 0; i+1 < len(words); i++ {
		u := tokenize(words[i+1])
		if !isNumber(words[i]) || len(u) != 1 || !u[0].is(countUnits...) {
			continue
		}
		start := i
		if p := tokenize(words[max(i-1, 0)]); i > 0 && len(p) == 1 && p[0].is("for", "pendant", "sur") {
			start = i - 1
		}
		return atoi(words[i]), append(append([]string{}, words[:start]...), words[i+2:]...)
	}
	return 0, words
}

// readSeries reads "<rule> [end] [duration] [place]" into a series of
// loc, and returns the words left for the place.
func (dp DateParser) readSeries(words []string, loc *time.Location) (storage.Series, time.Duration, string, error) {
	count, words := cutCount(words)
	rule, n, _, err := dp.ruleIn(words)
	if err != nil {
		return rule, 0, "", err
	}
	words = words[n:]
	used, err := dp.ruleEnd(words, &rule, loc)
	if err != nil {
		return rule, 0, "", err
	}
	if count > 0 {
		if rule.Count > 0 || !rule.Until.IsZero() {
			return rule, 0, "", userErr("err.series_two_ends")
		}
		rule.Count = count
	}
	d, place, err := durationAndPlace(words[used:], dp)
	return rule, d, place, err
}

// scheduleSeries makes a series from "<rule> [end] [duration] [place]".
func (r *Router) scheduleSeries(ctx context.Context, req *Request, workshopID int64, words []string) (Reply, error) {
	dp := dateParser(req)
	loc := dp.Loc
	if loc == nil {
		loc = time.UTC
	}
	rule, d, place, err := dp.readSeries(words, loc)
	if err != nil {
		return Reply{}, err
	}
	rule.WorkshopID, rule.Zone, rule.Place, rule.Duration = workshopID, loc.String(), place, DefaultSessionDuration
	if d > 0 {
		rule.Duration = d
	}
	rule.First = firstOccurrence(rule, req.Now, loc)
	made, err := r.db.CreateSeries(ctx, &rule)
	if err != nil {
		return Reply{}, err
	}
	lines := []string{T(req.Lang, "series.scheduled", workshopID, RuleText(req.Lang, rule), loc.String(), len(made))}
	if end := ruleEndText(req.Lang, rule, loc); end != "" {
		lines = append(lines, end)
	}
	for i, s := range made {
		if i == 3 {
			break
		}
		lines = append(lines, "• "+FormatTime(s.Start, req.Lang, loc))
	}
	return Reply{Text: strings.Join(lines, "\n"), Refresh: []Entity{{storage.KindWorkshop, workshopID}}}, nil
}

// sessionArg cuts a leading "session <n>" ("séance <n>") off args: the
// session of a workshop a command is about, 0 for its next one.
func sessionArg(args []string) (int64, []string, error) {
	if len(args) < 2 {
		return 0, args, nil
	}
	switch fold(args[0]) {
	case "session", "seance":
		id, err := parseID(args[1])
		return id, args[2:], err
	}
	return 0, args, nil
}

// RuleText says a series' rule in lang: "every other Wednesday at 12:30".
func RuleText(lang Lang, s storage.Series) string {
	at := fmt.Sprintf("%02d:%02d", s.Hour, s.Minute)
	day := T(lang, fmt.Sprintf("series.day.%d", s.Weekday))
	switch {
	case s.Freq == storage.SeriesMonthly && s.Interval == 1:
		return T(lang, "series.monthly", T(lang, fmt.Sprintf("series.nth.%d", s.Nth)), day, at)
	case s.Freq == storage.SeriesMonthly:
		return T(lang, "series.every_n_months", T(lang, fmt.Sprintf("series.nth.%d", s.Nth)), day, s.Interval, at)
	case s.Interval == 1:
		return T(lang, "series.weekly", day, at)
	case s.Interval == 2:
		return T(lang, "series.every_other", day, at)
	}
	return T(lang, "series.every_n_weeks", s.Interval, day, at)
}

func ruleEndText(lang Lang, s storage.Series, loc *time.Location) string {
	switch {
	case s.Count > 0:
		return T(lang, "series.count", s.Count)
	case !s.Until.IsZero():
		return T(lang, "series.until", FormatTime(s.Until, lang, loc))
	}
	return T(lang, "series.no_end", storage.SeriesHorizon/(7*24*time.Hour))
}

// workshopSeries: "/workshop series <id>" lists a workshop's series, and
// "/workshop series <id> stop" ends them (staff).
func (r *Router) workshopSeries(ctx context.Context, req *Request) (Reply, error) {
	if len(req.Args) < 1 || len(req.Args) > 2 {
		return Reply{}, errUsage
	}
	id, err := parseID(req.Args[0])
	if err != nil {
		return Reply{}, err
	}
	if len(req.Args) == 2 {
		if w := fold(req.Args[1]); w != "stop" && w != "arreter" {
			return Reply{}, errUsage
		}
		n, err := r.db.StopSeries(ctx, id)
		if err != nil {
			return Reply{}, err
		}
		return Reply{Text: T(req.Lang, "series.stopped", n, id)}, nil
	}
	ss, err := r.db.SeriesOf(ctx, id)
	if err != nil {
		return Reply{}, err
	}
	if len(ss) == 0 {
		return Reply{Text: T(req.Lang, "series.none", id)}, nil
	}
	lines := []string{T(req.Lang, "series.header", id)}
	w, err := r.db.Workshop(ctx, id)
	if err != nil {
		return Reply{}, err
	}
	counts, err := r.db.SessionCounts(ctx, id)
	if err != nil {
		return Reply{}, err
	}
	for _, s := range ss {
		loc, err := time.LoadLocation(s.Zone)
		if err != nil {
			loc = time.UTC
		}
		line := "• " + RuleText(req.Lang, s) + " (" + s.Zone + ") · " + ruleEndText(req.Lang, s, loc)
		if s.Stopped {
			line += " · " + T(req.Lang, "series.is_stopped")
		}
		lines = append(lines, line)
		shown := 0
		for _, sess := range w.Sessions {
			if sess.SeriesID != s.ID || !sess.Start.After(req.Now) || shown == 5 {
				continue
			}
			shown++
			text := T(req.Lang, "series.session", sess.ID, FormatTime(sess.Start, req.Lang, loc))
			switch {
			case sess.Cancelled:
				text += " · " + T(req.Lang, "series.cancelled")
			case !sess.Start.Equal(sess.Occurrence):
				text += " · " + T(req.Lang, "series.moved", FormatTime(sess.Occurrence, req.Lang, loc))
			}
			if n, ok := counts[sess.ID]; ok {
				text += " · " + countSeats(req.Lang, w, n)
			}
			lines = append(lines, "  "+text)
		}
	}
	lines = append(lines, T(req.Lang, "series.one_session", id))
	return Reply{Text: strings.Join(lines, "\n")}, nil
}
