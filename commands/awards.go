package commands

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/atelier-bot/atelier/storage"
)

// The Awards: staff run editions (categories, published criteria, a
// nomination window, a jury phase, a results date), members nominate and,
// when the edition has a community prize, vote; jurors score privately.
// Members never see a score or a vote: only the winners, on the results
// card the scheduler posts at the results date.

// awardTemplate is the five prizes of the club's first edition, and the
// criteria jurors score on; staff edit both before nominations close.
var awardTemplate = []storage.Category{
	{NameEN: "Most audacious project", NameFR: "Projet le plus audacieux"},
	{NameEN: "Most innovative project", NameFR: "Projet le plus innovant"},
	{NameEN: "Most inclusive project", NameFR: "Projet le plus inclusif"},
	{NameEN: "Most beneficial to society", NameFR: "Projet le plus bénéfique pour la société"},
	{NameEN: "Organisation whose work AI improved most", NameFR: "Organisation dont l'IA a le plus amélioré le travail"},
}

var awardCriteria = []storage.Criterion{
	{NameEN: "Impact", NameFR: "Impact"},
	{NameEN: "Originality", NameFR: "Originalité"},
	{NameEN: "Execution", NameFR: "Réalisation"},
}

// Default lengths of a new edition's phases, changed with /awards set.
const (
	awardNominationDays = 30
	awardJuryDays       = 14
)

func catName(lang Lang, c storage.Category) string {
	if lang == FR {
		return c.NameFR
	}
	return c.NameEN
}

func critName(lang Lang, c storage.Criterion) string {
	if lang == FR {
		return c.NameFR
	}
	return c.NameEN
}

// awardPosts are the channels that hear of an edition's phases.
func (r *Router) awardPosts() []storage.Address {
	var posts []storage.Address
	if r.cfg.Channels != nil {
		for _, t := range r.cfg.Channels("announcements") {
			posts = append(posts, storage.Address{Platform: t.Platform, Workspace: t.Workspace, Channel: t.Channel})
		}
	}
	return posts
}

// awardsCreate: "/awards create <name>", with the template's categories
// and criteria and default dates, shown back with how to change them.
func (r *Router) awardsCreate(ctx context.Context, req *Request) (Reply, error) {
	name := strings.TrimSpace(req.Rest)
	if name == "" {
		return Reply{}, errUsage
	}
	now := req.Now.Truncate(time.Minute)
	e := storage.Edition{Name: name, OpensAt: now, ClosesAt: now.Add(awardNominationDays * 24 * time.Hour),
		Categories: append([]storage.Category{}, awardTemplate...), Criteria: append([]storage.Criterion{}, awardCriteria...)}
	e.ResultsAt = e.ClosesAt.Add(awardJuryDays * 24 * time.Hour)
	if err := r.db.CreateEdition(ctx, &e, r.awardPosts()); err != nil {
		return Reply{}, err
	}
	return Reply{Text: T(req.Lang, "awards.created", e.ID, e.Name) + "\n" + T(req.Lang, "awards.edit_hint", e.ID),
		Cards: []Card{editionCard(req.Lang, e, req.Now, nil)}}, nil
}

// editionOf reads the edition named by args[0].
func (r *Router) editionOf(ctx context.Context, arg string) (storage.Edition, error) {
	id, err := parseID(arg)
	if err != nil {
		return storage.Edition{}, err
	}
	return r.db.Edition(ctx, id)
}

var awardDateWords = map[string]string{
	"opens": "opens", "open": "opens", "ouverture": "opens", "ouvre": "opens",
	"closes": "closes", "close": "closes", "cloture": "closes", "clôture": "closes", "ferme": "closes",
	"results": "results", "resultats": "results", "résultats": "results",
}

// awardsSet: "/awards set <id> opens|closes|results <when>", "… name
// <name>", "… community on|off" (staff).
func (r *Router) awardsSet(ctx context.Context, req *Request) (Reply, error) {
	if len(req.Args) < 3 {
		return Reply{}, errUsage
	}
	e, err := r.editionOf(ctx, req.Args[0])
	if err != nil {
		return Reply{}, err
	}
	what := strings.ToLower(req.Args[1])
	value := strings.TrimSpace(restAfter(req.Rest, 2))
	var shown, echo string
	switch {
	case awardDateWords[what] != "":
		u, err := dateParser(req).Parse(value)
		if err != nil {
			return Reply{}, err
		}
		t := u.At
		switch awardDateWords[what] {
		case "opens":
			e.OpensAt = t
		case "closes":
			e.ClosesAt = t
		case "results":
			e.ResultsAt = t
		}
		shown, echo = TimeMark(t), "\n"+readAs(req, t)
	case what == "name" || what == "nom":
		e.Name, shown = value, value
	case what == "community" || what == "communaute" || what == "communauté":
		on, ok := onOff(value)
		if !ok {
			return Reply{}, errUsage
		}
		e.CommunityPrize = on
		shown = T(req.Lang, "awards.community_off")
		if on {
			shown = T(req.Lang, "awards.community_on")
		}
	default:
		return Reply{}, userErr("err.award_set_what", req.Args[1])
	}
	if err := r.db.SaveEdition(ctx, &e, r.awardPosts()); err != nil {
		return Reply{}, err
	}
	return Reply{Text: T(req.Lang, "awards.saved", e.ID, shown) + echo, Cards: []Card{editionCard(req.Lang, e, req.Now, nil)}}, nil
}

// onOff reads a switch word in either language (an award setting, "/me
// … on|off"); ok is false when the word is neither.
func onOff(s string) (bool, bool) {
	switch fold(strings.TrimSpace(s)) {
	case "on", "oui", "yes", "true", "1", "activer", "active":
		return true, true
	case "off", "non", "no", "false", "0", "desactiver", "desactive", "stop":
		return false, true
	}
	return false, false
}

// twoNames reads "English name | nom français".
func twoNames(s string) (en, fr string, ok bool) {
	en, fr, ok = strings.Cut(s, "|")
	en, fr = strings.TrimSpace(en), strings.TrimSpace(fr)
	return en, fr, ok && en != "" && fr != ""
}

// awardsCategory: "/awards category <id> add <EN> | <FR>", "… rename <n>
// <EN> | <FR>", "… remove <n>" (staff); criteria the same with
// /awards criterion.
func (r *Router) awardsParts(criteria bool) HandlerFunc {
	return func(ctx context.Context, req *Request) (Reply, error) {
		if len(req.Args) < 2 {
			return Reply{}, errUsage
		}
		e, err := r.editionOf(ctx, req.Args[0])
		if err != nil {
			return Reply{}, err
		}
		verb := strings.ToLower(req.Args[1])
		n := len(e.Categories)
		if criteria {
			n = len(e.Criteria)
		}
		pos := 0
		rest := strings.TrimSpace(restAfter(req.Rest, 2))
		if verb == "rename" || verb == "renommer" || verb == "remove" || verb == "retirer" || verb == "supprimer" {
			if len(req.Args) < 3 {
				return Reply{}, errUsage
			}
			pos, err = strconv.Atoi(strings.TrimPrefix(req.Args[2], "#"))
			if err != nil || pos < 1 || pos > n {
				return Reply{}, userErr("err.award_position", req.Args[2], n)
			}
			rest = strings.TrimSpace(restAfter(req.Rest, 3))
		}
		var en, fr string
		switch verb {
		case "add", "ajouter", "rename", "renommer":
			var ok bool
			if en, fr, ok = twoNames(rest); !ok {
				return Reply{}, userErr("err.award_two_names")
			}
		case "remove", "retirer", "supprimer":
		default:
			return Reply{}, errUsage
		}
		switch {
		case criteria && (verb == "add" || verb == "ajouter"):
			e.Criteria = append(e.Criteria, storage.Criterion{NameEN: en, NameFR: fr})
		case criteria && pos > 0 && en != "":
			e.Criteria[pos-1].NameEN, e.Criteria[pos-1].NameFR = en, fr
		case criteria:
			e.Criteria = append(e.Criteria[:pos-1:pos-1], e.Criteria[pos:]...)
		case verb == "add" || verb == "ajouter":
			last := 0
			for _, c := range e.Categories {
				last = max(last, c.Position)
			}
			e.Categories = append(e.Categories, storage.Category{Position: last + 1, NameEN: en, NameFR: fr})
		case en != "":
			e.Categories[pos-1].NameEN, e.Categories[pos-1].NameFR = en, fr
		default:
			e.Categories = append(e.Categories[:pos-1:pos-1], e.Categories[pos:]...)
		}
		if err := r.db.SaveEdition(ctx, &e, r.awardPosts()); err != nil {
			return Reply{}, err
		}
		return Reply{Text: T(req.Lang, "awards.parts_saved", e.ID), Cards: []Card{editionCard(req.Lang, e, req.Now, nil)}}, nil
	}
}

// mentioned reads people typed as mentions (<@U123>, <@!123>, and @name on
// the console) or as plain names, separated by commas. Members are found
// by their account on the platform typing; an account the bot has never
// seen is refused by name.
func (r *Router) mentioned(ctx context.Context, req *Request, text string, before ...storage.TeamMember) ([]storage.TeamMember, error) {
	var out []storage.TeamMember
	seen := map[int64]bool{}
	for _, part := range strings.Split(text, ",") {
		var plain []string
		for _, w := range strings.Fields(part) {
			uid, ok := mentionID(w)
			if !ok {
				plain = append(plain, w)
				continue
			}
			m, err := r.db.FindMember(ctx, storage.Identity{Platform: req.Platform, Workspace: req.Workspace, UserID: uid})
			if storage.ErrorCode(err) == storage.ENOTFOUND && strings.HasPrefix(w, "@") {
				m, err = r.db.MemberNamed(ctx, uid)
			}
			if storage.ErrorCode(err) == storage.ENOTFOUND {
				return nil, userErr("err.award_unknown_member", w)
			}
			if err != nil {
				return nil, err
			}
			if !seen[m.ID] {
				seen[m.ID] = true
				out = append(out, storage.TeamMember{MemberID: m.ID, Name: m.DisplayName})
			}
		}
		if name := strings.Join(plain, " "); name != "" {
			t := storage.TeamMember{Name: name}
			// A member already in the team, written back by name when
			// the nomination is edited, stays that member.
			for _, b := range before {
				if b.MemberID != 0 && strings.EqualFold(b.Name, name) && !seen[b.MemberID] {
					t.MemberID = b.MemberID
					seen[b.MemberID] = true
				}
			}
			out = append(out, t)
		}
	}
	return out, nil
}

// mentionID reads a mention: Slack's <@U123> or <@U123|name>, Discord's
// <@123> or <@!123>, and @name as typed (the console's user ids are
// names; elsewhere it is looked up by display name, Slack's slash
// commands sending mentions as typed).
func mentionID(w string) (string, bool) {
	if strings.HasPrefix(w, "<@") && strings.HasSuffix(w, ">") {
		id := strings.TrimPrefix(strings.TrimSuffix(w[2:], ">"), "!")
		id, _, _ = strings.Cut(id, "|")
		return id, id != ""
	}
	if strings.HasPrefix(w, "@") && len(w) > 1 {
		return w[1:], true
	}
	return "", false
}

// awardsJury: "/awards jury <id> add|remove <@member …>" (staff).
func (r *Router) awardsJury(ctx context.Context, req *Request) (Reply, error) {
	if len(req.Args) < 3 {
		return Reply{}, errUsage
	}
	e, err := r.editionOf(ctx, req.Args[0])
	if err != nil {
		return Reply{}, err
	}
	var on bool
	switch strings.ToLower(req.Args[1]) {
	case "add", "ajouter", "nommer":
		on = true
	case "remove", "retirer":
	default:
		return Reply{}, errUsage
	}
	people, err := r.mentioned(ctx, req, strings.Join(req.Args[2:], " "))
	if err != nil {
		return Reply{}, err
	}
	var names []string
	for _, p := range people {
		if p.MemberID == 0 {
			return Reply{}, userErr("err.award_juror_name", p.Name)
		}
		if err := r.db.SetJuror(ctx, e.ID, p.MemberID, on); err != nil {
			return Reply{}, err
		}
		names = append(names, p.Name)
	}
	key := "awards.jurors_added"
	if !on {
		key = "awards.jurors_removed"
	}
	return Reply{Text: T(req.Lang, key, strings.Join(names, ", "), e.ID)}, nil
}

// awardsList: "/awards list": every edition and its phase.
func (r *Router) awardsList(ctx context.Context, req *Request) (Reply, error) {
	es, err := r.db.Editions(ctx)
	if err != nil {
		return Reply{}, err
	}
	if len(es) == 0 {
		return Reply{Text: T(req.Lang, "awards.none")}, nil
	}
	var b strings.Builder
	b.WriteString(T(req.Lang, "awards.list"))
	for _, e := range es {
		fmt.Fprintf(&b, "\n• #%d %s · %s", e.ID, e.Name, phaseLine(req.Lang, e, req.Now))
	}
	return Reply{Text: b.String()}, nil
}

func phaseLine(lang Lang, e storage.Edition, now time.Time) string {
	switch e.Phase(now) {
	case storage.PhaseUpcoming:
		return T(lang, "awards.phase_upcoming", TimeMark(e.OpensAt))
	case storage.PhaseNominations:
		return T(lang, "awards.phase_nominations", TimeMark(e.ClosesAt))
	case storage.PhaseJury:
		return T(lang, "awards.phase_jury", TimeMark(e.ResultsAt))
	}
	return T(lang, "awards.phase_results", TimeMark(e.ResultsAt))
}

// latestEdition is the edition a command without an id is about: the
// newest.
func (r *Router) latestEdition(ctx context.Context, args []string) (storage.Edition, []string, error) {
	if len(args) > 0 {
		if _, err := parseID(args[0]); err == nil {
			e, err := r.editionOf(ctx, args[0])
			return e, args[1:], err
		}
	}
	es, err := r.db.Editions(ctx)
	if err != nil {
		return storage.Edition{}, nil, err
	}
	if len(es) == 0 {
		return storage.Edition{}, nil, userErr("err.award_edition")
	}
	return es[0], args, nil
}

// awardsShow: "/awards show [id]": the dates, categories, criteria and
// nominations; once the results are out, the winners. No scores, no votes.
func (r *Router) awardsShow(ctx context.Context, req *Request) (Reply, error) {
	e, _, err := r.latestEdition(ctx, req.Args)
	if err != nil {
		return Reply{}, err
	}
	ns, err := r.db.Nominations(ctx, e.ID)
	if err != nil {
		return Reply{}, err
	}
	reply := Reply{Cards: []Card{editionCard(req.Lang, e, req.Now, ns)}}
	if e.Phase(req.Now) == storage.PhaseResults {
		rep, err := r.db.AwardReport(ctx, e.ID)
		if err != nil {
			return Reply{}, err
		}
		reply.Cards = append(reply.Cards, AwardResultCards(req.Lang, rep)...)
	}
	return reply, nil
}

// editionCard shows an edition to anyone: its phase, dates, categories,
// criteria and, when given, its nominations by category.
func editionCard(lang Lang, e storage.Edition, now time.Time, ns []storage.Nomination) Card {
	var cats strings.Builder
	for _, c := range e.Categories {
		fmt.Fprintf(&cats, "%d. %s", c.Position, catName(lang, c))
		if ns != nil {
			var titles []string
			for _, n := range ns {
				if containsPos(n.Categories, c.Position) {
					titles = append(titles, fmt.Sprintf("#%d %s (%s)", n.ID, n.Title, n.Organisation))
				}
			}
			if len(titles) > 0 {
				cats.WriteString(": " + strings.Join(titles, " · "))
			}
		}
		cats.WriteString("\n")
	}
	var crits []string
	for _, c := range e.Criteria {
		crits = append(crits, critName(lang, c))
	}
	c := Card{
		Title: fmt.Sprintf("🏆 #%d · %s", e.ID, e.Name),
		Body:  phaseLine(lang, e, now),
		Fields: []Field{
			{T(lang, "label.award_nominations"), T(lang, "awards.window", TimeMark(e.OpensAt), TimeMark(e.ClosesAt))},
			{T(lang, "label.award_results"), TimeMark(e.ResultsAt)},
			{T(lang, "label.award_categories"), strings.TrimRight(cats.String(), "\n")},
			{T(lang, "label.award_criteria"), strings.Join(crits, " · ")},
		},
		Footer: T(lang, "awards.footer", e.ID),
	}
	if e.CommunityPrize {
		c.Fields = append(c.Fields, Field{T(lang, "label.award_community"), T(lang, "awards.community_on")})
	}
	switch e.Phase(now) {
	case storage.PhaseNominations:
		c.Buttons = append(c.Buttons, Button{Label: T(lang, "button.nominate"), Line: fmt.Sprintf("awards nominate %d", e.ID), Style: "primary"})
	case storage.PhaseJury:
		if e.CommunityPrize {
			c.Buttons = append(c.Buttons, Button{Label: T(lang, "button.vote"), Line: fmt.Sprintf("awards vote %d", e.ID), Style: "primary"})
		}
	}
	return c
}

func containsPos(xs []int, x int) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}

// nominationInput is a nomination as typed or submitted.
type nominationInput struct {
	title, organisation, pitch, team, details string
	before                                    []storage.TeamMember // the team before an edit
}

// awardsNominate: "/awards nominate <edition> <categories> [kind] [link] |
// <title> | <organisation> | <pitch> [| <team>]", or a form.
func (r *Router) awardsNominate(ctx context.Context, req *Request) (Reply, error) {
	e, rest, err := r.latestEdition(ctx, req.Args)
	if err != nil {
		return Reply{}, err
	}
	var in nominationInput
	switch {
	case len(req.Fields) > 0:
		in = nominationInput{title: req.Field("title"), organisation: req.Field("organisation"), pitch: req.Field("pitch"),
			team: req.Field("team"), details: req.Field("categories")}
	case len(rest) == 0 && req.CanForm:
		if err := nominationOpen(e, req.Now); err != nil {
			return Reply{}, err
		}
		return Reply{Form: nominationForm(req.Lang, e, nil)}, nil
	default:
		text := req.Rest
		if len(rest) < len(req.Args) {
			text = restAfter(req.Rest, 1) // after the edition's id
		}
		parts := strings.Split(text, "|")
		if len(parts) < 4 || len(parts) > 5 {
			return Reply{}, errUsage
		}
		in = nominationInput{details: parts[0], title: parts[1], organisation: parts[2], pitch: parts[3]}
		if len(parts) == 5 {
			in.team = parts[4]
		}
	}
	n, err := r.nominationOf(ctx, req, e, in)
	if err != nil {
		return Reply{}, err
	}
	n.EditionID, n.NominatorID = e.ID, req.Member.ID
	if err := r.db.Nominate(ctx, &n); err != nil {
		return Reply{}, nominationErr(err)
	}
	n.NominatorName = req.Member.DisplayName
	return Reply{Text: T(req.Lang, "awards.nominated", n.ID, TimeMark(e.ClosesAt)), Cards: []Card{nominationCard(req.Lang, e, n, true)}}, nil
}

func nominationOpen(e storage.Edition, now time.Time) error {
	switch e.Phase(now) {
	case storage.PhaseUpcoming:
		return userErr("err.award_not_open")
	case storage.PhaseNominations:
		return nil
	}
	return userErr("err.award_closed")
}

// nominationErr puts storage's refusals on the form input at fault.
func nominationErr(err error) error {
	switch storage.ErrorReason(err) {
	case "award_pitch_missing", "award_pitch_too_long":
		return onField("pitch", err)
	case "award_organisation_missing", "organisation_too_long":
		return onField("organisation", err)
	case "award_categories_missing", "award_category", "award_category_twice", "award_duplicate", "award_link", "award_kind":
		return onField("categories", err)
	case "award_team_name", "award_team_too_big":
		return onField("team", err)
	}
	return err
}

var nomineeKinds = map[string]string{
	"project": storage.NomineeProject, "projet": storage.NomineeProject,
	"workshop": storage.NomineeWorkshop, "atelier": storage.NomineeWorkshop,
	"collaboration": storage.NomineeCollaboration,
	"organisation":  storage.NomineeOrganisation, "organization": storage.NomineeOrganisation,
}

// nominationOf reads the details ("1, 3 collaboration https://…"), the
// team and the texts.
func (r *Router) nominationOf(ctx context.Context, req *Request, e storage.Edition, in nominationInput) (storage.Nomination, error) {
	n := storage.Nomination{Title: strings.TrimSpace(in.title), Organisation: strings.TrimSpace(in.organisation), Pitch: strings.TrimSpace(in.pitch)}
	for _, w := range strings.FieldsFunc(in.details, func(r rune) bool { return unicode.IsSpace(r) || r == ',' || r == ';' }) {
		w = strings.TrimPrefix(w, "#")
		if k, ok := nomineeKinds[fold(w)]; ok {
			n.Kind = k
			continue
		}
		if strings.HasPrefix(w, "http://") || strings.HasPrefix(w, "https://") {
			n.Link = w
			continue
		}
		pos, err := strconv.Atoi(w)
		if err != nil {
			return n, onField("categories", userErr("err.award_detail", w, len(e.Categories)))
		}
		n.Categories = append(n.Categories, pos)
	}
	if n.Title == "" {
		return n, onField("title", userErr("err.award_missing", T(req.Lang, "awards.field.title")))
	}
	n.ProjectKey = fold(n.Title)
	team, err := r.mentioned(ctx, req, in.team, in.before...)
	if err != nil {
		return n, onField("team", err)
	}
	n.Team = team
	return n, nil
}

// nominationForm is the dialog of a nomination: five inputs, Discord's
// most; the categories input also takes the kind and the link.
func nominationForm(lang Lang, e storage.Edition, n *storage.Nomination) *Form {
	var cats []string
	for _, c := range e.Categories {
		cats = append(cats, fmt.Sprintf("%d %s", c.Position, catName(lang, c)))
	}
	f := &Form{
		Line:   fmt.Sprintf("awards nominate %d", e.ID),
		Title:  T(lang, "form.award.title"),
		Submit: T(lang, "form.submit.post"),
		Inputs: []Input{
			{Name: "title", Label: T(lang, "form.label.award_title"), Kind: InputText, Required: true, MaxLen: storage.MaxTitle},
			{Name: "organisation", Label: T(lang, "form.label.organisation"), Kind: InputText, Required: true, MaxLen: storage.MaxOrganisation},
			{Name: "categories", Label: T(lang, "form.label.award_categories"), Kind: InputText, Required: true, MaxLen: 300,
				Placeholder: truncateRunes(strings.Join(cats, " · "), 150)},
			{Name: "team", Label: T(lang, "form.label.award_team"), Kind: InputText, MaxLen: 500, Placeholder: T(lang, "form.ph.award_team")},
			{Name: "pitch", Label: T(lang, "form.label.award_pitch"), Kind: InputParagraph, Required: true, MaxLen: storage.MaxPitch},
		},
	}
	if n != nil {
		f.Line = fmt.Sprintf("awards edit %d", n.ID)
		f.Title = T(lang, "form.award.edit_title")
		f.Submit = T(lang, "form.submit.save")
		var cs []string
		for _, p := range n.Categories {
			cs = append(cs, strconv.Itoa(p))
		}
		details := strings.Join(cs, " ") + " " + n.Kind
		if n.Link != "" {
			details += " " + n.Link
		}
		vals := []string{n.Title, n.Organisation, details, strings.Join(n.Names(), ", "), n.Pitch}
		for i := range f.Inputs {
			f.Inputs[i].Value = vals[i]
		}
	}
	return f
}

func truncateRunes(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}

// awardsEdit: "/awards edit <nomination> title|pitch|organisation|team|
// categories <value>", or the form prefilled (nominator or team, until
// the nominations close).
func (r *Router) awardsEdit(ctx context.Context, req *Request) (Reply, error) {
	if len(req.Args) < 1 {
		return Reply{}, errUsage
	}
	id, err := parseID(req.Args[0])
	if err != nil {
		return Reply{}, err
	}
	n, err := r.db.Nomination(ctx, id)
	if err != nil {
		return Reply{}, err
	}
	e, err := r.db.Edition(ctx, n.EditionID)
	if err != nil {
		return Reply{}, err
	}
	in := nominationInput{title: n.Title, organisation: n.Organisation, pitch: n.Pitch}
	var cs []string
	for _, p := range n.Categories {
		cs = append(cs, strconv.Itoa(p))
	}
	in.details = strings.Join(cs, " ") + " " + n.Kind + " " + n.Link
	in.team, in.before = strings.Join(n.Names(), ", "), n.Team
	switch {
	case len(req.Fields) > 0:
		in = nominationInput{title: req.Field("title"), organisation: req.Field("organisation"), pitch: req.Field("pitch"),
			team: req.Field("team"), details: req.Field("categories"), before: n.Team}
	case len(req.Args) == 1 && req.CanForm:
		if !n.Named(req.Member.ID) {
			return Reply{}, userErr("err.award_not_yours")
		}
		return Reply{Form: nominationForm(req.Lang, e, &n)}, nil
	case len(req.Args) < 3:
		return Reply{}, errUsage
	default:
		value := strings.TrimSpace(restAfter(req.Rest, 2))
		switch strings.ToLower(req.Args[1]) {
		case "title", "titre":
			in.title = value
		case "pitch", "description":
			in.pitch = value
		case "organisation", "organization":
			in.organisation = value
		case "team", "equipe", "équipe":
			in.team = value
		case "categories", "catégories", "details", "détails":
			in.details = value
		default:
			return Reply{}, userErr("err.award_edit_what", req.Args[1])
		}
	}
	upd, err := r.nominationOf(ctx, req, e, in)
	if err != nil {
		return Reply{}, err
	}
	upd.ID = n.ID
	if err := r.db.UpdateNomination(ctx, &upd, req.Member); err != nil {
		return Reply{}, nominationErr(err)
	}
	upd, err = r.db.Nomination(ctx, n.ID)
	if err != nil {
		return Reply{}, err
	}
	return Reply{Text: T(req.Lang, "awards.edited", n.ID), Cards: []Card{nominationCard(req.Lang, e, upd, true)}}, nil
}

// awardsWithdraw: "/awards withdraw <nomination>".
func (r *Router) awardsWithdraw(ctx context.Context, req *Request) (Reply, error) {
	id, err := oneID(req)
	if err != nil {
		return Reply{}, err
	}
	n, err := r.db.WithdrawNomination(ctx, id, req.Member)
	if err != nil {
		return Reply{}, err
	}
	return Reply{Text: T(req.Lang, "awards.withdrawn", n.ID, n.Title)}, nil
}

// nominationCard shows a nomination to anyone; mine adds its buttons for
// the nominator and team.
func nominationCard(lang Lang, e storage.Edition, n storage.Nomination, mine bool) Card {
	var cats []string
	for _, p := range n.Categories {
		if c, ok := e.Category(p); ok {
			cats = append(cats, fmt.Sprintf("%d. %s", p, catName(lang, c)))
		}
	}
	c := Card{
		Title: fmt.Sprintf("#%d · %s", n.ID, n.Title),
		Body:  n.Pitch,
		Fields: []Field{
			{T(lang, "label.organisation"), n.Organisation},
			{T(lang, "label.award_kind"), T(lang, "nominee."+n.Kind)},
			{T(lang, "label.award_categories"), strings.Join(cats, "\n")},
		},
		Footer: T(lang, "awards.nomination_footer", n.ID, e.Name),
	}
	if len(n.Team) > 0 {
		c.Fields = append(c.Fields, Field{T(lang, "label.award_team"), strings.Join(n.Names(), ", ")})
	}
	if n.Link != "" {
		c.Buttons = append(c.Buttons, Button{Label: T(lang, "button.link"), URL: n.Link})
	}
	if mine {
		c.Buttons = append(c.Buttons,
			Button{Label: T(lang, "button.edit"), Line: fmt.Sprintf("awards edit %d", n.ID)},
			Button{Label: T(lang, "button.withdraw"), Line: fmt.Sprintf("awards withdraw %d", n.ID), Style: "danger"})
	}
	return c
}

// AwardNominatedMessage tells a member they are named in a nomination.
func AwardNominatedMessage(lang Lang, e storage.Edition, n storage.Nomination) (string, Card) {
	text := T(lang, "awards.you_are_nominated", n.NominatorName, e.Name, TimeMark(e.ClosesAt))
	return text, nominationCard(lang, e, n, true)
}

// conflictKeys are the refusal and the ballot line of each conflict of
// interest storage.Conflict names.
var conflictKeys = map[string][2]string{
	"named":        {"err.award_conflict_named", "awards.ballot_skipped_named"},
	"organisation": {"err.award_conflict_organisation", "awards.ballot_skipped_organisation"},
}

// awardsBallot: "/awards ballot [edition]": a juror's nominations to
// score, by category, the conflicts skipped and said so.
func (r *Router) awardsBallot(ctx context.Context, req *Request) (Reply, error) {
	e, _, err := r.latestEdition(ctx, req.Args)
	if err != nil {
		return Reply{}, err
	}
	_, items, err := r.db.Ballot(ctx, e.ID, req.Member)
	if err != nil {
		return Reply{}, err
	}
	reply := Reply{Text: T(req.Lang, "awards.ballot", e.Name, phaseLine(req.Lang, e, req.Now)) + "\n" + T(req.Lang, "awards.ballot_who_sees")}
	reply.Cards = categoryCards(req.Lang, e, T(req.Lang, "awards.ballot_footer"), func(c storage.Category) (lines []string, buttons []Button) {
		for _, it := range items {
			if it.Category.ID != c.ID {
				continue
			}
			n := it.Nomination
			switch {
			case it.Conflict != "":
				lines = append(lines, T(req.Lang, conflictKeys[it.Conflict][1], n.ID, n.Title, n.Organisation))
			case len(it.Scores) > 0:
				lines = append(lines, T(req.Lang, "awards.ballot_scored", n.ID, n.Title, n.Organisation))
				buttons = append(buttons, Button{Label: T(req.Lang, "button.rescore", n.ID), Line: fmt.Sprintf("awards score %d %d", n.ID, c.Position)})
			default:
				lines = append(lines, T(req.Lang, "awards.ballot_to_score", n.ID, n.Title, n.Organisation))
				buttons = append(buttons, Button{Label: T(req.Lang, "button.score", n.ID), Line: fmt.Sprintf("awards score %d %d", n.ID, c.Position), Style: "primary"})
			}
		}
		return lines, buttons
	})
	return reply, nil
}

// categoryCards is one card per category of an edition, with a line, and
// maybe buttons, for each nomination that items gives.
func categoryCards(lang Lang, e storage.Edition, footer string, items func(c storage.Category) ([]string, []Button)) []Card {
	var out []Card
	for _, c := range e.Categories {
		lines, buttons := items(c)
		if len(lines) == 0 {
			lines = append(lines, T(lang, "awards.ballot_empty"))
		}
		out = append(out, Card{Title: fmt.Sprintf("%d. %s", c.Position, catName(lang, c)), Body: strings.Join(lines, "\n"), Buttons: buttons, Footer: footer})
	}
	return out
}

// awardsScore: "/awards score <nomination> <category> <1-5> <reason> |
// <1-5> <reason> | …", one part per criterion in order, or the form.
func (r *Router) awardsScore(ctx context.Context, req *Request) (Reply, error) {
	if len(req.Args) < 2 {
		return Reply{}, errUsage
	}
	id, err := parseID(req.Args[0])
	if err != nil {
		return Reply{}, err
	}
	cat, err := strconv.Atoi(strings.TrimPrefix(req.Args[1], "#"))
	if err != nil {
		return Reply{}, userErr("err.award_category_number", req.Args[1])
	}
	n, err := r.db.Nomination(ctx, id)
	if err != nil {
		return Reply{}, err
	}
	e, err := r.db.Edition(ctx, n.EditionID)
	if err != nil {
		return Reply{}, err
	}
	// A conflict of interest is said first, whatever was typed.
	if why := storage.Conflict(req.Member, n); why != "" {
		return Reply{}, userErr(conflictKeys[why][0])
	}
	var parts []string
	switch {
	case len(req.Fields) > 0:
		for i := range e.Criteria {
			parts = append(parts, req.Field(fmt.Sprintf("c%d", i+1)))
		}
	case len(req.Args) == 2 && req.CanForm:
		c, ok := e.Category(cat)
		if !ok {
			return Reply{}, userErr("err.award_not_in_category")
		}
		return Reply{Form: scoreForm(req.Lang, e, n, c)}, nil
	case len(req.Args) == 2:
		return Reply{}, errUsage
	default:
		parts = strings.Split(restAfter(req.Rest, 2), "|")
	}
	if len(parts) != len(e.Criteria) {
		return Reply{}, userErr("err.award_scores_count_named", len(e.Criteria), criteriaList(req.Lang, e))
	}
	var scores []storage.Score
	for i, p := range parts {
		s, reason, err := scorePart(p)
		field := fmt.Sprintf("c%d", i+1)
		if err != nil {
			return Reply{}, onField(field, userErr("err.award_score_part", critName(req.Lang, e.Criteria[i]), strings.TrimSpace(p)))
		}
		if reason == "" {
			return Reply{}, onField(field, userErr("err.award_reason_named", critName(req.Lang, e.Criteria[i])))
		}
		scores = append(scores, storage.Score{Criterion: i + 1, Score: s, Reason: reason})
	}
	n, c, err := r.db.SaveScores(ctx, req.Member, id, cat, scores)
	if err != nil {
		return Reply{}, err
	}
	var lines []string
	for i, s := range scores {
		lines = append(lines, fmt.Sprintf("• %s: %d/5 · %s", critName(req.Lang, e.Criteria[i]), s.Score, s.Reason))
	}
	return Reply{Text: T(req.Lang, "awards.scored", n.ID, n.Title, catName(req.Lang, c)) + "\n" + strings.Join(lines, "\n") + "\n" + T(req.Lang, "awards.ballot_who_sees")}, nil
}

// scorePart reads "4 clear impact on the lab's work" or "4 - …", "4: …".
func scorePart(p string) (int, string, error) {
	p = strings.TrimSpace(p)
	i := strings.IndexFunc(p, func(r rune) bool { return !unicode.IsDigit(r) })
	if i < 0 {
		i = len(p)
	}
	s, err := strconv.Atoi(p[:i])
	if err != nil || s < 1 || s > 5 {
		return 0, "", fmt.Errorf("score %q", p)
	}
	reason := strings.TrimLeft(p[i:], " /5:-–—·")
	return s, strings.TrimSpace(reason), nil
}

func criteriaList(lang Lang, e storage.Edition) string {
	var out []string
	for _, c := range e.Criteria {
		out = append(out, critName(lang, c))
	}
	return strings.Join(out, " | ")
}

// scoreForm: one input per criterion, "4 clear impact…", and who sees it.
func scoreForm(lang Lang, e storage.Edition, n storage.Nomination, c storage.Category) *Form {
	f := &Form{
		Line:   fmt.Sprintf("awards score %d %d", n.ID, c.Position),
		Title:  truncateRunes(T(lang, "form.award_score.title", n.ID), 45),
		Submit: T(lang, "form.submit.save"),
	}
	for i, cr := range e.Criteria {
		f.Inputs = append(f.Inputs, Input{Name: fmt.Sprintf("c%d", i+1), Label: truncateRunes(T(lang, "form.label.award_criterion", critName(lang, cr)), 45),
			Kind: InputText, Required: true, MaxLen: storage.MaxReason + 4, Placeholder: T(lang, "form.ph.award_score")})
	}
	return f
}

// awardsVote: "/awards vote [edition]" lists what one can vote for, with
// buttons; "/awards vote <nomination> <category>" votes.
func (r *Router) awardsVote(ctx context.Context, req *Request) (Reply, error) {
	if len(req.Args) == 2 {
		id, err := parseID(req.Args[0])
		if err != nil {
			return Reply{}, err
		}
		cat, err := strconv.Atoi(strings.TrimPrefix(req.Args[1], "#"))
		if err != nil {
			return Reply{}, userErr("err.award_category_number", req.Args[1])
		}
		n, c, err := r.db.Vote(ctx, req.Member.ID, id, cat)
		if err != nil {
			return Reply{}, err
		}
		return Reply{Text: T(req.Lang, "awards.voted", catName(req.Lang, c), n.ID, n.Title) + "\n" + T(req.Lang, "awards.vote_who_sees")}, nil
	}
	if len(req.Args) > 2 {
		return Reply{}, errUsage
	}
	e, _, err := r.latestEdition(ctx, req.Args)
	if err != nil {
		return Reply{}, err
	}
	if !e.CommunityPrize {
		return Reply{}, userErr("err.award_no_vote")
	}
	if e.Phase(req.Now) != storage.PhaseJury {
		return Reply{}, userErr("err.award_vote_closed", phaseLine(req.Lang, e, req.Now))
	}
	ns, err := r.db.Nominations(ctx, e.ID)
	if err != nil {
		return Reply{}, err
	}
	voted, err := r.db.Voted(ctx, e.ID, req.Member.ID)
	if err != nil {
		return Reply{}, err
	}
	reply := Reply{Text: T(req.Lang, "awards.vote_intro", e.Name, TimeMark(e.ResultsAt)) + "\n" + T(req.Lang, "awards.vote_who_sees")}
	reply.Cards = categoryCards(req.Lang, e, "", func(c storage.Category) (lines []string, buttons []Button) {
		for _, n := range ns {
			if !containsPos(n.Categories, c.Position) {
				continue
			}
			lines = append(lines, fmt.Sprintf("#%d %s (%s)", n.ID, n.Title, n.Organisation))
			if !voted[c.Position] {
				buttons = append(buttons, Button{Label: T(req.Lang, "button.vote_for", n.ID), Line: fmt.Sprintf("awards vote %d %d", n.ID, c.Position)})
			}
		}
		if voted[c.Position] {
			lines = append(lines, T(req.Lang, "awards.vote_done"))
		}
		return lines, buttons
	})
	return reply, nil
}

// awardsProgress: "/awards progress <id>" (staff): who has scored what,
// and the ties staff must decide. Never shown to jurors or members.
func (r *Router) awardsProgress(ctx context.Context, req *Request) (Reply, error) {
	e, _, err := r.latestEdition(ctx, req.Args)
	if err != nil {
		return Reply{}, err
	}
	rep, err := r.db.AwardReport(ctx, e.ID)
	if err != nil {
		return Reply{}, err
	}
	var b strings.Builder
	b.WriteString(T(req.Lang, "awards.progress", e.ID, e.Name, phaseLine(req.Lang, e, req.Now)))
	if len(rep.Progress) == 0 {
		b.WriteString("\n" + T(req.Lang, "awards.no_jurors", e.ID))
	}
	for _, p := range rep.Progress {
		fmt.Fprintf(&b, "\n• %s: %s", p.Juror.Name, T(req.Lang, "awards.progress_line", p.Scored, p.ToScore, p.Skipped))
		for _, c := range e.Categories {
			cs := p.Category[c.Position]
			fmt.Fprintf(&b, "\n   %d. %s: %d/%d", c.Position, catName(req.Lang, c), cs[0], cs[0]+cs[2])
			if cs[1] > 0 {
				b.WriteString(" · " + T(req.Lang, "awards.progress_skipped", cs[1]))
			}
		}
	}
	for _, cr := range rep.Categories {
		if len(cr.Tied) < 2 {
			continue
		}
		var names []string
		for _, n := range cr.Tied {
			names = append(names, fmt.Sprintf("#%d %s", n.ID, n.Title))
		}
		key := "awards.tie"
		if len(cr.Winners) == 1 {
			key = "awards.tie_decided"
		}
		b.WriteString("\n" + T(req.Lang, key, catName(req.Lang, cr.Category), strings.Join(names, ", "), e.ID, cr.Category.Position, cr.Tied[0].ID))
	}
	return Reply{Text: b.String()}, nil
}

// awardsDecide: "/awards decide <edition> <category> <nomination>"
// (staff): the winner between tied nominations.
func (r *Router) awardsDecide(ctx context.Context, req *Request) (Reply, error) {
	if len(req.Args) != 3 {
		return Reply{}, errUsage
	}
	e, err := r.editionOf(ctx, req.Args[0])
	if err != nil {
		return Reply{}, err
	}
	cat, err := strconv.Atoi(strings.TrimPrefix(req.Args[1], "#"))
	if err != nil {
		return Reply{}, userErr("err.award_category_number", req.Args[1])
	}
	id, err := parseID(req.Args[2])
	if err != nil {
		return Reply{}, err
	}
	if err := r.db.DecideTie(ctx, e.ID, cat, id); err != nil {
		return Reply{}, err
	}
	c, _ := e.Category(cat)
	return Reply{Text: T(req.Lang, "awards.decided", id, catName(req.Lang, c))}, nil
}

// awardsCSV: "/awards csv <id>" (staff): every nomination in every
// category with its jury mean, and its votes once the results are out.
// One row per nomination: no juror's or voter's name in it.
func (r *Router) awardsCSV(ctx context.Context, req *Request) (Reply, error) {
	e, _, err := r.latestEdition(ctx, req.Args)
	if err != nil {
		return Reply{}, err
	}
	rep, err := r.db.AwardReport(ctx, e.ID)
	if err != nil {
		return Reply{}, err
	}
	rows := [][]string{{"category", "nomination", "title", "organisation", "kind", "jurors_scored", "jury_mean", "community_votes", "jury_winner", "community_winner"}}
	for _, cr := range rep.Categories {
		winners := map[int64]string{}
		for _, w := range cr.Winners {
			winners[w.ID] = "yes"
		}
		if len(cr.Winners) > 1 {
			for _, w := range cr.Winners {
				winners[w.ID] = "tie"
			}
		}
		community := map[int64]bool{}
		for _, w := range cr.Community {
			community[w.ID] = true
		}
		for _, rk := range cr.Ranking {
			mean, votes := "", ""
			if rk.Jurors > 0 {
				mean = strconv.FormatFloat(rk.Mean, 'f', 2, 64)
			}
			if rep.VotesShown && rep.Edition.CommunityPrize {
				votes = strconv.Itoa(rk.Votes)
			}
			cw := ""
			if community[rk.Nomination.ID] {
				cw = "yes"
			}
			rows = append(rows, []string{safeCell(cr.Category.NameEN), strconv.FormatInt(rk.Nomination.ID, 10), safeCell(rk.Nomination.Title),
				safeCell(rk.Nomination.Organisation), rk.Nomination.Kind, strconv.Itoa(rk.Jurors), mean, votes, winners[rk.Nomination.ID], cw})
		}
	}
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	if err := w.WriteAll(rows); err != nil {
		return Reply{}, fmt.Errorf("commands: awards csv: %w", err)
	}
	name := fmt.Sprintf("atelier-awards-%d.csv", e.ID)
	text := T(req.Lang, "awards.csv", name)
	if !rep.VotesShown && e.CommunityPrize {
		text += "\n" + T(req.Lang, "awards.csv_no_votes")
	}
	return Reply{Text: text, Files: []File{{Name: name, ContentType: "text/csv", Data: b.Bytes()}}}, nil
}

// AwardResultCards are the winners' cards, one per category: the jury's
// winner (or the tied nominations staff did not separate, said so), and
// the community prize. Never a score or a count.
func AwardResultCards(lang Lang, rep storage.AwardReport) []Card {
	var out []Card
	for _, cr := range rep.Categories {
		c := Card{Title: fmt.Sprintf("🏆 %s · %s", rep.Edition.Name, catName(lang, cr.Category)), Footer: T(lang, "awards.results_footer", rep.Edition.ID)}
		switch len(cr.Winners) {
		case 0:
			c.Body = T(lang, "awards.no_winner")
		case 1:
			w := cr.Winners[0]
			c.Body = fmt.Sprintf("🥇 %s · %s", w.Title, w.Organisation)
			if len(w.Team) > 0 {
				c.Fields = append(c.Fields, Field{T(lang, "label.award_team"), strings.Join(w.Names(), ", ")})
			}
			if w.Link != "" {
				c.Buttons = append(c.Buttons, Button{Label: T(lang, "button.link"), URL: w.Link})
			}
		default:
			var names []string
			for _, w := range cr.Winners {
				names = append(names, fmt.Sprintf("🥇 %s · %s", w.Title, w.Organisation))
			}
			c.Body = T(lang, "awards.ex_aequo") + "\n" + strings.Join(names, "\n")
		}
		if rep.Edition.CommunityPrize && len(cr.Community) > 0 {
			var names []string
			for _, w := range cr.Community {
				names = append(names, w.Title)
			}
			c.Fields = append(c.Fields, Field{T(lang, "label.award_community"), strings.Join(names, ", ")})
		}
		out = append(out, c)
	}
	return out
}

// AwardPhaseMessage announces a phase of an edition to a channel.
func AwardPhaseMessage(lang Lang, e storage.Edition, phase string) (string, Card) {
	var text string
	switch phase {
	case storage.PhaseNominations:
		text = T(lang, "awards.announce_open", e.Name, TimeMark(e.ClosesAt), e.ID)
	default:
		text = T(lang, "awards.announce_jury", e.Name, TimeMark(e.ResultsAt))
		if e.CommunityPrize {
			text += "\n" + T(lang, "awards.announce_vote", e.ID)
		}
	}
	return text, editionCard(lang, e, map[string]time.Time{storage.PhaseNominations: e.OpensAt, storage.PhaseJury: e.ClosesAt}[phase], nil)
}
