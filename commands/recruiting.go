package commands

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/atelier-bot/atelier/storage"
)

// Recruiting sessions: member organisations present their open positions
// to young PhDs; the card lists the offers presented.

// workshopRecruiting: "/workshop recruiting <id> <job id>[, <job id>…]"
// (staff) makes a workshop a recruiting session presenting those offers;
// "none" makes it an ordinary workshop again.
func (r *Router) workshopRecruiting(ctx context.Context, req *Request) (Reply, error) {
	word, rest := firstWord(req.Rest)
	if word == "" || rest == "" {
		return Reply{}, errUsage
	}
	id, err := parseID(word)
	if err != nil {
		return Reply{}, err
	}
	var jobs []int64
	if !isNoneWord(rest) {
		for _, f := range strings.FieldsFunc(rest, func(r rune) bool { return r == ',' || r == ';' || r == ' ' }) {
			j, err := parseID(f)
			if err != nil {
				return Reply{}, err
			}
			jobs = append(jobs, j)
		}
	}
	w, err := r.db.SetRecruiting(ctx, id, jobs)
	if err != nil {
		return Reply{}, err
	}
	text := T(req.Lang, "workshop.recruiting_off", w.ID)
	if w.Kind == storage.KindRecruiting {
		text = T(req.Lang, "workshop.recruiting_on", w.ID, linkedJobsText(w.Jobs, ", "))
	}
	return Reply{Text: text, Refresh: []Entity{{storage.KindWorkshop, w.ID}}}, nil
}

func linkedJobsText(js []storage.LinkedJob, sep string) string {
	lines := make([]string, len(js))
	for i, j := range js {
		lines[i] = fmt.Sprintf("#%d %s (%s)", j.ID, j.Title, j.Organisation)
	}
	return strings.Join(lines, sep)
}

// recruitingField is the card's list of the offers presented.
func recruitingField(lang Lang, w storage.Workshop) (Field, bool) {
	if w.Kind != storage.KindRecruiting {
		return Field{}, false
	}
	v := T(lang, "workshop.recruiting_no_offer")
	if len(w.Jobs) > 0 {
		v = linkedJobsText(w.Jobs, "\n")
	}
	return Field{T(lang, "label.recruiting"), v}, true
}

// recruitingStatsText is the stats' line on recruiting sessions; "" when
// there were none.
func (r *Router) recruitingStatsText(ctx context.Context, lang Lang, from, to time.Time) (string, error) {
	s, err := r.db.CountRecruiting(ctx, from, to)
	if err != nil || s.Sessions == 0 {
		return "", err
	}
	return T(lang, "stats.recruiting", s.Sessions, s.Participants), nil
}

// appendRecruitingRows adds the recruiting sessions to the stats CSV.
func (r *Router) appendRecruitingRows(ctx context.Context, data []byte, from, to time.Time) ([]byte, error) {
	s, err := r.db.CountRecruiting(ctx, from, to)
	if err != nil || s.Sessions == 0 {
		return data, err
	}
	return appendCSV(data, "recruiting", [][]string{{"recruiting", "sessions", strconv.Itoa(s.Sessions)}, {"recruiting", "participants", strconv.Itoa(s.Participants)}})
}

// RecruitingOfferMessage tells a registrant of a recruiting session of a
// new offer from one of its organisations, with the offer's card.
func RecruitingOfferMessage(lang Lang, o storage.RecruitingOffer, now time.Time) (string, Card) {
	c := JobCard(lang, o.Job, now)
	c.Footer = T(lang, "recruiting.offer_footer")
	return T(lang, "recruiting.new_offer", o.Job.Organisation, o.Workshop.ID, o.Workshop.Title), c
}
