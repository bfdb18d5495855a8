package commands

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/atelier-bot/atelier/storage"
)

// Tracks: staff put modules in order ("/training track add <name> | <id>,
// <id>, …"); a member follows one ("/training follow <track> <weekday>
// <hour>", read in their zone with the date grammar), and gets a module a
// week by direct message; "/training pause|resume|stop <track>";
// "/training tracks" lists them and what the member follows.

// trackAdd: "/training track add <name> | <id>, <id>, …" (staff).
func (r *Router) trackAdd(ctx context.Context, req *Request) (Reply, error) {
	rest := strings.TrimSpace(req.Rest)
	verb, rest, _ := strings.Cut(rest, " ")
	if fold(verb) != "add" && fold(verb) != "ajouter" {
		return Reply{}, errUsage
	}
	name, list, ok := strings.Cut(rest, "|")
	if !ok || strings.TrimSpace(name) == "" {
		return Reply{}, errUsage
	}
	var ids []int64
	for _, w := range strings.FieldsFunc(list, func(r rune) bool { return r == ',' || r == ' ' }) {
		id, err := parseID(w)
		if err != nil {
			return Reply{}, userErr("err.track_module", w)
		}
		ids = append(ids, id)
	}
	t, err := r.db.CreateTrack(ctx, name, ids)
	if err != nil {
		return Reply{}, err
	}
	return Reply{Text: T(req.Lang, "track.added", t.Name, len(t.Modules))}, nil
}

// weeklyAt reads "<weekday> <time>" at the end of words ("mardi 9h",
// "Tuesday at 9am"): the weekday, the hour and minute, and the words
// before.
func (dp DateParser) weeklyAt(words []string) (time.Weekday, int, int, []string, bool) {
	for i := max(len(words)-5, 0); i < len(words); i++ {
		p := &parser{toks: dropFillers(tokenize(strings.Join(words[i:], " "))), dp: dp}
		wd, ok := p.weekdayOf()
		if !ok {
			continue
		}
		var w when
		if ok, err := p.matchTime(&w); err != nil || !ok || !p.done() {
			continue
		}
		return wd, w.hour, w.minute, words[:i], true
	}
	return 0, 0, 0, nil, false
}

// trackFollow: "/training follow <track> <weekday> <hour>".
func (r *Router) trackFollow(ctx context.Context, req *Request) (Reply, error) {
	dp := dateParser(req)
	wd, h, m, name, ok := dp.weeklyAt(req.Args)
	if !ok || len(name) == 0 {
		return Reply{}, userErr("err.track_when")
	}
	loc := req.Loc
	if loc == nil {
		loc = time.UTC
	}
	f, err := r.db.FollowTrack(ctx, req.Member.ID, strings.Join(name, " "), wd, h, m, loc.String())
	if err != nil {
		return Reply{}, err
	}
	// A first module due within the hour is queued now, not at the
	// scheduler's next hourly look.
	if _, err := r.db.QueueTrackModules(ctx, req.Now.Add(time.Hour)); err != nil {
		return Reply{}, err
	}
	return Reply{Text: T(req.Lang, "track.following", f.Track.Name, len(f.Track.Modules),
		T(req.Lang, fmt.Sprintf("series.day.%d", wd)), fmt.Sprintf("%02d:%02d", h, m), loc.String(), FormatTime(f.NextAt, req.Lang, loc))}, nil
}

// trackPause: "/training pause|resume|stop <track>".
func (r *Router) trackPause(verb string) HandlerFunc {
	return func(ctx context.Context, req *Request) (Reply, error) {
		name := strings.TrimSpace(req.Rest)
		if name == "" {
			return Reply{}, errUsage
		}
		if verb == "stop" {
			if err := r.db.StopTrack(ctx, req.Member.ID, name); err != nil {
				return Reply{}, err
			}
			return Reply{Text: T(req.Lang, "track.stopped", name)}, nil
		}
		f, err := r.db.SetTrackPaused(ctx, req.Member.ID, name, verb == "pause")
		if err != nil {
			return Reply{}, err
		}
		if f.Paused {
			return Reply{Text: T(req.Lang, "track.paused", f.Track.Name)}, nil
		}
		loc := req.Loc
		if loc == nil {
			loc = time.UTC
		}
		return Reply{Text: T(req.Lang, "track.resumed", f.Track.Name, FormatTime(f.NextAt, req.Lang, loc))}, nil
	}
}

// trackList: "/training tracks": the tracks, then those the reader
// follows, with the next module and when, so that someone following
// several can tell them apart and pause the right one.
func (r *Router) trackList(ctx context.Context, req *Request) (Reply, error) {
	if len(req.Args) != 0 {
		return Reply{}, errUsage
	}
	ts, err := r.db.Tracks(ctx)
	if err != nil {
		return Reply{}, err
	}
	if len(ts) == 0 {
		return Reply{Text: T(req.Lang, "track.none")}, nil
	}
	lines := []string{T(req.Lang, "track.list")}
	for _, t := range ts {
		var ids []string
		for _, m := range t.Modules {
			ids = append(ids, fmt.Sprintf("#%d", m))
		}
		lines = append(lines, fmt.Sprintf("• %s: %s", t.Name, strings.Join(ids, " → ")))
	}
	fs, err := r.db.MyTracks(ctx, req.Member.ID)
	if err != nil {
		return Reply{}, err
	}
	if len(fs) > 0 {
		lines = append(lines, T(req.Lang, "track.mine"))
	}
	loc := req.Loc
	if loc == nil {
		loc = time.UTC
	}
	for _, f := range fs {
		n := len(f.Track.Modules)
		switch {
		case f.Position > n:
			lines = append(lines, T(req.Lang, "track.mine_done", f.Track.Name, n))
		case f.Paused:
			lines = append(lines, T(req.Lang, "track.mine_paused", f.Track.Name, f.Position, n))
		default:
			lines = append(lines, T(req.Lang, "track.mine_next", f.Track.Name, f.Position, n, FormatTime(f.NextAt, req.Lang, loc)))
		}
	}
	return Reply{Text: strings.Join(lines, "\n")}, nil
}

// TrackModule is the weekly message of a track a member follows.
func TrackModule(lang Lang, t storage.Track, tr storage.Training, position int) (string, Card) {
	c := Card{Title: trainingLine(lang, tr), Footer: T(lang, "track.footer", t.Name, t.Name)}
	if tr.URL != "" {
		c.Buttons = append(c.Buttons, Button{Label: T(lang, "training.nudge_open"), URL: tr.URL, Style: "primary"})
	}
	c.Buttons = append(c.Buttons,
		Button{Label: T(lang, "training.nudge_done"), Line: fmt.Sprintf("training done %d", tr.ID)},
		Button{Label: T(lang, "track.button_pause"), Line: "training pause " + t.Name})
	return T(lang, "track.module", t.Name, position, len(t.Modules)), c
}
