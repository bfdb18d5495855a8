package discord

import (
	"context"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/atelier-bot/atelier/bot/discord/discordfake"
	"github.com/atelier-bot/atelier/bot/slack"
	"github.com/atelier-bot/atelier/bot/slack/slackfake"
	"github.com/atelier-bot/atelier/commands"
	"github.com/atelier-bot/atelier/storage"
)

// One workshop announced on Slack and on Discord, one process: a member
// joins on each, and both announcements show the two participants.
func TestCrossPlatform(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, err := storage.Open(ctx, filepath.Join(t.TempDir(), "atelier.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	logs := &syncBuffer{}
	log := slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("logs:\n%s", logs.String())
		}
	})
	const slackAdmin, slackBob, slackChannel = "UADMIN", "UBOB", "C0GENERAL"
	router := commands.NewRouter(db, commands.Config{
		Location: time.UTC,
		Language: commands.EN,
		IsStaff: func(p, u string) bool {
			return p == Platform && u == staffID || p == slack.Platform && u == slackAdmin
		},
		Logger: log,
	})

	// Discord.
	dfake := discordfake.New()
	t.Cleanup(dfake.Close)
	d, err := New(Options{Token: discordfake.Token, ApplicationID: discordfake.AppID, GuildID: discordfake.GuildID,
		APIURL: dfake.URL, EditInterval: 20 * time.Millisecond, Logger: log}, router)
	if err != nil {
		t.Fatal(err)
	}
	// Slack.
	sfake := slackfake.New(t, slackfake.Options{PingInterval: 100 * time.Millisecond})
	sfake.AddUser(slackfake.User{ID: slackAdmin, Name: "ada", RealName: "Ada Admin", DisplayName: "Ada", TZ: "UTC", Locale: "en-US"})
	sfake.AddUser(slackfake.User{ID: slackBob, Name: "bob", RealName: "Bob Smith", DisplayName: "Bob", TZ: "UTC", Locale: "en-US"})
	so := sfake.Options()
	s, err := slack.New(slack.Config{BotToken: so.BotToken, AppToken: so.AppToken, APIURL: sfake.APIURL(), Community: time.UTC,
		Language: commands.EN, PostInterval: time.Millisecond, EditDelay: 5 * time.Millisecond, PingInterval: 2 * time.Second,
		ReconnectBackoff: 10 * time.Millisecond, Logger: log}, router)
	if err != nil {
		t.Fatal(err)
	}

	runCtx, cancel := context.WithCancel(ctx)
	done := make(chan error, 2)
	go func() { done <- d.Run(runCtx) }()
	go func() { done <- s.Run(runCtx) }()
	t.Cleanup(func() {
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
	})
	select {
	case <-d.ready:
	case <-time.After(wait):
		t.Fatal("Discord not ready")
	}
	sfake.WaitConnections(t, 1)

	// Staff create the workshop on Discord: its card is posted there.
	id, err := dfake.Interact(discordfake.Interaction{Type: 2, UserID: staffID,
		Data: discordfake.Command("workshop", discordfake.Sub("create", discordfake.Str("title", "QGIS projections")))})
	if err != nil {
		t.Fatal(err)
	}
	var dcard discordfake.Message
	if !dfake.Await(wait, func() bool {
		var ok bool
		if dcard, ok = dfake.Original(id); !ok {
			return false
		}
		_, err := db.FindMessageRef(ctx, Platform, dcard.ChannelID, dcard.ID)
		return err == nil
	}) {
		t.Fatal("no Discord card")
	}
	// And announce it on Slack.
	env, err := sfake.SlashCommand(slackAdmin, slackChannel, "/workshop", "announce 1")
	if err != nil {
		t.Fatal(err)
	}
	sfake.WaitAck(t, env)
	var sts string
	if !sfake.Wait(wait, func() bool {
		refs, _ := router.Messages(ctx, commands.Entity{Kind: storage.KindWorkshop, ID: 1})
		for _, r := range refs {
			if r.Platform == slack.Platform {
				sts = r.MessageID
				return true
			}
		}
		return false
	}) {
		t.Fatal("no Slack card")
	}

	// Alice joins on Discord with the button, Bob on Slack by typing.
	if _, err := dfake.Interact(discordfake.Interaction{Type: 3, UserID: aliceID, GlobalName: "Alice",
		Data: discordfake.ButtonPress("workshop join 1"), MessageID: dcard.ID}); err != nil {
		t.Fatal(err)
	}
	env, err = sfake.SlashCommand(slackBob, slackChannel, "/workshop", "join 1")
	if err != nil {
		t.Fatal(err)
	}
	sfake.WaitAck(t, env)

	// Both announcements show both participants.
	if !dfake.Await(wait, func() bool {
		m, _ := dfake.Message(dcard.ID)
		return m.Field("Seats") == "2/unlimited"
	}) {
		m, _ := dfake.Message(dcard.ID)
		t.Errorf("Discord card: %+v", m.Embeds)
	}
	if !sfake.Wait(wait, func() bool {
		m, _ := sfake.Message(slackChannel, sts)
		return strings.Contains(string(m.Blocks), "2/unlimited")
	}) {
		m, _ := sfake.Message(slackChannel, sts)
		t.Errorf("Slack card: %s", m.Blocks)
	}
	w, err := db.Workshop(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, p := range w.Participants {
		names = append(names, p.Name)
	}
	if strings.Join(names, ",") != "Alice,Bob" && strings.Join(names, ",") != "Bob,Alice" {
		t.Errorf("participants %q", names)
	}
	checkAllowedMentions(t, dfake)
}
