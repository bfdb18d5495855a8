package bot

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"time"
	"unicode"

	ics "github.com/arran4/golang-ical"

	"github.com/atelier-bot/atelier/commands"
	"github.com/atelier-bot/atelier/storage"
)

// calendars serves iCalendar feeds (RFC 5545): the community's sessions,
// a member's own behind an unguessable token, and one session's event.
type calendars struct {
	db        *storage.DB
	log       *slog.Logger
	community string
	// lang words what the feed adds to a description (its partners).
	lang commands.Lang
	// uidDomain makes UIDs globally unique and stable: the same session is
	// always the same event, so a reschedule updates it in place.
	uidDomain string
	// communityOff turns /calendar.ics off (http.calendar_feed: false).
	communityOff bool
	// reads bounds how often one address is served (limits.calendar_per_minute).
	reads commands.Buckets[string]
}

// limited answers 429 when key (a token, or the community feed) has been
// read too often lately.
func (c *calendars) limited(w http.ResponseWriter, key string) bool {
	if c.reads.Allow(key, time.Now()) {
		return false
	}
	w.Header().Set("Retry-After", "60")
	http.Error(w, "too many requests", http.StatusTooManyRequests)
	return true
}

func (c *calendars) mount(mux *http.ServeMux) {
	if !c.communityOff {
		mux.HandleFunc("GET /calendar.ics", c.communityFeed)
	}
	mux.HandleFunc("GET /calendar/session/{file}", c.session)
	mux.HandleFunc("GET /calendar/{file}", c.personal)
}

func (c *calendars) communityFeed(w http.ResponseWriter, r *http.Request) {
	if c.limited(w, "") {
		return
	}
	events, err := c.db.CalendarEvents(r.Context(), 0)
	c.write(w, r, c.community, events, false, err)
}

func (c *calendars) personal(w http.ResponseWriter, r *http.Request) {
	token, ok := strings.CutSuffix(r.PathValue("file"), ".ics")
	if !ok {
		http.NotFound(w, r)
		return
	}
	if c.limited(w, token) {
		return
	}
	member, err := c.db.MemberByCalendarToken(r.Context(), token)
	if storage.ErrorCode(err) == storage.ENOTFOUND {
		http.NotFound(w, r)
		return
	}
	var events []storage.CalendarEvent
	if err == nil {
		events, err = c.db.CalendarEvents(r.Context(), member)
	}
	c.write(w, r, c.community, events, true, err)
}

func (c *calendars) session(w http.ResponseWriter, r *http.Request) {
	token, ok := strings.CutSuffix(r.PathValue("file"), ".ics")
	id, known := c.db.SessionByToken(token)
	if !ok || !known {
		http.NotFound(w, r)
		return
	}
	if c.limited(w, token) {
		return
	}
	e, err := c.db.CalendarEvent(r.Context(), id)
	if storage.ErrorCode(err) == storage.ENOTFOUND {
		http.NotFound(w, r)
		return
	}
	// One session's file is that session, even when a series made it.
	e.SeriesID = 0
	c.write(w, r, e.WorkshopTitle, []storage.CalendarEvent{e}, false, err)
}

// write serves a feed; private feeds (a member's own) carry places that are
// links, which public ones leave out: an online meeting's address often
// holds its password.
func (c *calendars) write(w http.ResponseWriter, r *http.Request, name string, events []storage.CalendarEvent, private bool, err error) {
	if err != nil {
		c.log.Error("calendar", "path", r.URL.Path, "err", err)
		http.Error(w, "calendar unavailable", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
	w.Header().Set("Cache-Control", "private, max-age=300")
	if err := c.calendar(name, events, private, time.Now()).SerializeTo(w, ics.WithNewLineWindows); err != nil {
		c.log.Warn("calendar write", "err", err)
	}
}

// calendar builds the feed. A single session's times are UTC (a trailing
// Z), each calendar showing them in its owner's zone. A series is one
// event with its rule (RRULE) in its zone's wall clock, described by a
// VTIMEZONE, so 18:00 stays 18:00 across daylight-saving changes; its
// cancelled occurrences are EXDATEs and its moved ones overrides
// (RECURRENCE-ID). A stopped series, or one whose rule cannot be read,
// shows as its sessions.
func (c *calendars) calendar(name string, events []storage.CalendarEvent, private bool, now time.Time) *ics.Calendar {
	cal := ics.NewCalendarFor("atelier")
	cal.SetMethod(ics.MethodPublish)
	name = icsText(name)
	cal.SetName(name)
	cal.SetXWRCalName(name)
	cal.SetRefreshInterval("PT1H")
	var order []int64
	groups := map[int64][]storage.CalendarEvent{}
	for _, e := range events {
		if e.SeriesID == 0 {
			c.event(cal.AddEvent(c.uid(e.ID)), e, private, now)
			continue
		}
		if groups[e.SeriesID] == nil {
			order = append(order, e.SeriesID)
		}
		groups[e.SeriesID] = append(groups[e.SeriesID], e)
	}
	zones := map[string]bool{}
	for _, id := range order {
		group := groups[id]
		s, err := c.db.SeriesByID(context.Background(), id)
		loc, lerr := time.LoadLocation(s.Zone)
		if err != nil || lerr != nil || s.Stopped {
			for _, e := range group {
				c.event(cal.AddEvent(c.uid(e.ID)), e, private, now)
			}
			continue
		}
		if !zones[s.Zone] {
			zones[s.Zone] = true
			addTimezone(cal, loc, s.First.AddDate(-1, 0, 0), now.AddDate(5, 0, 0))
		}
		uid := c.db.SeriesToken(id) + "@" + c.uidDomain
		tz := ics.WithTZID(s.Zone)
		local := func(t time.Time) string { return t.In(loc).Format("20060102T150405") }
		master := cal.AddEvent(uid)
		c.event(master, group[0], private, now)
		master.SetProperty(ics.ComponentPropertyDtStart, local(s.First), tz)
		master.SetProperty(ics.ComponentPropertyDtEnd, local(s.First.Add(s.Duration)), tz)
		master.SetSequence(0)
		master.SetLocation(icsText(s.Place))
		if group[0].WorkshopCancelled {
			master.SetStatus(ics.ObjectStatusCancelled)
		} else {
			master.SetStatus(ics.ObjectStatusConfirmed)
		}
		master.AddRrule(s.RRule())
		for _, e := range group {
			switch {
			case e.Cancelled:
				master.AddExdate(local(e.Occurrence), tz)
			case !e.Start.Equal(e.Occurrence) || e.Duration != s.Duration || e.Place != s.Place || e.Sequence > 0:
				o := cal.AddEvent(uid)
				c.event(o, e, private, now)
				o.SetProperty(ics.ComponentPropertyRecurrenceId, local(e.Occurrence), tz)
			}
		}
	}
	return cal
}

// event fills ev with one session: its times in UTC, its workshop's
// title and description, its place, its state.
func (c *calendars) event(ev *ics.VEvent, e storage.CalendarEvent, private bool, now time.Time) {
	ev.SetDtStampTime(now.UTC())
	ev.SetModifiedAt(e.UpdatedAt)
	ev.SetSequence(e.Sequence)
	ev.SetStartAt(e.Start.UTC())
	ev.SetEndAt(e.End().UTC())
	ev.SetSummary(icsText(e.WorkshopTitle))
	desc := e.WorkshopDescription
	if line := commands.PartnersLine(c.lang, e.Partners); line != "" {
		desc = strings.TrimSpace(desc + "\n\n" + line)
	}
	if desc = icsText(desc); desc != "" {
		ev.SetDescription(desc)
	}
	place := strings.TrimSpace(icsText(e.Place))
	// A place holding a link (an online meeting, often with its
	// password) shows only in private feeds; a URI value is not
	// escaped, so only a place that is one word becomes the URL.
	hasLink := strings.Contains(place, "https://") || strings.Contains(place, "http://")
	switch {
	case place == "", hasLink && !private:
	case hasLink && !strings.ContainsFunc(place, unicode.IsSpace):
		ev.SetURL(place)
		ev.SetLocation(place)
	default:
		ev.SetLocation(place)
	}
	if e.Cancelled || e.WorkshopCancelled {
		ev.SetStatus(ics.ObjectStatusCancelled)
	} else {
		ev.SetStatus(ics.ObjectStatusConfirmed)
	}
}

// addTimezone describes loc from from to to as a VTIMEZONE: one STANDARD
// or DAYLIGHT observance per change of offset, read from the zone
// database, so that a calendar expands a series' rule in the same wall
// clock as atelier (Casablanca's changes follow no yearly rule).
func addTimezone(cal *ics.Calendar, loc *time.Location, from, to time.Time) {
	tz := cal.AddTimezone(loc.String())
	offset := func(t time.Time) (string, int, bool) {
		name, off := t.In(loc).Zone()
		return name, off, t.In(loc).IsDST()
	}
	add := func(at time.Time, fromOff int) {
		name, off, dst := offset(at)
		base := ics.ComponentBase{}
		// DTSTART of an observance is the local time it starts, read in
		// the offset before it.
		base.SetProperty(ics.ComponentPropertyDtStart, at.In(time.FixedZone("", fromOff)).Format("20060102T150405"))
		base.SetProperty(ics.ComponentProperty(ics.PropertyTzoffsetfrom), icsOffset(fromOff))
		base.SetProperty(ics.ComponentProperty(ics.PropertyTzoffsetto), icsOffset(off))
		base.SetProperty(ics.ComponentProperty(ics.PropertyTzname), name)
		if dst {
			tz.Components = append(tz.Components, &ics.Daylight{ComponentBase: base})
		} else {
			tz.Components = append(tz.Components, &ics.Standard{ComponentBase: base})
		}
	}
	_, first, _ := offset(from)
	add(from, first)
	for t := from; t.Before(to); {
		_, end := t.In(loc).ZoneBounds()
		if end.IsZero() {
			break
		}
		_, before, _ := offset(end.Add(-time.Second))
		add(end, before)
		t = end
	}
}

func icsOffset(sec int) string {
	sign := "+"
	if sec < 0 {
		sign, sec = "-", -sec
	}
	return fmt.Sprintf("%s%02d%02d", sign, sec/3600, sec%3600/60)
}

// uid is the session's opaque token: stable, so a reschedule updates the
// event in place, and not a count of the community's sessions.
func (c *calendars) uid(sessionID int64) string {
	return c.db.SessionToken(sessionID) + "@" + c.uidDomain
}

// icsText prepares member text for an iCalendar TEXT value: line breaks of
// any kind become LF (which the library escapes as \n, with backslash,
// comma and semicolon), and every other control character goes, so a bare
// CR cannot end the line and start a property of its own.
func icsText(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	return strings.Map(func(r rune) rune {
		if r == '\n' || r == '\t' {
			return r
		}
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) || r == '\u2028' || r == '\u2029' {
			return -1
		}
		return r
	}, s)
}

// uidDomain derives the UIDs' right-hand side from the public URL's host,
// or from the community's name when there is none.
func uidDomain(publicURL, community string) string {
	if host := strings.TrimPrefix(strings.TrimPrefix(publicURL, "https://"), "http://"); host != "" {
		if i := strings.IndexAny(host, "/:"); i >= 0 {
			host = host[:i]
		}
		if host != "" {
			return host
		}
	}
	slug := strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '-':
			return r
		case r >= 'A' && r <= 'Z':
			return r + 'a' - 'A'
		}
		return '-'
	}, community)
	return slug + ".atelier.invalid"
}
