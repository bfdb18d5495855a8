package commands

import (
	"context"
	"fmt"
	"strings"

	"github.com/atelier-bot/atelier/storage"
)

// problemPost: "/problem post <title> [| description] [#tags]", or a modal
// with title, description and tags fields.
func (r *Router) problemPost(ctx context.Context, req *Request) (Reply, error) {
	p := storage.Problem{AuthorID: req.Member.ID, Chapter: req.Member.Chapter}
	if len(req.Fields) > 0 {
		tags, err := tagsArg([]string{req.Field("tags")})
		if err != nil {
			return Reply{}, err
		}
		p.Title, p.Description, p.Tags = req.Field("title"), req.Field("description"), tags
	} else {
		if reply, ok := form(req, problemForm); ok {
			return reply, nil
		}
		var err error
		if p.Title, p.Description, p.Tags, err = textForm(req.Rest); err != nil {
			return Reply{}, err
		}
		if p.Title == "" {
			return Reply{}, errUsage
		}
	}
	if err := r.db.CreateProblem(ctx, &p, r.channelPosts("problems", p.Chapter, req, true)...); err != nil {
		return Reply{}, err
	}
	p.AuthorName = req.Member.DisplayName
	matched := r.matchNew(ctx, storage.MatchEvent{Kind: storage.KindProblem, ID: p.ID, AuthorID: p.AuthorID, Tags: p.Tags})
	// The card is the channel's: in the community's language, as every
	// later edit of it will be, whoever touches it. The confirmation is
	// the member's own.
	return Reply{
		Text:   T(req.Lang, "problem.posted", p.ID) + matchedLine(req.Lang, matched),
		Cards:  []Card{problemCard(r.cardLang(p.Chapter), p)},
		Public: true,
	}, nil
}

// problemList: "/problem list [#tag]".
func (r *Router) problemList(ctx context.Context, req *Request) (Reply, error) {
	args, page, err := pageArg(req.Args)
	if err != nil {
		return Reply{}, err
	}
	args, chapters, all := r.listChapters(req, args)
	if len(args) > 1 {
		return Reply{}, errUsage
	}
	f := storage.ProblemFilter{Open: true, Chapters: chapters}
	header := T(req.Lang, "problem.list")
	again := "problem list"
	if all {
		again += " all"
	}
	if len(args) == 1 {
		tags, err := tagsArg(args)
		if err != nil {
			return Reply{}, err
		}
		if len(tags) != 1 {
			return Reply{}, errUsage
		}
		f.Tag = tags[0]
		header = T(req.Lang, "problem.list_tag", f.Tag)
		again += " #" + f.Tag
	}
	ps, info, err := r.db.ProblemsPage(ctx, f, "", page)
	if err != nil {
		return Reply{}, err
	}
	if info.Total == 0 {
		return Reply{Text: T(req.Lang, "problem.list_empty")}, nil
	}
	return Reply{Text: header + "\n" + problemLines(req.Lang, ps), Cards: pageCard(req.Lang, info, again)}, nil
}

// problemSearch: "/problem search <words>".
func (r *Router) problemSearch(ctx context.Context, req *Request) (Reply, error) {
	words, page, err := searchArgs(req)
	if err != nil {
		return Reply{}, err
	}
	ps, info, err := r.db.ProblemsPage(ctx, storage.ProblemFilter{}, words, page)
	if storage.ErrorReason(err) == "search_empty" {
		return Reply{}, errUsage
	}
	if err != nil {
		return Reply{}, err
	}
	if info.Total == 0 {
		return Reply{Text: T(req.Lang, "problem.search_empty", words)}, nil
	}
	return Reply{Text: T(req.Lang, "problem.search", words) + "\n" + problemLines(req.Lang, ps), Cards: pageCard(req.Lang, info, "problem search "+words)}, nil
}

func problemLines(lang Lang, ps []storage.Problem) string {
	var b strings.Builder
	for _, p := range ps {
		fmt.Fprintf(&b, "• #%d %s", p.ID, p.Title)
		if len(p.Tags) > 0 {
			b.WriteString(" · " + hashTags(p.Tags))
		}
		if p.Interested+p.CanHelp > 0 {
			b.WriteString(" · " + T(lang, "problem.counts", p.Interested, p.CanHelp))
		}
		if p.Status != storage.ProblemOpen {
			b.WriteString(" · " + T(lang, "status."+p.Status))
		}
		b.WriteString("\n")
	}
	return strings.TrimRight(b.String(), "\n")
}

// problemShow: "/problem show <id>".
func (r *Router) problemShow(ctx context.Context, req *Request) (Reply, error) {
	id, err := oneID(req)
	if err != nil {
		return Reply{}, err
	}
	p, err := r.db.Problem(ctx, id)
	if err != nil {
		return Reply{}, err
	}
	return Reply{Cards: []Card{problemCard(req.Lang, p)}}, nil
}

// problemMark answers "interested", "canhelp" and "uninterested", typed or
// pressed on a card or given as a reaction.
func (r *Router) problemMark(kind string) HandlerFunc {
	return func(ctx context.Context, req *Request) (Reply, error) {
		id, err := oneID(req)
		if err != nil {
			return Reply{}, err
		}
		p, err := r.db.SetInterest(ctx, id, req.Member.ID, kind)
		if err != nil {
			return Reply{}, err
		}
		key := map[string]string{storage.InterestInterested: "problem.interested", storage.InterestCanHelp: "problem.canhelp", "": "problem.uninterested"}[kind]
		return Reply{
			Text:    T(req.Lang, key, p.ID, p.Title),
			Refresh: []Entity{{storage.KindProblem, p.ID}},
		}, nil
	}
}

// problemClose: "/problem close <id> [solved|duplicate|stale]".
func (r *Router) problemClose(ctx context.Context, req *Request) (Reply, error) {
	if len(req.Args) < 1 || len(req.Args) > 2 {
		return Reply{}, errUsage
	}
	id, err := parseID(req.Args[0])
	if err != nil {
		return Reply{}, err
	}
	status := storage.ProblemSolved
	if len(req.Args) == 2 {
		s, ok := closeStatuses[strings.ToLower(req.Args[1])]
		if !ok {
			return Reply{}, errUsage
		}
		status = s
	}
	by, err := r.actingOnProblem(ctx, req, id)
	if err != nil {
		return Reply{}, err
	}
	p, err := r.db.CloseProblem(ctx, id, by, status)
	if err != nil {
		return Reply{}, err
	}
	return Reply{
		Text:    T(req.Lang, "problem.closed", p.ID, T(req.Lang, "status."+p.Status)),
		Refresh: []Entity{{storage.KindProblem, p.ID}},
	}, nil
}

// closeStatuses accepts both languages' words.
var closeStatuses = map[string]string{
	"solved": storage.ProblemSolved, "résolu": storage.ProblemSolved, "resolu": storage.ProblemSolved,
	"duplicate": storage.ProblemDuplicate, "doublon": storage.ProblemDuplicate,
	"stale": storage.ProblemStale, "abandonné": storage.ProblemStale, "abandonne": storage.ProblemStale,
}

func problemCard(lang Lang, p storage.Problem) Card {
	if p.Withdrawn {
		// Its author asked to be forgotten: nothing of it is shown but
		// that it was withdrawn, and the workshops that came of it.
		c := Card{Entity: Entity{storage.KindProblem, p.ID}, Title: T(lang, "problem.withdrawn_title", p.ID), Body: T(lang, "problem.withdrawn_body")}
		if len(p.WorkshopIDs) > 0 {
			var ids []string
			for _, id := range p.WorkshopIDs {
				ids = append(ids, fmt.Sprintf("#%d", id))
			}
			c.Fields = append(c.Fields, Field{T(lang, "label.workshops"), strings.Join(ids, ", ")})
		}
		return c
	}
	c := Card{
		Entity: Entity{storage.KindProblem, p.ID},
		Title:  fmt.Sprintf("#%d · %s", p.ID, p.Title),
		Body:   p.Description,
	}
	c.Fields = append(c.Fields, Field{T(lang, "label.author"), p.AuthorName})
	if len(p.Tags) > 0 {
		c.Fields = append(c.Fields, Field{T(lang, "label.tags"), hashTags(p.Tags)})
	}
	c.Fields = append(c.Fields, Field{T(lang, "label.status"), T(lang, "status."+p.Status)})
	c.Fields = append(c.Fields, Field{T(lang, "label.interested"), countAndNames(p.Interested, p.InterestedNames)})
	c.Fields = append(c.Fields, Field{T(lang, "label.canhelp"), countAndNames(p.CanHelp, p.CanHelpNames)})
	if len(p.WorkshopIDs) > 0 {
		var ids []string
		for _, id := range p.WorkshopIDs {
			ids = append(ids, fmt.Sprintf("#%d", id))
		}
		c.Fields = append(c.Fields, Field{T(lang, "label.workshops"), strings.Join(ids, ", ")})
	}
	if p.Status == storage.ProblemOpen || p.Status == storage.ProblemWorkshop {
		c.Buttons = []Button{
			{Label: T(lang, "button.interested"), Line: fmt.Sprintf("problem interested %d", p.ID), Style: "primary"},
			{Label: T(lang, "button.canhelp"), Line: fmt.Sprintf("problem canhelp %d", p.ID)},
		}
	}
	c.Footer = T(lang, "problem.footer", p.ID)
	return c
}

func countAndNames(n int, names []string) string {
	if len(names) == 0 {
		return fmt.Sprint(n)
	}
	return fmt.Sprintf("%d (%s)", n, strings.Join(names, ", "))
}

func hashTags(tags []string) string {
	out := make([]string, len(tags))
	for i, t := range tags {
		out[i] = "#" + t
	}
	return strings.Join(out, " ")
}
