package commands

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode"

	"github.com/atelier-bot/atelier/storage"
)

// span is a word of a line with its place, so the text after some words
// can be taken as typed (announcements keep their line breaks).
type span struct {
	word       string
	start, end int
}

// spans splits s into words at white space; a word that starts with a
// double quote runs to the closing quote, quotes removed.
func spans(s string) []span {
	var out []span
	i := 0
	for i < len(s) {
		r := rune(s[i])
		if unicode.IsSpace(r) {
			i++
			continue
		}
		if c, size := firstRune(s[i:]); isQuote(c) {
			j := i + size
			for j < len(s) {
				d, dsize := firstRune(s[j:])
				if isQuote(d) {
					out = append(out, span{s[i+size : j], i, j + dsize})
					i = j + dsize
					break
				}
				j += dsize
			}
			if j >= len(s) {
				out = append(out, span{s[i+size:], i, len(s)})
				i = len(s)
			}
			continue
		}
		j := strings.IndexFunc(s[i:], unicode.IsSpace)
		if j < 0 {
			j = len(s) - i
		}
		out = append(out, span{s[i : i+j], i, i + j})
		i += j
	}
	return out
}

func firstRune(s string) (rune, int) {
	for _, r := range s {
		return r, len(string(r))
	}
	return 0, 0
}

func isQuote(r rune) bool { return r == '"' || r == '“' || r == '”' || r == '«' || r == '»' }

func quoted(s string) bool {
	r, _ := firstRune(strings.TrimSpace(s))
	return isQuote(r)
}

// announceSchedule: `/announce schedule "<cron spec>" <channel> <text>`; the
// quotes may be left out around a plain five-field spec.
func (r *Router) announceSchedule(ctx context.Context, req *Request) (Reply, error) {
	ws := spans(req.Rest)
	if len(ws) < 3 {
		return Reply{}, errUsage
	}
	n := 1
	if !quoted(req.Rest) && !strings.HasPrefix(ws[0].word, "@") {
		n = 5
		if strings.HasPrefix(ws[0].word, "TZ=") || strings.HasPrefix(ws[0].word, "CRON_TZ=") {
			n = 6
		}
	}
	if len(ws) < n+2 {
		return Reply{}, errUsage
	}
	var specWords []string
	for _, w := range ws[:n] {
		specWords = append(specWords, w.word)
	}
	spec := strings.Join(strings.Fields(strings.Join(specWords, " ")), " ")
	sched, err := ParseCron(spec, r.cfg.Location)
	if err != nil {
		// The library's words stay in the log; the member reads ours.
		r.cfg.Logger.Info("cron spec refused", "error", err)
		return Reply{}, cronErr(err)
	}
	targets := ws[n].word
	if _, err := ParseTargets(targets, r.cfg.Channels, r.cfg.Platforms); err != nil {
		return Reply{}, err
	}
	text := strings.TrimSpace(req.Rest[ws[n].end:])
	if text == "" {
		return Reply{}, errUsage
	}
	a := storage.Announcement{AuthorID: req.Member.ID, Spec: spec, Targets: targets, Text: text}
	if err := r.db.CreateAnnouncement(ctx, &a); err != nil {
		return Reply{}, err
	}
	var next []string
	for _, t := range NextRuns(sched, req.Now, 3) {
		next = append(next, TimeMark(t))
	}
	return Reply{Text: T(req.Lang, "announce.scheduled", a.ID, "`"+spec+"`", targets, strings.Join(next, " · ")) + "\n" +
		T(req.Lang, "announce.zone", cronZone(sched, r.cfg.Location))}, nil
}

// announceOnce: `/announce once <when> <channel> <text>`, the time read in
// the member's zone; quotes may group the time.
func (r *Router) announceOnce(ctx context.Context, req *Request) (Reply, error) {
	ws := spans(req.Rest)
	if len(ws) < 3 {
		return Reply{}, errUsage
	}
	var u Understood
	used := 1
	var err error
	if quoted(req.Rest) {
		u, err = dateParser(req).Parse(ws[0].word)
	} else {
		words := make([]string, 0, len(ws)-2)
		for _, w := range ws[:len(ws)-2] {
			words = append(words, w.word)
		}
		u, err = dateParser(req).Prefix(words)
		used = u.Words
	}
	if err != nil {
		return Reply{}, err
	}
	at := u.At
	if len(ws) < used+2 {
		return Reply{}, errUsage
	}
	targets := ws[used].word
	if _, err := ParseTargets(targets, r.cfg.Channels, r.cfg.Platforms); err != nil {
		return Reply{}, err
	}
	text := strings.TrimSpace(req.Rest[ws[used].end:])
	a := storage.Announcement{AuthorID: req.Member.ID, OnceAt: at.UTC().Truncate(time.Minute), Targets: targets, Text: text}
	if err := r.db.CreateAnnouncement(ctx, &a); err != nil {
		return Reply{}, err
	}
	return Reply{Text: T(req.Lang, "announce.once", a.ID, targets, TimeMark(a.OnceAt)) + "\n" + readAs(req, a.OnceAt)}, nil
}

// AnnouncementNext is when an announcement posts next; zero when it never
// will (paused, or a one-off already out). A time not after now means the
// run is due and about to go out.
func AnnouncementNext(a storage.Announcement, loc *time.Location) time.Time {
	if a.Paused || a.Done() {
		return time.Time{}
	}
	if a.Spec == "" {
		return a.OnceAt
	}
	sched, err := ParseCron(a.Spec, loc)
	if err != nil {
		return time.Time{}
	}
	base := a.LastRunAt
	if base.IsZero() {
		base = a.CreatedAt
	}
	return sched.Next(base)
}

// announceList: "/announce list".
func (r *Router) announceList(ctx context.Context, req *Request) (Reply, error) {
	args, page, err := pageArg(req.Args)
	if err != nil {
		return Reply{}, err
	}
	if len(args) > 0 {
		return Reply{}, errUsage
	}
	all, err := r.db.Announcements(ctx)
	if err != nil {
		return Reply{}, err
	}
	if len(all) == 0 {
		return Reply{Text: T(req.Lang, "announce.list_empty")}, nil
	}
	as, info := storage.PageOf(all, func(a storage.Announcement) int64 { return a.ID }, page)
	var b strings.Builder
	b.WriteString(T(req.Lang, "announce.list"))
	for _, a := range as {
		when := T(req.Lang, "announce.kind_once")
		if a.Spec != "" {
			when = "`" + a.Spec + "`"
		}
		var state string
		switch next := AnnouncementNext(a, r.cfg.Location); {
		case a.Paused:
			state = T(req.Lang, "announce.paused")
		case a.Done():
			state = T(req.Lang, "announce.done", TimeMark(a.LastRunAt))
		case next.IsZero():
			state = T(req.Lang, "announce.never")
		default:
			state = T(req.Lang, "announce.next", TimeMark(next))
		}
		text := strings.Join(strings.Fields(a.Text), " ")
		if rs := []rune(text); len(rs) > 60 {
			text = string(rs[:59]) + "…"
		}
		fmt.Fprintf(&b, "\n• #%d %s → %s · %s · %s", a.ID, when, a.Targets, state, text)
	}
	return Reply{Text: b.String(), Cards: pageCard(req.Lang, info, "announce list")}, nil
}

// announcePause: "/announce pause <id>"; announceResume: "/announce resume <id>".
func (r *Router) announcePause(paused bool) Handler {
	return HandlerFunc(func(ctx context.Context, req *Request) (Reply, error) {
		id, err := oneID(req)
		if err != nil {
			return Reply{}, err
		}
		a, err := r.db.PauseAnnouncement(ctx, id, paused)
		if err != nil {
			return Reply{}, err
		}
		if paused {
			return Reply{Text: T(req.Lang, "announce.paused_now", a.ID)}, nil
		}
		next := AnnouncementNext(a, r.cfg.Location)
		if next.IsZero() {
			return Reply{Text: T(req.Lang, "announce.resumed_done", a.ID)}, nil
		}
		return Reply{Text: T(req.Lang, "announce.resumed", a.ID, TimeMark(next))}, nil
	})
}

// announceDelete: "/announce delete <id>".
func (r *Router) announceDelete(ctx context.Context, req *Request) (Reply, error) {
	id, err := oneID(req)
	if err != nil {
		return Reply{}, err
	}
	if err := r.db.DeleteAnnouncement(ctx, id); err != nil {
		return Reply{}, err
	}
	return Reply{Text: T(req.Lang, "announce.deleted", id)}, nil
}

// workshopReschedule: "/workshop reschedule <id> <when> [duration] [where]"
// moves the workshop's next session; its reminders move with it and the
// participants are told.
func (r *Router) workshopReschedule(ctx context.Context, req *Request) (Reply, error) {
	if len(req.Args) < 2 {
		return Reply{}, errUsage
	}
	id, err := parseID(req.Args[0])
	if err != nil {
		return Reply{}, err
	}
	sid, args, err := sessionArg(req.Args[1:])
	if err != nil {
		return Reply{}, err
	}
	var c storage.SessionChange
	u, d, place, err := splitSchedule(args, dateParser(req))
	if err != nil {
		return Reply{}, err
	}
	c.Start, c.Duration = u.At, d
	if place != "" {
		c.Place = &place
	}
	before, after, err := r.db.RescheduleSession(ctx, id, sid, c)
	if err != nil {
		return Reply{}, err
	}
	return Reply{
		Text:    T(req.Lang, "workshop.rescheduled", id, TimeMark(before.Start), TimeMark(after.Start)) + "\n" + readAs(req, after.Start),
		Refresh: []Entity{{storage.KindWorkshop, id}},
	}, nil
}

// workshopUnschedule: "/workshop unschedule <id> [session <n>]" cancels
// the workshop's next session, or the one named (an occurrence of a
// series), and tells its participants.
func (r *Router) workshopUnschedule(ctx context.Context, req *Request) (Reply, error) {
	if len(req.Args) == 0 {
		return Reply{}, errUsage
	}
	id, err := parseID(req.Args[0])
	if err != nil {
		return Reply{}, err
	}
	sid, rest, err := sessionArg(req.Args[1:])
	if err != nil {
		return Reply{}, err
	}
	if len(rest) > 0 {
		return Reply{}, errUsage
	}
	s, err := r.db.CancelSession(ctx, id, sid)
	if err != nil {
		return Reply{}, err
	}
	return Reply{
		Text:    T(req.Lang, "workshop.unscheduled", id, TimeMark(s.Start)),
		Refresh: []Entity{{storage.KindWorkshop, id}},
	}, nil
}

// feedback: "/feedback <session> <1-5> [comment]" (the buttons of the
// feedback message) or "/feedback <session> comment <text>".
func (r *Router) feedback(ctx context.Context, req *Request) (Reply, error) {
	if len(req.Args) < 2 {
		return Reply{}, userErr("err.feedback_usage")
	}
	id, err := parseID(req.Args[0])
	if err != nil {
		return Reply{}, err
	}
	if verb, ok := skillVerbs[fold(req.Args[1])]; ok {
		return r.skillAnswer(ctx, req, storage.SkillSession, id, verb, req.Args[2:])
	}
	var score int
	var comment *string
	switch w := strings.ToLower(req.Args[1]); w {
	case "comment", "commentaire", "note":
		text := restAfter(req.Rest, 2)
		if text == "" {
			return Reply{}, userErr("err.feedback_usage")
		}
		comment = &text
	default:
		if len(w) != 1 || w[0] < '1' || w[0] > '5' {
			return Reply{}, userErr("err.feedback_score")
		}
		score = int(w[0] - '0')
		if text := restAfter(req.Rest, 2); text != "" {
			comment = &text
		}
	}
	if err := r.db.RecordFeedback(ctx, id, req.Member.ID, score, comment); err != nil {
		return Reply{}, err
	}
	if score == 0 {
		return Reply{Text: T(req.Lang, "feedback.comment_saved", id)}, nil
	}
	return Reply{Text: T(req.Lang, "feedback.saved", score, id), Cards: r.skillQuestions(ctx, req, storage.SkillSession, id)}, nil
}

// meReminders: "/me reminders on|off".
func (r *Router) meReminders(ctx context.Context, req *Request, args []string) (Reply, error) {
	if len(args) != 1 {
		return Reply{}, userErr("err.reminders_usage")
	}
	on, ok := onOff(args[0])
	if !ok {
		return Reply{}, userErr("err.reminders_usage")
	}
	if err := r.db.SetReminders(ctx, req.Member.ID, on); err != nil {
		return Reply{}, err
	}
	if on {
		return Reply{Text: T(req.Lang, "me.reminders_on")}, nil
	}
	return Reply{Text: T(req.Lang, "me.reminders_off")}, nil
}
