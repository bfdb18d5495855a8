package bot

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/atelier-bot/atelier/bot/discord/discordfake"
	"github.com/atelier-bot/atelier/bot/slack/slackfake"
	"github.com/atelier-bot/atelier/commands"
	"github.com/atelier-bot/atelier/storage"
)

// Two Slack workspaces, each its own fake Slack with its own tokens and
// Socket Mode connection, run by one program: a slash command is answered
// in each, the second's card is posted and kept up to date with its token,
// a member of the second told of a seat through it, and health reports
// each workspace.
func TestRunSlackWorkspaces(t *testing.T) {
	main := slackfake.New(t, slackfake.Options{PingInterval: 200 * time.Millisecond})
	second := secondSlack(t)
	main.AddUser(slackfake.User{ID: "U0ADA", Name: "ada", DisplayName: "Ada", TZ: "Europe/Paris", Locale: "en-US"})
	for _, u := range []string{"U0STAFF2", "U0BEA", "U0CAL"} {
		second.AddUser(slackfake.User{ID: u, Name: strings.ToLower(u[2:]), DisplayName: u[2:], TZ: "America/New_York", Locale: "en-US"})
	}
	addr := freeAddr(t)
	cfg := configFile(t, `staff:
  slack: [U0STAFF2]
slack:
  enabled: true
  bot_token: ${SLACK_BOT_TOKEN}
  app_token: ${SLACK_APP_TOKEN}
  api_url: `+main.APIURL()+`
  workspaces:
    - team_id: T0SECOND
      bot_token: ${SECOND_BOT_TOKEN}
      app_token: ${SECOND_APP_TOKEN}
      api_url: `+second.APIURL()+`
http:
  listen: `+addr+`
`)
	logs, stop := runInBackground(t, cfg, map[string]string{"SLACK_BOT_TOKEN": "xoxb-fake", "SLACK_APP_TOKEN": "xapp-fake",
		"SECOND_BOT_TOKEN": "xoxb-second", "SECOND_APP_TOKEN": "xapp-second"})
	main.WaitConnections(t, 1)
	second.WaitConnections(t, 1)

	slash := func(fake *slackfake.Server, user, channel, text string) string {
		t.Helper()
		return slashAnswer(t, fake, user, channel, "/workshop", text)
	}
	// The second workspace's staff creates a workshop there; its card is
	// posted there, through its own token (the fake checks it).
	if got := slash(second, "U0STAFF2", "C0SECOND", "create capacity 1 Imputation clinic"); !strings.HasPrefix(got, "Workshop #1 created.") {
		t.Fatalf("create in the second workspace: %q", got)
	}
	second.WaitCall(t, "chat.postMessage", func(c slackfake.Call) bool {
		return c.Channel == "C0SECOND" && strings.HasPrefix(c.Text, "#1 · Imputation clinic") && c.Error == ""
	})
	// The main workspace sees the one community.
	if got := slash(main, "U0ADA", "C0GENERAL", "list"); !strings.Contains(got, "Imputation clinic") {
		t.Errorf("list in the main workspace: %q", got)
	}
	// A seat freed in the second workspace: the first in line there is
	// told by DM, through the second workspace's token.
	if got := slash(second, "U0BEA", "C0SECOND", "join 1"); !strings.Contains(got, "You have a seat") {
		t.Fatalf("bea's join: %q", got)
	}
	if got := slash(second, "U0CAL", "C0SECOND", "join 1"); !strings.Contains(got, "waitlist") {
		t.Fatalf("cal's join: %q", got)
	}
	slash(second, "U0BEA", "C0SECOND", "leave 1")
	second.WaitCall(t, "chat.postMessage", func(c slackfake.Call) bool {
		return c.Channel == "D0CAL" && strings.Contains(c.Text, "seat") && c.Error == ""
	})
	if calls := main.Calls("conversations.open"); len(calls) != 0 {
		t.Errorf("the main workspace opened DMs for the second's member: %+v", calls)
	}
	// The second's card follows the seats; the main workspace's adapter,
	// told of the change too, learns from its one try that the channel
	// is another workspace's, and leaves it alone after that.
	card := func(seats string) bool {
		for _, m := range second.Messages("C0SECOND") {
			if strings.HasPrefix(m.Text, "#1 · ") && strings.Contains(m.Text, "Seats: "+seats) && m.Edits > 0 {
				return true
			}
		}
		return false
	}
	if !second.Wait(10*time.Second, func() bool { return card("1/1") }) {
		t.Errorf("the second workspace's card was not kept up to date: %+v", second.Messages("C0SECOND"))
	}
	tried := func() int {
		n := 0
		for _, c := range main.Calls("chat.update") {
			if c.Channel == "C0SECOND" {
				n++
			}
		}
		return n
	}
	// It may as well have learnt it before, from the reactions it
	// reconciles at connection (reactions.get on that card): then it never
	// tries. Either way, at most once.
	main.Wait(2*time.Second, func() bool { return tried() == 1 })
	slash(second, "U0CAL", "C0SECOND", "leave 1")
	if !second.Wait(10*time.Second, func() bool { return card("0/1") }) {
		t.Errorf("the second workspace's card was not kept up to date: %+v", second.Messages("C0SECOND"))
	}
	// Health names each workspace.
	var health struct {
		Status string
		Parts  map[string]string
	}
	for end := time.Now().Add(5 * time.Second); ; {
		resp, err := http.Get("http://" + addr + "/healthz")
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		json.Unmarshal(body, &health)
		if health.Status == "ok" || time.Now().After(end) {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if health.Status != "ok" || health.Parts["slack/main"] != "ok" || health.Parts["slack/T0SECOND"] != "ok" {
		t.Errorf("/healthz %+v", health)
	}
	resp, err := http.Get("http://" + addr + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	metrics, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(metrics), `atelier_platform_part_connected{part="T0SECOND",platform="slack"} 1`) {
		t.Errorf("metrics miss the second workspace:\n%s", metrics)
	}

	if n := tried(); n > 1 || strings.Contains(logs.String(), "chat.update failed") {
		t.Errorf("the main workspace tried the second's card %d times (want at most 1, quietly)", n)
	}

	if err := stop(); err != nil {
		t.Errorf("Run: %v", err)
	}
	for _, secret := range []string{"xoxb-fake", "xapp-fake", "xoxb-second", "xapp-second"} {
		if strings.Contains(logs.String(), secret) {
			t.Errorf("a token reached the logs: %s", secret)
		}
	}
}

// The main workspace in HTTP mode, another over Socket Mode: both answer.
func TestRunSlackWorkspacesHTTPMain(t *testing.T) {
	main := slackfake.New(t, slackfake.Options{})
	second := secondSlack(t)
	addr := freeAddr(t)
	cfg := configFile(t, `slack:
  enabled: true
  mode: http
  bot_token: xoxb-fake
  signing_secret: ${SLACK_SIGNING_SECRET}
  api_url: `+main.APIURL()+`
  workspaces:
    - team_id: T0SECOND
      bot_token: xoxb-second
      app_token: xapp-second
      api_url: `+second.APIURL()+`
http:
  listen: `+addr+`
`)
	const secret = "e2e-signing-secret"
	_, stop := runInBackground(t, cfg, map[string]string{"SLACK_SIGNING_SECRET": secret})
	main.UseHTTP("http://"+addr, secret)
	second.WaitConnections(t, 1)
	var ack slackfake.Ack
	for end := time.Now().Add(10 * time.Second); ; {
		env, _ := main.SlashCommand("U0ADA", "C0GENERAL", "/workshop", "list")
		if ack = main.WaitAck(t, env); ack.Status == 200 || time.Now().After(end) {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if ack.Status != 200 || !strings.Contains(string(ack.Body), "No workshop planned yet.") {
		t.Errorf("the main workspace over HTTP: %d %s", ack.Status, ack.Body)
	}
	env, err := second.SlashCommand("U0BEA", "C0SECOND", "/workshop", "list")
	if err != nil {
		t.Fatal(err)
	}
	if ack := second.WaitAck(t, env); !strings.Contains(string(ack.Payload), "No workshop planned yet.") {
		t.Errorf("the second workspace over Socket Mode: %s", ack.Payload)
	}
	if err := stop(); err != nil {
		t.Errorf("Run: %v", err)
	}
}

// A token of another workspace than its team_id says stops the program
// with an error naming the entry, and no token.
func TestRunSlackWorkspaceMismatch(t *testing.T) {
	main := slackfake.New(t, slackfake.Options{PingInterval: 200 * time.Millisecond})
	second := secondSlack(t)
	cfg := configFile(t, `slack:
  enabled: true
  bot_token: xoxb-fake
  app_token: xapp-fake
  api_url: `+main.APIURL()+`
  workspaces:
    - team_id: T0OTHER
      bot_token: xoxb-second
      app_token: xapp-second
      api_url: `+second.APIURL()+`
`)
	logs, err := runFails(t, cfg)
	msg := err.Error()
	if !strings.Contains(msg, "slack.workspaces[0]") || !strings.Contains(msg, "T0SECOND") || !strings.Contains(msg, "T0OTHER") {
		t.Errorf("error %q does not name the entry and both workspaces", msg)
	}
	if strings.Contains(msg+logs.String(), "xoxb-second") {
		t.Errorf("a token reached the error or the logs: %s\n%s", msg, logs.String())
	}
}

// discord.guilds through the whole program: one gateway connection, the
// commands registered in each server, an interaction from the second
// answered as that server's member.
func TestRunDiscordGuilds(t *testing.T) {
	fake := discordfake.New()
	t.Cleanup(fake.Close)
	const second = "1200000000000000002"
	fake.AddGuild(second)
	cfg := configFile(t, `discord:
  enabled: true
  token: `+discordfake.Token+`
  application_id: "`+discordfake.AppID+`"
  guild_id: "`+discordfake.GuildID+`"
  guilds: ["`+second+`"]
  api_url: `+fake.URL+`/
`)
	logs, stop := runInBackground(t, cfg, nil)
	if !fake.Await(10*time.Second, func() bool { return len(fake.Identifies()) == 1 && len(fake.Dispatches()) == 1 }) {
		t.Fatalf("no gateway session")
	}
	if len(fake.GuildCommands(discordfake.GuildID)) == 0 || len(fake.GuildCommands(second)) == 0 {
		t.Errorf("commands registered: main %d bytes, second %d bytes", len(fake.GuildCommands(discordfake.GuildID)), len(fake.GuildCommands(second)))
	}
	id, err := fake.Interact(discordfake.Interaction{Type: 2, GuildID: second, UserID: "1700000000000000005",
		Data: discordfake.Command("workshop", discordfake.Sub("list"))})
	if err != nil {
		t.Fatal(err)
	}
	var cb discordfake.Callback
	if !fake.Await(10*time.Second, func() bool { var ok bool; cb, ok = fake.Callback(id); return ok }) {
		t.Fatal("the second server's interaction was not answered")
	}
	if d := cb.Decode(); !strings.Contains(d.Content, "No workshop") {
		t.Errorf("answer %q", d.Content)
	}
	if err := stop(); err != nil {
		t.Errorf("Run: %v", err)
	}
	if l := logs.String(); strings.Count(l, "discord: commands registered") != 2 || strings.Contains(l, discordfake.Token) {
		t.Errorf("logs (registered twice, no token):\n%s", l)
	}
}

// Notifications go through the adapter of their workspace: the second's
// through its own, an empty one or the main team's through the main one,
// and one nobody configured through the main one too, logged once.
func TestSlackTeamsRouteSends(t *testing.T) {
	main := slackfake.New(t, slackfake.Options{PingInterval: 200 * time.Millisecond})
	second := secondSlack(t)
	db, err := storage.Open(context.Background(), filepath.Join(t.TempDir(), "atelier.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	logs := &syncWriter{buf: &bytes.Buffer{}}
	log := slog.New(slog.NewTextHandler(logs, nil))
	cfg := DefaultConfig()
	cfg.Slack = SlackConfig{Enabled: true, Mode: "socket", BotToken: "xoxb-fake", AppToken: "xapp-fake", APIURL: main.APIURL(), ReactionEmoji: "raised_hand",
		Workspaces: []SlackWorkspaceConfig{{TeamID: "T0SECOND", BotToken: "xoxb-second", AppToken: "xapp-second", APIURL: second.APIURL()}}}
	p, err := newSlack(platformDeps{cfg: cfg, router: commands.NewRouter(db, commands.Config{Location: time.UTC, Language: commands.EN, Logger: log}), log: log})
	if err != nil {
		t.Fatal(err)
	}
	g := p.(*slackTeams)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- g.Run(ctx) }()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Run: %v", err)
		}
	}()
	if !main.Wait(10*time.Second, g.Connected) {
		t.Fatal("not connected")
	}
	for _, to := range [][2]string{{"T0SECOND", "C2"}, {"", "C1"}, {"T0FAKE", "C3"}, {"T0ELSE", "C4"}, {"T0ELSE", "C5"}} {
		if _, err := g.Send(ctx, commands.Target{Platform: "slack", Workspace: to[0], Channel: to[1]}, commands.Reply{Text: "hello"}); err != nil {
			t.Fatal(err)
		}
	}
	channels := func(f *slackfake.Server) (out []string) {
		for _, c := range f.Calls("chat.postMessage") {
			out = append(out, c.Channel)
		}
		return out
	}
	if got := channels(second); !slices.Equal(got, []string{"C2"}) {
		t.Errorf("sent through the second workspace: %q", got)
	}
	if got := channels(main); !slices.Equal(got, []string{"C1", "C3", "C4", "C5"}) {
		t.Errorf("sent through the main workspace: %q", got)
	}
	if l := logs.String(); strings.Count(l, "a workspace that is not configured") != 1 || !strings.Contains(l, "team=T0ELSE") {
		t.Errorf("the unknown workspace is not logged once:\n%s", l)
	}
}

// The main workspace's token in a workspace slack.workspaces also lists
// stops the program, naming the entry.
func TestRunSlackWorkspaceTwice(t *testing.T) {
	main := slackfake.New(t, slackfake.Options{PingInterval: 200 * time.Millisecond, TeamID: "T0SECOND"})
	second := secondSlack(t)
	cfg := configFile(t, `slack:
  enabled: true
  bot_token: xoxb-fake
  app_token: xapp-fake
  api_url: `+main.APIURL()+`
  workspaces:
    - team_id: T0SECOND
      bot_token: xoxb-second
      app_token: xapp-second
      api_url: `+second.APIURL()+`
`)
	_, err := runFails(t, cfg)
	if msg := err.Error(); !strings.Contains(msg, "T0SECOND") || !strings.Contains(msg, "slack.workspaces[0] also serves") {
		t.Errorf("error %q does not name the workspace and the entry", msg)
	}
}

// configFile writes a configuration file with a fresh database and the
// YAML given, and returns its path.
func configFile(t *testing.T, yaml string) string {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "atelier.yaml")
	writeFile(t, cfg, "database:\n  path: "+filepath.Join(dir, "atelier.db")+"\n"+yaml)
	return cfg
}

// secondSlack is a fake Slack for another workspace, T0SECOND, with its
// own tokens.
func secondSlack(t *testing.T) *slackfake.Server {
	return slackfake.New(t, slackfake.Options{PingInterval: 200 * time.Millisecond,
		BotToken: "xoxb-second", AppToken: "xapp-second", TeamID: "T0SECOND", BotUserID: "UBOT2"})
}

// runInBackground runs the program on the configuration file cfg with the
// environment env; stop stops it and returns what Run returned. The logs
// are shown when the test fails.
func runInBackground(t *testing.T, cfg string, env map[string]string) (logs *syncWriter, stop func() error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	logs = &syncWriter{buf: &bytes.Buffer{}}
	done := make(chan error, 1)
	go func() {
		done <- Run(ctx, []string{"-config", cfg}, func(k string) string { return env[k] }, strings.NewReader(""), io.Discard, logs)
	}()
	t.Cleanup(func() {
		cancel()
		if t.Failed() {
			t.Logf("logs:\n%s", logs.String())
		}
	})
	return logs, func() error {
		cancel()
		select {
		case err := <-done:
			return err
		case <-time.After(15 * time.Second):
			return errors.New("Run did not stop")
		}
	}
}

// runFails runs the program on cfg, which must stop it with an error
// before long; it returns the logs and that error.
func runFails(t *testing.T, cfg string) (*syncWriter, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	logs := &syncWriter{buf: &bytes.Buffer{}}
	err := Run(ctx, []string{"-config", cfg}, func(string) string { return "" }, strings.NewReader(""), io.Discard, logs)
	if err == nil || ctx.Err() != nil {
		t.Fatalf("Run: %v (want an error before the timeout)", err)
	}
	return logs, err
}

// slashAnswer runs a slash command as user in a channel of one fake Slack
// and returns the text its ack carries.
func slashAnswer(t *testing.T, fake *slackfake.Server, user, channel, command, text string) string {
	t.Helper()
	env, err := fake.SlashCommand(user, channel, command, text)
	if err != nil {
		t.Fatal(err)
	}
	var answer struct{ Text string }
	json.Unmarshal(fake.WaitAck(t, env).Payload, &answer)
	return answer.Text
}
