package commands

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/atelier-bot/atelier/storage"
)

// Home is a member's overview, for a platform's home page (Slack's App
// Home tab): their sessions to come, their open problems, and the open
// workshops they can join. It is neutral like a Reply: cards and text with
// time marks, rendered by each adapter.
type Home struct {
	Sections []HomeSection
	// Lang and Loc are the member's, as in a Reply.
	Lang Lang
	Loc  *time.Location
}

// HomeSection is one titled list of cards; Empty is shown when it has none.
type HomeSection struct {
	Title string
	Empty string
	Cards []Card
}

// How many cards each section of a home shows: Slack caps a home tab at
// 100 blocks, and a page that long is not read anyway.
const (
	homeSessions  = 5
	homeProblems  = 5
	homeWorkshops = 8
)

func init() {
	register(map[string][2]string{
		"home.sessions":       {"Your next sessions", "Vos prochaines séances"},
		"home.sessions_empty": {"No session coming for you. Join a workshop below.", "Aucune séance à venir pour vous. Rejoignez un atelier ci-dessous."},
		"home.problems":       {"Your open problems", "Vos problèmes ouverts"},
		"home.problems_empty": {"You have no open problem. `/problem post` asks the community.", "Vous n'avez aucun problème ouvert. `/problem post` interroge la communauté."},
		"home.workshops":      {"Open workshops", "Ateliers ouverts"},
		"home.waitlisted":     {"on the waitlist", "en liste d'attente"},
		"home.solved":         {"Mark solved", "Marquer résolu"},
		"home.show":           {"Show", "Voir"},
	})
}

// Home builds the home of the member who makes req: req carries who and
// where (Platform, Workspace, UserID, UserName) and the locale and zone
// hints, as for Handle. The member is created on first contact.
func (r *Router) Home(ctx context.Context, req *Request) (Home, error) {
	req.UserName = stripMarks(req.UserName)
	if err := r.resolve(ctx, req); err != nil {
		return Home{}, err
	}
	lang := req.Lang
	h := Home{Lang: lang, Loc: req.Loc}

	sessions, err := r.db.MemberSessions(ctx, req.Member.ID, homeSessions)
	if err != nil {
		return Home{}, err
	}
	sec := HomeSection{Title: T(lang, "home.sessions"), Empty: T(lang, "home.sessions_empty")}
	for _, s := range sessions {
		body := TimeMark(s.Start) + " · " + formatDuration(s.Duration)
		if s.Place != "" {
			body += " · " + s.Place
		}
		if s.State == storage.StateWaitlisted {
			body += " · " + T(lang, "home.waitlisted")
		}
		sec.Cards = append(sec.Cards, Card{
			Entity: Entity{storage.KindWorkshop, s.WorkshopID},
			Title:  fmt.Sprintf("#%d · %s", s.WorkshopID, s.WorkshopTitle),
			Body:   body,
			Buttons: []Button{
				{Label: T(lang, "button.leave"), Line: fmt.Sprintf("workshop leave %d", s.WorkshopID)},
				{Label: T(lang, "button.participants"), Line: fmt.Sprintf("workshop show %d", s.WorkshopID)},
			},
		})
	}
	h.Sections = append(h.Sections, sec)

	problems, err := r.db.ProblemsByAuthor(ctx, req.Member.ID, homeProblems)
	if err != nil {
		return Home{}, err
	}
	sec = HomeSection{Title: T(lang, "home.problems"), Empty: T(lang, "home.problems_empty")}
	for _, p := range problems {
		c := Card{
			Entity: Entity{storage.KindProblem, p.ID},
			Title:  fmt.Sprintf("#%d · %s", p.ID, p.Title),
			Body:   T(lang, "problem.counts", p.Interested, p.CanHelp),
			Footer: T(lang, "problem.footer", p.ID),
		}
		if len(p.Tags) > 0 {
			c.Body += " · " + hashTags(p.Tags)
		}
		if p.Status != storage.ProblemOpen {
			c.Body += " · " + T(lang, "status."+p.Status)
		}
		c.Buttons = []Button{
			{Label: T(lang, "home.show"), Line: fmt.Sprintf("problem show %d", p.ID)},
			{Label: T(lang, "home.solved"), Line: fmt.Sprintf("problem close %d solved", p.ID), Style: "danger"},
		}
		sec.Cards = append(sec.Cards, c)
	}
	h.Sections = append(h.Sections, sec)

	workshops, err := r.db.ListWorkshops(ctx, homeWorkshops)
	if err != nil {
		return Home{}, err
	}
	sec = HomeSection{Title: T(lang, "home.workshops"), Empty: T(lang, "workshop.list_empty")}
	for _, w := range workshops {
		c := r.workshopCardWithLinks(lang, w)
		// The list view has no description: the card stays short.
		c.Body = strings.TrimSpace(firstLine(c.Body))
		sec.Cards = append(sec.Cards, c)
	}
	h.Sections = append(h.Sections, sec)
	return h, nil
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}
