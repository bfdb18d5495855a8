package commands

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/atelier-bot/atelier/storage"
)

// The training catalogue: staff add, edit and retire modules; everyone
// lists, searches and shows them; members enrol, say they are done and,
// in one tap, what it gave them. Nothing is graded.

// trainingKinds reads a kind in either language.
var trainingKinds = map[string]string{
	"video": storage.TrainingVideo, "videos": storage.TrainingVideo,
	"game": storage.TrainingGame, "jeu": storage.TrainingGame, "escapegame": storage.TrainingGame,
	"course": storage.TrainingCourse, "module": storage.TrainingCourse, "cours": storage.TrainingCourse, "coursemodule": storage.TrainingCourse,
	"live": storage.TrainingLive, "session": storage.TrainingLive, "direct": storage.TrainingLive, "livesession": storage.TrainingLive,
	"link": storage.TrainingLink, "lien": storage.TrainingLink,
}

// trainingGains reads the one-tap answer in either language.
var trainingGains = map[string]string{
	"idea": "idea", "idee": "idea", "method": "method", "methode": "method", "tool": "tool", "outil": "tool",
	"confidence": "confidence", "confiance": "confidence", "nothing": "nothing", "rien": "nothing",
}

// trainingFields are the parts of "/training add", in order.
var trainingFields = []string{"title", "kind", "provider", "language", "minutes", "where"}

// trainingFromText reads "<title> | <kind> | <provider> | <language> |
// <minutes> | <link or workshop #id> #tags", naming the part it cannot read.
func trainingFromText(rest string) (storage.Training, error) {
	var t storage.Training
	words := strings.Fields(rest)
	i := len(words)
	for i > 0 && strings.HasPrefix(words[i-1], "#") && len(words[i-1]) > 1 && !isNumber(words[i-1][1:]) {
		i--
	}
	tags, err := tagsArg(words[i:])
	if err != nil {
		return t, err
	}
	text := rest
	for j := len(words) - 1; j >= i; j-- {
		text = strings.TrimSuffix(strings.TrimSpace(text), words[j])
	}
	parts := strings.Split(text, "|")
	if len(parts) > len(trainingFields) {
		return t, errUsage
	}
	for len(parts) < len(trainingFields) {
		parts = append(parts, "")
	}
	get := func(k int) string { return strings.TrimSpace(parts[k]) }
	for k, f := range trainingFields {
		if get(k) == "" && f != "provider" {
			return t, userErr("err.training_missing", catalogKey("training.field."+f))
		}
	}
	t.Title, t.Provider, t.Tags = get(0), get(2), tags
	var ok bool
	if t.Kind, ok = trainingKinds[fold(get(1))]; !ok {
		return t, userErr("err.training_kind_named", get(1))
	}
	lang, ok := ParseLang(get(3))
	if !ok {
		return t, userErr("err.training_language_named", get(3))
	}
	t.Language = string(lang)
	m := strings.TrimSuffix(strings.TrimSuffix(strings.ToLower(get(4)), "min"), "mn")
	if t.Minutes, err = strconv.Atoi(strings.TrimSpace(m)); err != nil || t.Minutes <= 0 || t.Minutes > storage.MaxTrainingMinutes {
		return t, userErr("err.training_minutes_named", get(4), storage.MaxTrainingMinutes)
	}
	where := get(5)
	if w, ok := strings.CutPrefix(fold(where), "workshop"); ok {
		where = w
	} else if w, ok := strings.CutPrefix(fold(where), "atelier"); ok {
		where = w
	}
	if strings.HasPrefix(where, "#") || isNumber(where) {
		if t.WorkshopID, err = parseID(where); err != nil {
			return t, err
		}
	} else {
		t.URL = get(5)
		if storage.CheckApplyURL(t.URL) != nil {
			return t, userErr("err.training_url_named", get(5))
		}
	}
	if len(t.Tags) == 0 {
		return t, userErr("err.tags_missing")
	}
	return t, nil
}

// trainingAdd: "/training add <title> | <kind> | …" (staff).
func (r *Router) trainingAdd(ctx context.Context, req *Request) (Reply, error) {
	if strings.TrimSpace(req.Rest) == "" {
		return Reply{}, errUsage
	}
	t, err := trainingFromText(req.Rest)
	if err != nil {
		return Reply{}, err
	}
	if err := r.db.CreateTraining(ctx, &t); err != nil {
		return Reply{}, err
	}
	return Reply{Text: T(req.Lang, "training.added", t.ID), Cards: []Card{trainingCard(req.Lang, t, nil)}}, nil
}

// trainingEdit: "/training edit <id> <the same parts as add>" (staff).
func (r *Router) trainingEdit(ctx context.Context, req *Request) (Reply, error) {
	if len(req.Args) < 2 {
		return Reply{}, errUsage
	}
	id, err := parseID(req.Args[0])
	if err != nil {
		return Reply{}, err
	}
	t, err := trainingFromText(strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(req.Rest), req.Args[0])))
	if err != nil {
		return Reply{}, err
	}
	t.ID = id
	if err := r.db.EditTraining(ctx, &t); err != nil {
		return Reply{}, err
	}
	return Reply{Text: T(req.Lang, "training.edited", t.ID), Cards: []Card{trainingCard(req.Lang, t, nil)}}, nil
}

// trainingRetire: "/training retire <id>" (staff).
func (r *Router) trainingRetire(ctx context.Context, req *Request) (Reply, error) {
	id, err := oneID(req)
	if err != nil {
		return Reply{}, err
	}
	t, err := r.db.RetireTraining(ctx, id)
	if err != nil {
		return Reply{}, err
	}
	return Reply{Text: T(req.Lang, "training.retired", t.ID, t.Title)}, nil
}

// trainingList: "/training list [#tag] [page N]".
func (r *Router) trainingList(ctx context.Context, req *Request) (Reply, error) {
	words, page, err := pageArg(req.Args)
	if err != nil {
		return Reply{}, err
	}
	f := storage.TrainingFilter{Lang: string(req.Lang), Page: page.Number}
	if len(words) > 1 {
		return Reply{}, errUsage
	}
	if len(words) == 1 {
		if !strings.HasPrefix(words[0], "#") {
			return Reply{}, userErr("err.training_filter", words[0])
		}
		tags, err := tagsArg(words)
		if err != nil {
			return Reply{}, err
		}
		if len(tags) != 1 {
			return Reply{}, errUsage
		}
		f.Tag = tags[0]
	}
	p, err := r.db.ListTrainings(ctx, f)
	if err != nil {
		return Reply{}, err
	}
	next := "training list"
	if f.Tag != "" {
		next += " #" + f.Tag
	}
	if p.Total == 0 {
		return Reply{Text: T(req.Lang, "training.list_empty")}, nil
	}
	header := T(req.Lang, "training.list")
	if f.Tag != "" {
		header = T(req.Lang, "training.list_tag", f.Tag)
	}
	text, cards := trainingPage(req.Lang, p, next)
	return Reply{Text: header + "\n" + text, Cards: cards}, nil
}

// trainingSearch: "/training search <words> [page N]".
func (r *Router) trainingSearch(ctx context.Context, req *Request) (Reply, error) {
	words, page, err := pageArg(req.Args)
	if err != nil {
		return Reply{}, err
	}
	q := strings.Join(words, " ")
	if strings.TrimSpace(q) == "" {
		return Reply{}, errUsage
	}
	p, err := r.db.ListTrainings(ctx, storage.TrainingFilter{Words: q, Lang: string(req.Lang), Page: page.Number})
	if storage.ErrorReason(err) == "search_empty" {
		return Reply{}, errUsage
	}
	if err != nil {
		return Reply{}, err
	}
	if p.Total == 0 {
		return Reply{Text: T(req.Lang, "training.search_empty", q)}, nil
	}
	text, cards := trainingPage(req.Lang, p, "training search "+q)
	return Reply{Text: T(req.Lang, "training.search", q) + "\n" + text, Cards: cards}, nil
}

// trainingPage is a page of lines, and where the page is with the Next
// button, as every list has. The catalogue pages by number (its order puts
// the reader's language first), so the button's cursor is only a marker.
func trainingPage(lang Lang, p storage.TrainingPage, again string) (string, []Card) {
	var b strings.Builder
	for _, t := range p.Trainings {
		b.WriteString(trainingLine(lang, t) + "\n")
	}
	size := storage.TrainingPageSize
	info := storage.PageInfo{Number: p.Page, First: (p.Page-1)*size + 1, Last: min(p.Page*size, p.Total), Total: p.Total}
	if p.Page < p.Pages && len(p.Trainings) > 0 {
		info.Next = p.Trainings[len(p.Trainings)-1].ID
	}
	return strings.TrimRight(b.String(), "\n"), pageCard(lang, info, again)
}

func trainingLine(lang Lang, t storage.Training) string {
	s := fmt.Sprintf("• #%d %s · %s · %s", t.ID, t.Title, T(lang, "training.kind."+t.Kind), strings.ToUpper(t.Language))
	if t.Minutes > 0 {
		s += " · " + T(lang, "training.minutes", t.Minutes)
	}
	if len(t.Tags) > 0 {
		s += " · " + hashTags(t.Tags)
	}
	return s
}

// trainingShow: "/training show <id>", with the reader's own enrolment.
func (r *Router) trainingShow(ctx context.Context, req *Request) (Reply, error) {
	id, err := oneID(req)
	if err != nil {
		return Reply{}, err
	}
	t, err := r.db.Training(ctx, id)
	if err != nil {
		return Reply{}, err
	}
	var mine *storage.Enrolment
	es, err := r.db.MyTrainings(ctx, req.Member.ID)
	if err != nil {
		return Reply{}, err
	}
	for i := range es {
		if es[i].Training.ID == id {
			mine = &es[i]
		}
	}
	return Reply{Cards: []Card{trainingCard(req.Lang, t, mine)}}, nil
}

// trainingCard shows a module; mine is the reader's enrolment, or nil,
// and picks the buttons: enrol, done, then the one-tap answers.
func trainingCard(lang Lang, t storage.Training, mine *storage.Enrolment) Card {
	c := Card{Title: t.Title, Footer: T(lang, "training.footer", t.ID)}
	c.Fields = append(c.Fields, Field{Label: T(lang, "training.label.kind"), Value: T(lang, "training.kind."+t.Kind)},
		Field{Label: T(lang, "training.label.language"), Value: strings.ToUpper(t.Language)})
	if t.Provider != "" {
		c.Fields = append(c.Fields, Field{Label: T(lang, "training.label.provider"), Value: t.Provider})
	}
	if t.Minutes > 0 {
		c.Fields = append(c.Fields, Field{Label: T(lang, "training.label.length"), Value: T(lang, "training.minutes", t.Minutes)})
	}
	if len(t.Tags) > 0 {
		c.Fields = append(c.Fields, Field{Label: T(lang, "training.label.tags"), Value: hashTags(t.Tags)})
	}
	if t.WorkshopID != 0 {
		c.Fields = append(c.Fields, Field{Label: T(lang, "training.label.workshop"), Value: fmt.Sprintf("`/workshop show %d`", t.WorkshopID)})
	}
	if t.Retired {
		c.Body = T(lang, "training.is_retired")
		return c
	}
	if t.URL != "" {
		c.Buttons = append(c.Buttons, Button{Label: T(lang, "button.open"), URL: t.URL})
	}
	switch {
	case mine == nil:
		c.Buttons = append(c.Buttons, Button{Label: T(lang, "button.enrol"), Line: fmt.Sprintf("training enrol %d", t.ID), Style: "primary"})
	case mine.DoneAt.IsZero():
		c.Body = T(lang, "training.you_enrolled")
		c.Buttons = append(c.Buttons, Button{Label: T(lang, "button.done"), Line: fmt.Sprintf("training done %d", t.ID), Style: "primary"})
	default:
		c.Body = T(lang, "training.you_done")
		if mine.Gave != "" {
			c.Body += " " + T(lang, "training.you_gave", T(lang, "training.gain."+mine.Gave))
		}
		c.Buttons = append(c.Buttons, gainButtons(lang, t.ID)...)
	}
	return c
}

// gainButtons are the one-tap answers to "what did it give you?".
func gainButtons(lang Lang, id int64) []Button {
	var bs []Button
	for _, g := range storage.TrainingGains {
		bs = append(bs, Button{Label: T(lang, "training.gain."+g), Line: fmt.Sprintf("training gave %d %s", id, g)})
	}
	return bs
}

// trainingEnrol: "/training enrol <id>".
func (r *Router) trainingEnrol(ctx context.Context, req *Request) (Reply, error) {
	id, err := oneID(req)
	if err != nil {
		return Reply{}, err
	}
	e, err := r.db.Enrol(ctx, req.Member.ID, id)
	if err != nil {
		return Reply{}, err
	}
	return Reply{Text: T(req.Lang, "training.enrolled", e.Training.ID, e.Training.Title), Cards: []Card{trainingCard(req.Lang, e.Training, &e)}}, nil
}

// trainingDone: "/training done <id>": self-declared, never checked.
func (r *Router) trainingDone(ctx context.Context, req *Request) (Reply, error) {
	id, err := oneID(req)
	if err != nil {
		return Reply{}, err
	}
	e, err := r.db.MarkTrainingDone(ctx, req.Member.ID, id)
	if err != nil {
		return Reply{}, err
	}
	cards := append([]Card{trainingCard(req.Lang, e.Training, &e)}, r.skillQuestions(ctx, req, storage.SkillTraining, id)...)
	return Reply{Text: T(req.Lang, "training.marked_done", e.Training.ID, e.Training.Title), Cards: cards}, nil
}

// trainingGave: "/training gave <id> <idea|method|tool|confidence|nothing>",
// the one-tap answer.
func (r *Router) trainingGave(ctx context.Context, req *Request) (Reply, error) {
	if len(req.Args) != 2 {
		return Reply{}, errUsage
	}
	id, err := parseID(req.Args[0])
	if err != nil {
		return Reply{}, err
	}
	g, ok := trainingGains[fold(req.Args[1])]
	if !ok {
		return Reply{}, userErr("err.training_gain_named", req.Args[1])
	}
	e, err := r.db.SetTrainingGain(ctx, req.Member.ID, id, g)
	if err != nil {
		return Reply{}, err
	}
	return Reply{Text: T(req.Lang, "training.gave_saved", e.Training.Title, T(req.Lang, "training.gain."+g))}, nil
}

// trainingMine: "/training mine": the reader's own modules, nobody else's.
func (r *Router) trainingMine(ctx context.Context, req *Request) (Reply, error) {
	if len(req.Args) != 0 {
		return Reply{}, errUsage
	}
	es, err := r.db.MyTrainings(ctx, req.Member.ID)
	if err != nil {
		return Reply{}, err
	}
	if len(es) == 0 {
		return Reply{Text: T(req.Lang, "training.mine_empty")}, nil
	}
	var b strings.Builder
	b.WriteString(T(req.Lang, "training.mine"))
	for _, e := range es {
		b.WriteString("\n" + trainingLine(req.Lang, e.Training) + " · ")
		switch {
		case e.DoneAt.IsZero():
			b.WriteString(T(req.Lang, "training.state_enrolled", TimeMark(e.EnrolledAt)))
		case e.Gave != "":
			b.WriteString(T(req.Lang, "training.state_done_gave", TimeMark(e.DoneAt), T(req.Lang, "training.gain."+e.Gave)))
		default:
			b.WriteString(T(req.Lang, "training.state_done", TimeMark(e.DoneAt)))
		}
	}
	return Reply{Text: b.String()}, nil
}

// meSkills: "/me skills", the member's own journal of what they said
// they learned and where. Only their own lines; no score, no comparison.
func (r *Router) meSkills(ctx context.Context, req *Request) (Reply, error) {
	es, err := r.db.MyTrainings(ctx, req.Member.ID)
	if err != nil {
		return Reply{}, err
	}
	var lines []string
	for _, e := range es {
		if e.DoneAt.IsZero() {
			continue
		}
		where := T(req.Lang, "training.kind."+e.Training.Kind)
		if e.Training.Provider != "" {
			where += ", " + e.Training.Provider
		}
		line := T(req.Lang, "skills.line", TimeMark(e.DoneAt), e.Training.Title, where)
		if e.Gave != "" {
			line += " " + T(req.Lang, "skills.gave", T(req.Lang, "training.gain."+e.Gave))
		}
		if len(e.Training.Tags) > 0 {
			line += " · " + hashTags(e.Training.Tags)
		}
		lines = append(lines, line)
	}
	as, rs, err := r.db.MySkills(ctx, req.Member.ID)
	if err != nil {
		return Reply{}, err
	}
	lines = append(lines, skillJournal(req.Lang, as, rs)...)
	if len(lines) == 0 {
		return Reply{Text: T(req.Lang, "skills.empty")}, nil
	}
	return Reply{Text: T(req.Lang, "skills.header") + "\n" + strings.Join(lines, "\n")}, nil
}

// meOrgHistory: "/me org" with no name shows the member's own dated
// organisation history.
func (r *Router) meOrgHistory(ctx context.Context, req *Request) (Reply, error) {
	h, err := r.db.OrgHistory(ctx, req.Member.ID)
	if err != nil {
		return Reply{}, err
	}
	if len(h) == 0 {
		return Reply{Text: T(req.Lang, "orgs.history_empty")}, nil
	}
	lines := []string{T(req.Lang, "orgs.history")}
	for _, c := range h {
		lines = append(lines, T(req.Lang, "orgs.history_line", TimeMark(c.Since), c.Organisation))
	}
	return Reply{Text: strings.Join(lines, "\n")}, nil
}

// trainingSuggest: "/training suggest": modules that meet what the member
// does (a workshop they have a seat in, soonest first; the problems they
// follow; their interests), in their language first, never one they
// finished.
func (r *Router) trainingSuggest(ctx context.Context, req *Request) (Reply, error) {
	if len(req.Args) != 0 {
		return Reply{}, errUsage
	}
	ss, err := r.db.SuggestTrainings(ctx, req.Member.ID, string(req.Lang), 5)
	if err != nil {
		return Reply{}, err
	}
	if len(ss) == 0 {
		return Reply{Text: T(req.Lang, "training.suggest_none")}, nil
	}
	lines := []string{T(req.Lang, "training.suggest")}
	for _, s := range ss {
		line := trainingLine(req.Lang, s.Training) + " — "
		switch s.Because {
		case storage.BecauseWorkshop:
			line += T(req.Lang, "training.because_workshop", s.WorkshopID, s.WorkshopTitle, TimeMark(s.WorkshopStart), "#"+s.Tag)
		case storage.BecauseProblem:
			line += T(req.Lang, "training.because_problem", "#"+s.Tag)
		default:
			line += T(req.Lang, "training.because_interest", "#"+s.Tag)
		}
		lines = append(lines, line)
	}
	return Reply{Text: strings.Join(lines, "\n")}, nil
}

// meTrainingNudges: "/me trainings on|off", the one reminder of a module
// started and not finished.
func (r *Router) meTrainingNudges(ctx context.Context, req *Request, args []string) (Reply, error) {
	if len(args) != 1 {
		return Reply{}, userErr("err.training_nudges_usage")
	}
	on, ok := onOff(args[0])
	if !ok {
		return Reply{}, userErr("err.training_nudges_usage")
	}
	if err := r.db.SetTrainingNudges(ctx, req.Member.ID, on); err != nil {
		return Reply{}, err
	}
	if on {
		return Reply{Text: T(req.Lang, "training.nudges_on")}, nil
	}
	return Reply{Text: T(req.Lang, "training.nudges_off")}, nil
}

// TrainingNudge is the one reminder of a module started and not finished.
func TrainingNudge(lang Lang, t storage.Training) (string, Card) {
	c := Card{Title: trainingLine(lang, t), Footer: T(lang, "training.nudge_footer"), Buttons: []Button{
		{Label: T(lang, "training.nudge_done"), Line: fmt.Sprintf("training done %d", t.ID), Style: "primary"},
		{Label: T(lang, "skills.stop_asking"), Line: "me trainings off"},
	}}
	if t.URL != "" {
		c.Buttons = append([]Button{{Label: T(lang, "training.nudge_open"), URL: t.URL}}, c.Buttons...)
	}
	return T(lang, "training.nudge", t.ID, t.Title), c
}
