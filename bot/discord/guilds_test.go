package discord

import (
	"context"
	"encoding/json"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/atelier-bot/atelier/bot/discord/discordfake"
	"github.com/atelier-bot/atelier/commands"
	"github.com/atelier-bot/atelier/storage"
)

// One gateway connection serves several guilds (a chapter's own server):
// commands are registered in each, interactions and event marks from each
// are answered as that guild's, a guild not configured is ignored, and a
// workshop's native events are kept in the guilds EventGuilds names.

const (
	guild2   = "1200000000000000002"
	absent   = "1200000000000000008" // configured, the bot not invited
	stranger = "1200000000000000009"
	channel2 = "1400000000000000002"
)

// guildsEnv is newEnv with a second guild configured (and the bot in a
// third one nobody configured), the events of each workshop kept where
// place says.
func guildsEnv(t *testing.T) (*env, func(wid int64, guilds ...string)) {
	t.Helper()
	e := newEnv(t)
	e.stop()
	e.fake.AddGuild(guild2)
	e.fake.AddGuild(stranger)
	e.fake.AddChannel(channel2, guild2)
	var mu sync.Mutex
	where := map[int64][]string{}
	e.opts.Guilds = []string{guild2, absent}
	e.opts.EventGuilds = func(w storage.Workshop) []string {
		mu.Lock()
		defer mu.Unlock()
		return where[w.ID]
	}
	e.start()
	return e, func(wid int64, guilds ...string) {
		mu.Lock()
		defer mu.Unlock()
		where[wid] = guilds
	}
}

func TestGuildsCommandsAndInteractions(t *testing.T) {
	t.Parallel()
	e, _ := guildsEnv(t)

	// The same commands in both configured guilds, none in the stranger.
	main, second := e.fake.GuildCommands(discordfake.GuildID), e.fake.GuildCommands(guild2)
	if len(main) == 0 || string(main) != string(second) {
		t.Fatalf("commands: main guild %d bytes, second %d bytes, want the same", len(main), len(second))
	}
	var cmds []struct{ Name string }
	if err := json.Unmarshal(second, &cmds); err != nil || len(cmds) == 0 {
		t.Fatalf("second guild's commands %s: %v", second, err)
	}
	if got := e.fake.GuildCommands(stranger); got != nil {
		t.Errorf("commands registered in a guild not configured: %s", got)
	}
	// A configured guild the bot is not in yet is logged, with the URL
	// that invites it there, and the others run.
	found := false
	for _, line := range strings.Split(e.logs.String(), "\n") {
		if strings.Contains(line, "register commands in a guild of discord.guilds failed") {
			found = strings.Contains(line, "guild="+absent) && strings.Contains(line, "guild_id="+absent+"&")
		}
	}
	if !found {
		t.Errorf("no error naming the guild the bot is not in, with its invite URL:\n%s", e.logs.String())
	}

	// An interaction from the second guild is answered, and its member is
	// the same person as in the main guild and in DMs (a Discord account
	// is one in every guild).
	_, cb := e.interact(discordfake.Interaction{Type: 2, GuildID: guild2, ChannelID: channel2, UserID: aliceID,
		Data: discordfake.Command("workshop", subc("list"))})
	if cb.Type != 4 {
		t.Fatalf("second guild's /workshop list: response %+v", cb)
	}
	ctx := context.Background()
	m, err := e.db.FindMember(ctx, storage.Identity{Platform: Platform, Workspace: discordfake.GuildID, UserID: aliceID})
	if err == nil {
		m, err = e.db.Member(ctx, m.ID)
	}
	if err != nil || len(m.Identities) != 1 || m.Identities[0].Workspace != discordfake.GuildID {
		t.Errorf("alice's identities %+v (%v), want one, keyed by the main guild", m.Identities, err)
	}

	// The stranger's interaction gets no answer, and says why in the log.
	id, err := e.fake.Interact(discordfake.Interaction{Type: 2, GuildID: stranger, UserID: bobID,
		Data: discordfake.Command("workshop", subc("list"))})
	if err != nil {
		t.Fatal(err)
	}
	e.await("the stranger logged", func() bool {
		return strings.Contains(e.logs.String(), "ignoring a guild that is not configured") && strings.Contains(e.logs.String(), stranger)
	})
	if cb, ok := e.fake.Callback(id); ok {
		t.Errorf("a guild not configured was answered: %+v", cb)
	}
}

func TestGuildsEvents(t *testing.T) {
	t.Parallel()
	e, place := guildsEnv(t)
	ctx := context.Background()
	wid, _ := e.createWorkshop("QGIS", 0)
	events := func(guild string) []storage.DiscordEvent {
		evs, err := e.db.DiscordEvents(ctx, guild, wid)
		if err != nil {
			t.Fatal(err)
		}
		return evs
	}
	schedule := func(days int) {
		t.Helper()
		start := time.Now().Add(time.Duration(days) * 24 * time.Hour).UTC().Truncate(time.Minute)
		e.text(staffID, "workshop", subc("schedule", integer("id", wid), str("when", start.Format("2006-01-02 15:04")), str("place", "Room B")))
	}

	// In the second guild only: a guild not configured is left out.
	place(wid, guild2, stranger)
	schedule(2)
	e.await("the event in the second guild", func() bool { return len(events(guild2)) == 1 })
	if evs := events(discordfake.GuildID); len(evs) != 0 {
		t.Errorf("main guild's events %+v, want none", evs)
	}
	ev := events(guild2)[0]
	for _, fe := range e.fake.Events() {
		if fe.GuildID != guild2 {
			t.Errorf("event %s created in guild %s", fe.ID, fe.GuildID)
		}
	}
	if calls := e.fake.Calls("POST", "^/guilds/"+stranger+"/"); len(calls) != 0 {
		t.Errorf("calls to the guild not configured: %+v", calls)
	}
	// "Interested" there joins, as a member of that guild.
	if err := e.fake.EventInterest(ev.EventID, bobID, true); err != nil {
		t.Fatal(err)
	}
	e.await("bob's join", func() bool { return e.workshop(wid).Joined == 1 })
	if got, _ := e.db.DiscordEventInterest(ctx, guild2, ev.EventID); len(got) != 1 || got[0] != bobID {
		t.Errorf("interest recorded in the second guild: %q", got)
	}
	// A mark there while the bot was away is caught up at the next start.
	e.stop()
	e.markWhileDown(ev.EventID, carolID, true)
	e.start()
	e.await("carol's join caught up", func() bool { return e.workshop(wid).Joined == 2 })
	if got, _ := e.db.DiscordEventInterest(ctx, guild2, ev.EventID); len(got) != 2 {
		t.Errorf("interest recorded in the second guild after the catch-up: %q", got)
	}

	// In both: the main guild gets both sessions' events.
	place(wid, discordfake.GuildID, guild2)
	schedule(3)
	e.await("both sessions in both guilds", func() bool { return len(events(guild2)) == 2 && len(events(discordfake.GuildID)) == 2 })

	// Back to the main guild only (nil): the second guild's are cancelled.
	place(wid)
	schedule(4)
	e.await("the main guild's third event and the second guild's cancelled", func() bool {
		g2 := events(guild2)
		return len(events(discordfake.GuildID)) == 3 && len(g2) == 2 && g2[0].Cancelled && g2[1].Cancelled
	})
	for _, fe := range e.fake.Events() {
		if want := fe.GuildID == discordfake.GuildID; (fe.Status == 1) != want {
			t.Errorf("event %s in guild %s: status %d", fe.ID, fe.GuildID, fe.Status)
		}
	}
}

// A ✋ put on a card in the second guild's channel while the bot was away
// joins, at the next start, that account's member (keyed by the main
// guild); the fresh adapter asks Discord once which guild the channel is
// in, the reaction's origin.
func TestGuildsReconcileInSecondGuild(t *testing.T) {
	t.Parallel()
	e, _ := guildsEnv(t)
	ctx := context.Background()
	wid, _ := e.createWorkshop("QGIS", 0)
	card, err := e.router.Card(ctx, commands.Entity{Kind: storage.KindWorkshop, ID: wid})
	if err != nil {
		t.Fatal(err)
	}
	id, err := e.a.Send(ctx, commands.Target{Platform: Platform, Workspace: guild2, Channel: channel2}, commands.Reply{Cards: []commands.Card{card}})
	if err != nil {
		t.Fatal(err)
	}
	e.stop()
	if err := e.fake.React(channel2, id, carolID, "✋", true, false); err != nil {
		t.Fatal(err)
	}
	e.start()
	e.await("carol's join caught up", func() bool { return e.workshop(wid).Joined == 1 })
	if _, err := e.db.FindMember(ctx, storage.Identity{Platform: Platform, Workspace: discordfake.GuildID, UserID: carolID}); err != nil {
		t.Errorf("carol is not a member: %v", err)
	}
	if calls := e.fake.Calls("GET", "^/channels/"+channel2+"$"); len(calls) != 1 {
		t.Errorf("channel look-ups: %d, want 1", len(calls))
	}
}

// A card recorded just after its entity's messages were listed (the
// refresh of a change made while the card was on its way) is marked to be
// edited again; without a listing, or long after one, it is not.
func TestRefresherMissedCard(t *testing.T) {
	r := newRefresher(time.Second)
	e := commands.Entity{Kind: storage.KindWorkshop, ID: 1}
	r.missed(e)
	if ready, _ := r.due(time.Now()); len(ready) != 0 {
		t.Errorf("marked without a listing: %+v", ready)
	}
	r.list(e)
	r.missed(e)
	if ready, _ := r.due(time.Now().Add(time.Second)); len(ready) != 1 || ready[0].e != e || ready[0].what != cards {
		t.Errorf("after a listing: %+v, want the cards of %v", ready, e)
	}
	r.listed[e] = time.Now().Add(-finishGrace)
	r.missed(e)
	if ready, _ := r.due(time.Now().Add(2 * time.Second)); len(ready) != 0 {
		t.Errorf("marked long after the listing: %+v", ready)
	}
}
