package discord

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/atelier-bot/atelier/bot/discord/discordfake"
	"github.com/atelier-bot/atelier/bot/slack/slackfake"
	"github.com/atelier-bot/atelier/commands"
	"github.com/atelier-bot/atelier/scheduler"
	"github.com/atelier-bot/atelier/storage"
)

const (
	slackWorkshops   = "C0WORKSHOPS"
	discordWorkshops = "1400000000000000011"
)

// A workshop announced on both platforms gets a thread on each of its
// cards: a Slack thread under the card, a Discord thread started on it,
// with its participants added. The reminder, the change of place and the
// closing are posted in both threads as well as sent by DM, once each,
// across restarts; after the last session the Discord thread is archived
// and locked and the Slack thread gets its closing reply.
func TestWorkshopThreads(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := threadsFakes(t, "Imputation clinic #timeseries", "2027-01-08 14:00 1h Room 2")
	dfake, sfake, clk := f.dfake, f.sfake, f.clk
	tick, contains := f.tick, f.contains

	joinOnDiscord(t, dfake, aliceID, 1)
	f.slash("UBOB", "/workshop", "join 1")
	if !dfake.Await(wait, func() bool { w, err := f.w.router.DB().Workshop(ctx, 1); return err == nil && w.Joined == 2 }) {
		t.Fatal("two participants expected")
	}
	announceThreaded(t, f)

	// The bot stops before anything went out, and again once the cards
	// are out but before their threads are made: the cards, then the
	// threads on them, go out after the restarts, once each.
	f.restart()
	tick()
	if n, _ := f.w.router.DB().Outbox(ctx, storage.OutboxFilter{Kind: storage.NoteThreadOpen, State: storage.OutboxPending}); len(n) != 2 {
		t.Fatalf("threads to make after the cards: %+v", n)
	}
	f.restart()
	for range 2 {
		tick()
	}
	var card slackfake.Message
	for _, m := range sfake.Messages(slackWorkshops) {
		if strings.Contains(m.Text, "Imputation clinic") {
			card = m
		}
	}
	if card.TS == "" {
		t.Fatalf("no card in the Slack workshops channel: %+v", sfake.Messages(slackWorkshops))
	}
	slackThread := func() []slackfake.Message { return sfake.Replies(slackWorkshops, card.TS) }
	cards := dfake.Messages(discordWorkshops)
	if len(cards) != 1 {
		t.Fatalf("Discord workshops channel: %d messages, want the card", len(cards))
	}
	threads := dfake.Threads(discordWorkshops)
	if len(threads) != 1 || threads[0].ID != cards[0].ID {
		t.Fatalf("Discord threads %+v, want one on the card %s", threads, cards[0].ID)
	}
	th := threads[0]
	if th.Name != "#1 · Imputation clinic" || th.AutoArchive != 10080 || th.Archived {
		t.Errorf("Discord thread %+v", th)
	}
	discordThread := func() []discordfake.Message { return dfake.Messages(th.ID) }
	opened := func(n int, what string) {
		t.Helper()
		sl, dc := 0, 0
		for _, m := range slackThread() {
			if strings.Contains(m.Text, what) {
				sl++
			}
		}
		for _, m := range discordThread() {
			if strings.Contains(m.Content, what) {
				dc++
			}
		}
		if sl != n || dc != n {
			t.Errorf("%q: %d times in the Slack thread, %d in the Discord thread; want %d each\nslack: %+v\ndiscord: %+v",
				what, sl, dc, n, slackThread(), discordThread())
		}
	}
	opened(1, "The thread of workshop #1 Imputation clinic")
	if th, _ := dfake.Thread(th.ID); len(th.Members) != 1 || th.Members[0] != aliceID {
		t.Errorf("thread members %q, want Alice", th.Members)
	}

	// Carol joins on Discord: she is added to the thread.
	joinOnDiscord(t, dfake, carolID, 1)
	dfake.Await(wait, func() bool { w, _ := f.w.router.DB().Workshop(ctx, 1); return w.Joined == 3 })
	tick()
	if th, _ := dfake.Thread(th.ID); len(th.Members) != 2 || th.Members[1] != carolID {
		t.Errorf("thread members %q, want Alice and Carol", th.Members)
	}
	// She leaves: she is taken off it.
	if _, err := dfake.Interact(discordfake.Interaction{Type: 2, UserID: carolID, GlobalName: "Carol", Locale: "en-US",
		Data: discordfake.Command("workshop", discordfake.Sub("leave", discordfake.Int("id", 1)))}); err != nil {
		t.Fatal(err)
	}
	dfake.Await(wait, func() bool { w, _ := f.w.router.DB().Workshop(ctx, 1); return w.Joined == 2 })
	tick()
	if th, _ := dfake.Thread(th.ID); len(th.Members) != 1 || th.Members[0] != aliceID {
		t.Errorf("thread members %q after Carol left, want Alice", th.Members)
	}

	// The place changes (with a try at pinging everyone): said in the
	// threads and by DM, mentions neutralised.
	clk.set(time.Date(2027, 1, 5, 10, 0, 0, 0, time.UTC))
	contains("edit", f.slash("UADMIN", "/workshop", "edit 1 place: Room 4 @everyone <!channel>"), "Room 4")
	tick()
	opened(1, "now takes place at Room 4")
	if n := countDM(dfake, aliceID, "now takes place at Room 4"); n != 1 {
		t.Errorf("Alice's change-of-place DM: %d, want 1", n)
	}
	for _, m := range slackThread() {
		if strings.Contains(m.Text, "<!channel>") || strings.Contains(string(m.Blocks), "<!channel>") {
			t.Errorf("a Slack thread reply pings the channel: %s", m.Text)
		}
	}
	checkAllowedMentions(t, dfake)

	// A day before: the reminder of the session as it is now, by DM and in
	// both threads.
	clk.set(time.Date(2027, 1, 7, 14, 1, 0, 0, time.UTC))
	tick()
	opened(1, "Reminder: workshop #1 Imputation clinic starts")
	opened(1, "Place: Room 4")
	if n := countDM(dfake, aliceID, "Reminder: workshop #1"); n != 1 {
		t.Errorf("Alice's reminder DM: %d, want 1", n)
	}
	if n := countSlackDM(sfake, "Reminder: workshop #1"); n != 1 {
		t.Errorf("Bob's reminder DM: %d, want 1", n)
	}

	// A restart after all that sends nothing again.
	f.restart()
	tick()
	opened(1, "Reminder: workshop #1")
	opened(1, "now takes place at Room 4")

	// The session ends. The bot is down until two days later: the outcome
	// question is asked in the threads (and by DM), then, the next hour,
	// the threads close: a last message, the Discord thread archived and
	// locked. Then nothing more is posted.
	clk.set(time.Date(2027, 1, 10, 15, 30, 0, 0, time.UTC))
	tick()
	tick()
	opened(1, "Workshop #1 Imputation clinic has ended. Did anything come of it?")
	opened(0, "this thread is closed")
	if n := countDM(dfake, aliceID, "has ended. Did anything come of it?"); n != 1 {
		t.Errorf("Alice's outcome question: %d, want 1", n)
	}
	clk.set(time.Date(2027, 1, 10, 16, 0, 0, 0, time.UTC))
	tick()
	tick()
	opened(1, "this thread is closed")
	if th, _ := dfake.Thread(th.ID); !th.Archived || !th.Locked {
		t.Errorf("Discord thread not archived and locked: %+v", th)
	}
	ts, err := f.w.router.DB().Threads(ctx, 1)
	if err != nil || len(ts) != 2 || ts[0].ClosedAt.IsZero() || ts[1].ClosedAt.IsZero() {
		t.Errorf("threads in storage %+v %v, want two closed", ts, err)
	}
	slackN, discordN := len(slackThread()), len(discordThread())
	clk.set(time.Date(2027, 1, 11, 15, 30, 0, 0, time.UTC))
	tick()
	if len(slackThread()) != slackN || len(discordThread()) != discordN {
		t.Errorf("posts after the threads closed: slack %+v discord %+v", slackThread(), discordThread())
	}
	n, err := f.w.router.DB().Outbox(ctx, storage.OutboxFilter{State: storage.OutboxFailed})
	if err != nil || len(n) != 0 {
		t.Errorf("failed rows: %+v %v", n, err)
	}
}

func countDM(dfake *discordfake.Server, user, what string) int {
	n := 0
	for _, m := range dfake.Messages(dfake.DMChannel(user)) {
		if strings.Contains(m.Content, what) {
			n++
		}
	}
	return n
}

func countSlackDM(sfake *slackfake.Server, what string) int {
	n := 0
	for _, c := range sfake.Calls("chat.postMessage") {
		if strings.HasPrefix(c.Channel, "D") && strings.Contains(c.Text, what) {
			n++
		}
	}
	return n
}

// joinOnDiscord has a member join a workshop with /workshop join.
func joinOnDiscord(t *testing.T, dfake *discordfake.Server, user string, workshop int64) {
	t.Helper()
	if _, err := dfake.Interact(discordfake.Interaction{Type: 2, UserID: user, GlobalName: discordNames[user], Locale: "en-US",
		Data: discordfake.Command("workshop", discordfake.Sub("join", discordfake.Int("id", workshop)))}); err != nil {
		t.Fatal(err)
	}
}

// Where the workshops channel is a forum, the card is a forum post: the
// post is the workshop's thread, the card its first message (kept up to
// date there), the thread's opening after it, and participants added.
func TestWorkshopForumPost(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := threadsFakes(t, "Imputation clinic #timeseries", "2027-01-08 14:00 1h Room 2")
	dfake := f.dfake
	dfake.SetForum(discordWorkshops)
	joinOnDiscord(t, dfake, aliceID, 1)
	dfake.Await(wait, func() bool { w, _ := f.w.router.DB().Workshop(ctx, 1); return w.Joined == 1 })
	announceThreaded(t, f)
	for range 3 {
		f.tick()
	}
	posts := dfake.Threads(discordWorkshops)
	if len(posts) != 1 || !posts[0].Forum || posts[0].Name != "#1 · Imputation clinic" {
		t.Fatalf("forum posts %+v, want the workshop's", posts)
	}
	post := posts[0]
	msgs := dfake.Messages(post.ID)
	if len(msgs) != 2 || msgs[0].ID != post.ID || len(msgs[0].Embeds) == 0 || msgs[0].Embeds[0].Title != "#1 · Imputation clinic" ||
		!strings.Contains(msgs[1].Content, "The thread of workshop #1") {
		t.Fatalf("messages of the post: %+v", msgs)
	}
	if len(post.Members) != 1 || post.Members[0] != aliceID {
		t.Errorf("post members %q, want Alice", post.Members)
	}
	// Carol joins: added to the post, and the card in it shows two seats.
	joinOnDiscord(t, dfake, carolID, 1)
	dfake.Await(wait, func() bool { w, _ := f.w.router.DB().Workshop(ctx, 1); return w.Joined == 2 })
	f.tick()
	if p, _ := dfake.Thread(post.ID); len(p.Members) != 2 {
		t.Errorf("post members %q, want Alice and Carol", p.Members)
	}
	if !dfake.Await(wait, func() bool { m, _ := dfake.Message(post.ID); return strings.Contains(m.Field("Seats"), "2") }) {
		m, _ := dfake.Message(post.ID)
		t.Errorf("the card in the post was not kept up to date: %+v", m)
	}
	checkAllowedMentions(t, dfake)
}

// A session cancelled is said in the threads; the workshop cancelled
// closes them at once, saying so.
func TestWorkshopThreadCancelled(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := threadsFakes(t, "Imputation clinic", "2027-01-08 14:00 1h Room 2", "2027-01-15 14:00 1h Room 2")
	dfake, sfake := f.dfake, f.sfake
	joinOnDiscord(t, dfake, aliceID, 1)
	dfake.Await(wait, func() bool { w, _ := f.w.router.DB().Workshop(ctx, 1); return w.Joined == 1 })
	announceThreaded(t, f)
	for range 3 {
		f.tick()
	}
	ts, err := f.w.router.DB().Threads(ctx, 1)
	if err != nil || len(ts) != 2 || ts[0].ThreadID == "" || ts[1].ThreadID == "" {
		t.Fatalf("threads %+v %v", ts, err)
	}
	said := func(what string) (slackN, discordN int) {
		for _, tr := range ts {
			if tr.Platform == Platform {
				for _, m := range dfake.Messages(tr.ThreadID) {
					if strings.Contains(m.Content, what) {
						discordN++
					}
				}
				continue
			}
			for _, m := range sfake.Replies(tr.Channel, tr.ThreadID) {
				if strings.Contains(m.Text, what) {
					slackN++
				}
			}
		}
		return slackN, discordN
	}
	f.contains("unschedule", f.slash("UADMIN", "/workshop", "unschedule 1"), "#1")
	f.tick()
	if s, d := said("is cancelled"); s != 1 || d != 1 {
		t.Errorf("session cancelled: said %d times on Slack, %d on Discord; want 1 each", s, d)
	}
	f.slash("UADMIN", "/workshop", "cancel 1")
	// The bot is down until the day before the second session: its
	// reminder is not said in the threads of the cancelled workshop, which
	// close (the threads job runs hourly).
	f.clk.set(time.Date(2027, 1, 14, 14, 1, 0, 0, time.UTC))
	f.tick()
	f.tick()
	if s, d := said("Workshop #1 Imputation clinic is cancelled: this thread is closed"); s != 1 || d != 1 {
		t.Errorf("workshop cancelled: said %d times on Slack, %d on Discord; want 1 each", s, d)
	}
	if s, d := said("Reminder:"); s != 0 || d != 0 {
		t.Errorf("a cancelled workshop's reminder: said %d times on Slack, %d on Discord", s, d)
	}
	for _, tr := range ts {
		if th, ok := dfake.Thread(tr.ThreadID); tr.Platform == Platform && (!ok || !th.Archived || !th.Locked) {
			t.Errorf("Discord thread not archived: %+v", th)
		}
	}
}

// announceThreaded announces workshop 1 from Slack's general channel and
// waits for its cards to the workshops channels to be queued.
func announceThreaded(t *testing.T, f *fakes) {
	t.Helper()
	env, err := f.sfake.SlashCommand("UADMIN", "C0GENERAL", "/workshop", "announce 1")
	if err != nil {
		t.Fatal(err)
	}
	f.sfake.WaitAck(t, env)
	if !f.dfake.Await(wait, func() bool {
		n, _ := f.w.router.DB().Outbox(context.Background(), storage.OutboxFilter{Kind: storage.NoteWorkshopPosted})
		return len(n) == 2
	}) {
		t.Fatal("the cards for the workshops channels were not queued")
	}
}

// Opening a thread again on a card that has one (the bot died between
// making it and recording it) finds the same thread; a long name is cut
// to Discord's 100 characters.
func TestOpenThreadAgain(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	card := e.fake.PostMessage(discordfake.Channel, "a card")
	th := scheduler.Thread{Workspace: discordfake.GuildID, Channel: discordfake.Channel, CardID: card}
	first := commands.Reply{Text: "The thread of workshop #1", Lang: commands.EN, Public: true}
	name := "#1 · " + strings.Repeat("Imputation ", 20)
	for range 2 {
		id, err := e.a.OpenThread(ctx, th, name, first)
		if err != nil || id != card {
			t.Fatalf("OpenThread: %q, %v; want the card's id %s", id, err, card)
		}
	}
	threads := e.fake.Threads(discordfake.Channel)
	if len(threads) != 1 || len([]rune(threads[0].Name)) != 100 {
		t.Fatalf("threads %+v, want one named in 100 characters", threads)
	}
	th.ID = card
	if err := e.a.ThreadMember(ctx, th, aliceID, true); err != nil {
		t.Fatal(err)
	}
	if _, err := e.a.CloseThread(ctx, th, commands.Reply{Text: "closed", Lang: commands.EN, Public: true}); err != nil {
		t.Fatal(err)
	}
	// Closing again (the row was not marked before a crash) is no error.
	if _, err := e.a.CloseThread(ctx, th, commands.Reply{Text: "closed", Lang: commands.EN, Public: true}); err != nil {
		t.Errorf("closing a closed thread: %v", err)
	}
	if got, _ := e.fake.Thread(card); !got.Archived || !got.Locked || len(got.Members) != 1 {
		t.Errorf("thread %+v, want archived, locked, with Alice", got)
	}
}

// A member who joins one session of a series is a participant too: added
// to the Discord thread.
func TestWorkshopThreadOneSession(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := threadsFakes(t, "Reading group", "every friday at 18:00 for 3 sessions")
	dfake := f.dfake
	if w, err := f.w.router.DB().Workshop(ctx, 1); err != nil || len(w.Sessions) != 3 {
		t.Fatalf("series sessions: %+v %v", w.Sessions, err)
	}
	announceThreaded(t, f)
	for range 3 {
		f.tick()
	}
	threads := dfake.Threads(discordWorkshops)
	if len(threads) != 1 || len(threads[0].Members) != 0 {
		t.Fatalf("threads %+v, want one without members", threads)
	}
	if _, err := dfake.Interact(discordfake.Interaction{Type: 2, UserID: carolID, GlobalName: "Carol", Locale: "en-US",
		Data: discordfake.Command("workshop", discordfake.Sub("join", discordfake.Int("id", 1), discordfake.Int("session", 2)))}); err != nil {
		t.Fatal(err)
	}
	if !dfake.Await(wait, func() bool {
		n, _ := f.w.router.DB().Outbox(ctx, storage.OutboxFilter{Kind: storage.NoteThreadMember})
		return len(n) == 1
	}) {
		t.Fatal("Carol's seat in one session was not followed into the thread")
	}
	f.tick()
	if th, _ := dfake.Thread(threads[0].ID); len(th.Members) != 1 || th.Members[0] != carolID {
		t.Errorf("thread members %q, want Carol", th.Members)
	}
}

// A workshop cancelled after its card went out but before its thread was
// made gets no thread: nothing is made, nothing waits for it, nothing
// fails, and no staff member is warned of a channel.
func TestWorkshopThreadNeverMade(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := threadsFakes(t, "Imputation clinic", "2027-01-08 14:00 1h Room 2")
	dfake := f.dfake
	joinOnDiscord(t, dfake, aliceID, 1)
	dfake.Await(wait, func() bool { w, _ := f.w.router.DB().Workshop(ctx, 1); return w.Joined == 1 })
	announceThreaded(t, f)
	f.tick() // the cards go out; their threads are queued
	f.slash("UADMIN", "/workshop", "cancel 1")
	for _, at := range []time.Time{time.Date(2027, 1, 4, 9, 0, 0, 0, time.UTC), time.Date(2027, 1, 4, 10, 0, 0, 0, time.UTC)} {
		f.clk.set(at)
		f.tick()
		f.tick()
	}
	if ts := dfake.Threads(""); len(ts) != 0 {
		t.Errorf("threads made for a cancelled workshop: %+v", ts)
	}
	ts, err := f.w.router.DB().Threads(ctx, 1)
	if err != nil || len(ts) != 2 || ts[0].ClosedAt.IsZero() || ts[1].ClosedAt.IsZero() {
		t.Errorf("threads in storage %+v %v, want both closed", ts, err)
	}
	for _, state := range []string{storage.OutboxPending, storage.OutboxFailed} {
		if n, err := f.w.router.DB().Outbox(ctx, storage.OutboxFilter{State: state}); err != nil || len(n) != 0 {
			t.Errorf("%s rows: %+v %v", state, n, err)
		}
	}
}

// threadsFakes starts both fakes and the bot, with workshops channels, on
// Monday 4 January 2027 at 09:00, and creates workshop 1 with sessions.
func threadsFakes(t *testing.T, title string, schedules ...string) *fakes {
	t.Helper()
	f := newFakes(t, time.Date(2027, 1, 4, 9, 0, 0, 0, time.UTC), true)
	f.contains("create", f.slash("UADMIN", "/workshop", "create "+title), "Workshop #1 created")
	for _, s := range schedules {
		f.contains("schedule", f.slash("UADMIN", "/workshop", "schedule 1 "+s), "#1")
	}
	return f
}
