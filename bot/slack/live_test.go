package slack

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/atelier-bot/atelier/bot/slack/slackfake"
	"github.com/atelier-bot/atelier/commands"
	"github.com/atelier-bot/atelier/scheduler"
	"github.com/atelier-bot/atelier/storage"
)

// Opening the App Home publishes the member's home: their sessions, their
// problems, the open workshops with Join buttons; a Join pressed there
// republishes it with the answer on top.
func TestAppHome(t *testing.T) {
	h := newHarness(t)
	h.start()
	h.announce(chan1, "Imputation clinic", 1)
	h.slash(admin, chan1, "/workshop", "schedule 1 2026-12-03 14:00 1h30 Room B")
	h.announce(chan1, "Transformers", 2)
	h.slash(ann, chan1, "/workshop", "join 1")
	h.slash(ann, chan1, "/problem", "post Données manquantes #timeseries")

	env, err := h.fake.OpenHome(ann)
	if err != nil {
		t.Fatal(err)
	}
	h.fake.WaitAck(t, env)
	pub := h.fake.WaitCall(t, "views.publish", nil)
	if pub.Encoding != "json" || pub.User != ann {
		t.Errorf("publish %+v", pub)
	}
	home, _ := h.fake.Home(ann)
	if home.Type != "home" {
		t.Errorf("view type %q", home.Type)
	}
	text := blocksText(mustJSON(t, home.Blocks))
	for _, want := range []string{
		"Vos prochaines séances",
		"*#1 · Imputation clinic*\n<!date^1796302800^{date_short_pretty} à {time}|jeu. 3 déc. 2026, 14:00 CET> · 1h30 · Room B",
		"Vos problèmes ouverts",
		"*#1 · Données manquantes*\n0 intéressés, 0 peuvent aider · #timeseries",
		"Ateliers ouverts",
		"*#2 · Transformers*",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("home lacks %q:\n%s", want, text)
		}
	}

	env, err = h.fake.PressHome(ann, "atelier.workshop.join", "workshop join 2")
	if err != nil {
		t.Fatal(err)
	}
	h.fake.WaitAck(t, env)
	h.wait("the home republished with the answer", func() bool {
		v, _ := h.fake.Home(ann)
		return strings.Contains(blocksText(mustJSON(t, v.Blocks)), "Vous avez une place dans l'atelier #2 Transformers.")
	})
	if n := len(h.fake.Calls("chat.postEphemeral", "response_url")); n != 0 {
		t.Errorf("%d private answers outside the home", n)
	}
	if w := h.workshop(2); w.Joined != 1 {
		t.Errorf("workshop 2 joined %d", w.Joined)
	}
}

func mustJSON(tb testing.TB, v any) json.RawMessage {
	tb.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// A "disconnect" envelope makes the client open a new connection, and
// commands work on it; so does a dropped link. Each connection
// reconciles.
func TestReconnect(t *testing.T) {
	h := newHarness(t)
	h.start()
	h.wait("Connected", h.a.Connected)
	h.fake.Disconnect()
	h.fake.WaitConnections(t, 2)
	if got := h.answer(h.slash(bob, chan1, "/workshop", "list")).Text; got != "No workshop planned yet." {
		t.Errorf("after disconnect: %q", got)
	}
	h.fake.Drop()
	h.fake.WaitConnections(t, 3)
	if got := h.answer(h.slash(bob, chan1, "/workshop", "list")).Text; got != "No workshop planned yet." {
		t.Errorf("after a dropped link: %q", got)
	}
	h.wait("two reconnects counted", func() bool { return h.a.Reconnects() == 2 })
	if got := h.fake.Opens(); got != 3 {
		t.Errorf("apps.connections.open called %d times, want 3", got)
	}
	for _, c := range h.fake.Calls("apps.connections.open") {
		if c.Encoding != "json" {
			t.Errorf("apps.connections.open sent as %s", c.Encoding)
		}
	}
}

// A reaction put on while the bot was stopped takes effect when it comes
// back, once; one taken off while it was stopped, too.
func TestReconcileReactionsMadeWhileDown(t *testing.T) {
	h := newHarness(t)
	h.start()
	card := h.announce(chan1, "capacity 4 Imputation clinic", 1)
	h.stop()

	if _, err := h.fake.React(bob, chan1, card.TS, "raised_hand", true); err != nil {
		t.Fatal(err)
	}
	// The bot's own reaction is not a member's.
	h.fake.React(h.fake.Options().BotUserID, chan1, card.TS, "raised_hand", true)

	h.start()
	h.fake.WaitCall(t, "chat.postEphemeral", func(c slackfake.Call) bool {
		return c.User == bob && c.Text == "You have a seat in workshop #1 Imputation clinic."
	})
	h.fake.WaitCall(t, "chat.update", func(c slackfake.Call) bool { return c.TS == card.TS && strings.Contains(c.Text, "Seats: 1/4") })
	get := h.fake.WaitCall(t, "reactions.get", nil)
	if get.Form.Get("full") != "true" || get.Channel != chan1 || get.Form.Get("timestamp") != card.TS {
		t.Errorf("reactions.get %v", get.Form)
	}
	if w := h.workshop(1); w.Joined != 1 || w.Participants[0].Name != "Bob Smith" {
		t.Fatalf("participants %+v after reconcile, want Bob Smith, known by name", w.Participants)
	}

	// Started again with nothing changed: nothing is applied twice.
	h.stop()
	gets := len(h.fake.Calls("reactions.get"))
	h.start()
	h.wait("a second reconcile", func() bool { return len(h.fake.Calls("reactions.get")) > gets })
	h.wait("the reconcile to finish", func() bool { return strings.Contains(h.logs.String(), "changes=0") })
	if n := len(h.fake.Calls("chat.postEphemeral")); n != 1 {
		t.Errorf("%d private answers, want the one of the first reconcile", n)
	}
	if w := h.workshop(1); w.Joined != 1 {
		t.Errorf("joined %d, want 1", w.Joined)
	}

	// Taken off while down: the member leaves when the bot is back.
	h.stop()
	h.fake.Unreact(bob, chan1, card.TS, "raised_hand", true)
	h.start()
	h.fake.WaitCall(t, "chat.postEphemeral", func(c slackfake.Call) bool { return c.Text == "You left workshop #1 Imputation clinic." })
	if w := h.workshop(1); w.Joined != 0 {
		t.Errorf("joined %d after the reaction was taken off, want 0", w.Joined)
	}
}

// A 429 on chat.postMessage waits the Retry-After Slack gave and sends
// again: the card is posted once, not dropped.
func TestRateLimitRetryAfter(t *testing.T) {
	h := newHarness(t)
	h.start()
	h.fake.RateLimit("chat.postMessage", 1, 1)
	h.answer(h.slash(bob, chan1, "/problem", "post Missing values"))
	h.postedCard(chan1, commands.Entity{Kind: storage.KindProblem, ID: 1})
	calls := h.fake.Calls("chat.postMessage")
	if len(calls) != 2 || calls[0].Status != 429 || calls[1].Status != 200 {
		t.Fatalf("calls %+v, want a 429 then a 200", calls)
	}
	if gap := calls[1].At.Sub(calls[0].At); gap < time.Second {
		t.Errorf("retried after %s, before the 1s Retry-After", gap)
	}
	if calls[1].Form.Get("text") != calls[0].Form.Get("text") || calls[1].Form.Get("blocks") != calls[0].Form.Get("blocks") {
		t.Errorf("the retry did not send the same message")
	}
	if n := len(h.fake.Messages(chan1)); n != 1 {
		t.Errorf("%d messages posted, want 1", n)
	}
	if h.a.RateLimitWaits() != 1 {
		t.Errorf("rate limit waits %d, want 1", h.a.RateLimitWaits())
	}
}

// Mentions typed in user text are shown, never acted on: <!channel>,
// <!here>, <!everyone>, user groups and users, in the card and its
// fallback text, whether typed in a slash command (escaped by Slack) or a
// modal (raw), or set as a display name.
func TestMentionInjection(t *testing.T) {
	h := newHarness(t)
	h.fake.AddUser(slackfake.User{ID: "UEVIL", Name: "evil", DisplayName: "<!everyone> Eve", TZ: "Europe/Paris", Locale: "en-US"})
	h.start()
	const title = "<!channel> urgent <!here> <!everyone> <!subteam^S0123> <@U0BOSS> <https://evil.example>"
	h.answer(h.slash("UEVIL", chan1, "/problem", "post "+title+" | body <!channel> & co"))
	m := h.postedCard(chan1, commands.Entity{Kind: storage.KindProblem, ID: 1})

	// Stored as typed.
	p, err := h.db.Problem(context.Background(), 1)
	if err != nil {
		t.Fatal(err)
	}
	if p.Title != title || p.Description != "body <!channel> & co" {
		t.Errorf("stored %q | %q", p.Title, p.Description)
	}
	wantTitle := "*#1 · &lt;!channel&gt; urgent &lt;!here&gt; &lt;!everyone&gt; &lt;!subteam^S0123&gt; &lt;@U0BOSS&gt; &lt;https://evil.example&gt;*\nbody &lt;!channel&gt; &amp; co"
	if got := blocksText(m.Blocks); !strings.Contains(got, wantTitle) || !strings.Contains(got, "*Author*\n&lt;!everyone&gt; Eve") {
		t.Errorf("card blocks:\n%s\nwant %q", got, wantTitle)
	}
	for _, s := range []string{blocksText(m.Blocks), m.Text} {
		for _, bad := range []string{"<!channel>", "<!here>", "<!everyone>", "<!subteam", "<@U0BOSS>", "<https://evil"} {
			if strings.Contains(s, bad) {
				t.Errorf("%q reaches Slack unescaped in %q", bad, s)
			}
		}
	}

	// The same through a modal, where Slack sends the text raw.
	h.slash("UEVIL", chan1, "/problem", "post")
	h.fake.WaitCall(t, "views.open", nil)
	env, _ := h.fake.Submit("UEVIL", h.fake.Views()[0], map[string]string{"title": "<!channel> again"})
	h.fake.WaitAck(t, env)
	m2 := h.postedCard(chan1, commands.Entity{Kind: storage.KindProblem, ID: 2})
	if !strings.Contains(blocksText(m2.Blocks), "*#2 · &lt;!channel&gt; again*") || strings.Contains(m2.Text, "<!channel>") {
		t.Errorf("modal title rendered %q / %q", blocksText(m2.Blocks), m2.Text)
	}
	for _, c := range h.fake.Calls("chat.postMessage", "chat.postEphemeral", "chat.update") {
		if c.Form.Has("link_names") || c.Form.Has("parse") {
			t.Errorf("%s sets %v", c.Method, c.Form)
		}
	}
}

// Send: a DM opens the conversation and posts; a public card sent to a
// channel is recorded, so a reaction on it joins.
func TestSend(t *testing.T) {
	h := newHarness(t)
	h.start()
	ctx := context.Background()
	start := time.Date(2026, 12, 3, 13, 0, 0, 0, time.UTC)
	ts, err := h.a.Send(ctx, commands.Target{Platform: Platform, Workspace: "T0FAKE", UserID: bob},
		commands.Reply{Text: "Reminder: Imputation clinic starts " + commands.TimeMark(start) + " <!channel>", Lang: commands.EN})
	if err != nil {
		t.Fatal(err)
	}
	open := h.fake.WaitCall(t, "conversations.open", nil)
	if open.Form.Get("users") != bob {
		t.Errorf("conversations.open %v", open.Form)
	}
	post := h.fake.WaitCall(t, "chat.postMessage", nil)
	want := "Reminder: Imputation clinic starts <!date^1796302800^{date_short_pretty} at {time}|Thu 3 Dec 2026, 14:00 CET> &lt;!channel&gt;"
	if post.Channel != "DBOB" || post.Text != want || post.TS != ts || ts == "" {
		t.Errorf("post %+v (ts %q)\nwant text %q", post, ts, want)
	}

	// A public workshop card, as the scheduler sends an announcement.
	h.router.Handle(ctx, &commands.Request{Platform: Platform, Workspace: "T0FAKE", UserID: admin, UserName: "Ada", Line: "workshop create Imputation clinic"})
	card, err := h.router.Card(ctx, commands.Entity{Kind: storage.KindWorkshop, ID: 1})
	if err != nil {
		t.Fatal(err)
	}
	ts, err = h.a.Send(ctx, commands.Target{Platform: Platform, Channel: chan2}, commands.Reply{Text: "New workshop!", Cards: []commands.Card{card}, Public: true})
	if err != nil {
		t.Fatal(err)
	}
	msgs := h.fake.Messages(chan2)
	if len(msgs) != 2 || msgs[0].TS != ts || msgs[0].Text != "New workshop!" || !strings.HasPrefix(msgs[1].Text, "#1 · Imputation clinic") {
		t.Fatalf("messages %+v", msgs)
	}
	h.postedCard(chan2, commands.Entity{Kind: storage.KindWorkshop, ID: 1})
	env, _ := h.fake.React(ann, chan2, msgs[1].TS, "raised_hand", false)
	h.fake.WaitAck(t, env)
	h.fake.WaitCall(t, "chat.update", func(c slackfake.Call) bool {
		return c.TS == msgs[1].TS && strings.Contains(c.Text, "Seats: 1/unlimited")
	})

	if _, err := h.a.Send(ctx, commands.Target{Platform: Platform}, commands.Reply{Text: "x"}); err == nil {
		t.Errorf("Send with no user and no channel succeeded")
	}
}

// Refused tokens stop the adapter with an error naming the key to fix.
func TestRefusedTokens(t *testing.T) {
	for _, c := range []struct {
		name string
		set  func(*Config)
		want string
	}{
		{"bot token", func(c *Config) { c.BotToken = "xoxb-wrong" }, "slack.bot_token"},
		{"app token", func(c *Config) { c.AppToken = "xapp-wrong" }, "slack.app_token"},
	} {
		h := newHarness(t, c.set)
		a, err := New(h.cfg, h.router)
		if err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() { done <- a.Run(context.Background()) }()
		select {
		case err := <-done:
			if err == nil || !strings.Contains(err.Error(), c.want) || strings.Contains(err.Error(), "wrong") {
				t.Errorf("%s: Run = %v, want an error naming %s (and not the token)", c.name, err, c.want)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("%s: Run still running with a refused token", c.name)
		}
	}
}

// A stop lets the interactions in flight finish: a card waiting out a 429
// is still posted and recorded before Run returns.
func TestStopFinishesWorkInFlight(t *testing.T) {
	h := newHarness(t)
	h.start()
	h.fake.RateLimit("chat.postMessage", 1, 1)
	h.answer(h.slash(bob, chan1, "/problem", "post Missing values"))
	h.wait("the 429", func() bool { return len(h.fake.Calls("chat.postMessage")) == 1 })
	h.stop()
	refs, err := h.router.Messages(context.Background(), commands.Entity{Kind: storage.KindProblem, ID: 1})
	if err != nil || len(refs) != 1 || len(h.fake.Messages(chan1)) != 1 || refs[0].MessageID != h.fake.Messages(chan1)[0].TS {
		t.Errorf("after stop: refs %+v (err %v), messages %+v", refs, err, h.fake.Messages(chan1))
	}
}

// Send carries files too: uploaded to the target after the message.
func TestSendFiles(t *testing.T) {
	h := newHarness(t)
	h.start()
	ts, err := h.a.Send(context.Background(), commands.Target{Platform: Platform, Channel: chan2},
		commands.Reply{Text: "Monthly statistics", Files: []commands.File{{Name: "stats.csv", ContentType: "text/csv", Data: []byte("kpi,value\nproblems,3\n")}}})
	if err != nil || ts == "" {
		t.Fatalf("Send = %q, %v", ts, err)
	}
	ups := h.fake.Uploads(chan2)
	if len(ups) != 1 || ups[0].Name != "stats.csv" || string(ups[0].Data) != "kpi,value\nproblems,3\n" {
		t.Errorf("uploads %+v", ups)
	}
	if up := h.fake.Calls("upload"); len(up) != 1 || up[0].Encoding != "multipart" || up[0].Status != 200 {
		t.Errorf("upload calls %+v", up)
	}
}

// A stop does not wait for cards held by their channel's pace: they go to
// the outbox, Run returns at once, and after the restart the scheduler
// posts each of them once, recorded like the others.
func TestStopLeavesWaitingCards(t *testing.T) {
	h := newHarness(t, func(c *Config) { c.PostInterval, c.PostBurst = time.Hour, 1 })
	h.start()
	// The first card takes the channel's one post; the other two wait.
	// (Posted from each command's own goroutine, after its answer: sent
	// together, the second could take the post first.)
	h.answer(h.slash(bob, chan1, "/problem", "post Missing values"))
	h.wait("the first card", func() bool { return len(h.fake.Messages(chan1)) == 1 })
	for _, title := range []string{"Sensor drift", "Label noise"} {
		h.answer(h.slash(bob, chan1, "/problem", "post "+title))
	}
	stopped := time.Now()
	h.stop()
	if d := time.Since(stopped); d > 2*time.Second {
		t.Errorf("stop took %s with cards waiting for the channel's pace", d)
	}
	ctx := context.Background()
	left, err := h.db.Outbox(ctx, storage.OutboxFilter{Kind: storage.NoteProblemPosted})
	if err != nil || len(left) != 2 {
		t.Fatalf("cards left to the outbox: %+v, %v", left, err)
	}
	if n := len(h.fake.Messages(chan1)); n != 1 {
		t.Fatalf("%d cards posted before the restart, want 1", n)
	}

	h.cfg.PostInterval, h.cfg.PostBurst = time.Millisecond, 3
	h.start()
	s, err := scheduler.New(h.db, scheduler.Options{Clock: fixedClock{}, Senders: map[string]scheduler.Sender{Platform: h.a},
		Card: h.router.Card, Location: h.paris, Language: commands.EN, Digest: "", Feedback: "", Nudge: "", Outcomes: ""})
	if err != nil {
		t.Fatal(err)
	}
	for range 2 { // the second pass finds nothing more to send
		if _, err := s.Tick(ctx); err != nil {
			t.Fatal(err)
		}
	}
	var titles []string
	for _, m := range h.fake.Messages(chan1) {
		titles = append(titles, m.Text[:strings.Index(m.Text, "\n")])
	}
	if want := []string{"#1 · Missing values", "#2 · Sensor drift", "#3 · Label noise"}; !slices.Equal(titles, want) {
		t.Errorf("cards in the channel after the restart: %q, want %q", titles, want)
	}
	for id := int64(1); id <= 3; id++ {
		if refs, err := h.router.Messages(ctx, commands.Entity{Kind: storage.KindProblem, ID: id}); err != nil || len(refs) != 1 {
			t.Errorf("problem %d: message refs %+v, %v", id, refs, err)
		}
	}
	if sent, _ := h.db.Outbox(ctx, storage.OutboxFilter{Kind: storage.NoteProblemPosted, State: storage.OutboxSent}); len(sent) != 2 {
		t.Errorf("%d card rows sent, want 2", len(sent))
	}
}

// fixedClock is the harness's time (testNow), which storage tells too.
type fixedClock struct{}

func (fixedClock) Now() time.Time { return testNow }
func (fixedClock) NewTimer(d time.Duration) scheduler.Timer {
	return fixedTimer{time.NewTimer(d)}
}

type fixedTimer struct{ t *time.Timer }

func (t fixedTimer) C() <-chan time.Time { return t.t.C }
func (t fixedTimer) Stop() bool          { return t.t.Stop() }

// A card that waited for its channel's pace shows its item as it is when
// posted, not as it was when the command that posted it ran: the message
// is not recorded yet for the edit that would show the change.
func TestWaitingCardPostedFresh(t *testing.T) {
	h := newHarness(t, func(c *Config) { c.PostInterval, c.PostBurst = 300*time.Millisecond, 1 })
	h.start()
	h.answer(h.slash(bob, chan1, "/problem", "post Missing values"))
	h.answer(h.slash(bob, chan1, "/problem", "post Sensor drift"))
	h.answer(h.slash(bob, chan1, "/problem", "close 2"))
	h.wait("both cards", func() bool { return len(h.fake.Messages(chan1)) == 2 })
	// The two cards join the channel's list from their commands' own
	// goroutines, so under load the second may go first: look it up.
	// If it went first, before the close, the close's edit brings it up
	// to date: either way it must end up saying solved.
	var second slackfake.Message
	h.wait("problem 2's card to say solved", func() bool {
		for _, m := range h.fake.Messages(chan1) {
			if strings.Contains(m.Text, "#2 · Sensor drift") {
				second = m
			}
		}
		return strings.Contains(second.Text, "Status: solved")
	})
	if !strings.Contains(second.Text, "Status: solved") {
		t.Errorf("the waiting card, posted after the problem was closed:\n%s", second.Text)
	}
}

// An outbox row for a channel that is at its pace is given back to the
// outbox (NotBefore) rather than waited for, with nothing posted, so the
// dispatcher sends other rows (a DM) in the meantime.
func TestSendGivesBusyChannelBack(t *testing.T) {
	h := newHarness(t, func(c *Config) { c.PostInterval, c.PostBurst = 10*time.Second, 1 })
	h.start()
	ctx := context.Background()
	if _, err := h.a.Send(ctx, commands.Target{Platform: Platform, Channel: chan2}, commands.Reply{Text: "first"}); err != nil {
		t.Fatal(err)
	}
	_, err := h.a.Send(ctx, commands.Target{Platform: Platform, Channel: chan2}, commands.Reply{Text: "second"})
	var nb *scheduler.NotBefore
	if !errors.As(err, &nb) || nb.Delay <= 8*time.Second || nb.Delay > 10*time.Second {
		t.Fatalf("second post to a paced channel: %v, want NotBefore about 10s", err)
	}
	if _, err := h.a.Send(ctx, commands.Target{Platform: Platform, Workspace: "T0FAKE", UserID: bob}, commands.Reply{Text: "a reminder"}); err != nil {
		t.Fatalf("a DM meanwhile: %v", err)
	}
	if msgs := h.fake.Messages(chan2); len(msgs) != 1 || msgs[0].Text != "first" {
		t.Errorf("channel messages %+v, want only the first", msgs)
	}
}
