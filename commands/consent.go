package commands

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/atelier-bot/atelier/storage"
)

// The organisations of an event (partners co-organising a workshop, the
// organisations a recruiting session presents) see a registrant's name only
// once that registrant consented for that organisation, nothing being
// ticked by default; their own staff act for them on their events only.

// workshopConsent: "/workshop consent <id>" shows, organisation by
// organisation, what the member shares, with a button to change each;
// "/workshop consent <id> yes|no <organisation>" gives or withdraws one;
// "no all" withdraws every one.
func (r *Router) workshopConsent(ctx context.Context, req *Request) (Reply, error) {
	if len(req.Args) == 0 || len(req.Args) == 2 {
		return Reply{}, errUsage
	}
	id, err := parseID(req.Args[0])
	if err != nil {
		return Reply{}, err
	}
	if len(req.Args) == 1 {
		return r.consentReply(ctx, req, id, "")
	}
	on, ok := onOff(req.Args[1])
	if !ok {
		return Reply{}, userErr("err.consent_word", req.Args[1])
	}
	org := restAfter(req.Rest, 2)
	if isAllWord(org) {
		if on {
			return Reply{}, userErr("err.consent_all", id)
		}
		if _, err := r.db.WithdrawConsents(ctx, id, req.Member.ID); err != nil {
			return Reply{}, err
		}
		return r.consentReply(ctx, req, id, T(req.Lang, "consent.withdrawn_all", id))
	}
	o, err := r.db.SetConsent(ctx, id, req.Member.ID, org, on)
	switch storage.ErrorReason(err) {
	case "":
	case storage.ConsentUnknownOrg:
		orgs, lerr := r.db.EventOrgs(ctx, id)
		if lerr != nil {
			return Reply{}, lerr
		}
		return Reply{}, userErr("err.consent_org", org, id, orgNames(orgs))
	case "consent_not_registered":
		return Reply{}, userErr("err.consent_not_registered", id, id)
	}
	if err != nil {
		return Reply{}, err
	}
	text := T(req.Lang, "consent.given", o.Name, id, id, o.Name)
	if !on {
		text = T(req.Lang, "consent.withdrawn", o.Name, id)
	}
	return r.consentReply(ctx, req, id, text)
}

func isAllWord(s string) bool {
	switch fold(strings.TrimSpace(s)) {
	case "all", "tous", "toutes", "tout":
		return true
	}
	return false
}

func orgNames(orgs []storage.EventOrg) string {
	names := make([]string, len(orgs))
	for i, o := range orgs {
		names[i] = o.Name
	}
	return strings.Join(names, ", ")
}

// consentReply answers text with the member's consent card for a workshop.
func (r *Router) consentReply(ctx context.Context, req *Request, id int64, text string) (Reply, error) {
	s, err := r.db.Consents(ctx, id, req.Member.ID)
	if err != nil {
		return Reply{}, err
	}
	if len(s.Orgs) == 0 {
		return Reply{}, userErr("err.consent_no_org")
	}
	return Reply{Text: text, Cards: []Card{consentCard(req.Lang, id, s)}}, nil
}

// consentCard shows, for each organisation of a workshop, whether the
// member shares their details with it, and a button to change it: the
// checkbox of a form, on every platform.
func consentCard(lang Lang, id int64, s storage.ConsentState) Card {
	c := Card{
		Entity: Entity{storage.KindWorkshop, id},
		Title:  T(lang, "consent.title", id),
		Body:   T(lang, "consent.body"),
		Footer: T(lang, "consent.footer", id),
	}
	// Buttons name the organisation by its Ref ("#2:9f1c"): a Discord
	// custom id holds 100 characters, a name up to 100 by itself.
	for i, o := range s.Orgs {
		label := o.Name + " · " + T(lang, orgRoleKey(o))
		if s.Shared[o.Key] {
			c.Fields = append(c.Fields, Field{label, T(lang, "consent.shared")})
			c.Buttons = append(c.Buttons, Button{Label: T(lang, "button.consent_no", o.Name), Line: fmt.Sprintf("workshop consent %d no %s", id, o.Ref(i+1))})
			continue
		}
		c.Fields = append(c.Fields, Field{label, T(lang, "consent.not_shared")})
		if s.Registered {
			c.Buttons = append(c.Buttons, Button{Label: T(lang, "button.consent_yes", o.Name), Line: fmt.Sprintf("workshop consent %d yes %s", id, o.Ref(i+1))})
		}
	}
	return c
}

func orgRoleKey(o storage.EventOrg) string {
	switch {
	case o.Partner && o.Host:
		return "org.role_both"
	case o.Partner:
		return "org.role_partner"
	}
	return "org.role_host"
}

// askConsent adds, to the answer of a member who just registered for a
// workshop naming organisations, the card asking what to share with each
// (nothing until they say so).
func (r *Router) askConsent(ctx context.Context, req *Request, id int64, rep Reply) (Reply, error) {
	s, err := r.db.Consents(ctx, id, req.Member.ID)
	if err != nil || len(s.Orgs) == 0 || !s.Registered {
		return rep, err
	}
	rep.Cards = append(rep.Cards, consentCard(req.Lang, id, s))
	return rep, nil
}

// workshopRegistrants: "/workshop registrants <id>": to each organisation's
// staff, the registrants who consented to share with it, by name, and how
// many did not; community staff see every registrant and each count.
func (r *Router) workshopRegistrants(ctx context.Context, req *Request) (Reply, error) {
	if len(req.Args) == 0 || len(req.Args) > 2 || (len(req.Args) == 2 && fold(req.Args[1]) != "csv") {
		return Reply{}, errUsage
	}
	id, err := parseID(req.Args[0])
	if err != nil {
		return Reply{}, err
	}
	staff := req.Member.IsStaff()
	if staff && r.cfg.StaffOf != nil {
		// A chapter's staff sees its chapter's registrants as staff, the
		// others' as anyone.
		w, err := r.db.WorkshopBrief(ctx, id)
		if err != nil {
			return Reply{}, err
		}
		staff = r.staffFor(req, w.Chapter)
	}
	v, err := r.db.Registrants(ctx, id, req.Member.ID, staff)
	if err != nil {
		return Reply{}, err
	}
	lang := req.Lang
	if len(req.Args) == 2 {
		return registrantsCSV(lang, v)
	}
	c := Card{
		Entity: Entity{storage.KindWorkshop, id},
		Title:  T(lang, "registrants.title", id, v.Workshop.Title),
		Body:   T(lang, "registrants.total", v.Total),
	}
	if v.All != nil {
		c.Fields = append(c.Fields, Field{T(lang, "registrants.all"), registrantNames(lang, v.All)})
	}
	for _, o := range v.ByOrg {
		value := T(lang, "registrants.none_shared")
		if len(o.Shared) > 0 {
			value = registrantNames(lang, o.Shared)
		}
		if o.Withheld > 0 {
			value += "\n" + T(lang, "registrants.withheld", o.Withheld)
		}
		c.Fields = append(c.Fields, Field{T(lang, "registrants.org", o.Org.Name, len(o.Shared)), value})
	}
	c.Footer = T(lang, "registrants.footer", id)
	return Reply{Cards: []Card{c}}, nil
}

// registrantsCSV is the same list as a file, one row per registrant and
// organisation they share with (shared_with empty: every registrant, for
// staff), for an organisation's own records.
func registrantsCSV(lang Lang, v storage.RegistrantsView) (Reply, error) {
	rows := [][]string{{"workshop", "shared_with", "name", "organisation", "waiting"}}
	add := func(org string, rs []storage.Registrant) {
		for _, p := range rs {
			waiting := ""
			if p.Waiting {
				waiting = "yes"
			}
			rows = append(rows, []string{strconv.FormatInt(v.Workshop.ID, 10), safeCell(org), safeCell(p.Name), safeCell(p.Organisation), waiting})
		}
	}
	add("", v.All)
	for _, o := range v.ByOrg {
		add(o.Org.Name, o.Shared)
	}
	var b bytes.Buffer
	if err := csv.NewWriter(&b).WriteAll(rows); err != nil {
		return Reply{}, fmt.Errorf("commands: registrants csv: %w", err)
	}
	name := fmt.Sprintf("atelier-workshop-%d-registrants.csv", v.Workshop.ID)
	return Reply{Text: T(lang, "registrants.csv", name, len(rows)-1),
		Files: []File{{Name: name, ContentType: "text/csv", Data: b.Bytes()}}}, nil
}

func registrantNames(lang Lang, rs []storage.Registrant) string {
	if len(rs) == 0 {
		return T(lang, "workshop.nobody")
	}
	out := make([]string, len(rs))
	for i, p := range rs {
		out[i] = p.Name
		if p.Organisation != "" {
			out[i] += " (" + p.Organisation + ")"
		}
		if p.Waiting {
			out[i] += " · " + T(lang, "registrants.waiting")
		}
	}
	return strings.Join(out, "\n")
}

// namesWithheld says whether /workshop show keeps a workshop's
// registrants' names from a member: a workshop naming organisations shows
// them to staff only (community staff, or its chapter's), so that no organisation's people read the
// names of those who did not consent to share with it.
func (r *Router) namesWithheld(req *Request, w storage.Workshop) bool {
	return !r.staffFor(req, w.Chapter) && (len(w.Partners) > 0 || w.Kind == storage.KindRecruiting)
}

// partnerRoute lets the staff of an organisation co-organising the
// workshop the request's first argument names through a staff route that
// refused them (refused): their rights reach that workshop and no other.
// Checked here, on the server, whatever the platform showed.
func (r *Router) partnerRoute(ctx context.Context, req *Request, refused error) error {
	if len(req.Args) == 0 {
		return refused
	}
	id, err := parseID(req.Args[0])
	if err != nil {
		return refused
	}
	ok, err := r.db.ManagesWorkshop(ctx, req.Member.ID, id)
	switch {
	case err != nil:
		return err
	case ok:
		return nil
	case req.Member.IsStaff():
		return refused // a chapter's staff, told which chapter it is
	}
	return userErr("err.partner_staff_only")
}

// atelierOrgStaff: "/atelier orgstaff" lists the organisations' staff;
// "/atelier orgstaff add|remove @member[, @member…] <organisation>" (staff)
// names or removes them.
func (r *Router) atelierOrgStaff(ctx context.Context, req *Request) (Reply, error) {
	if len(req.Args) == 0 {
		list, err := r.db.OrgStaff(ctx)
		if err != nil {
			return Reply{}, err
		}
		if len(list) == 0 {
			return Reply{Text: T(req.Lang, "orgstaff.none")}, nil
		}
		var b strings.Builder
		b.WriteString(T(req.Lang, "orgstaff.list"))
		for i, s := range list {
			if i == 0 || list[i-1].Org != s.Org {
				b.WriteString("\n• " + s.Org + ": " + s.Name)
				continue
			}
			b.WriteString(", " + s.Name)
		}
		return Reply{Text: b.String()}, nil
	}
	var on bool
	switch fold(req.Args[0]) {
	case "add", "ajouter", "nommer":
		on = true
	case "remove", "retirer":
	default:
		return Reply{}, errUsage
	}
	// The mentions first, then the organisation's name.
	var mentions, org []string
	for _, w := range req.Args[1:] {
		if _, ok := mentionID(strings.TrimSuffix(w, ",")); ok && len(org) == 0 {
			mentions = append(mentions, strings.TrimSuffix(w, ","))
			continue
		}
		org = append(org, w)
	}
	if len(mentions) == 0 || len(org) == 0 {
		return Reply{}, errUsage
	}
	people, err := r.mentioned(ctx, req, strings.Join(mentions, ", "))
	var ue *userError
	if errors.As(err, &ue) && ue.key == "err.award_unknown_member" {
		// A plain name would not do here, as it does for an award's team.
		return Reply{}, userErr("err.orgstaff_unknown_member", ue.args...)
	}
	if err != nil {
		return Reply{}, err
	}
	var names []string
	var name string
	for _, p := range people {
		if name, err = r.db.SetOrgStaff(ctx, strings.Join(org, " "), p.MemberID, on); err != nil {
			return Reply{}, err
		}
		names = append(names, p.Name)
	}
	key := "orgstaff.added"
	if !on {
		key = "orgstaff.removed"
	}
	return Reply{Text: T(req.Lang, key, strings.Join(names, ", "), name)}, nil
}
