package commands

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/atelier-bot/atelier/storage"
)

// DefaultSessionDuration is used when a schedule gives none.
const DefaultSessionDuration = time.Hour

// workshopCreate: "/workshop create [from <problem id>] [capacity <n>]
// [<title> [| description] [#tags]]", or a modal with title, description,
// tags, capacity and from fields.
func (r *Router) workshopCreate(ctx context.Context, req *Request) (Reply, error) {
	w := storage.Workshop{HostID: req.Member.ID}
	chapter := ""
	if len(req.Fields) > 0 {
		chapter = req.Field("chapter")
		var err error
		if w.ProblemID, err = optionalID(req.Field("from")); err != nil {
			return Reply{}, err
		}
		if w.Capacity, err = optionalCapacity(req.Field("capacity")); err != nil {
			return Reply{}, err
		}
		if w.Tags, err = tagsArg([]string{req.Field("tags")}); err != nil {
			return Reply{}, err
		}
		w.Title, w.Description = req.Field("title"), req.Field("description")
	} else {
		if reply, ok := form(req, workshopForm); ok {
			return reply, nil
		}
		rest := req.Rest
		for {
			word, after := firstWord(rest)
			opt := strings.ToLower(word)
			isFrom := opt == "from" || opt == "de" || opt == "depuis"
			isChapter := r.chaptered() && (opt == "chapter" || opt == "chapitre")
			if !isFrom && !isCapacityWord(opt) && !isChapter {
				break
			}
			val, after := firstWord(after)
			if val == "" {
				return Reply{}, userErr("err.option_missing", word)
			}
			if isChapter {
				chapter, rest = val, after
				continue
			}
			// Titles start with the other words too ("De la donnée au
			// modèle", "Places de marché"): they are options only before a
			// value.
			if isFrom && !looksLikeID(val) || !isFrom && !looksLikeCapacity(val) {
				break
			}
			var err error
			if isCapacityWord(opt) {
				w.Capacity, err = capacityArg(val)
			} else {
				w.ProblemID, err = parseID(val)
			}
			if err != nil {
				return Reply{}, err
			}
			rest = after
		}
		var err error
		if w.Title, w.Description, w.Tags, err = textForm(rest); err != nil {
			return Reply{}, err
		}
		// "Causal inference capacity 12": an option typed after the title
		// is read as one, and a bad value is refused by name, never left in
		// the title.
		if f := strings.Fields(w.Title); len(f) >= 3 && isCapacityWord(strings.ToLower(f[len(f)-2])) && looksLikeCapacity(f[len(f)-1]) {
			if w.Capacity, err = capacityArg(f[len(f)-1]); err != nil {
				return Reply{}, err
			}
			w.Title = strings.Join(f[:len(f)-2], " ")
		}
	}
	if w.Title == "" && w.ProblemID == 0 {
		return Reply{}, errUsage
	}
	var err error
	if w.Chapter, err = r.newWorkshopChapter(ctx, req, chapter, w.ProblemID); err != nil {
		return Reply{}, err
	}
	if err := r.db.CreateWorkshop(ctx, &w); err != nil {
		return Reply{}, err
	}
	full, err := r.db.Workshop(ctx, w.ID)
	if err != nil {
		return Reply{}, err
	}
	refresh := []Entity{}
	if w.ProblemID != 0 {
		refresh = append(refresh, Entity{storage.KindProblem, w.ProblemID})
	}
	matched := r.matchNew(ctx, storage.MatchEvent{Kind: storage.KindWorkshop, ID: w.ID, AuthorID: req.Member.ID, Tags: full.Tags})
	return Reply{
		Text:    T(req.Lang, "workshop.created", w.ID) + matchedLine(req.Lang, matched),
		Cards:   []Card{r.workshopCardWithLinks(r.cardLang(full.Chapter), full)}, // see problemPost
		Public:  true,
		Refresh: refresh,
	}, nil
}

func firstWord(s string) (word, rest string) {
	s = strings.TrimSpace(s)
	i := strings.IndexAny(s, " \t\n")
	if i < 0 {
		return s, ""
	}
	return s[:i], strings.TrimSpace(s[i:])
}

// looksLikeID tells "#12" or "12" (valid or not) from a word of a title.
func looksLikeID(s string) bool { return strings.HasPrefix(s, "#") || startsWithDigit(s) }

// looksLikeCapacity tells "8", "-3" or "unlimited" from a word of a title.
func looksLikeCapacity(s string) bool {
	if startsWithDigit(strings.TrimLeft(s, "+-")) {
		return true
	}
	_, err := capacityArg(s)
	return err == nil
}

func isCapacityWord(s string) bool {
	switch s {
	case "capacity", "cap", "capacité", "capacite", "places", "seats":
		return true
	}
	return false
}

// capacityArg reads a number of seats, or "unlimited" for no limit.
func capacityArg(s string) (int, error) {
	switch strings.ToLower(s) {
	case "unlimited", "illimité", "illimite", "none", "aucune":
		return 0, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > storage.MaxCapacity {
		return 0, userErr("err.capacity_value", s, storage.MaxCapacity)
	}
	return n, nil
}

func optionalCapacity(s string) (int, error) {
	if s == "" {
		return 0, nil
	}
	return capacityArg(s)
}

func optionalID(s string) (int64, error) {
	if s == "" {
		return 0, nil
	}
	return parseID(s)
}

// workshopSchedule: "/workshop schedule <id> <when> [duration] [where]".
// The date is the longest run of words that reads as one; modals give
// "start" (unix seconds, from a date picker) or "when", plus "duration"
// and "place".
func (r *Router) workshopSchedule(ctx context.Context, req *Request) (Reply, error) {
	s := storage.Session{Duration: DefaultSessionDuration}
	var err error
	if len(req.Fields) > 0 {
		if s.WorkshopID, err = parseID(req.Field("id")); err != nil {
			return Reply{}, err
		}
		if start := req.Field("start"); start != "" {
			sec, perr := strconv.ParseInt(start, 10, 64)
			if perr != nil {
				return Reply{}, ErrBadTime
			}
			s.Start = time.Unix(sec, 0).UTC()
			if !s.Start.After(req.Now) {
				return Reply{}, ErrPastTime
			}
		} else if when := strings.Fields(req.Field("when")); seriesIn(req, when) {
			// A form's fields as the typed words: the rule, then the
			// duration and the place.
			words := append(when, strings.Fields(req.Field("duration"))...)
			return r.scheduleSeries(ctx, req, s.WorkshopID, append(words, strings.Fields(req.Field("place"))...))
		} else {
			u, err := dateParser(req).Parse(req.Field("when"))
			if err != nil {
				return Reply{}, err
			}
			s.Start = u.At
		}
		if d := req.Field("duration"); d != "" {
			if s.Duration, err = ParseDuration(d); err != nil {
				return Reply{}, err
			}
		}
		s.Place = req.Field("place")
	} else {
		if req.CanForm && len(req.Args) <= 1 {
			// "/workshop schedule 3" opens the dialog for workshop 3.
			var id int64
			if len(req.Args) == 1 {
				if id, err = parseID(req.Args[0]); err != nil {
					return Reply{}, err
				}
			}
			return Reply{Form: scheduleForm(id)(req.Lang)}, nil
		}
		if len(req.Args) < 2 {
			return Reply{}, errUsage
		}
		if s.WorkshopID, err = parseID(req.Args[0]); err != nil {
			return Reply{}, err
		}
		if seriesIn(req, req.Args[1:]) {
			return r.scheduleSeries(ctx, req, s.WorkshopID, req.Args[1:])
		}
		u, d, place, err := splitSchedule(req.Args[1:], dateParser(req))
		if err != nil {
			return Reply{}, err
		}
		s.Start, s.Place = u.At, place
		if d > 0 {
			s.Duration = d
		}
	}
	if err := r.db.AddSession(ctx, &s); err != nil {
		return Reply{}, err
	}
	place := s.Place
	if place == "" {
		place = T(req.Lang, "workshop.no_place")
	}
	return Reply{
		Text:    T(req.Lang, "workshop.scheduled", s.WorkshopID, TimeMark(s.Start), formatDuration(s.Duration), place) + "\n" + readAs(req, s.Start),
		Refresh: []Entity{{storage.KindWorkshop, s.WorkshopID}},
	}, nil
}

func startsWithDigit(s string) bool { return s != "" && s[0] >= '0' && s[0] <= '9' }

// workshopList: "/workshop list".
func (r *Router) workshopList(ctx context.Context, req *Request) (Reply, error) {
	args, page, err := pageArg(req.Args)
	if err != nil {
		return Reply{}, err
	}
	args, chapters, all := r.listChapters(req, args)
	if len(args) > 0 {
		return Reply{}, errUsage
	}
	again := "workshop list"
	if all {
		again += " all"
	}
	ws, info, err := r.db.WorkshopsPage(ctx, page, chapters)
	if err != nil {
		return Reply{}, err
	}
	if info.Total == 0 {
		return Reply{Text: T(req.Lang, "workshop.list_empty")}, nil
	}
	var b strings.Builder
	b.WriteString(T(req.Lang, "workshop.list"))
	for _, w := range ws {
		fmt.Fprintf(&b, "\n• #%d %s · %s", w.ID, w.Title, seats(req.Lang, w, true))
		if w.NextSession.ID != 0 {
			b.WriteString(" · " + TimeMark(w.NextSession.Start))
		} else {
			b.WriteString(" · " + T(req.Lang, "workshop.no_session"))
		}
	}
	return Reply{Text: b.String(), Cards: pageCard(req.Lang, info, again)}, nil
}

// workshopShow: "/workshop show <id>".
func (r *Router) workshopShow(ctx context.Context, req *Request) (Reply, error) {
	args, page, err := pageArg(req.Args)
	if err != nil {
		return Reply{}, err
	}
	if len(args) != 1 {
		return Reply{}, errUsage
	}
	id, err := parseID(args[0])
	if err != nil {
		return Reply{}, err
	}
	w, err := r.db.Workshop(ctx, id)
	if err != nil {
		return Reply{}, err
	}
	c := r.workshopCardWithLinks(req.Lang, w)
	// The participants a page at a time: a big workshop's list would not
	// fit in a card.
	seated, info := storage.PageOf(w.Participants, func(p storage.Participant) int64 { return p.MemberID }, page)
	withheld := r.namesWithheld(req, w)
	if withheld {
		seated, info = nil, storage.PageInfo{}
		c.Fields = append(c.Fields, Field{T(req.Lang, "label.participants"), T(req.Lang, "registrants.names_withheld", len(w.Participants)+len(w.Waitlist), w.ID)})
	} else {
		c.Fields = append(c.Fields, Field{T(req.Lang, "label.participants"), participantNames(req.Lang, seated, false)})
	}
	if len(w.Waitlist) > 0 && !withheld {
		c.Fields = append(c.Fields, Field{T(req.Lang, "label.waitlist"), participantNames(req.Lang, w.Waitlist, true)})
	}
	if len(w.SessionMembers) > 0 && !withheld {
		c.Fields = append(c.Fields, Field{T(req.Lang, "sessions.label"), sessionMemberNames(req.Lang, w.SessionMembers)})
	}
	if len(w.Sessions) > 0 {
		counts, err := r.db.SessionCounts(ctx, w.ID)
		if err != nil {
			return Reply{}, err
		}
		var lines []string
		for _, s := range w.Sessions {
			line := fmt.Sprintf("%s · %s", TimeMark(s.Start), formatDuration(s.Duration))
			if s.Place != "" {
				line += " · " + s.Place
			}
			if s.Cancelled {
				line += " · " + T(req.Lang, "workshop.session_cancelled")
			}
			if n, ok := counts[s.ID]; ok {
				line += " · " + sessionSeats(req.Lang, w, s.ID, n)
			}
			lines = append(lines, line)
		}
		c.Buttons = append(c.Buttons, sessionButtons(req.Lang, w, counts)...)
		c.Fields = append(c.Fields, Field{T(req.Lang, "label.sessions"), strings.Join(lines, "\n")})
	}
	return Reply{Cards: append([]Card{c}, pageCard(req.Lang, info, fmt.Sprintf("workshop show %d", id))...)}, nil
}

func participantNames(lang Lang, ps []storage.Participant, numbered bool) string {
	if len(ps) == 0 {
		return T(lang, "workshop.nobody")
	}
	names := make([]string, len(ps))
	for i, p := range ps {
		names[i] = p.Name
		if numbered {
			names[i] = fmt.Sprintf("%d. %s", i+1, p.Name)
		}
	}
	return strings.Join(names, ", ")
}

// workshopJoin: "/workshop join <id> [session <n>]", the Join button, or a
// reaction. Without a session, a series is joined as a whole.
func (r *Router) workshopJoin(ctx context.Context, req *Request) (Reply, error) {
	id, sid, err := idAndSession(req)
	if err != nil {
		return Reply{}, err
	}
	if sid != 0 {
		return r.joinSession(ctx, req, id, sid)
	}
	res, err := r.db.Join(ctx, id, req.Member.ID)
	if err != nil {
		return Reply{}, err
	}
	w := res.Workshop
	if len(res.Places) > 0 {
		return r.askConsent(ctx, req, w.ID, Reply{Text: seriesJoinText(req, res), Refresh: []Entity{{storage.KindWorkshop, w.ID}}})
	}
	var text string
	switch {
	case res.Already && res.State == storage.StateJoined:
		text = T(req.Lang, "workshop.already_joined", w.ID, w.Title)
	case res.Already:
		text = T(req.Lang, "workshop.already_waitlisted", w.ID, res.Position)
	case res.State == storage.StateJoined:
		text = T(req.Lang, "workshop.joined", w.ID, w.Title)
	default:
		text = T(req.Lang, "workshop.waitlisted", w.ID, res.Position)
	}
	if res.State == storage.StateJoined && w.NextSession.ID != 0 {
		text += "\n" + T(req.Lang, "workshop.next_session", TimeMark(w.NextSession.Start))
	}
	rep := Reply{Text: text, Refresh: []Entity{{storage.KindWorkshop, w.ID}}}
	if !res.Orgs {
		return rep, nil
	}
	return r.askConsent(ctx, req, w.ID, rep)
}

// workshopLeave: "/workshop leave <id> [session <n>]", the Leave button,
// or a reaction taken back. A freed seat goes to the first in line.
func (r *Router) workshopLeave(ctx context.Context, req *Request) (Reply, error) {
	id, sid, err := idAndSession(req)
	if err != nil {
		return Reply{}, err
	}
	if sid != 0 {
		return r.leaveSession(ctx, req, id, sid)
	}
	res, err := r.db.Leave(ctx, id, req.Member.ID)
	if err != nil {
		return Reply{}, err
	}
	w := res.Workshop
	if res.WasState == "" {
		return Reply{Text: T(req.Lang, "workshop.not_in", w.ID)}, nil
	}
	text := T(req.Lang, "workshop.left", w.ID, w.Title)
	if res.WasState == storage.StateWaitlisted {
		text = T(req.Lang, "workshop.left_waitlist", w.ID)
	}
	text += promotedLines(req.Lang, res.Promoted)
	return Reply{Text: text, Refresh: []Entity{{storage.KindWorkshop, w.ID}}}, nil
}

// workshopCapacity: "/workshop capacity <id> <n|unlimited>" (staff).
func (r *Router) workshopCapacity(ctx context.Context, req *Request) (Reply, error) {
	if len(req.Args) != 2 {
		return Reply{}, errUsage
	}
	id, err := parseID(req.Args[0])
	if err != nil {
		return Reply{}, err
	}
	n, err := capacityArg(req.Args[1])
	if err != nil {
		return Reply{}, err
	}
	res, err := r.db.SetCapacity(ctx, id, n)
	if storage.ErrorReason(err) == "capacity_below_count" {
		// The result is empty on error: read the seats taken to quote them.
		w, werr := r.db.Workshop(ctx, id)
		if werr != nil {
			return Reply{}, werr
		}
		return Reply{}, userErr("err.capacity_below_count", n, w.Joined)
	}
	if err != nil {
		return Reply{}, err
	}
	text := T(req.Lang, "workshop.capacity_set", id, capacityText(req.Lang, n))
	text += promotedLines(req.Lang, res.Promoted)
	return Reply{Text: text, Refresh: []Entity{{storage.KindWorkshop, id}}}, nil
}

// workshopCancel: "/workshop cancel <id>" (staff).
func (r *Router) workshopCancel(ctx context.Context, req *Request) (Reply, error) {
	id, err := oneID(req)
	if err != nil {
		return Reply{}, err
	}
	w, err := r.db.CancelWorkshop(ctx, id)
	if err != nil {
		return Reply{}, err
	}
	return Reply{
		Text:    T(req.Lang, "workshop.cancelled", w.ID, w.Title, len(w.Participants)),
		Refresh: []Entity{{storage.KindWorkshop, w.ID}},
	}, nil
}

// promotedLines says who got a seat off the waitlist. The promotion is
// stored with its time, so the scheduler can also tell them by DM.
func promotedLines(lang Lang, ps []storage.Participant) string {
	var b strings.Builder
	for _, p := range ps {
		if p.Session.ID != 0 {
			b.WriteString("\n" + T(lang, "sessions.promoted", p.Name, p.Session.ID))
			continue
		}
		b.WriteString("\n" + T(lang, "workshop.promoted", p.Name))
	}
	return b.String()
}

// workshopAnnounce: "/workshop announce <id>" (staff) posts the workshop's
// card in this channel and in the workshops channel of every platform that
// names one: one participant list, announced wherever members are, each
// post kept up to date.
func (r *Router) workshopAnnounce(ctx context.Context, req *Request) (Reply, error) {
	id, err := oneID(req)
	if err != nil {
		return Reply{}, err
	}
	w, err := r.db.Workshop(ctx, id)
	if err != nil {
		return Reply{}, err
	}
	if w.Status != storage.WorkshopOpen {
		return Reply{}, userErr("err.workshop_closed")
	}
	// Matched once: a workshop created before matching existed, or whose
	// matching failed, is matched when announced.
	r.matchNew(ctx, storage.MatchEvent{Kind: storage.KindWorkshop, ID: w.ID, AuthorID: w.HostID, Tags: w.Tags})
	if err := r.db.PostWorkshopCard(ctx, w.ID, r.channelPosts("workshops", w.Chapter, req, true)); err != nil {
		return Reply{}, err
	}
	return Reply{Cards: []Card{r.workshopCardWithLinks(r.cardLang(w.Chapter), w)}, Public: true}, nil
}

func capacityText(lang Lang, n int) string {
	if n == 0 {
		return T(lang, "workshop.unlimited")
	}
	return strconv.Itoa(n)
}

// seats reads "2/5 seats · 1 waiting"; the word is left out beside a
// "Seats" label.
func seats(lang Lang, w storage.Workshop, word bool) string {
	s := fmt.Sprintf("%d/%s", w.Joined, capacityText(lang, w.Capacity))
	if word {
		s = T(lang, "workshop.seats", w.Joined, capacityText(lang, w.Capacity))
	}
	if w.Waitlisted > 0 {
		s += " · " + T(lang, "workshop.waitlist_count", w.Waitlisted)
	}
	return s
}

func workshopCard(lang Lang, w storage.Workshop) Card {
	c := Card{
		Entity: Entity{storage.KindWorkshop, w.ID},
		Title:  fmt.Sprintf("#%d · %s", w.ID, w.Title),
		Body:   w.Description,
	}
	c.Fields = append(c.Fields, Field{T(lang, "label.host"), w.HostName})
	if f, ok := partnerField(lang, w); ok {
		c.Fields = append(c.Fields, f)
	}
	if f, ok := recruitingField(lang, w); ok {
		c.Fields = append(c.Fields, f)
	}
	if len(w.Tags) > 0 {
		c.Fields = append(c.Fields, Field{T(lang, "label.tags"), hashTags(w.Tags)})
	}
	if w.ProblemID != 0 {
		c.Fields = append(c.Fields, Field{T(lang, "label.from_problem"), fmt.Sprintf("#%d", w.ProblemID)})
	}
	c.Fields = append(c.Fields, Field{T(lang, "label.seats"), seats(lang, w, false)})
	next := T(lang, "workshop.no_session")
	if w.NextSession.ID != 0 {
		next = TimeMark(w.NextSession.Start) + " · " + formatDuration(w.NextSession.Duration)
		if w.NextSession.Place != "" {
			next += " · " + w.NextSession.Place
		}
	}
	c.Fields = append(c.Fields, Field{T(lang, "label.next_session"), next})
	if w.Status != storage.WorkshopOpen {
		c.Fields = append(c.Fields, Field{T(lang, "label.status"), T(lang, "status."+w.Status)})
		return c
	}
	join := T(lang, "button.join")
	if w.Full() {
		join = T(lang, "button.join_waitlist")
	}
	c.Buttons = []Button{
		{Label: join, Line: fmt.Sprintf("workshop join %d", w.ID), Style: "primary"},
		{Label: T(lang, "button.leave"), Line: fmt.Sprintf("workshop leave %d", w.ID)},
		{Label: T(lang, "button.participants"), Line: fmt.Sprintf("workshop show %d", w.ID)},
	}
	c.Footer = T(lang, "workshop.footer", w.ID)
	return c
}

// formatDuration reads "1h30", "45 min", "2h".
func formatDuration(d time.Duration) string {
	h, m := int(d.Hours()), int(d.Minutes())%60
	switch {
	case h == 0:
		return fmt.Sprintf("%d min", m)
	case m == 0:
		return fmt.Sprintf("%dh", h)
	}
	return fmt.Sprintf("%dh%02d", h, m)
}
