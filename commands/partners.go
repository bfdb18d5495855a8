package commands

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/atelier-bot/atelier/storage"
)

// Partner organisations co-organising a workshop: a special day run with
// another association names it on the card, in the calendar feeds and in
// the stats.

// workshopPartners: "/workshop partners <id> <organisation>[, <organisation>…]"
// (staff) names the workshop's partners, replacing those named before;
// "none" clears them.
func (r *Router) workshopPartners(ctx context.Context, req *Request) (Reply, error) {
	word, rest := firstWord(req.Rest)
	if word == "" || rest == "" {
		return Reply{}, errUsage
	}
	id, err := parseID(word)
	if err != nil {
		return Reply{}, err
	}
	var names []string
	if !isNoneWord(rest) {
		names = strings.FieldsFunc(rest, func(r rune) bool { return r == ',' || r == ';' })
	}
	w, err := r.db.SetPartners(ctx, id, names)
	if err != nil {
		return Reply{}, err
	}
	text := T(req.Lang, "workshop.partners_cleared", w.ID)
	if len(w.Partners) > 0 {
		text = T(req.Lang, "workshop.partners_set", w.ID, strings.Join(w.Partners, ", "))
	}
	return Reply{Text: text, Refresh: []Entity{{storage.KindWorkshop, w.ID}}}, nil
}

func isNoneWord(s string) bool {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "none", "aucun", "aucune", "-":
		return true
	}
	return false
}

// partnerField is the card's "Co-organised with" line, when there are any.
func partnerField(lang Lang, w storage.Workshop) (Field, bool) {
	if len(w.Partners) == 0 {
		return Field{}, false
	}
	return Field{T(lang, "label.partners"), strings.Join(w.Partners, ", ")}, true
}

// PartnersLine is how a calendar event names a workshop's partners.
func PartnersLine(lang Lang, partners []string) string {
	if len(partners) == 0 {
		return ""
	}
	return T(lang, "partners.line", strings.Join(partners, ", "))
}

// partnerStatsText is the stats' co-organised line; "" when none.
func (r *Router) partnerStatsText(ctx context.Context, lang Lang, from, to time.Time) (string, error) {
	s, err := r.db.CountPartners(ctx, from, to)
	if err != nil || s.Workshops == 0 {
		return "", err
	}
	var xs []string
	for i, c := range s.ByPartner {
		if i == storage.TopN {
			break
		}
		xs = append(xs, fmt.Sprintf("%s (%d)", c.Name, c.N))
	}
	return T(lang, "stats.partners", s.Workshops, strings.Join(xs, ", ")), nil
}

// appendPartnerRows adds the co-organised workshops to the stats CSV.
func (r *Router) appendPartnerRows(ctx context.Context, data []byte, from, to time.Time) ([]byte, error) {
	s, err := r.db.CountPartners(ctx, from, to)
	if err != nil || s.Workshops == 0 {
		return data, err
	}
	rows := [][]string{{"workshops_with_partners", "", strconv.Itoa(s.Workshops)}}
	for _, c := range s.ByPartner {
		rows = append(rows, []string{"partner_workshops", safeCell(c.Name), strconv.Itoa(c.N)})
	}
	return appendCSV(data, "partner", rows)
}
