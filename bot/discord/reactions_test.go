package discord

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/atelier-bot/atelier/bot/discord/discordfake"
	"github.com/atelier-bot/atelier/commands"
	"github.com/atelier-bot/atelier/scheduler"
	"github.com/atelier-bot/atelier/storage"
)

// dmTexts returns the texts the bot sent to a user's DMs.
func (e *env) dmTexts(user string) []string {
	ch := e.fake.DMChannel(user)
	if ch == "" {
		return nil
	}
	return contents(e.fake.Messages(ch))
}

// ✋ on an announcement joins, taking it back leaves; the member hears by
// DM and the announcement shows the live count.
func TestReactionJoinAndLeave(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.fake.AddUser(discordfake.User{ID: aliceID, Username: "alice", Nick: "Alice N."})
	wid, card := e.createWorkshop("QGIS", 0)
	ch := discordfake.Channel

	if err := e.fake.React(ch, card, aliceID, "✋", true, true); err != nil {
		t.Fatal(err)
	}
	e.await("the join by reaction", func() bool {
		m, _ := e.fake.Message(card)
		return m.Field("Seats") == "1/unlimited" && len(e.dmTexts(aliceID)) == 1
	})
	if got := e.dmTexts(aliceID); got[0] != "You have a seat in workshop #1 QGIS." {
		t.Errorf("DM after the reaction: %q", got)
	}
	if w := e.workshop(wid); w.Joined != 1 || w.Participants[0].Name != "Alice N." {
		t.Errorf("workshop after the reaction: %+v", w.Participants)
	}
	ref := storage.MessageRef{Platform: Platform, Channel: ch, MessageID: card}
	if got, _ := e.db.Reactors(context.Background(), ref); len(got) != 1 || got[0] != aliceID {
		t.Errorf("recorded reactors: %q", got)
	}

	// Other emoji, and the bot's own ✋, are nobody's join.
	if err := e.fake.React(ch, card, bobID, "👍", true, true); err != nil {
		t.Fatal(err)
	}
	if _, err := e.fake.Dispatch("MESSAGE_REACTION_ADD", map[string]any{"user_id": discordfake.BotID, "channel_id": ch,
		"message_id": card, "guild_id": discordfake.GuildID, "emoji": map[string]any{"name": "✋"}}); err != nil {
		t.Fatal(err)
	}
	if err := e.fake.React(ch, card, aliceID, "✋", false, true); err != nil {
		t.Fatal(err)
	}
	e.await("the leave by reaction", func() bool {
		m, _ := e.fake.Message(card)
		return m.Field("Seats") == "0/unlimited" && len(e.dmTexts(aliceID)) == 2
	})
	if got := e.dmTexts(aliceID)[1]; got != "You left workshop #1 QGIS." {
		t.Errorf("DM after the un-reaction: %q", got)
	}
	if w := e.workshop(wid); w.Joined != 0 {
		t.Errorf("%d joined after the un-reaction", w.Joined)
	}
	if e.fake.DMChannel(bobID) != "" || e.fake.DMChannel(discordfake.BotID) != "" {
		t.Error("a 👍 or the bot's own ✋ got an answer")
	}
	// One DM channel was opened and then reused.
	if n := len(e.fake.Calls("POST", "^/users/@me/channels$")); n != 1 {
		t.Errorf("%d DM channels opened, want 1", n)
	}

	// ✋ on a problem card marks interest.
	id, _ := e.command(bobID, "en-US", "problem", subc("post", str("title", "Tiles")))
	var post discordfake.Message
	e.await("the problem card", func() bool {
		var ok bool
		post, ok = e.fake.Original(id)
		return ok && e.recorded(ch, post.ID)
	})
	if err := e.fake.React(ch, post.ID, aliceID, "✋", true, true); err != nil {
		t.Fatal(err)
	}
	e.await("interest by reaction", func() bool {
		m, _ := e.fake.Message(post.ID)
		return m.Field("Interested") == "1 (Alice N.)"
	})
}

// Reactions made while the bot was stopped are applied at the next start,
// once; and again after a gateway resume.
func TestReconcile(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	wid, card := e.createWorkshop("QGIS", 0)
	ch := discordfake.Channel
	// Bob's reaction is seen live.
	if err := e.fake.React(ch, card, bobID, "✋", true, true); err != nil {
		t.Fatal(err)
	}
	e.await("bob's join", func() bool { return e.workshop(wid).Joined == 1 && len(e.dmTexts(bobID)) == 1 })
	e.stop()

	// While stopped: alice reacts, bob takes his back, 150 others react
	// (more than a page of the reactions list). Alice was never seen: the
	// guild names her.
	e.fake.AddUser(discordfake.User{ID: aliceID, Username: "alice", GlobalName: "Alice Martin", Nick: "Alice M."})
	if err := e.fake.React(ch, card, aliceID, "✋", true, false); err != nil {
		t.Fatal(err)
	}
	if err := e.fake.React(ch, card, bobID, "✋", false, false); err != nil {
		t.Fatal(err)
	}
	for i := range 150 {
		if err := e.fake.React(ch, card, snowflake(1800000000000000000+int64(i)), "✋", true, false); err != nil {
			t.Fatal(err)
		}
	}
	e.start()
	alice := false
	e.await("the reconcile", func() bool {
		w := e.workshop(wid)
		return w.Joined == 151 && len(e.dmTexts(aliceID)) == 1 && len(e.dmTexts(bobID)) == 2
	})
	if got := e.dmTexts(aliceID)[0]; got != "You have a seat in workshop #1 QGIS." {
		t.Errorf("alice's DM: %q", got)
	}
	if got := e.dmTexts(bobID)[1]; got != "You left workshop #1 QGIS." {
		t.Errorf("bob's DM: %q", got)
	}
	// Nobody is shown by a raw id: alice by her guild name, those the guild
	// does not know by a stand-in.
	for _, p := range e.workshop(wid).Participants {
		if p.Name == aliceID || strings.HasPrefix(p.Name, "18000") {
			t.Errorf("a participant shown by a raw id: %+v", p)
		}
		if p.MemberID != 0 && p.Name == "Alice M." {
			alice = true
		}
	}
	if !alice {
		t.Errorf("alice not shown as Alice M.: %+v", e.workshop(wid).Participants[:3])
	}
	lists := e.fake.Calls("GET", "^/channels/"+ch+"/messages/"+card+"/reactions/✋$")
	if len(lists) != 2 || lists[0].Query.Get("limit") != "100" || lists[1].Query.Get("after") == "" {
		t.Errorf("reaction list calls: %+v", lists)
	}
	e.await("the card to show 151 seats", func() bool {
		m, _ := e.fake.Message(card)
		return m.Field("Seats") == "151/unlimited"
	})

	// Carol reacts while the link is down; the resume reconciles her.
	if err := e.fake.React(ch, card, carolID, "✋", true, false); err != nil {
		t.Fatal(err)
	}
	e.fake.Drop()
	e.await("a resume and carol's join", func() bool {
		return e.fake.Resumes() == 1 && e.workshop(wid).Joined == 152 && len(e.dmTexts(carolID)) == 1
	})
	// Restarting again changes nothing: each reaction counted once.
	e.stop()
	e.start()
	e.await("the second reconcile", func() bool {
		return len(e.fake.Calls("GET", "^/channels/"+ch+"/messages/"+card+"/reactions/✋$")) >= 6
	})
	e.await("the reconcile log", func() bool { return strings.Count(e.logs.String(), "discord: reactions reconciled") >= 4 })
	if w := e.workshop(wid); w.Joined != 152 {
		t.Errorf("%d joined after a second restart, want 152", w.Joined)
	}
	if len(e.dmTexts(aliceID)) != 1 || len(e.dmTexts(carolID)) != 1 {
		t.Errorf("DMs repeated: alice %q, carol %q", e.dmTexts(aliceID), e.dmTexts(carolID))
	}
}

func snowflake(n int64) string { return strconv.FormatInt(n, 10) }

// Each session is mirrored as a native scheduled event; "Interested" on
// it joins, within capacity; the event follows the session's changes.
func TestScheduledEvents(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.fake.AddUser(discordfake.User{ID: aliceID, Username: "alice", GlobalName: "Alice"})
	wid, _ := e.createWorkshop("QGIS projections", 1)
	start := time.Now().Add(48 * time.Hour).UTC().Truncate(time.Minute)
	e.text(staffID, "workshop", subc("schedule", integer("id", wid), str("when", start.Format("2006-01-02 15:04")),
		str("duration", "1h30"), str("place", "Room B")))
	var ev discordfake.Event
	e.await("the scheduled event", func() bool {
		evs := e.fake.Events()
		if len(evs) != 1 {
			return false
		}
		ev = evs[0]
		// and recorded, so interest in it maps back
		_, ok, _ := e.db.FindDiscordEvent(context.Background(), discordfake.GuildID, ev.ID)
		return ok
	})
	if ev.Name != "QGIS projections" || !ev.ScheduledStartTime.Equal(start) || ev.ScheduledEndTime == nil ||
		!ev.ScheduledEndTime.Equal(start.Add(90*time.Minute)) || ev.EntityType != 3 || ev.PrivacyLevel != 2 ||
		ev.EntityMetadata.Location != "Room B" || ev.ChannelID != nil || ev.Status != 1 {
		t.Errorf("event = %+v", ev)
	}
	if !strings.Contains(ev.Description, "/workshop join 1") {
		t.Errorf("event description %q", ev.Description)
	}
	create := e.fake.Calls("POST", "^/guilds/"+discordfake.GuildID+"/scheduled-events$")
	if len(create) != 1 || !strings.Contains(string(create[0].Body), `"scheduled_start_time":"`+start.Format("2006-01-02T15:04:05Z")+`"`) {
		t.Errorf("create call: %s", create[0].Body)
	}

	// The bot's own interest (as creator) joins nobody; alice's joins her.
	if err := e.fake.EventInterest(ev.ID, discordfake.BotID, true); err != nil {
		t.Fatal(err)
	}
	if err := e.fake.EventInterest(ev.ID, aliceID, true); err != nil {
		t.Fatal(err)
	}
	e.await("alice's join through the event", func() bool { return e.workshop(wid).Joined == 1 && len(e.dmTexts(aliceID)) == 1 })
	w := e.workshop(wid)
	if w.Participants[0].Name != "Alice" {
		t.Errorf("participant named %q, want the guild's name Alice", w.Participants[0].Name)
	}
	if got := e.dmTexts(aliceID)[0]; !strings.HasPrefix(got, "You have a seat in workshop #1 QGIS projections.") {
		t.Errorf("alice's DM: %q", got)
	}
	// Full: bob's interest puts him on the waitlist, as the core does.
	if err := e.fake.EventInterest(ev.ID, bobID, true); err != nil {
		t.Fatal(err)
	}
	e.await("bob on the waitlist", func() bool { return e.workshop(wid).Waitlisted == 1 })
	if err := e.fake.EventInterest(ev.ID, aliceID, false); err != nil {
		t.Fatal(err)
	}
	e.await("alice's leave and bob's promotion", func() bool {
		w := e.workshop(wid)
		// bob is unknown to the guild's member list: a stand-in, never his id
		return w.Joined == 1 && w.Waitlisted == 0 && strings.HasPrefix(w.Participants[0].Name, "member ")
	})

	// A second session, then the workshop cancelled: both events cancelled.
	e.text(staffID, "workshop", subc("schedule", integer("id", wid), str("when", start.Add(7*24*time.Hour).Format("2006-01-02 15:04"))))
	e.await("the second event", func() bool { return len(e.fake.Events()) == 2 })
	if ev2 := e.fake.Events()[1]; ev2.EntityMetadata.Location != "place to be announced" || !ev2.ScheduledEndTime.Equal(start.Add(7*24*time.Hour+time.Hour)) {
		t.Errorf("second event = %+v", ev2)
	}
	e.text(staffID, "workshop", subc("cancel", integer("id", wid)))
	// Both cancelled, and recorded so, so a restart leaves them alone.
	e.await("both events cancelled", func() bool {
		evs := e.fake.Events()
		rows, err := e.db.DiscordEvents(context.Background(), discordfake.GuildID, wid)
		return len(evs) == 2 && evs[0].Status == 4 && evs[1].Status == 4 &&
			err == nil && len(rows) == 2 && rows[0].Cancelled && rows[1].Cancelled
	})
	if n := len(e.fake.Calls("POST", "^/guilds/"+discordfake.GuildID+"/scheduled-events$")); n != 2 {
		t.Errorf("%d events created, want 2", n)
	}
}

// A 429 is waited out as Discord asks, a few times, then given up: never
// an endless loop.
func TestRateLimit(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	// Once: the callback goes through on the retry.
	e.fake.RateLimit("POST", "/interactions/", 1, 0.05)
	_, cb := e.command(aliceID, "en-US", "workshop", subc("list"))
	if cb.Decode().Content != "No workshop planned yet." {
		t.Errorf("after one 429: %+v", cb.Decode())
	}
	// The fake stores the callback a moment before it records the call
	// that carried it: wait for the record.
	e.await("the callback's call recorded", func() bool { return len(e.fake.Calls("POST", "/callback$")) >= 2 })
	calls := e.fake.Calls("POST", "/callback$")
	if len(calls) != 2 || calls[0].Status != 429 || calls[1].Status != 204 || calls[1].At.Sub(calls[0].At) < 50*time.Millisecond {
		t.Errorf("callback calls: %+v", statuses(calls))
	}

	// Always: the adapter stops after its retries and carries on.
	e.fake.RateLimit("POST", "/interactions/", -1, 0.02)
	id, err := e.fake.Interact(discordfake.Interaction{Type: 2, UserID: aliceID, Data: discordfake.Command("workshop", subc("list"))})
	if err != nil {
		t.Fatal(err)
	}
	e.await("the adapter to give up", func() bool { return strings.Contains(e.logs.String(), "interaction response failed") })
	n := len(e.fake.Calls("POST", "^/interactions/"+id+"/"))
	if n != 1+maxRateLimitRetries {
		t.Errorf("%d attempts, want %d", n, 1+maxRateLimitRetries)
	}
	// No more attempts come later.
	time.Sleep(200 * time.Millisecond)
	if m := len(e.fake.Calls("POST", "^/interactions/"+id+"/")); m != n {
		t.Errorf("attempts went on: %d then %d", n, m)
	}
	if !strings.Contains(e.logs.String(), "rate limited") || strings.Contains(e.logs.String(), "itok-") {
		t.Errorf("the give-up is not logged as a rate limit, or shows the token:\n%s", e.logs.String())
	}
	if e.a.RateLimitWaits() < uint64(1+maxRateLimitRetries) {
		t.Errorf("RateLimitWaits = %d", e.a.RateLimitWaits())
	}

	// A long retry_after is not waited for at all.
	e.fake.ClearFaults()
	e.fake.RateLimit("POST", "/channels/", -1, 3600)
	_, err = e.a.Send(context.Background(), commands.Target{Platform: Platform, Channel: discordfake.Channel}, commands.Reply{Text: "hello"})
	var ra *scheduler.RetryAfter
	if !errors.As(err, &ra) || ra.Delay != time.Hour {
		t.Errorf("Send under a 429: %v", err)
	}

	// And then it works again.
	e.fake.ClearFaults()
	_, cb = e.command(aliceID, "en-US", "workshop", subc("list"))
	if cb.Decode().Content != "No workshop planned yet." {
		t.Errorf("after the 429s: %+v", cb.Decode())
	}
}

func statuses(cs []discordfake.Call) []int {
	var out []int
	for _, c := range cs {
		out = append(out, c.Status)
	}
	return out
}

// Send delivers the scheduler's notifications: a DM, or a card in a
// channel, recorded so ✋ on it joins.
func TestSend(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	id, err := e.a.Send(ctx, commands.Target{Platform: Platform, Workspace: discordfake.GuildID, UserID: aliceID},
		commands.Reply{Text: "Reminder: @everyone " + commands.TimeMark(time.Unix(1800000000, 0)), Lang: commands.EN})
	if err != nil {
		t.Fatal(err)
	}
	m, ok := e.fake.Message(id)
	if !ok || m.ChannelID != "dm-"+aliceID || m.Content != "Reminder: @everyone <t:1800000000:F> (<t:1800000000:R>)" {
		t.Errorf("DM = %+v", m)
	}
	wid, _ := e.createWorkshop("QGIS", 0)
	card, err := e.router.Card(ctx, commands.Entity{Kind: storage.KindWorkshop, ID: wid})
	if err != nil {
		t.Fatal(err)
	}
	const channel = "1400000000000000099"
	id, err = e.a.Send(ctx, commands.Target{Platform: Platform, Channel: channel}, commands.Reply{Cards: []commands.Card{card}})
	if err != nil {
		t.Fatal(err)
	}
	if ref, err := e.db.FindMessageRef(ctx, Platform, channel, id); err != nil || ref.EntityID != wid {
		t.Errorf("announcement not recorded: %+v %v", ref, err)
	}
	if got := e.fake.Reactors(channel, id, "✋"); len(got) != 0 {
		t.Errorf("reactors of an announcement with a Join button: %q, want none", got)
	}
	// A card without its join button (commands.Seeded) gets the bot's ✋,
	// so members see the one tap that joins.
	bare := card
	bare.Buttons = nil
	seeded, err := e.a.Send(ctx, commands.Target{Platform: Platform, Channel: channel}, commands.Reply{Cards: []commands.Card{bare}})
	if err != nil {
		t.Fatal(err)
	}
	if got := e.fake.Reactors(channel, seeded, "✋"); len(got) != 1 || got[0] != discordfake.BotID {
		t.Errorf("reactors of a card without a Join button: %q", got)
	}
	if err := e.fake.React(channel, id, carolID, "✋", true, true); err != nil {
		t.Fatal(err)
	}
	e.await("carol's join from the sent card", func() bool { return e.workshop(wid).Joined == 1 })
	// DMs closed: a failure retrying cannot fix.
	e.fake.Fail("POST", "/channels/dm-"+bobID, -1, 403, `{"message":"Cannot send messages to this user","code":50007}`, nil)
	_, err = e.a.Send(ctx, commands.Target{Platform: Platform, UserID: bobID}, commands.Reply{Text: "hi"})
	if !scheduler.IsPermanent(err) {
		t.Errorf("Send to closed DMs: %v", err)
	}
}

// The transport sends discord.com to api_url, Host header included, under
// the base's path.
func TestRewrite(t *testing.T) {
	var got []string
	rt := roundTripFunc(func(r *http.Request) (*http.Response, error) {
		got = append(got, r.URL.String()+" host="+r.Host)
		return &http.Response{StatusCode: 204, Body: http.NoBody, Request: r}, nil
	})
	base, _ := url.Parse("http://127.0.0.1:9/proxy/")
	c := &http.Client{Transport: &rewrite{base: base, next: rt}}
	for _, u := range []string{"https://discord.com/api/v9/gateway", "https://cdn.discordapp.com/x.png", "https://discord.com/api/v9/channels/1/messages/2/reactions/%E2%9C%8B"} {
		resp, err := c.Get(u)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	want := []string{
		"http://127.0.0.1:9/proxy/api/v9/gateway host=127.0.0.1:9",
		"https://cdn.discordapp.com/x.png host=cdn.discordapp.com",
		"http://127.0.0.1:9/proxy/api/v9/channels/1/messages/2/reactions/%E2%9C%8B host=127.0.0.1:9",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("requests:\n%q\nwant\n%q", got, want)
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// Errors are logged without tokens.
func TestErrText(t *testing.T) {
	req, _ := http.NewRequest("POST", "https://discord.com/api/v9/interactions/123/secret-token/callback", nil)
	for _, err := range []error{
		&url.Error{Op: "Post", URL: req.URL.String(), Err: errors.New("dial tcp: refused")},
		&discordgo.RESTError{Request: req, Response: &http.Response{StatusCode: 400}, ResponseBody: []byte(`{"content":"secret-token"}`),
			Message: &discordgo.APIErrorMessage{Code: 50035, Message: "Invalid Form Body"}},
		&discordgo.RateLimitError{RateLimit: &discordgo.RateLimit{TooManyRequests: &discordgo.TooManyRequests{RetryAfter: time.Second}, URL: req.URL.String()}},
		errors.New(`Get "https://discord.com/api/v9/webhooks/1/secret-token/messages/@original": EOF`),
	} {
		if s := errText(err); strings.Contains(s, "secret-token") || s == "" {
			t.Errorf("errText(%T) = %q", err, s)
		}
	}
	if got := errText(&discordgo.RESTError{Request: req, Response: &http.Response{StatusCode: 400},
		Message: &discordgo.APIErrorMessage{Code: 50035, Message: "Invalid Form Body"}}); got != "HTTP 400 POST /api/v9/interactions/123/…/callback code 50035: Invalid Form Body" {
		t.Errorf("errText = %q", got)
	}
}

// A panic (here discordgo's, on a malformed member answer) is recovered
// and logged; the member still joins, and nobody sees it.
func TestPanicRecovered(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	wid, _ := e.createWorkshop("QGIS", 0)
	start := time.Now().Add(48 * time.Hour).UTC().Truncate(time.Minute)
	e.text(staffID, "workshop", subc("schedule", integer("id", wid), str("when", start.Format("2006-01-02 15:04"))))
	var ev discordfake.Event
	e.await("the event", func() bool {
		evs := e.fake.Events()
		if len(evs) != 1 {
			return false
		}
		ev = evs[0]
		_, ok, _ := e.db.FindDiscordEvent(context.Background(), discordfake.GuildID, ev.ID)
		return ok
	})
	e.fake.Fail("GET", "/guilds/"+discordfake.GuildID+"/members/", -1, 200, "not json", nil)
	if err := e.fake.EventInterest(ev.ID, aliceID, true); err != nil {
		t.Fatal(err)
	}
	e.await("alice's join despite the panic", func() bool { return e.workshop(wid).Joined == 1 && len(e.dmTexts(aliceID)) == 1 })
	if logs := e.logs.String(); !strings.Contains(logs, `msg="discord: panic recovered" platform=discord in="member name"`) {
		t.Errorf("the panic was not logged:\n%s", logs)
	}
	// The adapter goes on.
	if got := e.text(bobID, "workshop", subc("list")); !strings.HasPrefix(got, "Upcoming workshops:") {
		t.Errorf("after the panic: %q", got)
	}
	// A command of an older registration is answered, not ignored.
	_, cb := e.command(bobID, "fr", "oldcommand", subc("list"))
	if d := cb.Decode(); d.Flags != 64 || d.Content != "Cette commande n'est plus à jour. Tapez `/atelier help` pour voir les commandes actuelles." {
		t.Errorf("unknown command: %+v", d)
	}
}

// With the default interval, a burst of joins edits the announcement a
// few times, not once per join, and it ends showing them all.
func TestEditsCoalesced(t *testing.T) {
	t.Parallel()
	e := newEnv(t, func(o *Options) { o.EditInterval = time.Second })
	wid, card := e.createWorkshop("QGIS", 0)
	before := len(e.fake.Calls("PATCH", "^/channels/"+discordfake.Channel+"/messages/"+card+"$"))
	for i := range 30 {
		if _, err := e.fake.Interact(discordfake.Interaction{Type: 3, UserID: snowflake(1800000000000000000 + int64(i)),
			Data: discordfake.ButtonPress("workshop join 1"), MessageID: card}); err != nil {
			t.Fatal(err)
		}
	}
	e.await("the card to show 30 seats", func() bool {
		m, _ := e.fake.Message(card)
		return m.Field("Seats") == "30/unlimited"
	})
	edits := len(e.fake.Calls("PATCH", "^/channels/"+discordfake.Channel+"/messages/"+card+"$")) - before
	if edits < 1 || edits > 4 {
		t.Errorf("%d edits for 30 joins, want 1 to 4", edits)
	}
	if w := e.workshop(wid); w.Joined != 30 {
		t.Errorf("%d joined", w.Joined)
	}
}

// A session scheduled while the Discord adapter was away (on another
// platform, before a restart) gets its event at the next start, once.
func TestEventsAtStart(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	wid, _ := e.createWorkshop("QGIS", 0)
	e.stop()
	s := storage.Session{WorkshopID: wid, Start: time.Now().Add(24 * time.Hour), Duration: time.Hour, Place: "Room C"}
	if err := e.db.AddSession(context.Background(), &s); err != nil {
		t.Fatal(err)
	}
	e.start()
	e.await("the event of the session", func() bool {
		rows, _ := e.db.DiscordEvents(context.Background(), discordfake.GuildID, wid)
		return len(e.fake.Events()) == 1 && len(rows) == 1
	})
	if ev := e.fake.Events()[0]; ev.EntityMetadata.Location != "Room C" {
		t.Errorf("event = %+v", ev)
	}
	e.stop()
	// Counted from here: a resume under load may have added a reconcile
	// to the two starts before.
	synced := strings.Count(e.logs.String(), "discord: reactions reconciled")
	e.start()
	e.await("the start sync", func() bool { return strings.Count(e.logs.String(), "discord: reactions reconciled") > synced })
	time.Sleep(100 * time.Millisecond)
	if n := len(e.fake.Calls("POST", "^/guilds/"+discordfake.GuildID+"/scheduled-events$")); n != 1 {
		t.Errorf("%d events created, want 1", n)
	}
}

// A rescheduled session edits its event; an unscheduled one cancels it.
func TestEventFollowsSession(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	wid, _ := e.createWorkshop("QGIS", 0)
	start := time.Now().Add(48 * time.Hour).UTC().Truncate(time.Minute)
	e.text(staffID, "workshop", subc("schedule", integer("id", wid), str("when", start.Format("2006-01-02 15:04")), str("place", "Room B")))
	e.await("the event", func() bool {
		rows, _ := e.db.DiscordEvents(context.Background(), discordfake.GuildID, wid)
		return len(rows) == 1
	})
	moved := start.Add(24 * time.Hour)
	got := e.text(staffID, "workshop", subc("reschedule", integer("id", wid), str("when", moved.Format("2006-01-02 15:04")), str("duration", "2h"), str("place", "Room C")))
	if !strings.HasPrefix(got, "Workshop #1: the session of <t:") {
		t.Fatalf("reschedule: %q", got)
	}
	e.await("the event moved", func() bool {
		evs := e.fake.Events()
		return len(evs) == 1 && evs[0].ScheduledStartTime.Equal(moved) && evs[0].ScheduledEndTime.Equal(moved.Add(2*time.Hour)) &&
			evs[0].EntityMetadata.Location == "Room C" && evs[0].Edits == 1
	})
	e.text(staffID, "workshop", subc("unschedule", integer("id", wid)))
	e.await("the event cancelled", func() bool {
		evs := e.fake.Events()
		return len(evs) == 1 && evs[0].Status == 4
	})
	if n := len(e.fake.Calls("POST", "^/guilds/"+discordfake.GuildID+"/scheduled-events$")); n != 1 {
		t.Errorf("%d events created, want 1", n)
	}
}
