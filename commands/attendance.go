package commands

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/atelier-bot/atelier/storage"
)

// workshopAttended: "/workshop attended <session> all | <name>, <name> |
// member:<id>" (staff) records who came to a session; "not …" takes a
// name back; the session alone shows what is recorded. The buttons of the
// message staff get after a session run the same lines.
func (r *Router) workshopAttended(ctx context.Context, req *Request) (Reply, error) {
	if len(req.Args) == 0 {
		return Reply{}, errUsage
	}
	sid, err := parseID(req.Args[0])
	if err != nil {
		return Reply{}, err
	}
	s, seated, err := r.db.SessionSeats(ctx, sid)
	if err != nil {
		return Reply{}, err
	}
	rest := strings.TrimSpace(restAfter(req.Rest, 1))
	present := true
	if w, after, ok := strings.Cut(rest, " "); ok && (fold(w) == "not" || fold(w) == "pas") {
		present, rest = false, strings.TrimSpace(after)
	}
	if rest != "" {
		var ids []int64
		switch fold(rest) {
		case "all", "tous", "everyone", "tout":
			for _, p := range seated {
				ids = append(ids, p.MemberID)
			}
		default:
			for _, who := range namedIn(rest) {
				found, err := r.participantsNamed(ctx, req, seated, who)
				if err != nil {
					return Reply{}, err
				}
				if len(found) != 1 {
					return Reply{}, userErr("err.attended_who", who, sid)
				}
				ids = append(ids, found[0].MemberID)
			}
		}
		if err := r.db.RecordAttendance(ctx, sid, ids, present, req.Member.ID); err != nil {
			return Reply{}, err
		}
	}
	came, err := r.db.Attended(ctx, sid)
	if err != nil {
		return Reply{}, err
	}
	var names []string
	for _, p := range seated {
		for _, id := range came {
			if p.MemberID == id {
				names = append(names, p.Name)
			}
		}
	}
	list := strings.Join(names, ", ")
	if list == "" {
		list = T(req.Lang, "workshop.nobody")
	}
	return Reply{Text: T(req.Lang, "attendance.recorded", sid, s.WorkshopID, len(names), len(seated), list)}, nil
}

// namedIn splits the people a staff command names: separated by commas,
// or mentions side by side as the platforms insert them.
func namedIn(text string) []string {
	var out []string
	for _, part := range strings.Split(text, ",") {
		part = strings.TrimSpace(part)
		if strings.HasPrefix(part, "<@") {
			out = append(out, strings.Fields(part)...)
		} else if part != "" {
			out = append(out, part)
		}
	}
	return out
}

// participantsNamed finds who a staff command names among people: a
// platform mention (<@U123>, <@!123>), "member:<id>" (the buttons' exact
// form), or a name as the workshop lists it, with or without "@".
func (r *Router) participantsNamed(ctx context.Context, req *Request, people []storage.Participant, who string) ([]storage.Participant, error) {
	match := func(p storage.Participant) bool { return fold(p.Name) == fold(strings.TrimPrefix(who, "@")) }
	if id, ok := strings.CutPrefix(who, "member:"); ok {
		match = func(p storage.Participant) bool { return fmt.Sprint(p.MemberID) == id }
	} else if strings.HasPrefix(who, "<@") {
		m, err := r.memberOf(ctx, req, who)
		if storage.ErrorCode(err) == storage.ENOTFOUND || errors.Is(err, errNotAMention) {
			return nil, nil
		}
		if err != nil {
			return nil, err
		}
		match = func(p storage.Participant) bool { return p.MemberID == m.ID }
	}
	var found []storage.Participant
	for _, p := range people {
		if match(p) {
			found = append(found, p)
		}
	}
	return found, nil
}

// maxAttendanceButtons bounds the buttons of the question; beyond, the
// command names the rest.
const maxAttendanceButtons = 20

// AttendanceAsk is the message a workshop's host gets after a session:
// a button per seated member, and one for everyone.
func AttendanceAsk(lang Lang, s storage.Session, title string, seated []storage.Participant) (string, Card) {
	c := Card{Title: T(lang, "attendance.ask_title", s.ID, title), Footer: T(lang, "attendance.ask_footer", s.ID)}
	c.Buttons = append(c.Buttons, Button{Label: T(lang, "attendance.everyone"), Line: fmt.Sprintf("workshop attended %d all", s.ID), Style: "primary"})
	for i, p := range seated {
		if i == maxAttendanceButtons {
			break
		}
		c.Buttons = append(c.Buttons, Button{Label: "✓ " + p.Name, Line: fmt.Sprintf("workshop attended %d member:%d", s.ID, p.MemberID)})
	}
	return T(lang, "attendance.ask", title, TimeMark(s.Start)), c
}

// attendanceText is the stats line: sign-ups against who came, for the
// sessions whose attendance was recorded.
func (r *Router) attendanceText(ctx context.Context, lang Lang, from, to time.Time) (string, storage.AttendanceFigures, error) {
	f, err := r.db.AttendanceIn(ctx, from, to)
	if err != nil || f.Sessions == 0 {
		return "", f, err
	}
	return T(lang, "stats.attendance", f.Sessions, f.Attended, f.Signups, pct(lang, f.Attended, f.Signups)), f, nil
}
