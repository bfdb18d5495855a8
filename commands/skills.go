package commands

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/atelier-bot/atelier/storage"
)

// Skills, lightly (see storage/skills.go): after a session's feedback or a
// finished training, optional questions per tag, each a tap; a member's own
// journal; staff distributions of groups of five or more.

// maxSkillQuestions bounds the tags asked about after one item: a question
// per tag, and more than three is a form nobody finishes.
const maxSkillQuestions = 3

// skillVerbs are the words that start a skill answer after the item's id
// ("/feedback 12 skill #causal 2 3", "/training skill 4 #causal 2 3").
var skillVerbs = map[string]string{
	"skill": "skill", "compétence": "skill", "competence": "skill",
	"learned": "learned", "learnt": "learned", "appris": "learned",
}

// skillLine is the command that answers about an item, for buttons.
func skillLine(source string, id int64) string {
	if source == storage.SkillTraining {
		return fmt.Sprintf("training skill %d", id)
	}
	return fmt.Sprintf("feedback %d skill", id)
}

// skillAnswer: "<item> skill #tag <before> [<now>]" or "<item> learned
// #tag …", args after the verb. Before alone is the first tap: the reply
// asks for now.
func (r *Router) skillAnswer(ctx context.Context, req *Request, source string, id int64, verb string, args []string) (Reply, error) {
	if verb == "learned" {
		tags, err := tagsArg(args)
		if err != nil || len(tags) == 0 {
			return Reply{}, userErr("err.skill_usage")
		}
		for _, t := range tags {
			if _, err := r.db.RecordSkill(ctx, req.Member.ID, source, id, t, 0, 0); err != nil {
				return Reply{}, err
			}
		}
		return Reply{Text: T(req.Lang, "skills.learned_saved", hashTags(tags))}, nil
	}
	if len(args) < 2 || len(args) > 3 {
		return Reply{}, userErr("err.skill_usage")
	}
	tags, err := tagsArg(args[:1])
	if err != nil || len(tags) != 1 {
		return Reply{}, userErr("err.skill_usage")
	}
	levels := make([]int, 0, 2)
	for _, a := range args[1:] {
		n, err := strconv.Atoi(a)
		if err != nil || n < 1 || n > 4 {
			return Reply{}, userErr("err.skill_level_named", a)
		}
		levels = append(levels, n)
	}
	before, now := levels[0], 0
	if len(levels) == 2 {
		now = levels[1]
	}
	asked, err := r.db.RecordSkill(ctx, req.Member.ID, source, id, tags[0], before, now)
	if err != nil {
		return Reply{}, err
	}
	tag := tags[0]
	var reply Reply
	if now == 0 {
		reply = Reply{Text: T(req.Lang, "skills.before_saved", "#"+tag, levelText(req.Lang, before)),
			Cards: []Card{levelCard(req.Lang, "skills.ask_now", tag, fmt.Sprintf("%s #%s %d", skillLine(source, id), tag, before))}}
	} else {
		reply = Reply{Text: T(req.Lang, "skills.saved", "#"+tag, levelText(req.Lang, before), levelText(req.Lang, now))}
	}
	if asked {
		reply.Text += "\n" + T(req.Lang, "skills.reuse_later")
	}
	return reply, nil
}

// levelText is "2 (a little)".
func levelText(lang Lang, n int) string {
	return fmt.Sprintf("%d (%s)", n, T(lang, fmt.Sprintf("skills.level%d", n)))
}

// levelCard asks one question about a tag with four buttons, each the line
// with its level appended.
func levelCard(lang Lang, question, tag, line string) Card {
	c := Card{Title: T(lang, question, "#"+tag), Footer: T(lang, "skills.footer")}
	for n := 1; n <= 4; n++ {
		c.Buttons = append(c.Buttons, Button{Label: levelText(lang, n), Line: fmt.Sprintf("%s %d", line, n)})
	}
	return c
}

// skillQuestions are the optional questions offered after a session's
// feedback or a finished training: one card per tag of the item.
func (r *Router) skillQuestions(ctx context.Context, req *Request, source string, id int64) []Card {
	sub, err := r.db.SkillSubjectOf(ctx, req.Member.ID, source, id)
	if err != nil {
		return nil
	}
	var cards []Card
	for i, tag := range sub.Tags {
		if i == maxSkillQuestions {
			break
		}
		cards = append(cards, levelCard(req.Lang, "skills.ask_before", tag, fmt.Sprintf("%s #%s", skillLine(source, id), tag)))
	}
	return cards
}

// trainingSkill: "/training skill <id> #tag <before> [<now>]" and
// "/training learned <id> #tag …".
func (r *Router) trainingSkill(verb string) HandlerFunc {
	return func(ctx context.Context, req *Request) (Reply, error) {
		if len(req.Args) < 2 {
			return Reply{}, userErr("err.skill_usage")
		}
		id, err := parseID(req.Args[0])
		if err != nil {
			return Reply{}, err
		}
		return r.skillAnswer(ctx, req, storage.SkillTraining, id, verb, req.Args[1:])
	}
}

// reuseAnswers are the words of "/me reuse <session|training> <id> <answer>".
var reuseAnswers = map[string]string{
	"yes": storage.ReuseYes, "oui": storage.ReuseYes,
	"not-yet": storage.ReuseNotYet, "notyet": storage.ReuseNotYet, "pas-encore": storage.ReuseNotYet, "pasencore": storage.ReuseNotYet,
	"no": storage.ReuseNo, "non": storage.ReuseNo,
}

var skillSources = map[string]string{
	"session": storage.SkillSession, "séance": storage.SkillSession, "seance": storage.SkillSession,
	"training": storage.SkillTraining, "formation": storage.SkillTraining,
}

// meReuse: "/me reuse <session|training> <id> <yes|not-yet|no>", the
// buttons of the 30-day question.
func (r *Router) meReuse(ctx context.Context, req *Request, args []string) (Reply, error) {
	if len(args) != 3 {
		return Reply{}, userErr("err.reuse_usage")
	}
	source, ok := skillSources[fold(args[0])]
	if !ok {
		return Reply{}, userErr("err.reuse_usage")
	}
	id, err := parseID(args[1])
	if err != nil {
		return Reply{}, err
	}
	answer, ok := reuseAnswers[fold(args[2])]
	if !ok {
		return Reply{}, userErr("err.reuse_usage")
	}
	if err := r.db.AnswerReuse(ctx, req.Member.ID, source, id, answer); err != nil {
		return Reply{}, err
	}
	return Reply{Text: T(req.Lang, "skills.reuse_saved", T(req.Lang, "skills.reuse."+answer))}, nil
}

// ReuseQuestion is the 30-day question's message, for the scheduler.
func ReuseQuestion(lang Lang, source string, id int64, title string) (string, Card) {
	what := T(lang, "skills.about."+source, id, title)
	c := Card{Title: T(lang, "skills.reuse_question"), Footer: T(lang, "skills.reuse_footer")}
	for _, a := range []string{storage.ReuseYes, storage.ReuseNotYet, storage.ReuseNo} {
		c.Buttons = append(c.Buttons, Button{Label: T(lang, "skills.reuse."+a), Line: fmt.Sprintf("me reuse %s %d %s", source, id, strings.ReplaceAll(a, "_", "-"))})
	}
	c.Buttons = append(c.Buttons, Button{Label: T(lang, "skills.stop_asking"), Line: "me skills off"})
	return T(lang, "skills.reuse_intro", what), c
}

// meSkillQuestions: "/me skills on|off", the 30-day question.
func (r *Router) meSkillQuestions(ctx context.Context, req *Request, arg string) (Reply, error) {
	on, ok := onOff(arg)
	if !ok {
		return Reply{}, userErr("err.skills_usage")
	}
	if err := r.db.SetSkillQuestions(ctx, req.Member.ID, on); err != nil {
		return Reply{}, err
	}
	if on {
		return Reply{Text: T(req.Lang, "skills.questions_on")}, nil
	}
	return Reply{Text: T(req.Lang, "skills.questions_off")}, nil
}

// skillJournal is the member's own lines of skill answers for /me skills.
func skillJournal(lang Lang, as []storage.SkillAnswer, rs []storage.Reuse) []string {
	var lines []string
	for _, a := range as {
		where := T(lang, "skills.about."+a.Source, a.SourceID, a.Title)
		switch {
		case a.Before != 0 && a.Now != 0:
			lines = append(lines, T(lang, "skills.journal_change", TimeMark(a.At), "#"+a.Tag, a.Before, a.Now, where))
		case a.Before != 0:
			lines = append(lines, T(lang, "skills.journal_before", TimeMark(a.At), "#"+a.Tag, a.Before, where))
		default:
			lines = append(lines, T(lang, "skills.journal_learned", TimeMark(a.At), "#"+a.Tag, where))
		}
	}
	for _, r := range rs {
		lines = append(lines, T(lang, "skills.journal_reuse", T(lang, "skills.about."+r.Source, r.SourceID, r.Title), T(lang, "skills.reuse."+r.Answer)))
	}
	return lines
}

// statsSkills: "/atelier stats skills [year|YYYY-MM-DD]", staff: the
// distributions of before/now answers by tag, quarter and organisation,
// the skills members named and the 30-day answers, groups under MinGroup
// people shown as "< 5".
func (r *Router) statsSkills(ctx context.Context, req *Request, args []string) (Reply, error) {
	if len(args) > 1 {
		return Reply{}, userErr("err.skills_stats_usage")
	}
	loc := r.cfg.Location
	local := req.Now.In(loc)
	from := time.Date(local.Year(), 1, 1, 0, 0, 0, 0, loc)
	if len(args) == 1 {
		var ok bool
		if from, ok = yearFrom(args[0], loc); !ok {
			return Reply{}, userErr("err.skills_stats_usage")
		}
	}
	to := from.AddDate(1, 0, 0)
	f, err := r.db.SkillFiguresFor(ctx, from.UTC(), to.UTC(), loc)
	if err != nil {
		return Reply{}, err
	}
	lang := req.Lang
	lines := []string{T(lang, "skills.stats_header", r.day(from), r.day(to)), T(lang, "skills.stats_caveat", MinGroup)}
	section := func(title string, gs []storage.SkillGroup) {
		lines = append(lines, T(lang, title))
		if len(gs) == 0 {
			lines = append(lines, T(lang, "skills.stats_none"))
		}
		for _, g := range gs {
			lines = append(lines, "• "+g.Name+": "+skillGroupText(lang, g))
		}
	}
	section("skills.stats_by_tag", f.ByTag)
	section("skills.stats_by_quarter", f.ByQuarter)
	section("skills.stats_by_org", f.ByOrg)
	lines = append(lines, T(lang, "skills.stats_added"))
	if len(f.Added) == 0 {
		lines = append(lines, T(lang, "skills.stats_none"))
	}
	for _, g := range f.Added {
		n := T(lang, "retention.small", MinGroup)
		if g.Members >= MinGroup {
			n = strconv.Itoa(g.Members)
		}
		lines = append(lines, T(lang, "skills.stats_added_row", "#"+g.Name, n))
	}
	if f.ReuseMembers < MinGroup {
		lines = append(lines, T(lang, "skills.stats_reuse", T(lang, "retention.small", MinGroup), "-", "-", "-"))
	} else {
		lines = append(lines, T(lang, "skills.stats_reuse", f.ReuseMembers,
			f.Reuse[storage.ReuseYes], f.Reuse[storage.ReuseNotYet], f.Reuse[storage.ReuseNo]))
	}
	return Reply{Text: strings.Join(lines, "\n")}, nil
}

// skillGroupText is "12 people, 15 answers: 60% surer · −1: 1 · =: 5 ·
// +1: 7 · +2: 2", or "< 5" for a small group.
func skillGroupText(lang Lang, g storage.SkillGroup) string {
	if g.Members < MinGroup {
		return T(lang, "retention.small", MinGroup)
	}
	var parts []string
	for d := -3; d <= 3; d++ {
		if n := g.Change[d+3]; n > 0 {
			label := "="
			if d != 0 {
				label = fmt.Sprintf("%+d", d)
			}
			parts = append(parts, fmt.Sprintf("%s: %d", label, n))
		}
	}
	return T(lang, "skills.stats_group", g.Members, g.Answers, g.Gains()*100/g.Answers, strings.Join(parts, " · "))
}
