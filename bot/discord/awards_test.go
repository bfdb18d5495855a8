package discord

import (
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/atelier-bot/atelier/bot/discord/discordfake"
	"github.com/atelier-bot/atelier/bot/slack"
	"github.com/atelier-bot/atelier/bot/slack/slackfake"
	"github.com/atelier-bot/atelier/commands"
	"github.com/atelier-bot/atelier/scheduler"
	"github.com/atelier-bot/atelier/storage"
)

// testClock is the injected clock of the database and the scheduler; the
// test moves it and calls Tick, so nothing waits for real time.
type testClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *testClock) set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = t
}

// NewTimer is never waited on: the test calls Tick itself.
func (c *testClock) NewTimer(d time.Duration) scheduler.Timer {
	return scheduler.RealClock{}.NewTimer(d)
}

const (
	slackAnn   = "C0ANNOUNCE"
	discordAnn = "1400000000000000009"
	daveID     = "1700000000000000005"
	erinID     = "1700000000000000006"
)

// awardsWorld is one process of the bot on both fakes: router, adapters
// and scheduler over one database file. stop ends it as a restart would.
type awardsWorld struct {
	router *commands.Router
	sched  *scheduler.Scheduler
	d      *Adapter
	stop   func()
}

func startAwards(t *testing.T, path string, clk *testClock, dfake *discordfake.Server, sfake *slackfake.Server, threads bool) *awardsWorld {
	t.Helper()
	ctx := context.Background()
	db, err := storage.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	db.Now = clk.Now
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	if threads {
		// Workshop threads (threads_test.go): the workshops channels, and
		// reminders a day before.
		db.Reminders = storage.ReminderPolicy{Offsets: []time.Duration{24 * time.Hour}, Location: time.UTC}
	}
	channels := func(name string) []commands.Target {
		if name == "workshops" && threads {
			return []commands.Target{{Platform: slack.Platform, Channel: slackWorkshops}, {Platform: Platform, Workspace: discordfake.GuildID, Channel: discordWorkshops}}
		}
		// The digest has no channel of its own here: the announcements', as
		// bot.Config.NamedChannels resolves it.
		if name != "announcements" && name != "digest" {
			return nil
		}
		return []commands.Target{{Platform: slack.Platform, Channel: slackAnn}, {Platform: Platform, Workspace: discordfake.GuildID, Channel: discordAnn}}
	}
	router := commands.NewRouter(db, commands.Config{Location: time.UTC, Language: commands.EN, Logger: log, Channels: channels,
		IsStaff: func(p, u string) bool { return p == Platform && u == staffID || p == slack.Platform && u == "UADMIN" }})
	d, err := New(Options{Token: discordfake.Token, ApplicationID: discordfake.AppID, GuildID: discordfake.GuildID,
		APIURL: dfake.URL, EditInterval: 20 * time.Millisecond, Logger: log}, router)
	if err != nil {
		t.Fatal(err)
	}
	so := sfake.Options()
	s, err := slack.New(slack.Config{BotToken: so.BotToken, AppToken: so.AppToken, APIURL: sfake.APIURL(), Community: time.UTC,
		Language: commands.EN, PostInterval: time.Millisecond, EditDelay: 5 * time.Millisecond, PingInterval: 2 * time.Second,
		ReconnectBackoff: 10 * time.Millisecond, Logger: log}, router)
	if err != nil {
		t.Fatal(err)
	}
	sched, err := scheduler.New(db, scheduler.Options{Clock: clk, Senders: map[string]scheduler.Sender{slack.Platform: s, Platform: d},
		Logger: log, Location: time.UTC, Language: commands.EN, Channels: channels, Platforms: []string{slack.Platform, Platform},
		Digest: "0 9 * * MON", Outcomes: "7 * * * *", Card: router.Card})
	if err != nil {
		t.Fatal(err)
	}
	if err := sched.Start(ctx); err != nil {
		t.Fatal(err)
	}
	runCtx, cancel := context.WithCancel(ctx)
	done := make(chan error, 2)
	go func() { done <- d.Run(runCtx) }()
	go func() { done <- s.Run(runCtx) }()
	select {
	case <-d.ready:
	case <-time.After(wait):
		t.Fatal("Discord not ready")
	}
	w := &awardsWorld{router: router, sched: sched, d: d}
	stopped := false
	w.stop = func() {
		if stopped {
			return
		}
		stopped = true
		cancel()
		for range 2 {
			select {
			case err := <-done:
				if err != nil {
					t.Errorf("Run: %v", err)
				}
			case <-time.After(wait):
				t.Error("an adapter did not stop")
			}
		}
		db.Close()
	}
	t.Cleanup(w.stop)
	return w
}

// fakes drives both fake platforms as members, and the bot's process
// over them, with the injected clock.
type fakes struct {
	t     *testing.T
	sfake *slackfake.Server
	dfake *discordfake.Server
	clk   *testClock
	path  string
	w     *awardsWorld
	// acks keeps Slack's answers given in acks, to be checked with the
	// other messages.
	acks []ackOf
	// threads gives the bot workshops channels, whose cards carry threads.
	threads bool
}

type ackOf struct{ user, body string }

// newFakes starts both fakes with their users and the bot, at start.
func newFakes(t *testing.T, start time.Time, threads ...bool) *fakes {
	f := &fakes{t: t, clk: &testClock{now: start}, path: filepath.Join(t.TempDir(), "atelier.db"), threads: len(threads) > 0 && threads[0]}
	f.dfake = discordfake.New()
	t.Cleanup(f.dfake.Close)
	f.sfake = slackfake.New(t, slackfake.Options{PingInterval: 100 * time.Millisecond})
	for _, u := range []slackfake.User{{ID: "UADMIN", Name: "ada"}, {ID: "UBOB", Name: "bob"}, {ID: "UCAROL", Name: "carol"}, {ID: "UERIN", Name: "erin"}} {
		u.RealName, u.DisplayName, u.TZ, u.Locale = u.Name, u.Name, "UTC", "en-US"
		f.sfake.AddUser(u)
	}
	f.restart()
	return f
}

// restart stops the bot's process, if one runs, and starts another on
// the same database file.
func (f *fakes) restart() *awardsWorld {
	if f.w != nil {
		f.w.stop()
	}
	f.w = startAwards(f.t, f.path, f.clk, f.dfake, f.sfake, f.threads)
	f.sfake.WaitConnections(f.t, 1)
	return f.w
}

// tick runs what the scheduler has due at the clock's time.
func (f *fakes) tick() {
	f.t.Helper()
	if _, err := f.w.sched.Tick(context.Background()); err != nil {
		f.t.Fatal(err)
	}
}

func (f *fakes) contains(what, got string, wants ...string) {
	f.t.Helper()
	for _, want := range wants {
		if !strings.Contains(got, want) {
			f.t.Errorf("%s lacks %q:\n%s", what, want, got)
		}
	}
}

// slash types a Slack slash command and returns the answer, given in the
// ack or later on the response_url.
func (f *fakes) slash(user, command, text string) string {
	t := f.t
	t.Helper()
	responses := func() []slackfake.Call {
		var out []slackfake.Call
		for _, c := range f.sfake.Calls("response_url") {
			if c.User == user {
				out = append(out, c)
			}
		}
		return out
	}
	before := len(responses())
	env, err := f.sfake.SlashCommand(user, "C0GENERAL", command, text)
	if err != nil {
		t.Fatal(err)
	}
	if ack := f.sfake.WaitAck(t, env); len(ack.Payload) > 0 {
		f.acks = append(f.acks, ackOf{user, string(ack.Payload)})
		return string(ack.Payload)
	}
	if !f.sfake.Wait(wait, func() bool { return len(responses()) > before }) {
		t.Fatalf("no answer to %s %s %s", user, command, text)
	}
	c := responses()[before]
	return c.Text + string(c.Blocks)
}

var discordNames = map[string]string{staffID: "Staff", aliceID: "Alice", bobID: "Bob", carolID: "Carol", daveID: "Dave", erinID: "Erin"}

// discord runs a Discord slash command with its free text option and
// returns the interaction's id and the answer's text and embeds.
func (f *fakes) discord(user, command, sub, text string) (string, string) {
	t := f.t
	t.Helper()
	var opts []discordfake.Opt
	if text != "" {
		opts = append(opts, discordfake.Str("text", text))
	}
	data := discordfake.Command(command, discordfake.Sub(sub, opts...))
	if sub == "" {
		data = discordfake.Command(command, opts...)
	}
	id, err := f.dfake.Interact(discordfake.Interaction{Type: 2, UserID: user, GlobalName: discordNames[user], Locale: "en-US", Data: data})
	if err != nil {
		t.Fatal(err)
	}
	var cb discordfake.Callback
	if !f.dfake.Await(wait, func() bool { var ok bool; cb, ok = f.dfake.Callback(id); return ok }) {
		t.Fatalf("no answer to /%s %s %s", command, sub, text)
	}
	return id, cb.Decode().Text()
}

// waitPosts waits until the announcements channel of each platform shows
// exactly n messages containing text, then checks it stays so.
func waitPosts(t *testing.T, sfake *slackfake.Server, dfake *discordfake.Server, text string, n int) {
	t.Helper()
	count := func() (int, int) {
		s, d := 0, 0
		for _, m := range sfake.Messages(slackAnn) {
			if strings.Contains(m.Text, text) {
				s++
			}
		}
		for _, m := range dfake.Messages(discordAnn) {
			if strings.Contains(m.Content, text) {
				d++
			}
		}
		return s, d
	}
	sfake.Wait(wait, func() bool { s, _ := count(); return s >= n })
	dfake.Await(wait, func() bool { _, d := count(); return d >= n })
	if s, d := count(); s != n || d != n {
		t.Fatalf("%q posted %d times on Slack, %d on Discord; want %d", text, s, d, n)
	}
}

// An edition from creation to results on Slack and Discord at once: two
// categories, three nominations, two jurors (one from a nominee's
// organisation, skipped there), a restart in the middle of the jury, the
// phases and the results posted by the scheduler at their dates on both
// platforms, a member's vote counted once though sent twice and from two
// linked accounts; and no message either fake received shows a score, a
// reason or a vote count to anyone but the juror who gave it.
func TestAwardsAcrossPlatforms(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := newFakes(t, time.Date(2027, 1, 11, 9, 0, 0, 0, time.UTC))
	w, clk, dfake, sfake := f.w, f.clk, f.dfake, f.sfake
	tick, contains := f.tick, f.contains
	slash := f.slash
	discordText := func(user, sub, text string) (string, string) { return f.discord(user, "awards", sub, text) }

	// Staff create the edition on Discord and keep two categories.
	_, got := discordText(staffID, "create", "Awards 2027")
	contains("create", got, "Awards edition #1")
	for range 3 {
		discordText(staffID, "category", "1 remove 3")
	}
	discordText(staffID, "set", "1 community on")
	e, err := w.router.DB().Edition(ctx, 1)
	if err != nil || len(e.Categories) != 2 || !e.CommunityPrize {
		t.Fatalf("edition %+v, %v", e, err)
	}
	// The opening is announced on both platforms, once.
	tick()
	tick()
	waitPosts(t, sfake, dfake, "The nominations for Awards 2027 are open", 1)

	// Members meet the bot; Carol is from Inria; Erin links her accounts.
	slash("UCAROL", "/atelier-me", "org Inria")
	slash("UBOB", "/atelier-me", "")
	slash("UERIN", "/atelier-me", "")
	discordText(daveID, "list", "")
	discordText(erinID, "list", "")
	db := w.router.DB()
	erinSlack, err := db.FindMember(ctx, storage.Identity{Platform: slack.Platform, Workspace: sfake.Options().TeamID, UserID: "UERIN"})
	if err != nil {
		t.Fatal(err)
	}
	erinDiscord, err := db.FindMember(ctx, storage.Identity{Platform: Platform, Workspace: discordfake.GuildID, UserID: erinID})
	if err != nil {
		t.Fatal(err)
	}
	code, _, err := db.NewLinkCode(ctx, erinSlack.ID, slack.Platform)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Link(ctx, erinDiscord.ID, code); err != nil {
		t.Fatal(err)
	}

	// Three nominations: Bob's on Slack (typed, naming himself), Alice's
	// through the Discord form, Erin's on Slack.
	contains("nominate", slash("UBOB", "/awards", "nominate 1 1 2 collaboration | Flood forecasting | Inria | Six months with the city | <@UBOB>"),
		"Nomination #1 saved")
	_, cb := func() (string, discordfake.Callback) {
		id, err := dfake.Interact(discordfake.Interaction{Type: 2, UserID: aliceID, GlobalName: "Alice", Locale: "en-US",
			Data: discordfake.Command("awards", discordfake.Sub("nominate"))})
		if err != nil {
			t.Fatal(err)
		}
		var cb discordfake.Callback
		dfake.Await(wait, func() bool { var ok bool; cb, ok = dfake.Callback(id); return ok })
		return id, cb
	}()
	if cb.Type != 9 {
		t.Fatalf("nominate without text: callback type %d, want a modal (9)", cb.Type)
	}
	mid, err := dfake.Interact(discordfake.Interaction{Type: 5, UserID: aliceID, GlobalName: "Alice", Locale: "en-US",
		Data: discordfake.ModalSubmit(formPrefix+"awards nominate 1", [][2]string{{"title", "Open maps"}, {"organisation", "IGN"},
			{"categories", "1"}, {"team", ""}, {"pitch", "Maps for everyone"}})})
	if err != nil {
		t.Fatal(err)
	}
	if !dfake.Await(wait, func() bool {
		c, ok := dfake.Callback(mid)
		return ok && strings.Contains(c.Decode().Content, "Nomination #2 saved")
	}) {
		c, _ := dfake.Callback(mid)
		t.Fatalf("modal nomination: %+v", c.Decode())
	}
	slash("UERIN", "/awards", "nominate 1 2 | Tutor bot | CNRS | Helps students | Jane Doe")
	contains("duplicate", slash("UCAROL", "/awards", "nominate 1 1 | flood FORECASTING | Inria | again"), "already nominated")

	// Jurors: Carol (Slack, Inria) and Dave (Discord).
	contains("jury", slash("UADMIN", "/awards", "jury 1 add <@UCAROL>"), "named to the jury")
	_, got = discordText(staffID, "jury", "1 add <@"+daveID+">")
	contains("jury", got, "named to the jury")

	// The nominations close: the jury phase is announced.
	clk.set(e.ClosesAt.Add(time.Minute))
	tick()
	waitPosts(t, sfake, dfake, "The nominations for Awards 2027 are closed", 1)

	// Carol's ballot skips Flood forecasting, from her organisation.
	contains("ballot", slash("UCAROL", "/awards", "ballot 1"), "skipped, your own organisation", "Only you and staff see your scores")
	contains("conflict", slash("UCAROL", "/awards", "score 1 1 5 zq-carol-x | 5 zq-carol-y"), "from your own organisation")
	contains("score", slash("UCAROL", "/awards", "score 2 1 4 zq-carol-1 | 4 zq-carol-2 | 4 zq-carol-3"), "Your scores of #2 Open maps")

	// A restart in the middle of the jury.
	w = f.restart()
	db = w.router.DB()
	tick()

	// Carol scores through the Slack form: a reason left out is said on
	// its input, the modal stays open.
	views := len(sfake.Views())
	env, err := sfake.SlashCommand("UCAROL", "C0GENERAL", "/awards", "score 3 2")
	if err != nil {
		t.Fatal(err)
	}
	sfake.WaitAck(t, env)
	if !sfake.Wait(wait, func() bool { return len(sfake.Views()) > views }) {
		t.Fatal("no score form on Slack")
	}
	v := sfake.Views()[views]
	contains("score form", string(v.Raw), "Score #3 (private)", "seen by you and staff only")
	env, err = sfake.Submit("UCAROL", v, map[string]string{"c1": "3 zq-carol-4", "c2": "3", "c3": "3 zq-carol-6"})
	if err != nil {
		t.Fatal(err)
	}
	contains("score form error", string(sfake.WaitAck(t, env).Payload), `"response_action":"errors"`, `"c2":"Originality: give a one-line reason after the score."`)
	before := len(sfake.Calls("response_url"))
	env, err = sfake.Submit("UCAROL", v, map[string]string{"c1": "3 zq-carol-4", "c2": "3 zq-carol-5", "c3": "3 zq-carol-6"})
	if err != nil {
		t.Fatal(err)
	}
	sfake.WaitAck(t, env)
	if !sfake.Wait(wait, func() bool { return len(sfake.Calls("response_url")) > before }) {
		t.Fatal("no confirmation of the Slack score form")
	}
	contains("score confirmation", sfake.Calls("response_url")[before].Text, "Your scores of #3 Tutor bot")
	var daveScores []string
	for _, line := range []string{"1 1 5 zq-dave-1 | 5 zq-dave-2 | 5 zq-dave-3", "2 1 3 zq-dave-4 | 3 zq-dave-5 | 3 zq-dave-6",
		"1 2 5 zq-dave-7 | 4 zq-dave-8 | 4 zq-dave-9", "3 2 4 zq-dave-10 | 4 zq-dave-11 | 4 zq-dave-12"} {
		id, got := discordText(daveID, "score", line)
		contains("dave's score", got, "Your scores of")
		daveScores = append(daveScores, id)
	}
	_, got = discordText(daveID, "ballot", "1")
	if strings.Contains(got, "zq-carol") {
		t.Errorf("Dave's ballot shows Carol's reasons: %s", got)
	}

	// The community vote: Erin votes from Slack, again from Slack, and
	// from her linked Discord account: one vote.
	contains("vote", slash("UERIN", "/awards", "vote 1 1"), "is counted", "Your vote is secret")
	contains("vote again", slash("UERIN", "/awards", "vote 2 1"), "already voted")
	_, got = discordText(erinID, "vote", "1 1")
	contains("vote from Discord", got, "already voted")
	_, got = discordText(aliceID, "vote", "1 1")
	contains("alice votes", got, "is counted")
	slash("UBOB", "/awards", "vote 2 1")

	// The results come at their date, once, on both platforms.
	clk.set(e.ResultsAt.Add(-time.Minute))
	tick()
	waitPosts(t, sfake, dfake, "The winners of Awards 2027", 0)
	clk.set(e.ResultsAt)
	tick()
	tick()
	waitPosts(t, sfake, dfake, "The winners of Awards 2027", 1)
	var slackResults string
	for _, m := range sfake.Messages(slackAnn) {
		slackResults += m.Text + string(m.Blocks)
	}
	contains("Slack results", slackResults, "Flood forecasting", "Awards 2027 · Most audacious project", "Awards 2027 · Most innovative project")
	var discordResults string
	for _, m := range dfake.Messages(discordAnn) {
		for _, e := range m.Embeds {
			discordResults += e.Title + "\n" + e.Description + "\n"
		}
	}
	contains("Discord results", discordResults, "Awards 2027 · Most audacious project\n🥇 Flood forecasting · Inria")
	rep, err := db.AwardReport(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	votes := map[int64]int{}
	for _, rk := range rep.Categories[0].Ranking {
		votes[rk.Nomination.ID] = rk.Votes
	}
	if votes[1] != 2 || votes[2] != 1 {
		t.Errorf("votes in category 1: %v, want Flood 2 (Erin once, Alice), Maps 1 (Bob)", votes)
	}
	if len(rep.Categories[0].Winners) != 1 || rep.Categories[0].Winners[0].ID != 1 || len(rep.Categories[1].Winners) != 1 || rep.Categories[1].Winners[0].ID != 1 {
		t.Errorf("winners %+v", rep.Categories)
	}
	_, got = discordText(erinID, "show", "1")
	contains("show", got, "Flood forecasting")

	// No message shows a score, a reason or a count to anyone but the
	// juror who gave it, in the answer to their own command.
	secret := regexp.MustCompile(`zq-[a-z]+-\d+|\d/5|\d+ votes?\b`)
	for _, c := range sfake.Calls() {
		body := c.Text + string(c.Blocks) + c.View + c.Form.Encode() + string(c.JSON)
		m := secret.FindString(body)
		if m == "" {
			continue
		}
		if c.Method == "response_url" && c.User == "UCAROL" && strings.HasPrefix(m, "zq-carol") || strings.HasSuffix(m, "/5") && c.User == "UCAROL" {
			continue
		}
		t.Errorf("Slack %s to %s/%s shows %q", c.Method, c.Channel, c.User, m)
	}
	for _, a := range f.acks {
		if m := secret.FindString(a.body); m != "" && !(a.user == "UCAROL" && (strings.HasPrefix(m, "zq-carol") || strings.HasSuffix(m, "/5"))) {
			t.Errorf("Slack answer to %s shows %q", a.user, m)
		}
	}
	own := map[string]bool{}
	for _, id := range daveScores {
		own[id] = true
	}
	for _, c := range dfake.Calls("", "") {
		m := secret.FindString(string(c.Body))
		if m == "" {
			continue
		}
		parts := strings.Split(c.Path, "/") // /interactions/<id>/<token>/callback
		if len(parts) > 2 && parts[1] == "interactions" && own[parts[2]] && (strings.HasPrefix(m, "zq-dave") || strings.HasSuffix(m, "/5")) {
			continue
		}
		t.Errorf("Discord %s %s shows %q", c.Method, c.Path, m)
	}
	checkAllowedMentions(t, dfake)
}
