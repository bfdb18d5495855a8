package commands

import (
	"context"
	"fmt"
	"strings"

	"github.com/atelier-bot/atelier/storage"
)

// One session of a series: "/workshop join <id> session <n>" and
// "/workshop leave <id> session <n>" ("séance <n>" in French), the session
// read as reschedule and unschedule read it. Without a session, join and
// leave are about every session to come.

// idAndSession reads "<id> [session <n>]".
func idAndSession(req *Request) (int64, int64, error) {
	if len(req.Args) == 0 {
		return 0, 0, errUsage
	}
	id, err := parseID(req.Args[0])
	if err != nil {
		return 0, 0, err
	}
	sid, rest, err := sessionArg(req.Args[1:])
	if err != nil {
		return 0, 0, userErr("err.join_session_number", req.Args[min(2, len(req.Args)-1)], id)
	}
	if len(rest) > 0 {
		return 0, 0, errUsage
	}
	return id, sid, nil
}

// maxPlacesShown bounds the sessions a series join lists.
const maxPlacesShown = 8

// seriesJoinText says where a whole-series join left the member: seated
// in some sessions, in line for others.
func seriesJoinText(req *Request, res storage.JoinResult) string {
	w := res.Workshop
	var seated, waiting []string
	for _, p := range res.Places {
		if p.State == storage.StateJoined {
			seated = append(seated, T(req.Lang, "sessions.item", p.Session.ID, TimeMark(p.Session.Start)))
		} else {
			waiting = append(waiting, T(req.Lang, "sessions.item_line", p.Session.ID, TimeMark(p.Session.Start), p.Position))
		}
	}
	key := "sessions.joined_series"
	if res.Already {
		key = "sessions.already_series"
	}
	lines := []string{T(req.Lang, key, w.ID, w.Title)}
	if len(waiting) == 0 {
		lines = append(lines, T(req.Lang, "sessions.seated_all", len(seated)))
	}
	for _, part := range []struct {
		key   string
		items []string
	}{{"sessions.seated_in", seated}, {"sessions.waiting_in", waiting}} {
		if len(part.items) == 0 || (part.key == "sessions.seated_in" && len(waiting) == 0 && len(seated) > maxPlacesShown) {
			continue
		}
		shown := part.items[:min(len(part.items), maxPlacesShown)]
		line := T(req.Lang, part.key, strings.Join(shown, " · "))
		if len(part.items) > len(shown) {
			line += " " + T(req.Lang, "sessions.more", len(part.items)-len(shown))
		}
		lines = append(lines, line)
	}
	lines = append(lines, T(req.Lang, "sessions.how_one", w.ID))
	return strings.Join(lines, "\n")
}

// joinSession: "/workshop join <id> session <n>".
func (r *Router) joinSession(ctx context.Context, req *Request, id, sid int64) (Reply, error) {
	res, err := r.db.JoinSession(ctx, id, sid, req.Member.ID)
	if err != nil {
		return Reply{}, err
	}
	w, s := res.Workshop, res.Session
	var text string
	switch {
	case res.Already && res.State == storage.StateJoined:
		text = T(req.Lang, "sessions.already_in", s.ID, w.ID, w.Title, TimeMark(s.Start))
	case res.Already:
		text = T(req.Lang, "sessions.already_waiting", s.ID, w.ID, res.Position)
	case res.State == storage.StateJoined:
		text = T(req.Lang, "sessions.joined_one", s.ID, w.ID, w.Title, TimeMark(s.Start)) + "\n" + T(req.Lang, "sessions.how_all", w.ID)
	default:
		text = T(req.Lang, "sessions.waitlisted_one", s.ID, w.ID, res.Position)
	}
	return r.askConsent(ctx, req, w.ID, Reply{Text: text, Refresh: []Entity{{storage.KindWorkshop, w.ID}}})
}

// leaveSession: "/workshop leave <id> session <n>".
func (r *Router) leaveSession(ctx context.Context, req *Request, id, sid int64) (Reply, error) {
	res, err := r.db.LeaveSession(ctx, id, sid, req.Member.ID)
	if err != nil {
		return Reply{}, err
	}
	w, s := res.Workshop, res.Session
	var text string
	switch res.WasState {
	case "":
		return Reply{Text: T(req.Lang, "sessions.not_in", s.ID, w.ID)}, nil
	case storage.StateWaitlisted:
		text = T(req.Lang, "sessions.left_line", s.ID, w.ID)
	default:
		text = T(req.Lang, "sessions.left_one", s.ID, w.ID, w.Title, TimeMark(s.Start))
	}
	text += promotedLines(req.Lang, res.Promoted)
	return Reply{Text: text, Refresh: []Entity{{storage.KindWorkshop, w.ID}}}, nil
}

// sessionSeats says one session's number and seats: "session 12 · 2/3
// seats · 1 waiting".
func sessionSeats(lang Lang, w storage.Workshop, id int64, n storage.SessionCount) string {
	return T(lang, "sessions.numbered", id, countSeats(lang, w, n))
}

// countSeats says one session's seats as a workshop's are said.
func countSeats(lang Lang, w storage.Workshop, n storage.SessionCount) string {
	return seats(lang, storage.Workshop{Joined: n.Seated, Waitlisted: n.Waiting, Capacity: w.Capacity}, true)
}

// sessionMemberNames lists who has a place of their own in a session:
// "session 12: Bob, Chloé · line: Dan".
func sessionMemberNames(lang Lang, ps []storage.Participant) string {
	var lines []string
	for i := 0; i < len(ps); {
		s := ps[i].Session
		var seated, line []storage.Participant
		for ; i < len(ps) && ps[i].Session.ID == s.ID; i++ {
			if ps[i].State == storage.StateJoined {
				seated = append(seated, ps[i])
			} else {
				line = append(line, ps[i])
			}
		}
		text := T(lang, "sessions.item", s.ID, TimeMark(s.Start)) + ": "
		if len(seated) > 0 {
			text += participantNames(lang, seated, false)
		}
		if len(line) > 0 {
			if len(seated) > 0 {
				text += " · "
			}
			text += T(lang, "sessions.line_names", participantNames(lang, line, true))
		}
		lines = append(lines, text)
	}
	return strings.Join(lines, "\n")
}

// maxSessionButtons bounds the one-session buttons under a workshop shown.
const maxSessionButtons = 3

// sessionButtons offers, on an open workshop with a series, to join one of
// its next sessions only ("Session 12 only", or its line when full).
func sessionButtons(lang Lang, w storage.Workshop, counts map[int64]storage.SessionCount) []Button {
	if w.Status != storage.WorkshopOpen {
		return nil
	}
	var out []Button
	for _, s := range w.Sessions {
		n, ok := counts[s.ID]
		if !ok || len(out) == maxSessionButtons {
			continue
		}
		key := "sessions.button"
		if w.Capacity > 0 && n.Seated >= w.Capacity {
			key = "sessions.button_line"
		}
		out = append(out, Button{Label: T(lang, key, s.ID), Line: fmt.Sprintf("workshop join %d session %d", w.ID, s.ID)})
	}
	return out
}

// sessionInterest narrows a mark on one session of a series to that
// session: "Interested" on one occurrence's Discord event is a seat in
// that occurrence, not in every session.
func (r *Router) sessionInterest(ctx context.Context, in Interest, line string) (string, error) {
	if in.Session == 0 || in.Entity.Kind != storage.KindWorkshop {
		return line, nil
	}
	ss, err := r.db.SeriesOf(ctx, in.Entity.ID)
	if err != nil || len(ss) == 0 {
		return line, err
	}
	return fmt.Sprintf("%s session %d", line, in.Session), nil
}
