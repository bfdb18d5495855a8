package commands

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/atelier-bot/atelier/storage"
)

// Outcomes of workshops: what they led to, self-declared by participants
// and staff, private to them until every organisation named agrees to
// publish. The scheduler asks participants after the last session and 30,
// 90 and 180 days later.

// outcomeKinds read both languages' words.
var outcomeKinds = map[string]string{
	"collaboration": storage.OutcomeCollaboration, "collab": storage.OutcomeCollaboration, "partnership": storage.OutcomeCollaboration, "partenariat": storage.OutcomeCollaboration,
	"tool": storage.OutcomeTool, "code": storage.OutcomeTool, "outil": storage.OutcomeTool, "software": storage.OutcomeTool, "logiciel": storage.OutcomeTool,
	"solved": storage.OutcomeProblemSolved, "problemsolved": storage.OutcomeProblemSolved, "resolu": storage.OutcomeProblemSolved, "problemeresolu": storage.OutcomeProblemSolved,
	"publication": storage.OutcomePublication, "paper": storage.OutcomePublication, "article": storage.OutcomePublication,
	"nothing": storage.OutcomeNothingYet, "nothingyet": storage.OutcomeNothingYet, "rien": storage.OutcomeNothingYet, "rienencore": storage.OutcomeNothingYet,
}

// workshopOutcome: "/workshop outcome <id> <kind> <text> [| <organisation>,
// …]", a link in the text kept as the outcome's link; or a form.
func (r *Router) workshopOutcome(ctx context.Context, req *Request) (Reply, error) {
	if len(req.Args) == 0 {
		return Reply{}, errUsage
	}
	id, err := parseID(req.Args[0])
	if err != nil {
		return Reply{}, err
	}
	var kind, text, orgs, link string
	switch {
	case len(req.Fields) > 0:
		kind, text, orgs, link = req.Field("kind"), req.Field("text"), req.Field("organisations"), req.Field("link")
	case len(req.Args) == 1 && req.CanForm:
		if _, err := r.db.Workshop(ctx, id); err != nil {
			return Reply{}, err
		}
		return Reply{Form: outcomeForm(req.Lang, id)}, nil
	case len(req.Args) == 1:
		return Reply{}, errUsage
	default:
		kind = req.Args[1]
		text = restAfter(req.Rest, 2)
		text, orgs, _ = strings.Cut(text, "|")
	}
	o := storage.Outcome{WorkshopID: id, Link: link}
	var ok bool
	if o.Kind, ok = outcomeKinds[fold(kind)]; !ok {
		return Reply{}, onField("kind", userErr("err.outcome_kind_named", kind))
	}
	var words []string
	for _, w := range strings.Fields(text) {
		if o.Link == "" && (strings.HasPrefix(w, "https://") || strings.HasPrefix(w, "http://")) {
			o.Link = w
		}
		words = append(words, w)
	}
	o.Text = strings.Join(words, " ")
	if o.Text == "" && o.Kind == storage.OutcomeNothingYet {
		o.Text = T(req.Lang, "outcome.kind."+storage.OutcomeNothingYet)
	}
	for _, g := range strings.Split(orgs, ",") {
		if g = strings.TrimSpace(g); g != "" {
			o.Orgs = append(o.Orgs, storage.OutcomeOrg{Name: g})
		}
	}
	res, err := r.db.RecordOutcome(ctx, o, req.Member)
	if err != nil {
		return Reply{}, outcomeErr(err)
	}
	key := "outcome.recorded"
	if res.Joined {
		key = "outcome.joined"
	}
	reply := Reply{Text: T(req.Lang, key, res.Outcome.ID) + "\n" + outcomeVisibility(req.Lang, res.Outcome), Cards: []Card{outcomeCard(req.Lang, res.Outcome)}}
	if o.Kind == storage.OutcomeProblemSolved && res.Outcome.ProblemID != 0 && !res.Joined {
		p, err := r.db.Problem(ctx, res.Outcome.ProblemID)
		if err == nil && p.AuthorID == req.Member.ID && (p.Status == storage.ProblemOpen || p.Status == storage.ProblemWorkshop) {
			reply.Cards[0].Buttons = append(reply.Cards[0].Buttons, Button{Label: T(req.Lang, "button.mark_solved"), Line: fmt.Sprintf("problem close %d solved", p.ID), Style: "primary"})
		} else if err == nil && p.AuthorID != req.Member.ID {
			reply.Text += "\n" + T(req.Lang, "outcome.author_asked", p.ID)
		}
	}
	return reply, nil
}

func outcomeErr(err error) error {
	switch storage.ErrorReason(err) {
	case "outcome_kind":
		return onField("kind", err)
	case "outcome_text_missing", "outcome_text_too_long":
		return onField("text", err)
	case "outcome_too_many_orgs", "organisation_too_long":
		return onField("organisations", err)
	case "outcome_link":
		return onField("link", err)
	}
	return err
}

// outcomeVisibility says who sees an outcome, and what publishes it.
func outcomeVisibility(lang Lang, o storage.Outcome) string {
	if o.Published() {
		return T(lang, "outcome.public")
	}
	var waiting []string
	for _, g := range o.Orgs {
		if !g.Agreed {
			waiting = append(waiting, g.Name)
		}
	}
	return T(lang, "outcome.private", strings.Join(waiting, ", "), o.ID)
}

func outcomeForm(lang Lang, workshop int64) *Form {
	var kinds []string
	for _, k := range storage.OutcomeKinds {
		kinds = append(kinds, T(lang, "outcome.word."+k))
	}
	return &Form{
		Line:   fmt.Sprintf("workshop outcome %d", workshop),
		Title:  truncateRunes(T(lang, "form.outcome.title", workshop), 45),
		Submit: T(lang, "form.submit.save"),
		Inputs: []Input{
			{Name: "kind", Label: T(lang, "form.label.outcome_kind"), Kind: InputText, Required: true, MaxLen: 30, Placeholder: truncateRunes(strings.Join(kinds, " · "), 150)},
			{Name: "text", Label: T(lang, "form.label.outcome_text"), Kind: InputParagraph, Required: true, MaxLen: storage.MaxOutcomeText},
			{Name: "organisations", Label: T(lang, "form.label.outcome_orgs"), Kind: InputText, MaxLen: 500, Placeholder: "Inria, Airbus"},
			{Name: "link", Label: T(lang, "form.label.url"), Kind: InputText, MaxLen: storage.MaxJobURL, Placeholder: "https://"},
		},
	}
}

// outcomeCard shows an outcome to someone allowed to see it.
func outcomeCard(lang Lang, o storage.Outcome) Card {
	c := Card{
		Title: fmt.Sprintf("✨ #%d · %s", o.ID, T(lang, "outcome.kind."+o.Kind)),
		Body:  o.Text,
		Fields: []Field{
			{T(lang, "label.outcome_workshop"), fmt.Sprintf("#%d %s", o.WorkshopID, o.WorkshopTitle)},
		},
		Footer: T(lang, "outcome.footer", o.ID, TimeMark(o.CreatedAt)),
	}
	if len(o.Orgs) > 0 {
		var names []string
		for _, g := range o.Orgs {
			mark := "⏳"
			if g.Agreed {
				mark = "✅"
			}
			names = append(names, mark+" "+g.Name)
		}
		c.Fields = append(c.Fields, Field{T(lang, "label.outcome_orgs"), strings.Join(names, ", ")})
	}
	if len(o.Authors) > 0 {
		var names []string
		for _, a := range o.Authors {
			names = append(names, a.Name)
		}
		c.Fields = append(c.Fields, Field{T(lang, "label.outcome_by"), strings.Join(names, ", ")})
	}
	if !o.Published() {
		c.Fields = append(c.Fields, Field{T(lang, "label.status"), T(lang, "outcome.status_private")})
		c.Buttons = append(c.Buttons, Button{Label: T(lang, "button.agree"), Line: fmt.Sprintf("outcomes agree %d", o.ID)})
	}
	if o.Link != "" {
		c.Buttons = append(c.Buttons, Button{Label: T(lang, "button.link"), URL: o.Link})
	}
	return c
}

// outcomes: "/outcomes [#tag] [year] [organisation]", "/outcomes show
// <id>", "/outcomes agree <id> [organisation]", "/outcomes nominate <id>
// <edition> <categories>", "/outcomes questions on|off".
func (r *Router) outcomes(ctx context.Context, req *Request) (Reply, error) {
	if len(req.Args) > 0 {
		switch strings.ToLower(req.Args[0]) {
		case "show", "voir":
			return r.outcomeShow(ctx, req)
		case "agree", "accord", "publier", "publish":
			return r.outcomeAgree(ctx, req)
		case "nominate", "nominer", "proposer":
			return r.outcomeNominate(ctx, req)
		case "questions":
			return r.outcomeQuestions(ctx, req)
		}
	}
	f := storage.OutcomeFilter{Viewer: req.Member}
	var shown, org []string
	for _, a := range req.Args {
		switch {
		case strings.HasPrefix(a, "#") && !isNumber(a[1:]):
			tags, err := tagsArg([]string{a})
			if err != nil || len(tags) != 1 || f.Tag != "" {
				return Reply{}, errUsage
			}
			f.Tag = tags[0]
			shown = append(shown, "#"+f.Tag)
		case len(a) == 4 && isNumber(a) && f.Year == 0:
			f.Year, _ = strconv.Atoi(a)
			shown = append(shown, a)
		default:
			org = append(org, a)
		}
	}
	if len(org) > 0 {
		f.Organisation = strings.Join(org, " ")
		shown = append(shown, f.Organisation)
	}
	os, err := r.db.Outcomes(ctx, f)
	if err != nil {
		return Reply{}, err
	}
	if len(os) == 0 {
		return Reply{Text: T(req.Lang, "outcome.list_empty")}, nil
	}
	header := T(req.Lang, "outcome.list")
	if len(shown) > 0 {
		header = T(req.Lang, "outcome.list_filtered", strings.Join(shown, " · "))
	}
	var b strings.Builder
	b.WriteString(header)
	for _, o := range os {
		b.WriteString("\n" + outcomeLine(req.Lang, o))
		if !o.Published() {
			b.WriteString(" · " + T(req.Lang, "outcome.status_private"))
		}
	}
	return Reply{Text: b.String()}, nil
}

// OutcomeLine is an outcome on one line, for lists and the digest.
func outcomeLine(lang Lang, o storage.Outcome) string {
	line := fmt.Sprintf("• #%d %s · %s (#%d %s)", o.ID, T(lang, "outcome.kind."+o.Kind), truncateRunes(o.Text, 140), o.WorkshopID, o.WorkshopTitle)
	if len(o.Orgs) > 0 {
		line += " · " + strings.Join(o.OrgNames(), ", ")
	}
	return line
}

// OutcomeLines are published outcomes for the digest.
func OutcomeLines(lang Lang, os []storage.Outcome) []string {
	var out []string
	for _, o := range os {
		if o.Published() {
			out = append(out, outcomeLine(lang, o))
		}
	}
	return out
}

func (r *Router) visibleOutcome(ctx context.Context, req *Request, arg string) (storage.Outcome, error) {
	id, err := parseID(arg)
	if err != nil {
		return storage.Outcome{}, err
	}
	o, err := r.db.Outcome(ctx, id)
	if err != nil {
		return o, err
	}
	ok, err := r.db.CanSeeOutcome(ctx, o, req.Member)
	if err != nil {
		return o, err
	}
	if !ok {
		// Not even its existence shows.
		return o, storage.Errorf(storage.ENOTFOUND, "outcome", "outcome %d hidden from member %d", id, req.Member.ID)
	}
	return o, nil
}

func (r *Router) outcomeShow(ctx context.Context, req *Request) (Reply, error) {
	if len(req.Args) != 2 {
		return Reply{}, errUsage
	}
	o, err := r.visibleOutcome(ctx, req, req.Args[1])
	if err != nil {
		return Reply{}, err
	}
	return Reply{Text: outcomeVisibility(req.Lang, o), Cards: []Card{outcomeCard(req.Lang, o)}}, nil
}

func (r *Router) outcomeAgree(ctx context.Context, req *Request) (Reply, error) {
	if len(req.Args) < 2 {
		return Reply{}, errUsage
	}
	o, err := r.visibleOutcome(ctx, req, req.Args[1])
	if err != nil {
		return Reply{}, err
	}
	org := strings.TrimSpace(restAfter(req.Rest, 2))
	if org == "" && req.Member.Organisation == "" {
		return Reply{}, userErr("err.outcome_org_missing")
	}
	o, err = r.db.AgreeOutcome(ctx, o.ID, org, req.Member)
	if err != nil {
		return Reply{}, err
	}
	if org == "" {
		org = req.Member.Organisation
	}
	return Reply{Text: T(req.Lang, "outcome.agreed", org, o.ID) + "\n" + outcomeVisibility(req.Lang, o), Cards: []Card{outcomeCard(req.Lang, o)}}, nil
}

// outcomeNominate turns a published outcome into an Awards nomination in
// one step: its workshop's title, its text as the pitch, its
// organisations, its link and its authors as the team.
func (r *Router) outcomeNominate(ctx context.Context, req *Request) (Reply, error) {
	if len(req.Args) < 4 {
		return Reply{}, errUsage
	}
	o, err := r.visibleOutcome(ctx, req, req.Args[1])
	if err != nil {
		return Reply{}, err
	}
	if !o.Published() {
		return Reply{}, userErr("err.outcome_not_public", o.ID)
	}
	e, err := r.editionOf(ctx, req.Args[2])
	if err != nil {
		return Reply{}, err
	}
	n := storage.Nomination{EditionID: e.ID, Kind: storage.NomineeProject, Title: o.WorkshopTitle, Pitch: o.Text, Link: o.Link,
		Organisation: strings.Join(o.OrgNames(), ", "), NominatorID: req.Member.ID}
	if o.Kind == storage.OutcomeCollaboration {
		n.Kind = storage.NomineeCollaboration
	}
	if n.Organisation == "" {
		n.Organisation = req.Member.Organisation
	}
	n.ProjectKey = fold(n.Title)
	for _, a := range req.Args[3:] {
		for _, p := range strings.Split(a, ",") {
			if p = strings.TrimSpace(p); p == "" {
				continue
			}
			pos, err := strconv.Atoi(p)
			if err != nil {
				return Reply{}, userErr("err.award_category_number", p)
			}
			n.Categories = append(n.Categories, pos)
		}
	}
	n.Team = o.Authors
	if err := r.db.Nominate(ctx, &n); err != nil {
		return Reply{}, err
	}
	n.NominatorName = req.Member.DisplayName
	return Reply{Text: T(req.Lang, "awards.nominated", n.ID, TimeMark(e.ClosesAt)), Cards: []Card{nominationCard(req.Lang, e, n, true)}}, nil
}

func (r *Router) outcomeQuestions(ctx context.Context, req *Request) (Reply, error) {
	if len(req.Args) != 2 {
		return Reply{}, errUsage
	}
	on, ok := onOff(req.Args[1])
	if !ok {
		return Reply{}, errUsage
	}
	if err := r.db.SetOutcomeQuestions(ctx, req.Member.ID, on); err != nil {
		return Reply{}, err
	}
	if on {
		return Reply{Text: T(req.Lang, "outcome.questions_on")}, nil
	}
	return Reply{Text: T(req.Lang, "outcome.questions_off")}, nil
}

// OutcomeAskMessage asks a participant whether anything came of a
// workshop, right after its last session (day 0) or days later.
func OutcomeAskMessage(lang Lang, w storage.Workshop, day int) (string, Card) {
	text := T(lang, "outcome.ask_end", w.ID, w.Title)
	if day > 0 {
		text = T(lang, "outcome.ask_later", day, w.ID, w.Title)
	}
	c := Card{
		Title: fmt.Sprintf("#%d · %s", w.ID, w.Title),
		Body:  T(lang, "outcome.ask_body", w.ID),
		Buttons: []Button{
			{Label: T(lang, "button.record_outcome"), Line: fmt.Sprintf("workshop outcome %d", w.ID), Style: "primary"},
			{Label: T(lang, "button.nothing_yet"), Line: fmt.Sprintf("workshop outcome %d nothing", w.ID)},
			{Label: T(lang, "button.stop_asking"), Line: "outcomes questions off"},
		},
		Footer: T(lang, "outcome.ask_footer"),
	}
	return text, c
}

// OutcomeSolvedMessage asks a problem's author whether a workshop's
// outcome solved it.
func OutcomeSolvedMessage(lang Lang, o storage.Outcome, p storage.Problem) (string, Card) {
	var by []string
	for _, a := range o.Authors {
		by = append(by, a.Name)
	}
	text := T(lang, "outcome.solved_ask", strings.Join(by, ", "), p.ID, p.Title)
	c := outcomeCard(lang, o)
	c.Buttons = []Button{{Label: T(lang, "button.mark_solved"), Line: fmt.Sprintf("problem close %d solved", p.ID), Style: "primary"}}
	return text, c
}

// outcomeStatsText is the outcomes part of /atelier stats.
func (r *Router) outcomeStatsText(ctx context.Context, lang Lang, from, to time.Time) (string, error) {
	s, err := r.db.CountOutcomes(ctx, from, to)
	if err != nil {
		return "", err
	}
	var parts []string
	total := 0
	for _, k := range storage.OutcomeKinds {
		parts = append(parts, fmt.Sprintf("%s %d", T(lang, "outcome.kind."+k), s.ByKind[k]))
		total += s.ByKind[k]
	}
	if total == 0 {
		return "", nil // a community without outcomes reads as before
	}
	lines := []string{T(lang, "stats.outcomes", strings.Join(parts, " · "))}
	for _, c := range []struct {
		key string
		cs  []storage.OutcomeCount
	}{{"stats.outcome_collaborations", s.Collaborations}, {"stats.outcome_solved", s.ProblemsSolved}} {
		var xs []string
		for _, oc := range c.cs {
			org := oc.Organisation
			if org == "" {
				org = "—"
			}
			xs = append(xs, fmt.Sprintf("%d %s (%d)", oc.Year, org, oc.N))
		}
		if len(xs) == 0 {
			xs = []string{"—"}
		}
		lines = append(lines, T(lang, c.key, strings.Join(xs, ", ")))
	}
	return strings.Join(lines, "\n"), nil
}

// appendOutcomeRows adds the outcomes' rows to the stats CSV.
func (r *Router) appendOutcomeRows(ctx context.Context, data []byte, from, to time.Time) ([]byte, error) {
	s, err := r.db.CountOutcomes(ctx, from, to)
	if err != nil {
		return nil, err
	}
	var rows [][]string
	for _, k := range storage.OutcomeKinds {
		if s.ByKind[k] > 0 {
			rows = append(rows, []string{"outcomes", k, strconv.Itoa(s.ByKind[k])})
		}
	}
	if len(rows) == 0 {
		return data, nil
	}
	for _, c := range []struct {
		name string
		cs   []storage.OutcomeCount
	}{{"collaborations_started", s.Collaborations}, {"problems_solved", s.ProblemsSolved}} {
		for _, oc := range c.cs {
			rows = append(rows, []string{c.name, fmt.Sprintf("%d %s", oc.Year, safeCell(oc.Organisation)), strconv.Itoa(oc.N)})
		}
	}
	return appendCSV(data, "outcome", rows)
}
