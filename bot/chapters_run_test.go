package bot

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/atelier-bot/atelier/bot/discord/discordfake"
	"github.com/atelier-bot/atelier/bot/slack/slackfake"
	"github.com/atelier-bot/atelier/storage"
)

// Three chapters across two Slack workspaces and two Discord guilds, run by
// the whole program against the fakes: Paris (French) and Casablanca
// (French) in the community's workspace and guild, New York (English) in
// its own. Each item's card reaches its chapter's channels only, an online
// workshop every chapter's, a workshop's Discord event its chapter's guild;
// a chapter's staff cannot manage another chapter's workshop; a member of
// each chapter is reminded in their chapter's language and zone.
func TestRunChapters(t *testing.T) {
	const (
		guild2 = "1200000000000000002"
		// Discord channels: problems and workshops of each chapter.
		dParisProb, dParisWS = "1100000000000000011", "1100000000000000012"
		dCasaProb, dCasaWS   = "1100000000000000021", "1100000000000000022"
		dNYProb, dNYWS       = "1400000000000000031", "1400000000000000032"
		nyStaffDiscord       = "1700000000000000042"
	)
	mainSlack := slackfake.New(t, slackfake.Options{PingInterval: 200 * time.Millisecond})
	nySlack := slackfake.New(t, slackfake.Options{PingInterval: 200 * time.Millisecond,
		BotToken: "xoxb-ny", AppToken: "xapp-ny", TeamID: "T0NYC", BotUserID: "UBOTNY"})
	for _, u := range []string{"U0ADMIN", "U0AMELIE", "U0KARIM", "U0RPARIS", "U0RCASA"} {
		mainSlack.AddUser(slackfake.User{ID: u, Name: strings.ToLower(u[2:]), DisplayName: u[2:]})
	}
	for _, u := range []string{"U0NOAH", "U0NSTAFF", "U0RNY"} {
		nySlack.AddUser(slackfake.User{ID: u, Name: strings.ToLower(u[2:]), DisplayName: u[2:]})
	}
	dc := discordfake.New()
	t.Cleanup(dc.Close)
	dc.AddGuild(guild2)
	for _, c := range []string{dParisProb, dParisWS, dCasaProb, dCasaWS} {
		dc.AddChannel(c, discordfake.GuildID)
	}
	dc.AddChannel(dNYProb, guild2)
	dc.AddChannel(dNYWS, guild2)

	dir := t.TempDir()
	dbPath := filepath.Join(dir, "atelier.db")
	seedChapterReminders(t, dbPath)
	cfg := filepath.Join(dir, "atelier.yaml")
	writeFile(t, cfg, `database:
  path: `+dbPath+`
community:
  name: Club
  timezone: Europe/Paris
  language: fr
staff:
  slack: [U0ADMIN]
reminders:
  offsets: [24h]
slack:
  enabled: true
  bot_token: `+mainSlack.Options().BotToken+`
  app_token: `+mainSlack.Options().AppToken+`
  api_url: `+mainSlack.APIURL()+`
  workspaces:
    - team_id: T0NYC
      bot_token: xoxb-ny
      app_token: xapp-ny
      api_url: `+nySlack.APIURL()+`
discord:
  enabled: true
  token: `+discordfake.Token+`
  application_id: "`+discordfake.AppID+`"
  guild_id: "`+discordfake.GuildID+`"
  guilds: ["`+guild2+`"]
  api_url: `+dc.URL+`/
chapters:
  - id: paris
    name: Paris
    slack:
      channels: {problems: C0PPROB, workshops: C0PWS}
    discord:
      channels: {problems: "`+dParisProb+`", workshops: "`+dParisWS+`"}
  - id: casa
    name: Casablanca
    timezone: Africa/Casablanca
    slack:
      channels: {problems: C0CPROB, workshops: C0CWS}
    discord:
      channels: {problems: "`+dCasaProb+`", workshops: "`+dCasaWS+`"}
  - id: nyc
    name: New York
    timezone: America/New_York
    language: en
    staff:
      slack: [U0NSTAFF]
      discord: ["`+nyStaffDiscord+`"]
    slack:
      workspace: T0NYC
      channels: {problems: C0NPROB, workshops: C0NWS}
    discord:
      workspace: "`+guild2+`"
      channels: {problems: "`+dNYProb+`", workshops: "`+dNYWS+`"}
`)
	_, stop := runInBackground(t, cfg, nil)
	mainSlack.WaitConnections(t, 1)
	nySlack.WaitConnections(t, 1)
	if !dc.Await(10*time.Second, func() bool { return len(dc.Identifies()) == 1 && len(dc.Dispatches()) == 1 }) {
		t.Fatal("no gateway session")
	}

	slash := func(fake *slackfake.Server, user, channel, command, text string) string {
		t.Helper()
		return slashAnswer(t, fake, user, channel, command, text)
	}
	// posted waits for a card titled title in a Slack channel.
	posted := func(fake *slackfake.Server, channel, title string) bool {
		return fake.Wait(10*time.Second, func() bool {
			return slices.ContainsFunc(fake.Messages(channel), func(m slackfake.Message) bool { return strings.HasPrefix(m.Text, title) })
		})
	}
	onDiscord := func(channel, title string) bool {
		return dc.Await(10*time.Second, func() bool {
			return slices.ContainsFunc(dc.Messages(channel), func(m discordfake.Message) bool {
				return slices.ContainsFunc(m.Embeds, func(e discordfake.Embed) bool { return strings.HasPrefix(e.Title, title) })
			})
		})
	}
	none := func(what string, fakes map[*slackfake.Server][]string, discord []string, title string) {
		t.Helper()
		for fake, chans := range fakes {
			for _, c := range chans {
				for _, m := range fake.Messages(c) {
					if strings.HasPrefix(m.Text, title) {
						t.Errorf("%s: card %q in Slack channel %s", what, title, c)
					}
				}
			}
		}
		for _, c := range discord {
			for _, m := range dc.Messages(c) {
				for _, e := range m.Embeds {
					if strings.HasPrefix(e.Title, title) {
						t.Errorf("%s: card %q in Discord channel %s", what, title, c)
					}
				}
			}
		}
	}

	// A Paris member (the community's workspace) posts: the card goes to
	// Paris's channels on both platforms, in French.
	if got := slash(mainSlack, "U0AMELIE", "C0GENERAL", "/problem", "post Séries temporelles"); !strings.Contains(got, "Problème #1") {
		t.Fatalf("Paris post: %q", got)
	}
	if !posted(mainSlack, "C0PPROB", "#1 · Séries temporelles") || !onDiscord(dParisProb, "#1 · Séries temporelles") {
		t.Errorf("Paris's card missing: slack %+v", mainSlack.Messages("C0PPROB"))
	}
	// A New York member (its own workspace) posts: New York's channels,
	// through its own workspace's token, in English.
	if got := slash(nySlack, "U0NOAH", "C0NGENERAL", "/problem", "post Causal inference"); !strings.Contains(got, "Problem #2") {
		t.Fatalf("New York post: %q", got)
	}
	if !posted(nySlack, "C0NPROB", "#2 · Causal inference") || !onDiscord(dNYProb, "#2 · Causal inference") {
		t.Errorf("New York's card missing: slack %+v", nySlack.Messages("C0NPROB"))
	}
	// A newcomer writing first in Casablanca's channel is Casablanca's.
	slash(mainSlack, "U0KARIM", "C0CPROB", "/problem", "post Données marocaines")
	if !posted(mainSlack, "C0CPROB", "#3 · Données marocaines") || !onDiscord(dCasaProb, "#3 · Données marocaines") {
		t.Errorf("Casablanca's card missing")
	}
	none("Paris's problem", map[*slackfake.Server][]string{mainSlack: {"C0CPROB"}, nySlack: {"C0NPROB"}}, []string{dCasaProb, dNYProb}, "#1 ·")
	none("New York's problem", map[*slackfake.Server][]string{mainSlack: {"C0PPROB", "C0CPROB"}}, []string{dParisProb, dCasaProb}, "#2 ·")

	// An online workshop reaches every chapter's channels.
	slash(mainSlack, "U0ADMIN", "C0GENERAL", "/workshop", "create chapter online Online reading group")
	slash(mainSlack, "U0ADMIN", "C0GENERAL", "/workshop", "announce 2")
	for _, c := range []struct {
		fake *slackfake.Server
		ch   string
	}{{mainSlack, "C0PWS"}, {mainSlack, "C0CWS"}, {nySlack, "C0NWS"}} {
		if !posted(c.fake, c.ch, "#2 · Online reading group") {
			t.Errorf("online workshop's card missing in %s", c.ch)
		}
	}
	for _, ch := range []string{dParisWS, dCasaWS, dNYWS} {
		if !onDiscord(ch, "#2 · Online reading group") {
			t.Errorf("online workshop's card missing in Discord %s", ch)
		}
	}

	// New York's staff manages New York's workshop (#1, seeded), not the
	// online one nor another chapter's.
	if got := slash(nySlack, "U0NSTAFF", "C0NGENERAL", "/workshop", "capacity 1 30"); !strings.Contains(got, "30") {
		t.Errorf("New York staff on New York's workshop: %q", got)
	}
	if got := slash(nySlack, "U0NSTAFF", "C0NGENERAL", "/workshop", "cancel 2"); !strings.Contains(got, "only its staff") {
		t.Errorf("New York staff cancelling the online workshop: %q", got)
	}
	slash(mainSlack, "U0ADMIN", "C0GENERAL", "/workshop", "create chapter paris Atelier parisien")
	if got := slash(nySlack, "U0NSTAFF", "C0NGENERAL", "/workshop", "cancel 3"); !strings.Contains(got, "Paris") {
		t.Errorf("New York staff cancelling Paris's workshop: %q", got)
	}
	// The same on Discord, from New York's guild.
	id, err := dc.Interact(discordfake.Interaction{Type: 2, GuildID: guild2, ChannelID: dNYWS, UserID: nyStaffDiscord,
		Data: discordfake.Command("workshop", discordfake.Sub("cancel", discordfake.Int("id", 3)))})
	if err != nil {
		t.Fatal(err)
	}
	var cb discordfake.Callback
	if !dc.Await(10*time.Second, func() bool { var ok bool; cb, ok = dc.Callback(id); return ok }) || !strings.Contains(cb.Decode().Content, "Paris") {
		t.Errorf("New York's Discord staff cancelling Paris's workshop: %+v", cb.Decode())
	}

	// New York's workshop (its capacity changed above, so its events were
	// brought in line) has its Discord event in New York's guild only.
	nyc := func() []discordfake.Event {
		var out []discordfake.Event
		for _, e := range dc.Events() {
			if strings.Contains(e.Name, "NYC meetup") {
				out = append(out, e)
			}
		}
		return out
	}
	if !dc.Await(10*time.Second, func() bool { return len(nyc()) > 0 }) {
		t.Fatalf("no Discord event for New York's workshop: %+v", dc.Events())
	}
	for _, e := range nyc() {
		if e.GuildID != guild2 {
			t.Errorf("New York's event in guild %s, want %s", e.GuildID, guild2)
		}
	}

	// Reminders: the Paris member in French, on Paris time; the New York
	// member in English, on New York time, through New York's workspace.
	reminder := func(fake *slackfake.Server, dm string) string {
		var text string
		fake.Wait(20*time.Second, func() bool {
			for _, c := range fake.Calls("chat.postMessage") {
				if c.Channel == dm && strings.Contains(c.Text, "⏰") {
					text = c.Text
					return true
				}
			}
			return false
		})
		return text
	}
	zone := func(name string) string {
		z, _ := time.Now().Add(2 * time.Hour).In(mustZone(t, name)).Zone()
		return z
	}
	if got := reminder(mainSlack, "D0RPARIS"); !strings.Contains(got, "Rappel") || !strings.Contains(got, zone("Europe/Paris")+">") {
		t.Errorf("Paris member's reminder: %q, want French, Paris time (%s)", got, zone("Europe/Paris"))
	}
	if got := reminder(mainSlack, "D0RCASA"); !strings.Contains(got, "Rappel") || !strings.Contains(got, zone("Africa/Casablanca")+">") {
		t.Errorf("Casablanca member's reminder: %q, want French, Casablanca time (%s)", got, zone("Africa/Casablanca"))
	}
	if got := reminder(nySlack, "D0RNY"); !strings.Contains(got, "Reminder") || !strings.Contains(got, zone("America/New_York")+">") {
		t.Errorf("New York member's reminder: %q, want English, New York time (%s)", got, zone("America/New_York"))
	}

	// Stats by chapter.
	if got := slash(mainSlack, "U0ADMIN", "C0GENERAL", "/atelier", "stats"); !strings.Contains(got, "Par antenne") || !strings.Contains(got, "New York") {
		t.Errorf("stats: %q", got)
	}
	if err := stop(); err != nil {
		t.Errorf("Run: %v", err)
	}
}

// seedChapterReminders writes, before the program starts, New York's
// workshop "NYC meetup" (#1) with a session in two hours and a member of
// each chapter in it, their 24h reminders queued yesterday: the
// program sends them as soon as it runs.
func seedChapterReminders(t *testing.T, dbPath string) {
	t.Helper()
	ctx := context.Background()
	db, err := storage.Open(ctx, dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	now := time.Now()
	db.Now = func() time.Time { return now.Add(-23 * time.Hour) }
	db.Reminders = storage.ReminderPolicy{Offsets: []time.Duration{24 * time.Hour}, Location: mustZone(t, "Europe/Paris")}
	if err := db.SyncChapters(ctx, []storage.ChapterRow{{ID: "paris", Name: "Paris"}, {ID: "casa", Name: "Casablanca"}, {ID: "nyc", Name: "New York"}}); err != nil {
		t.Fatal(err)
	}
	paris, err := db.ResolveMember(ctx, storage.Identity{Platform: "slack", Workspace: "T0FAKE", UserID: "U0RPARIS"}, "Rose", false, "paris")
	if err != nil {
		t.Fatal(err)
	}
	ny, err := db.ResolveMember(ctx, storage.Identity{Platform: "slack", Workspace: "T0NYC", UserID: "U0RNY"}, "Ray", false, "nyc")
	if err != nil {
		t.Fatal(err)
	}
	casa, err := db.ResolveMember(ctx, storage.Identity{Platform: "slack", Workspace: "T0FAKE", UserID: "U0RCASA"}, "Rim", false, "casa")
	if err != nil {
		t.Fatal(err)
	}
	w := storage.Workshop{HostID: ny.ID, Title: "NYC meetup", Chapter: "nyc"}
	if err := db.CreateWorkshop(ctx, &w); err != nil {
		t.Fatal(err)
	}
	if err := db.AddSession(ctx, &storage.Session{WorkshopID: w.ID, Start: now.Add(2 * time.Hour), Duration: time.Hour, Place: "Brooklyn"}); err != nil {
		t.Fatal(err)
	}
	for _, m := range []storage.Member{paris, ny, casa} {
		if _, err := db.Join(ctx, w.ID, m.ID); err != nil {
			t.Fatal(err)
		}
	}
}
