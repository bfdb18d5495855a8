package commands

import (
	"context"
	"net/url"
	"strings"

	"github.com/atelier-bot/atelier/storage"
)

// workshopCardWithLinks is a workshop's card with its calendar links when
// the bot has a public address: the next session as an .ics file and as a
// Google Calendar template.
func (r *Router) workshopCardWithLinks(lang Lang, w storage.Workshop) Card {
	c := workshopCard(lang, w)
	if r.cfg.PublicURL == "" || w.NextSession.ID == 0 || w.Status != storage.WorkshopOpen {
		return c
	}
	s := w.NextSession
	ics := r.cfg.PublicURL + "/calendar/session/" + r.db.SessionToken(s.ID) + ".ics"
	const gcal = "20060102T150405Z"
	q := url.Values{}
	q.Set("action", "TEMPLATE")
	q.Set("text", w.Title)
	q.Set("dates", s.Start.UTC().Format(gcal)+"/"+s.End().UTC().Format(gcal))
	if w.Description != "" {
		q.Set("details", w.Description)
	}
	if s.Place != "" {
		q.Set("location", s.Place)
	}
	c.Buttons = append(c.Buttons,
		Button{Label: T(lang, "button.calendar"), URL: ics},
		Button{Label: T(lang, "button.google_calendar"), URL: "https://calendar.google.com/calendar/render?" + q.Encode()},
	)
	return c
}

// meCalendar: "/me calendar" shows the member's personal feed and the
// community's; "/me calendar reset" gives a new personal address.
func (r *Router) meCalendar(ctx context.Context, req *Request, args []string) (Reply, error) {
	if len(args) > 1 || (len(args) == 1 && !strings.EqualFold(args[0], "reset")) {
		return Reply{}, userErr("err.me_usage")
	}
	if r.cfg.PublicURL == "" {
		return Reply{}, userErr("err.calendar_off")
	}
	token, err := r.db.CalendarToken(ctx, req.Member.ID)
	key := "me.calendar"
	if len(args) == 1 {
		token, err = r.db.ResetCalendarToken(ctx, req.Member.ID)
		key = "me.calendar_reset"
	}
	if err != nil {
		return Reply{}, err
	}
	return Reply{Text: T(req.Lang, key, r.cfg.PublicURL+"/calendar/"+token+".ics", r.cfg.PublicURL+"/calendar.ics")}, nil
}

func init() {
	register(map[string][2]string{
		"button.calendar":        {"Add to calendar", "Ajouter à l'agenda"},
		"button.google_calendar": {"Google Calendar", "Google Agenda"},
		"me.calendar": {"Your sessions, in your calendar app (keep this address private): %s\nAll the community's sessions: %s\n`/me calendar reset` gives you a new address if this one leaked.",
			"Vos séances, dans votre agenda (gardez cette adresse pour vous) : %s\nToutes les séances de la communauté : %s\n`/me calendar reset` vous donne une nouvelle adresse si celle-ci a fuité."},
		"me.calendar_reset": {"New address for your sessions (the old one no longer works): %s\nAll the community's sessions: %s",
			"Nouvelle adresse pour vos séances (l'ancienne ne marche plus) : %s\nToutes les séances de la communauté : %s"},
		"err.calendar_off":   {"Calendar feeds are not set up here (http.public_url is empty).", "Les agendas ne sont pas configurés ici (http.public_url est vide)."},
		"err.calendar_token": {"That calendar address is unknown.", "Cette adresse d'agenda est inconnue."},
	})
}
