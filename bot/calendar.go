package bot

import (
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

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
}

func (c *calendars) mount(mux *http.ServeMux) {
	mux.HandleFunc("GET /calendar.ics", c.communityFeed)
	mux.HandleFunc("GET /calendar/session/{file}", c.session)
	mux.HandleFunc("GET /calendar/{file}", c.personal)
}

func (c *calendars) communityFeed(w http.ResponseWriter, r *http.Request) {
	events, err := c.db.CalendarEvents(r.Context(), 0)
	c.write(w, r, c.community, events, err)
}

func (c *calendars) personal(w http.ResponseWriter, r *http.Request) {
	token, ok := strings.CutSuffix(r.PathValue("file"), ".ics")
	if !ok {
		http.NotFound(w, r)
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
	c.write(w, r, c.community, events, err)
}

func (c *calendars) session(w http.ResponseWriter, r *http.Request) {
	idText, ok := strings.CutSuffix(r.PathValue("file"), ".ics")
	id, perr := strconv.ParseInt(idText, 10, 64)
	if !ok || perr != nil {
		http.NotFound(w, r)
		return
	}
	e, err := c.db.CalendarEvent(r.Context(), id)
	if storage.ErrorCode(err) == storage.ENOTFOUND {
		http.NotFound(w, r)
		return
	}
	c.write(w, r, e.WorkshopTitle, []storage.CalendarEvent{e}, err)
}

func (c *calendars) write(w http.ResponseWriter, r *http.Request, name string, events []storage.CalendarEvent, err error) {
	if err != nil {
		c.log.Error("calendar", "path", r.URL.Path, "err", err)
		http.Error(w, "calendar unavailable", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
	w.Header().Set("Cache-Control", "private, max-age=300")
	if err := c.calendar(name, events, time.Now()).SerializeTo(w, ics.WithNewLineWindows); err != nil {
		c.log.Warn("calendar write", "err", err)
	}
}

// calendar builds the feed. Times are UTC (a trailing Z), so no VTIMEZONE
// is needed and each calendar shows them in its owner's zone.
func (c *calendars) calendar(name string, events []storage.CalendarEvent, now time.Time) *ics.Calendar {
	cal := ics.NewCalendarFor("atelier")
	cal.SetMethod(ics.MethodPublish)
	cal.SetName(name)
	cal.SetXWRCalName(name)
	cal.SetRefreshInterval("PT1H")
	for _, e := range events {
		ev := cal.AddEvent(c.uid(e.ID))
		ev.SetDtStampTime(now.UTC())
		ev.SetModifiedAt(e.UpdatedAt)
		ev.SetSequence(e.Sequence)
		ev.SetStartAt(e.Start.UTC())
		ev.SetEndAt(e.End().UTC())
		ev.SetSummary(e.WorkshopTitle)
		desc := e.WorkshopDescription
		if line := commands.PartnersLine(c.lang, e.Partners); line != "" {
			desc = strings.TrimSpace(desc + "\n\n" + line)
		}
		if desc != "" {
			ev.SetDescription(desc)
		}
		if place := strings.TrimSpace(e.Place); strings.HasPrefix(place, "https://") || strings.HasPrefix(place, "http://") {
			ev.SetURL(place)
			ev.SetLocation(place)
		} else if place != "" {
			ev.SetLocation(place)
		}
		if e.Cancelled || e.WorkshopCancelled {
			ev.SetStatus(ics.ObjectStatusCancelled)
		} else {
			ev.SetStatus(ics.ObjectStatusConfirmed)
		}
	}
	return cal
}

func (c *calendars) uid(sessionID int64) string {
	return fmt.Sprintf("session-%d@%s", sessionID, c.uidDomain)
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
