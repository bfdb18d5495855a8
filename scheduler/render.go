package scheduler

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/atelier-bot/atelier/commands"
	"github.com/atelier-bot/atelier/storage"
)

// renderer turns outbox rows into replies, at send time, in the reader's
// language and zone. It caches the sessions and workshops of one batch: a
// session's thousand reminders read the session once.
type renderer struct {
	s         *Scheduler
	sessions  map[int64]storage.Session
	workshops map[int64]storage.Workshop
	readers   map[[2]int64]storage.Reader // by workshop and member
	zones     map[string]*time.Location
	threads   map[int64]threadRow // by row, for sending it (threads.go)
}

func newRenderer(s *Scheduler) *renderer {
	return &renderer{s: s, sessions: map[int64]storage.Session{}, workshops: map[int64]storage.Workshop{},
		readers: map[[2]int64]storage.Reader{}, zones: map[string]*time.Location{}}
}

// prefetch reads the readers of a batch, one query per workshop.
func (r *renderer) prefetch(ctx context.Context, rows []storage.Note) {
	byWorkshop := map[int64][]int64{}
	for _, n := range rows {
		if n.MemberID != 0 {
			byWorkshop[n.WorkshopID] = append(byWorkshop[n.WorkshopID], n.MemberID)
		}
	}
	for w, ids := range byWorkshop {
		rs, err := r.s.db.ReadersOf(ctx, w, ids)
		if err != nil {
			return // each row then reads its own
		}
		for id, rd := range rs {
			r.readers[[2]int64{w, id}] = rd
		}
	}
}

func (r *renderer) reader(ctx context.Context, n storage.Note) (storage.Reader, error) {
	r.s.mu.Lock()
	rd, ok := r.readers[[2]int64{n.WorkshopID, n.MemberID}]
	r.s.mu.Unlock()
	if ok {
		return rd, nil
	}
	return r.s.db.ReaderOf(ctx, n.MemberID, n.WorkshopID)
}

func (r *renderer) zone(name string) (*time.Location, bool) {
	r.s.mu.Lock()
	defer r.s.mu.Unlock()
	if loc, ok := r.zones[name]; ok {
		return loc, loc != nil
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		loc = nil
	}
	r.zones[name] = loc
	return loc, loc != nil
}

// The renderer runs on one goroutine per platform.
func (r *renderer) session(ctx context.Context, id int64) (storage.Session, error) {
	r.s.mu.Lock()
	s, ok := r.sessions[id]
	r.s.mu.Unlock()
	if ok {
		return s, nil
	}
	s, err := r.s.db.Session(ctx, id)
	if err != nil {
		return s, err
	}
	r.s.mu.Lock()
	r.sessions[id] = s
	r.s.mu.Unlock()
	return s, nil
}

// workshopClosed says why a notification about a workshop is no longer
// sent (gone, or no longer open), given its lookup; "" when it still is.
func workshopClosed(w storage.Workshop, err error) (string, error) {
	if storage.ErrorCode(err) == storage.ENOTFOUND {
		return "workshop gone", nil
	}
	if err != nil {
		return "", err
	}
	if w.Status != storage.WorkshopOpen {
		return "workshop " + w.Status, nil
	}
	return "", nil
}

// problemClosed is workshopClosed for a problem.
func problemClosed(p storage.Problem, err error) (string, error) {
	if storage.ErrorCode(err) == storage.ENOTFOUND {
		return "problem gone", nil
	}
	if err != nil {
		return "", err
	}
	if p.Status != storage.ProblemOpen {
		return "problem " + p.Status, nil
	}
	return "", nil
}

func (r *renderer) workshop(ctx context.Context, id int64) (storage.Workshop, error) {
	r.s.mu.Lock()
	w, ok := r.workshops[id]
	r.s.mu.Unlock()
	if ok {
		return w, nil
	}
	w, err := r.s.db.WorkshopBrief(ctx, id)
	if err != nil {
		return w, err
	}
	r.s.mu.Lock()
	r.workshops[id] = w
	r.s.mu.Unlock()
	return w, nil
}

// render returns the message of a row, or a reason to skip it (the row no
// longer applies), or an error to retry.
func (r *renderer) render(ctx context.Context, n storage.Note, now time.Time) (commands.Reply, string, error) {
	o := r.s.opts
	reply := commands.Reply{Lang: o.Language, Loc: o.Location}
	var reader storage.Reader
	if n.MemberID != 0 {
		var err error
		reader, err = r.reader(ctx, n)
		if storage.ErrorCode(err) == storage.ENOTFOUND {
			return reply, "member gone", nil
		}
		if err != nil {
			return reply, "", err
		}
		// The member's own choice, else their chapter's, else the
		// community's.
		if c, ok := o.chapters[reader.Chapter]; ok && !c.Archived {
			reply.Lang, reply.Loc = c.Language, c.Location
		}
		if l, ok := commands.ParseLang(reader.Language); ok {
			reply.Lang = l
		}
		if reader.Timezone != "" {
			if loc, ok := r.zone(reader.Timezone); ok {
				reply.Loc = loc
			}
		}
	} else {
		reply.Public = true
		// A chapter's own digest is in its language and zone.
		if c, ok := o.chapters[n.Args.Chapter]; ok && n.Args.Chapter != "" {
			reply.Lang, reply.Loc = c.Language, c.Location
		}
	}
	lang := reply.Lang
	var why string
	var err error
	switch n.Kind {
	case storage.NoteReminder:
		why, err = r.reminder(ctx, &reply, n, reader, now)
	case storage.NotePromoted:
		why, err = r.promoted(ctx, &reply, n, reader)
	case storage.NoteSessionMoved, storage.NoteSessionCancelled:
		why, err = r.sessionChange(ctx, &reply, n)
	case storage.NoteWorkshopCancelled:
		reply.Text = commands.T(lang, "notify.workshop_cancelled", n.WorkshopID, n.Args.Title)
	case storage.NoteAnnouncement:
		reply.Text = n.Args.Text
	case storage.NoteDigest:
		why, err = r.digest(ctx, &reply, n)
	case storage.NoteFeedback:
		why, err = r.feedback(ctx, &reply, n)
	case storage.NoteNudge:
		why, err = r.nudge(ctx, &reply, n)
	case storage.NoteJobPosted:
		why, err = r.jobPosted(ctx, &reply, n, now)
	case storage.NoteProblemPosted, storage.NoteWorkshopPosted:
		why, err = r.itemPosted(ctx, &reply, n)
	case storage.NoteRecruitingOffer:
		why, err = r.recruitingOffer(ctx, &reply, n, now)
	case storage.NoteJobExpiring:
		why, err = r.jobExpiring(ctx, &reply, n, now)
	case storage.NoteMatch:
		why, err = r.match(ctx, &reply, n)
	case storage.NoteAwardPhase:
		why, err = r.awardPhase(ctx, &reply, n)
	case storage.NoteAwardResults:
		why, err = r.awardResults(ctx, &reply, n)
	case storage.NoteAwardNominated:
		why, err = r.awardNominated(ctx, &reply, n)
	case storage.NoteTrackModule:
		why, err = r.trackModule(ctx, &reply, n)
	case storage.NoteChannelUnreachable:
		platform, channel, _ := strings.Cut(n.Args.Text, " ")
		reply.Text = commands.T(lang, "warn.channel", channel, platform, commands.T(lang, "warn.why."+n.Args.Phase))
	case storage.NoteHeadcountAsk:
		reply.Text = commands.HeadcountAsk(lang, n.Args.Text, n.Args.Phase)
	case storage.NoteTrainingNudge:
		why, err = r.trainingNudge(ctx, &reply, n)
	case storage.NoteAttendanceAsk:
		why, err = r.attendanceAsk(ctx, &reply, n)
	case storage.NoteSkillReuse:
		why, err = r.skillReuse(ctx, &reply, n)
	case storage.NoteOutcomeAsk:
		why, err = r.outcomeAsk(ctx, &reply, n, reader)
	case storage.NoteOutcomeSolved:
		why, err = r.outcomeSolved(ctx, &reply, n)
	case storage.NoteThreadOpen, storage.NoteThreadMember, storage.NoteThreadReminder, storage.NoteThreadMoved,
		storage.NoteThreadCancelled, storage.NoteThreadOutcome, storage.NoteThreadClose:
		why, err = r.thread(ctx, &reply, n)
	default:
		return reply, "unknown kind " + n.Kind, nil
	}
	if err != nil || why != "" {
		return reply, why, err
	}
	if late := now.Sub(n.PlannedAt); late > o.LateAfter && n.Kind != storage.NoteAnnouncement {
		// Nothing goes out late without saying so. Staff text is left
		// as written; it is skipped past AnnouncementGrace instead.
		reply.Text += "\n" + commands.T(lang, "notify.late", commands.TimeMark(n.PlannedAt))
	}
	return reply, "", nil
}

func (r *renderer) reminder(ctx context.Context, reply *commands.Reply, n storage.Note, reader storage.Reader, now time.Time) (string, error) {
	lang := reply.Lang
	s, err := r.session(ctx, n.SessionID)
	if storage.ErrorCode(err) == storage.ENOTFOUND {
		return "session gone", nil
	}
	if err != nil {
		return "", err
	}
	switch {
	case s.Cancelled:
		return "session cancelled", nil
	case s.Sequence != n.Args.Sequence:
		return "session moved since", nil
	case !reader.Seated:
		return "no longer seated", nil
	case reader.OptedOut:
		return "reminders off", nil
	}
	// After downtime, the reminder nearest the session says it all.
	for _, off := range r.s.db.Reminders.Offsets {
		if storage.FormatOffset(off) == n.Args.Offset {
			continue
		}
		if due := storage.ReminderDue(s.Start, off, reply.Loc); due.After(n.PlannedAt) && !due.After(now) && off < parseOffset(n.Args.Offset) {
			return "superseded by the " + storage.FormatOffset(off) + " reminder", nil
		}
	}
	w, err := r.workshop(ctx, s.WorkshopID)
	if err != nil {
		return "", err
	}
	reply.Text = commands.T(lang, "notify.reminder", w.ID, w.Title, commands.TimeMark(s.Start))
	reply.Cards = []commands.Card{sessionCard(lang, w, s, true)}
	return "", nil
}

// parseOffset reads FormatOffset's output back; 0 when it cannot.
func parseOffset(s string) time.Duration {
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0
	}
	return d
}

func sessionCard(lang commands.Lang, w storage.Workshop, s storage.Session, leave bool) commands.Card {
	place := s.Place
	if place == "" {
		place = commands.T(lang, "workshop.no_place")
	}
	c := commands.Card{
		Entity: commands.Entity{Kind: storage.KindWorkshop, ID: w.ID},
		Title:  fmt.Sprintf("#%d · %s", w.ID, w.Title),
		Fields: []commands.Field{
			{Label: commands.T(lang, "label.when"), Value: commands.TimeMark(s.Start) + " · " + formatDuration(s.Duration)},
			{Label: commands.T(lang, "label.place"), Value: place},
		},
		Footer: commands.T(lang, "notify.footer"),
	}
	if leave {
		c.Buttons = append(c.Buttons, commands.Button{Label: commands.T(lang, "button.leave"), Line: fmt.Sprintf("workshop leave %d", w.ID), Style: "danger"})
	}
	c.Buttons = append(c.Buttons, commands.Button{Label: commands.T(lang, "button.details"), Line: fmt.Sprintf("workshop show %d", w.ID)})
	return c
}

// formatDuration reads "1h30", "45 min", "2h", as the workshop cards do.
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

func (r *renderer) promoted(ctx context.Context, reply *commands.Reply, n storage.Note, reader storage.Reader) (string, error) {
	if !reader.Seated {
		return "no longer seated", nil
	}
	w, err := r.workshop(ctx, n.WorkshopID)
	if why, err := workshopClosed(w, err); why != "" || err != nil {
		return why, err
	}
	lang := reply.Lang
	if n.SessionID != 0 {
		// A seat in one session of a series: that session's card.
		s, why, err := r.liveSession(ctx, n.SessionID)
		if why != "" || err != nil {
			return why, err
		}
		reply.Text = commands.T(lang, "notify.promoted_session", s.ID, w.ID, w.Title, commands.TimeMark(s.Start))
		c := sessionCard(lang, w, s, true)
		// The seat is that session's: Leave gives that one back.
		c.Buttons[0].Line = fmt.Sprintf("workshop leave %d session %d", w.ID, s.ID)
		reply.Cards = []commands.Card{c}
		return "", nil
	}
	reply.Text = commands.T(lang, "notify.promoted", w.ID, w.Title)
	if w.NextSession.ID != 0 {
		reply.Cards = []commands.Card{sessionCard(lang, w, w.NextSession, true)}
	} else {
		reply.Text += "\n" + commands.T(lang, "notify.no_session_yet")
		reply.Cards = []commands.Card{{
			Entity:  commands.Entity{Kind: storage.KindWorkshop, ID: w.ID},
			Title:   fmt.Sprintf("#%d · %s", w.ID, w.Title),
			Buttons: []commands.Button{{Label: commands.T(lang, "button.leave"), Line: fmt.Sprintf("workshop leave %d", w.ID), Style: "danger"}},
			Footer:  commands.T(lang, "notify.footer"),
		}}
	}
	return "", nil
}

func (r *renderer) sessionChange(ctx context.Context, reply *commands.Reply, n storage.Note) (string, error) {
	s, err := r.session(ctx, n.SessionID)
	if storage.ErrorCode(err) == storage.ENOTFOUND {
		return "session gone", nil
	}
	if err != nil {
		return "", err
	}
	w, err := r.workshop(ctx, n.WorkshopID)
	if err != nil {
		return "", err
	}
	lang := reply.Lang
	if n.Kind == storage.NoteSessionCancelled {
		reply.Text = commands.T(lang, "notify.session_cancelled", w.ID, w.Title, commands.TimeMark(time.Unix(n.Args.Start, 0)))
		return "", nil
	}
	if s.Cancelled || s.Sequence != n.Args.Sequence {
		return "session changed again since", nil
	}
	if n.Args.From == n.Args.Start && s.Place != "" {
		// Only the place changed.
		reply.Text = commands.T(lang, "notify.session_place", w.ID, w.Title, commands.TimeMark(s.Start), s.Place)
	} else {
		reply.Text = commands.T(lang, "notify.session_moved", w.ID, w.Title, commands.TimeMark(time.Unix(n.Args.From, 0)), commands.TimeMark(s.Start))
	}
	reply.Cards = []commands.Card{sessionCard(lang, w, s, true)}
	return "", nil
}

func (r *renderer) digest(ctx context.Context, reply *commands.Reply, n storage.Note) (string, error) {
	lang := reply.Lang
	var b strings.Builder
	b.WriteString(commands.T(lang, "notify.digest", r.s.opts.Name))
	wrote := false
	if len(n.Args.Problems) > 0 {
		b.WriteString("\n\n" + commands.T(lang, "notify.digest_problems"))
		for _, id := range n.Args.Problems {
			p, err := r.s.db.Problem(ctx, id)
			if storage.ErrorCode(err) == storage.ENOTFOUND {
				continue
			}
			if err != nil {
				return "", err
			}
			fmt.Fprintf(&b, "\n• #%d %s", p.ID, p.Title)
			if len(p.Tags) > 0 {
				b.WriteString(" · #" + strings.Join(p.Tags, " #"))
			}
			wrote = true
		}
	}
	if len(n.Args.Workshops) > 0 {
		b.WriteString("\n\n" + commands.T(lang, "notify.digest_workshops"))
		for _, id := range n.Args.Workshops {
			w, err := r.workshop(ctx, id)
			if storage.ErrorCode(err) == storage.ENOTFOUND {
				continue
			}
			if err != nil {
				return "", err
			}
			if w.Status != storage.WorkshopOpen || w.NextSession.ID == 0 {
				continue
			}
			fmt.Fprintf(&b, "\n• #%d %s · %s · %s", w.ID, w.Title, commands.TimeMark(w.NextSession.Start),
				commands.T(lang, "workshop.seats", w.Joined, capacity(lang, w.Capacity)))
			wrote = true
		}
	}
	if len(n.Args.Outcomes) > 0 {
		var os []storage.Outcome
		for _, id := range n.Args.Outcomes {
			o, err := r.s.db.Outcome(ctx, id)
			if storage.ErrorCode(err) == storage.ENOTFOUND {
				continue
			}
			if err != nil {
				return "", err
			}
			os = append(os, o)
		}
		// Only published outcomes: the digest goes to public channels.
		if lines := commands.OutcomeLines(lang, os); len(lines) > 0 {
			b.WriteString("\n\n" + commands.T(lang, "notify.digest_outcomes") + "\n" + strings.Join(lines, "\n"))
			wrote = true
		}
	}
	if !wrote {
		return "nothing to tell", nil
	}
	b.WriteString("\n\n" + commands.T(lang, "notify.digest_footer"))
	reply.Text = b.String()
	return "", nil
}

func capacity(lang commands.Lang, n int) string {
	if n == 0 {
		return commands.T(lang, "workshop.unlimited")
	}
	return fmt.Sprint(n)
}

// liveSession reads a message's session; why says it is gone or
// cancelled, and so the message is dropped.
func (r *renderer) liveSession(ctx context.Context, id int64) (storage.Session, string, error) {
	s, err := r.session(ctx, id)
	switch {
	case storage.ErrorCode(err) == storage.ENOTFOUND:
		return s, "session gone", nil
	case err != nil:
		return s, "", err
	case s.Cancelled:
		return s, "session cancelled", nil
	}
	return s, "", nil
}

func (r *renderer) feedback(ctx context.Context, reply *commands.Reply, n storage.Note) (string, error) {
	s, why, err := r.liveSession(ctx, n.SessionID)
	if why != "" || err != nil {
		return why, err
	}
	w, err := r.workshop(ctx, s.WorkshopID)
	if err != nil {
		return "", err
	}
	lang := reply.Lang
	reply.Text = commands.T(lang, "notify.feedback", w.ID, w.Title, commands.TimeMark(s.Start))
	c := commands.Card{
		Title:  commands.T(lang, "notify.feedback_question"),
		Footer: commands.T(lang, "notify.feedback_footer", s.ID),
	}
	for score := 1; score <= 5; score++ {
		c.Buttons = append(c.Buttons, commands.Button{Label: fmt.Sprint(score), Line: fmt.Sprintf("feedback %d %d", s.ID, score)})
	}
	reply.Cards = []commands.Card{c}
	return "", nil
}

func (r *renderer) nudge(ctx context.Context, reply *commands.Reply, n storage.Note) (string, error) {
	p, err := r.s.db.Problem(ctx, n.Args.ProblemID)
	if why, err := problemClosed(p, err); why != "" || err != nil {
		return why, err
	}
	if p.UpdatedAt.Unix() > n.Args.Since {
		return "activity since", nil
	}
	lang := reply.Lang
	reply.Text = commands.T(lang, "notify.nudge", p.ID, p.Title, commands.TimeMark(time.Unix(n.Args.Since, 0)))
	reply.Cards = []commands.Card{{
		Entity: commands.Entity{Kind: storage.KindProblem, ID: p.ID},
		Title:  fmt.Sprintf("#%d · %s", p.ID, p.Title),
		Buttons: []commands.Button{
			{Label: commands.T(lang, "button.solved"), Line: fmt.Sprintf("problem close %d solved", p.ID), Style: "primary"},
			{Label: commands.T(lang, "button.details"), Line: fmt.Sprintf("problem show %d", p.ID)},
		},
		Footer: commands.T(lang, "notify.nudge_footer"),
	}}
	return "", nil
}
