package commands

import (
	"context"
	"fmt"
	"strings"

	"github.com/atelier-bot/atelier/storage"
)

// Interest matching at the edge: problems posted and workshops created or
// announced are matched to members' interests after they are stored (jobs
// are matched by storage in the transaction that posts them), and members
// turn the messages off or on with /me notify.

// matchNew tells the members whose interests match a new problem or
// workshop; it returns how many will be told. The thing is stored
// already, so a failure here is logged and the post stands: nobody is
// told, and matching it again (an announce) tries once more.
func (r *Router) matchNew(ctx context.Context, ev storage.MatchEvent) int {
	n, err := r.db.MatchInterests(ctx, ev)
	if err != nil {
		r.cfg.Logger.Error("interest matching", "kind", ev.Kind, "id", ev.ID, "err", err)
		return 0
	}
	return n
}

// matchedLine says how many members will hear of a post; "" for none.
func matchedLine(lang Lang, n int) string {
	if n == 0 {
		return ""
	}
	return "\n" + T(lang, "match.told", n)
}

// meNotify: "/me notify off|on".
func (r *Router) meNotify(ctx context.Context, req *Request, args []string) (Reply, error) {
	if len(args) != 1 {
		return Reply{}, userErr("err.notify_usage")
	}
	on, ok := onOff(args[0])
	if !ok {
		return Reply{}, userErr("err.notify_usage")
	}
	if err := r.db.SetMatchNotify(ctx, req.Member.ID, on); err != nil {
		return Reply{}, err
	}
	switch {
	case !on:
		return Reply{Text: T(req.Lang, "match.notify_off")}, nil
	case len(req.Member.Interests) == 0:
		return Reply{Text: T(req.Lang, "match.notify_on_none")}, nil
	}
	return Reply{Text: T(req.Lang, "match.notify_on", hashTags(req.Member.Interests))}, nil
}

// maxMatchCards bounds the cards of one match message; the rest are lines.
const maxMatchCards = 5

// MatchMessage is a member's daily message of new things on their
// interests: a card each, with what to do about it (for a problem,
// "Interested" and "I can help", so staff see who would come to a workshop
// before creating one).
func MatchMessage(lang Lang, d storage.MatchDigest) (string, []Card) {
	mine := map[string]bool{}
	for _, t := range d.Interests {
		mine[t] = true
	}
	shared := func(tags []string) string {
		var out []string
		for _, t := range tags {
			if mine[t] {
				out = append(out, t)
			}
		}
		return hashTags(out)
	}
	var b strings.Builder
	b.WriteString(T(lang, "match.header"))
	var cards []Card
	for i, it := range d.Items {
		var c Card
		switch it.Kind {
		case storage.KindProblem:
			p := it.Problem
			c = Card{
				Entity: Entity{storage.KindProblem, p.ID},
				Title:  T(lang, "match.kind.problem") + fmt.Sprintf(" #%d · %s", p.ID, p.Title),
				Body:   T(lang, "match.shares", shared(p.Tags)),
				Fields: []Field{{T(lang, "label.author"), p.AuthorName}, {T(lang, "label.tags"), hashTags(p.Tags)}},
				Buttons: []Button{
					{Label: T(lang, "button.match_interested"), Line: fmt.Sprintf("problem interested %d", p.ID), Style: "primary"},
					{Label: T(lang, "button.canhelp"), Line: fmt.Sprintf("problem canhelp %d", p.ID)},
					{Label: T(lang, "button.details"), Line: fmt.Sprintf("problem show %d", p.ID)},
				},
			}
		case storage.KindWorkshop:
			w := it.Workshop
			next := T(lang, "workshop.no_session")
			if w.NextSession.ID != 0 {
				next = TimeMark(w.NextSession.Start) + " · " + formatDuration(w.NextSession.Duration)
			}
			join := T(lang, "button.join")
			if w.Full() {
				join = T(lang, "button.join_waitlist")
			}
			c = Card{
				Entity: Entity{storage.KindWorkshop, w.ID},
				Title:  T(lang, "match.kind.workshop") + fmt.Sprintf(" #%d · %s", w.ID, w.Title),
				Body:   T(lang, "match.shares", shared(w.Tags)),
				Fields: []Field{{T(lang, "label.next_session"), next}, {T(lang, "label.seats"), seats(lang, w, false)}},
				Buttons: []Button{
					{Label: join, Line: fmt.Sprintf("workshop join %d", w.ID), Style: "primary"},
					{Label: T(lang, "button.details"), Line: fmt.Sprintf("workshop show %d", w.ID)},
				},
			}
		case storage.KindJob:
			j := it.Job
			c = Card{
				Entity: Entity{storage.KindJob, j.ID},
				Title:  T(lang, "match.kind.job") + fmt.Sprintf(" #%d · %s", j.ID, j.Title),
				Body:   T(lang, "match.shares", shared(j.Tags)),
				Fields: []Field{
					{T(lang, "label.organisation"), j.Organisation},
					{T(lang, "label.contract"), T(lang, "contract."+j.Contract) + " · " + T(lang, "level."+j.Level)},
					{T(lang, "label.location"), jobPlace(lang, j)},
				},
				Buttons: []Button{
					{Label: T(lang, "button.apply"), URL: j.ApplyURL, Style: "primary"},
					{Label: T(lang, "button.details"), Line: fmt.Sprintf("jobs show %d", j.ID)},
				},
			}
		default:
			continue
		}
		if i < maxMatchCards {
			cards = append(cards, c)
			continue
		}
		b.WriteString("\n• " + c.Title)
	}
	if len(cards) > 0 {
		cards[len(cards)-1].Footer = T(lang, "match.footer")
	}
	return b.String(), cards
}
