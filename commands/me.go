package commands

import (
	"context"
	"strings"

	"github.com/atelier-bot/atelier/storage"
)

// me: "/me" shows the profile; "/me org|interests|language|timezone|role …"
// changes it.
func (r *Router) me(ctx context.Context, req *Request) (Reply, error) {
	if len(req.Args) == 0 {
		return Reply{Cards: []Card{r.profileCard(req, req.Member)}}, nil
	}
	field, args := strings.ToLower(req.Args[0]), req.Args[1:]
	var u storage.MemberUpdate
	var m storage.Member
	var err error
	switch field {
	case "skills", "competences", "compétences":
		if len(args) == 1 {
			return r.meSkillQuestions(ctx, req, args[0])
		}
		if len(args) > 1 {
			return Reply{}, userErr("err.skills_usage")
		}
		return r.meSkills(ctx, req)
	case "reuse", "resservi":
		return r.meReuse(ctx, req, args)
	case "trainings", "formations":
		return r.meTrainingNudges(ctx, req, args)
	case "orgs", "org-history", "historique":
		return r.meOrgHistory(ctx, req)
	case "org", "organisation", "organization":
		org := restAfter(req.Rest, 1)
		if org == "" {
			return Reply{}, userErr("err.me_usage")
		}
		u.Organisation = &org
	case "interests", "intérêts", "interets":
		if len(args) < 2 {
			return Reply{}, userErr("err.me_usage")
		}
		tags, err := tagsArg(args[1:])
		if err != nil {
			return Reply{}, err
		}
		switch strings.ToLower(args[0]) {
		case "add", "ajouter":
			m, err = r.db.AddInterests(ctx, req.Member.ID, tags)
		case "remove", "retirer", "enlever":
			m, err = r.db.RemoveInterests(ctx, req.Member.ID, tags)
		default:
			return Reply{}, userErr("err.me_usage")
		}
		if err != nil {
			return Reply{}, err
		}
		return r.profileUpdated(req, m), nil
	case "language", "langue", "lang":
		if len(args) != 1 {
			return Reply{}, userErr("err.me_usage")
		}
		l, ok := ParseLang(args[0])
		if !ok {
			return Reply{}, userErr("err.language")
		}
		s := string(l)
		u.Language = &s
	case "timezone", "tz", "fuseau":
		if len(args) != 1 {
			return Reply{}, userErr("err.me_usage")
		}
		u.Timezone = &args[0]
	case "dateorder", "date-order", "dates", "ordredates", "ordre-dates":
		if len(args) != 1 {
			return Reply{}, userErr("err.dateorder")
		}
		o, ok := ParseDateOrder(args[0])
		if !ok {
			return Reply{}, userErr("err.dateorder")
		}
		s := string(o)
		u.DateOrder = &s
	case "calendar", "agenda", "calendrier":
		return r.meCalendar(ctx, req, args)
	case "chapter", "chapitre":
		return r.meChapter(ctx, req, args)
	case "reminders", "rappels":
		return r.meReminders(ctx, req, args)
	case "opportunities", "opportunites", "opportunités", "opportunity", "opportunite", "opportunité":
		return r.meOpportunities(ctx, req, args)
	case "notify", "notifications", "notifier":
		return r.meNotify(ctx, req, args)
	case "notify-on", "notifyon", "notifier-sur":
		return r.meNotifyOn(ctx, req, args)
	case "role", "rôle":
		if len(args) != 1 {
			return Reply{}, userErr("err.me_usage")
		}
		role, ok := map[string]string{"member": storage.RoleMember, "membre": storage.RoleMember,
			"researcher": storage.RoleResearcher, "chercheur": storage.RoleResearcher, "chercheuse": storage.RoleResearcher}[strings.ToLower(args[0])]
		if !ok {
			return Reply{}, userErr("err.role")
		}
		u.Role = &role
	default:
		return Reply{}, userErr("err.me_usage")
	}
	if m, err = r.db.UpdateMember(ctx, req.Member.ID, u); err != nil {
		return Reply{}, err
	}
	return r.profileUpdated(req, m), nil
}

// profileUpdated answers in the member's new language, if they just chose
// one.
func (r *Router) profileUpdated(req *Request, m storage.Member) Reply {
	req.Member = m
	req.Lang = r.langOf(req)
	req.Loc = r.locOf(req)
	if o, ok := ParseDateOrder(m.DateOrder); ok {
		req.Order = o
	}
	return Reply{Text: T(req.Lang, "me.updated"), Cards: []Card{r.profileCard(req, m)}}
}

func (r *Router) profileCard(req *Request, m storage.Member) Card {
	lang := req.Lang
	dash := func(s string) string {
		if s == "" {
			return "—"
		}
		return s
	}
	tz := m.Timezone
	if tz == "" {
		tz = T(lang, "me.default", req.Loc.String())
	}
	language := T(lang, "lang."+string(lang))
	if m.Language == "" {
		language = T(lang, "me.default", language)
	}
	interests := "—"
	if len(m.Interests) > 0 {
		interests = hashTags(m.Interests)
	}
	card := Card{
		Title: m.DisplayName,
		Fields: []Field{
			{T(lang, "label.organisation"), dash(m.Organisation)},
			{T(lang, "label.role"), T(lang, "role."+m.Role)},
			{T(lang, "label.interests"), interests},
			{T(lang, "label.language"), language},
			{T(lang, "label.timezone"), tz},
			{T(lang, "label.dateorder"), r.dateOrderText(req, m)},
		},
		Footer: T(lang, "me.footer"),
	}
	if r.chaptered() {
		card.Fields = append(card.Fields, Field{T(lang, "label.chapter"), r.memberChapter(lang, m)})
	}
	return card
}

// dateOrderText says how the member's numeric dates are read, and whether
// that is their choice or the community's.
func (r *Router) dateOrderText(req *Request, m storage.Member) string {
	if o, ok := ParseDateOrder(m.DateOrder); ok {
		return T(req.Lang, "dateorder."+string(o))
	}
	o := r.cfg.DateOrder
	if o == "" {
		o = DayFirst
	}
	return T(req.Lang, "me.default", T(req.Lang, "dateorder."+string(o)))
}
