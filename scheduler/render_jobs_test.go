package scheduler

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/atelier-bot/atelier/commands"
	"github.com/atelier-bot/atelier/storage"
)

// jobsEnv is an env whose "jobs" channel is the console's #jobs.
func jobsEnv(t *testing.T, start time.Time) *env {
	e := newEnv(t, start, func(o *Options) {
		o.Channels = func(name string) []commands.Target {
			return []commands.Target{{Platform: "console", Channel: name}}
		}
	})
	e.db.Matching = storage.MatchPolicy{Location: paris}
	return e
}

func button(c commands.Card, label string) (commands.Button, bool) {
	for _, b := range c.Buttons {
		if b.Label == label {
			return b, true
		}
	}
	return commands.Button{}, false
}

// A new job goes to the jobs channel as a card with an Apply button; the
// members whose interests match get one message with a card for each new
// thing, a problem's with "Interested" and "I can help".
func TestJobCardAndMatchMessage(t *testing.T) {
	start := parisTime(2026, 11, 27, 10, 30)
	e := jobsEnv(t, start)
	e.must("bob", "me interests add #nlp #health", "Profile updated")
	e.must("carol", "me interests add #gis", "Profile updated")
	e.must("alice", "jobs post Data scientist | CHU de Lyon | CDD | phd | Lyon | https://chu.example/j/1 | 40-50k€ #nlp #health", "Job #1 posted")
	e.must("alice", "problem post Entités nommées en français | spaCy ? #nlp", "Problem #1 posted")

	got := e.at(start)
	wantStrings(t, "at once", texts(got), []string{"console:jobs: 💼 New job offer"})
	c := got[0].Msg.Cards[0]
	if c.Entity != (commands.Entity{Kind: storage.KindJob, ID: 1}) || c.Title != "#1 · Data scientist" || !got[0].Msg.Public {
		t.Errorf("job card %+v", c)
	}
	if b, ok := button(c, "Apply"); !ok || b.URL != "https://chu.example/j/1" {
		t.Errorf("apply button %+v in %+v", b, c.Buttons)
	}
	if _, ok := button(c, "Renew"); ok {
		t.Error("the channel card offers Renew")
	}

	if got := e.at(start.Add(5*time.Minute - time.Second)); len(got) != 0 {
		t.Errorf("before the batch is due: %q", texts(got))
	}
	got = e.at(start.Add(5 * time.Minute))
	wantStrings(t, "the batch", texts(got), []string{"bob: 🔔 New on your interests:"})
	cards := got[0].Msg.Cards
	if len(cards) != 2 || cards[0].Title != "Job #1 · Data scientist" || cards[1].Title != "Problem #1 · Entités nommées en français" {
		t.Fatalf("cards %+v", cards)
	}
	if cards[0].Body != "Shares #health #nlp with your interests." || cards[1].Body != "Shares #nlp with your interests." {
		t.Errorf("bodies %q, %q", cards[0].Body, cards[1].Body)
	}
	interested, ok1 := button(cards[1], "Interested")
	canhelp, ok2 := button(cards[1], "I can help")
	if !ok1 || !ok2 || interested.Line != "problem interested 1" || canhelp.Line != "problem canhelp 1" {
		t.Errorf("problem buttons %+v", cards[1].Buttons)
	}
	if b, ok := button(cards[0], "Apply"); !ok || b.URL != "https://chu.example/j/1" {
		t.Errorf("job buttons %+v", cards[0].Buttons)
	}
	if cards[1].Footer != "At most one such message a day. `/me notify off` stops them." {
		t.Errorf("footer %q", cards[1].Footer)
	}
	// Pressing the buttons: staff see who would come before creating a
	// workshop.
	e.must("bob", interested.Line, "You are marked as interested")
	rep := e.must("admin", "problem show 1", "")
	if !strings.Contains(rep.Cards[0].Fields[3].Value, "bob") {
		t.Errorf("problem show after Interested: %+v", rep.Cards[0].Fields)
	}
	// Nothing else goes out: carol's interests did not match.
	if got := e.at(start.Add(time.Hour)); len(got) != 0 {
		t.Errorf("later: %q", texts(got))
	}
}

// A French member reads the message in French; a thing closed before
// the message goes out is left out; with nothing left, or messages turned
// off, nothing is sent.
func TestMatchMessageSentAsThingsAre(t *testing.T) {
	start := parisTime(2026, 11, 27, 10, 30)
	e := jobsEnv(t, start)
	e.must("bob", "me interests add #nlp", "Profile updated")
	e.must("bob", "me language fr", "Profil mis à jour")
	e.must("carol", "me interests add #nlp", "Profile updated")
	e.must("dave", "me interests add #nlp", "Profile updated")
	e.must("alice", "problem post P1 #nlp", "Problem #1 posted")
	e.must("alice", "problem post P2 #nlp", "Problem #2 posted")
	e.must("alice", "problem close 2 solved", "closed")
	e.must("dave", "me notify off", "no longer")
	e.at(start)
	got := e.at(start.Add(5 * time.Minute))
	wantStrings(t, "sent", texts(got), []string{"bob: 🔔 Du nouveau sur vos intérêts :", "carol: 🔔 New on your interests:"})
	for _, s := range got {
		if len(s.Msg.Cards) != 1 || !strings.HasSuffix(s.Msg.Cards[0].Title, "#1 · P1") {
			t.Errorf("%s got %+v", s.To.UserID, s.Msg.Cards)
		}
	}
	// Everything closed by the next day's message: skipped.
	e.must("alice", "problem post P3 #nlp", "Problem #3 posted")
	e.must("alice", "problem close 3 solved", "closed")
	if got := e.at(parisTime(2026, 11, 28, 9, 0)); len(got) != 0 {
		t.Errorf("next day: %q", texts(got))
	}
	ns, err := e.db.Outbox(e.ctx, storage.OutboxFilter{Kind: storage.NoteMatch, State: storage.OutboxSkipped})
	if err != nil {
		t.Fatal(err)
	}
	if len(ns) != 2 || ns[0].LastError != "nothing left to tell" {
		t.Errorf("skipped %+v", ns)
	}
}

// The poster is asked to renew a few days before expiry; the Renew button
// moves the expiry and the next warning; a warning whose job was renewed
// or closed since says nothing.
func TestJobExpiryWarningSent(t *testing.T) {
	start := parisTime(2026, 11, 27, 10, 30)
	e := jobsEnv(t, start)
	e.must("alice", "jobs post Postdoc | Inria | postdoc | phd | Grenoble | https://inria.example/p | 40-50k€ #hpc", "Job #1 posted")
	e.at(start)
	warn := start.Add(27 * 24 * time.Hour)
	if got := e.at(warn.Add(-time.Second)); len(got) != 0 {
		t.Errorf("early: %q", texts(got))
	}
	got := e.at(warn)
	wantStrings(t, "warning", texts(got), []string{
		"alice: ⏳ Your job offer #1 Postdoc leaves the board " + start.Add(30*24*time.Hour).UTC().Format("2006-01-02 15:04") + ". Still hiring? Renew it for 30 more days."})
	renew, ok := button(got[0].Msg.Cards[0], "Renew")
	if !ok || renew.Line != "jobs renew 1" || renew.Style != "primary" {
		t.Fatalf("renew button %+v", got[0].Msg.Cards[0].Buttons)
	}
	e.must("alice", renew.Line, "is renewed")
	j, err := e.db.Job(e.ctx, 1)
	if err != nil || !j.ExpiresAt.Equal(start.Add(60*24*time.Hour)) {
		t.Fatalf("renewed job %+v, %v", j, err)
	}
	if got := e.at(start.Add(57*24*time.Hour - time.Second)); len(got) != 0 {
		t.Errorf("before the new warning: %q", texts(got))
	}
	if got := e.at(start.Add(57 * 24 * time.Hour)); len(got) != 1 {
		t.Errorf("the new warning: %q", texts(got))
	}
	// Closed after its card was queued and before it went out: nothing.
	e.must("bob", "jobs post Stage | X | stage | student | Paris | https://x.example | 40-50k€ #web", "Job #2 posted")
	e.must("bob", "jobs close 2", "closed")
	if got := e.at(start.Add(58 * 24 * time.Hour)); len(got) != 0 {
		t.Errorf("closed job: %q", texts(got))
	}
}

// 30 days after a member's first skill answer, one direct message asks
// whether they reused it, with a button per answer; a member who turned
// the question off, or who already answered, gets nothing.
func TestSkillReuseQuestion(t *testing.T) {
	start := parisTime(2027, 1, 4, 9, 0)
	e := newEnv(t, start)
	e.must("admin", "workshop create Causal clinic #causal", "Workshop #1 created")
	e.must("admin", "workshop schedule #1 2027-01-12 14:00 2h Room A", "Session added")
	for _, u := range []string{"alice", "bob", "carol"} {
		e.must(u, "workshop join #1", "seat")
	}
	answered := parisTime(2027, 1, 13, 9, 0)
	e.at(answered)
	for _, u := range []string{"alice", "bob", "carol"} {
		e.must(u, "feedback 1 skill #causal 2 3", "Noted")
	}
	e.must("bob", "me skills off", "No more questions")
	e.must("carol", "me reuse session 1 not-yet", "noted")

	if got := e.at(answered.Add(storage.ReuseAfter - time.Minute)); len(got) != 0 {
		t.Errorf("before 30 days: %q", texts(got))
	}
	got := e.at(answered.Add(storage.ReuseAfter))
	wantStrings(t, "30 days later", texts(got), []string{"alice: A month ago you told me about session 1 of Causal clinic."})
	c := got[0].Msg.Cards[0]
	if b, ok := button(c, "Yes"); !ok || b.Line != "me reuse session 1 yes" {
		t.Errorf("buttons %+v", c.Buttons)
	}
	if b, ok := button(c, "Stop asking"); !ok || b.Line != "me skills off" {
		t.Errorf("buttons %+v", c.Buttons)
	}
	if got := e.at(answered.Add(storage.ReuseAfter + 24*time.Hour)); len(got) != 0 {
		t.Errorf("asked twice: %q", texts(got))
	}
}

// A module started and not finished is recalled once, two weeks later;
// not when it was finished meanwhile, nor for a member who turned these
// reminders off.
func TestTrainingNudge(t *testing.T) {
	start := parisTime(2027, 1, 4, 9, 0)
	e := newEnv(t, start)
	e.must("admin", "training add Causal inference in 10 minutes | video | Uni | en | 10 | https://u.example/c #causal", "added")
	for _, u := range []string{"alice", "bob", "carol"} {
		e.must(u, "training enrol 1", "enrolled")
	}
	e.must("bob", "training done 1", "done")
	e.must("carol", "me trainings off", "No more reminders")
	if got := e.at(start.Add(storage.TrainingNudgeAfter - time.Minute)); len(got) != 0 {
		t.Errorf("too early: %q", texts(got))
	}
	got := e.at(start.Add(storage.TrainingNudgeAfter))
	wantStrings(t, "two weeks later", texts(got), []string{"alice: Two weeks ago you started #1 Causal inference in 10 minutes. Finished? One tap says so; nothing is graded."})
	if len(got) == 1 {
		c := got[0].Msg.Cards[0]
		if b, ok := button(c, "Done"); !ok || b.Line != "training done 1" {
			t.Errorf("buttons %+v", c.Buttons)
		}
		if b, ok := button(c, "Open it"); !ok || b.URL != "https://u.example/c" {
			t.Errorf("buttons %+v", c.Buttons)
		}
	}
	if got := e.at(start.Add(storage.TrainingNudgeAfter + 48*time.Hour)); len(got) != 0 {
		t.Errorf("twice: %q", texts(got))
	}
}

// Twice a year each organisation's HR contact is asked for the half-year
// just ended; their answer, kept at organisation level, shows beside the
// retention table; nobody else may answer for the organisation.
func TestHeadcountAsk(t *testing.T) {
	start := parisTime(2027, 1, 1, 12, 0)
	e := newEnv(t, start, func(o *Options) { o.Headcount = "0 9 2 1,7 *" })
	e.must("dana", "me", "")
	e.must("admin", "atelier hr @dana, Acme", "dana is now the HR contact of Acme")
	e.must("admin", "atelier hr", "• Acme: dana")
	got := e.at(parisTime(2027, 1, 2, 9, 0))
	wantStrings(t, "asked", texts(got), []string{"dana: As the HR contact of Acme: for the half-year 2026-H2, how many data and AI staff does it have today, and how many left during the half-year? Reply `/atelier headcount 2026-H2 <headcount> <departures> Acme`. Kept at organisation level only, never joined to anyone."})
	e.must("dana", "atelier headcount 2026-H2 40 4 Acme", "Noted for Acme, 2026-H2: 40 data and AI staff, 4 departures.")
	e.must("eve", "atelier headcount 2026-H2 1 1 Acme", "Only the organisation's HR contact")
	e.must("dana", "atelier headcount 2026-H3 1 1 Acme", "`2026-H3` is not a half-year")
	e.must("dana", "atelier headcount 2026-H2 40 4 Initech", "has no HR contact")
	e.must("admin", "atelier stats retention 2025", "• Acme, 2026-H2: 40 data and AI staff, 4 departures (10%)")
	if got := e.at(parisTime(2027, 1, 9, 9, 0)); len(got) != 0 {
		t.Errorf("asked again: %q", texts(got))
	}
}

// A track followed on Tuesdays at 9:00 Paris time brings one module a
// week at that hour, across the spring change; a pause holds the next one
// back until resumed; the last module ends the track.
func TestTrackDelivery(t *testing.T) {
	start := parisTime(2027, 3, 15, 8, 0) // a Monday, two weeks before the change
	e := newEnv(t, start)
	for _, line := range []string{
		"training add One | video | Uni | en | 10 | https://u.example/1 #causal",
		"training add Two | video | Uni | en | 10 | https://u.example/2 #causal",
		"training add Three | video | Uni | en | 10 | https://u.example/3 #causal",
	} {
		e.must("admin", line, "added")
	}
	e.must("admin", "training track add Causal basics | #1, #2, #3", "Track “Causal basics” added: 3 modules")
	e.must("alice", "me timezone Europe/Paris", "")
	e.must("alice", "training follow Causal basics tuesday 9am", "You follow “Causal basics” (3 modules): one a week, on Tuesday at 09:00 (Europe/Paris)")
	e.must("bob", "training follow Nonsense tuesday 9am", "No track has that name")
	e.must("bob", "training follow Causal basics", "Say which track, then a weekday and an hour")

	week := func(d time.Time) []sent {
		t.Helper()
		var out []sent
		for h := 0; h < 24*7; h++ {
			out = append(out, e.at(d.Add(time.Duration(h)*time.Hour))...)
		}
		return out
	}
	got := week(parisTime(2027, 3, 15, 9, 0))
	wantStrings(t, "week 1", texts(got), []string{"alice: 📚 “Causal basics”, module 1 of 3:"})
	if len(got) == 1 && !got[0].At.Equal(parisTime(2027, 3, 16, 9, 0)) {
		t.Errorf("module 1 sent at %s, want Tuesday 9:00 Paris", got[0].At)
	}
	e.must("alice", "training pause Causal basics", "is paused")
	if got := week(parisTime(2027, 3, 22, 9, 0)); len(got) != 0 {
		t.Errorf("paused, still sent: %q", texts(got))
	}
	e.must("alice", "training resume Causal basics", "goes on")
	// Across the change of 28 March: still 9:00 in Paris.
	got = week(parisTime(2027, 3, 29, 9, 0))
	wantStrings(t, "after the pause", texts(got), []string{"alice: 📚 “Causal basics”, module 2 of 3:"})
	if len(got) == 1 && !got[0].At.Equal(parisTime(2027, 3, 30, 9, 0)) {
		t.Errorf("module 2 sent at %s, want Tuesday 9:00 Paris (summer time)", got[0].At)
	}
	wantStrings(t, "last", texts(week(parisTime(2027, 4, 5, 9, 0))), []string{"alice: 📚 “Causal basics”, module 3 of 3:"})
	if got := week(parisTime(2027, 4, 12, 9, 0)); len(got) != 0 {
		t.Errorf("after the last module: %q", texts(got))
	}
	e.must("alice", "training stop Causal basics", "You do not follow that track")
}

// A track stays at most weekly when the member moves its day: module 1 on
// Tuesday, then "follow … wednesday" the same day brings module 2 not the
// next morning but on Wednesday a week later. Following again after a stop
// starts over from module 1 (its messages used to share their keys with
// the first follow's, so nothing was sent).
func TestTrackWeeklyAcrossChanges(t *testing.T) {
	e := trackEnv(t, 3)
	hours := e.hours
	got := hours(parisTime(2027, 1, 5, 8, 0), 4)
	wantStrings(t, "Tuesday", texts(got), []string{"alice: 📚 “Causal basics”, module 1 of 3:"})

	e.must("alice", "training follow Causal basics wednesday 9am", "the next on Wed 13 Jan 2027, 09:00")
	if got := hours(parisTime(2027, 1, 5, 12, 0), 24*7); len(got) != 0 {
		t.Errorf("moved to Wednesday, a module came within the week: %q at %s", texts(got), got[0].At)
	}
	got = hours(parisTime(2027, 1, 12, 12, 0), 24)
	wantStrings(t, "a week later", texts(got), []string{"alice: 📚 “Causal basics”, module 2 of 3:"})
	if len(got) == 1 && !got[0].At.Equal(parisTime(2027, 1, 13, 9, 0)) {
		t.Errorf("module 2 at %s, want Wednesday 13 January 9:00", got[0].At)
	}

	e.must("alice", "training stop Causal basics", "")
	e.must("alice", "training follow Causal basics thursday 9am", "the next on Thu 21 Jan 2027, 09:00")
	got = hours(parisTime(2027, 1, 13, 12, 0), 24*9)
	wantStrings(t, "again", texts(got), []string{"alice: 📚 “Causal basics”, module 1 of 3:"})
	if len(got) == 1 && !got[0].At.Equal(parisTime(2027, 1, 21, 9, 0)) {
		t.Errorf("module 1 again at %s, want Thursday 21 January 9:00 (a week after the last one)", got[0].At)
	}
}

// A channel that refuses a post (the bot not in it) is not left silent:
// every staff member is told, once a day for that channel, in words they
// can act on.
func TestChannelUnreachableWarnsStaff(t *testing.T) {
	start := parisTime(2026, 11, 2, 9, 0)
	e := newEnv(t, start)
	e.sender.fail = func(to commands.Target, _ commands.Reply) error {
		if to.Channel == "announcements" {
			return Permanent(errors.New("slack: send to announcements: not_in_channel"))
		}
		return nil
	}
	e.must("admin", `announce once "2026-11-02 12:00" announcements Lunch`, "will be posted")
	e.must("admin", `announce once "2026-11-02 13:00" announcements Coffee`, "will be posted")
	e.at(parisTime(2026, 11, 2, 12, 0))
	got := e.at(parisTime(2026, 11, 2, 12, 1))
	got = append(got, e.at(parisTime(2026, 11, 2, 13, 0))...)
	got = append(got, e.at(parisTime(2026, 11, 2, 13, 1))...)
	var warnings []string
	for _, s := range got {
		if strings.Contains(s.Msg.Text, "⚠️") {
			warnings = append(warnings, s.To.UserID+": "+s.Msg.Text)
		}
	}
	wantStrings(t, "warnings", warnings, []string{"admin: ⚠️ I cannot post in channel announcements on console: the bot is not in it (invite it there). Until then its cards and announcements do not reach it."})
}

// A track does not spend a week on a module the member already finished on
// their own, nor on one retired since: the week's message is the next one
// still offered, and the track ends when none is left.
func TestTrackSkipsDoneAndRetired(t *testing.T) {
	e := trackEnv(t, 4)
	hours := e.hours
	wantStrings(t, "week 1", texts(hours(parisTime(2027, 1, 5, 8, 0), 24*7)), []string{"alice: 📚 “Causal basics”, module 1 of 4:"})
	e.must("alice", "training done 2", "")
	e.must("admin", "training retire 3", "retired")
	wantStrings(t, "week 2", texts(hours(parisTime(2027, 1, 12, 8, 0), 24*7)), []string{"alice: 📚 “Causal basics”, module 4 of 4:"})
	if got := hours(parisTime(2027, 1, 19, 8, 0), 24*7); len(got) != 0 {
		t.Errorf("after the last module: %q", texts(got))
	}
}

// trackEnv: on Monday 4 January 2027, n modules in the track "Causal
// basics", which Alice (in Paris) follows on Tuesdays at 9:00.
func trackEnv(t *testing.T, n int) *env {
	t.Helper()
	e := newEnv(t, parisTime(2027, 1, 4, 8, 0))
	var ids []string
	for i := 1; i <= n; i++ {
		e.must("admin", fmt.Sprintf("training add Module %d | video | Uni | en | 10 | https://u.example/%d #causal", i, i), "added")
		ids = append(ids, fmt.Sprintf("#%d", i))
	}
	e.must("admin", "training track add Causal basics | "+strings.Join(ids, ", "), "added")
	e.must("alice", "me timezone Europe/Paris", "")
	e.must("alice", "training follow Causal basics tuesday 9am", "You follow")
	return e
}

// hours runs the scheduler at each of n hours from from, and returns what
// it sent.
func (e *env) hours(from time.Time, n int) []sent {
	e.t.Helper()
	var out []sent
	for h := 0; h < n; h++ {
		out = append(out, e.at(from.Add(time.Duration(h)*time.Hour))...)
	}
	return out
}
