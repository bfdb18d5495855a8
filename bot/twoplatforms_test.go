package bot

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/atelier-bot/atelier/bot/discord/discordfake"
	"github.com/atelier-bot/atelier/bot/slack/slackfake"
)

// twoPlatforms runs the whole program with Slack and Discord enabled,
// against the fake Slack and the fake Discord, as `go run .` would.
type twoPlatforms struct {
	t      *testing.T
	sl     *slackfake.Server
	dc     *discordfake.Server
	dbPath string
	logs   *syncWriter
}

const (
	twoSlackStaff   = "U0STAFF"
	twoDiscordStaff = "1700000000000000001"
	twoSlackHere    = "C0GENERAL"
	twoDiscordHere  = "1100000000000000001"
)

// startTwo starts the program; extra is YAML appended to the file, and
// slackChannels / discordChannels the channels: sections of each platform.
func startTwo(t *testing.T, slackChannels, discordChannels ChannelsConfig, extra string) *twoPlatforms {
	t.Helper()
	p := &twoPlatforms{t: t, logs: &syncWriter{buf: &bytes.Buffer{}}}
	p.sl = slackfake.New(t, slackfake.Options{PingInterval: 200 * time.Millisecond})
	p.sl.AddUser(slackfake.User{ID: twoSlackStaff, Name: "ada", DisplayName: "Ada", TZ: "Europe/Paris", Locale: "en-US"})
	p.dc = discordfake.New()
	t.Cleanup(p.dc.Close)
	dir := t.TempDir()
	p.dbPath = filepath.Join(dir, "atelier.db")
	cfg := filepath.Join(dir, "atelier.yaml")
	channels := func(ch ChannelsConfig) string {
		var b strings.Builder
		for _, k := range channelKinds {
			if id := ch.written(k); id != "" {
				b.WriteString("\n    " + k + ": \"" + id + "\"")
			}
		}
		if b.Len() == 0 {
			return ""
		}
		return "\n  channels:" + b.String()
	}
	writeFile(t, cfg, `database:
  path: `+p.dbPath+`
staff:
  slack: [`+twoSlackStaff+`]
  discord: ["`+twoDiscordStaff+`"]
slack:
  enabled: true
  bot_token: `+p.sl.Options().BotToken+`
  app_token: `+p.sl.Options().AppToken+`
  api_url: `+p.sl.APIURL()+channels(slackChannels)+`
discord:
  enabled: true
  token: `+discordfake.Token+`
  application_id: "`+discordfake.AppID+`"
  guild_id: "`+discordfake.GuildID+`"
  api_url: `+p.dc.URL+`/`+channels(discordChannels)+`
`+extra)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	var out bytes.Buffer
	logs := p.logs
	go func() {
		done <- Run(ctx, []string{"-config", cfg}, func(string) string { return "" }, strings.NewReader(""), &out, logs)
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case <-done:
		case <-time.After(15 * time.Second):
			t.Error("Run did not stop")
		}
		if t.Failed() {
			t.Logf("logs:\n%s", logs.String())
		}
	})
	p.sl.WaitConnections(t, 1)
	if !p.dc.Await(10*time.Second, func() bool { return len(p.dc.Identifies()) == 1 && len(p.dc.Dispatches()) == 1 }) {
		t.Fatalf("no gateway session; logs:\n%s", logs.String())
	}
	return p
}

// slash runs a slash command on Slack as user, in the general channel, and
// returns the text of its answer (or of the public card it posted).
func (p *twoPlatforms) slash(user, command, text string) string {
	p.t.Helper()
	// Counted before the command: its public card may be out before its ack.
	before := len(p.sl.Messages(twoSlackHere))
	env, err := p.sl.SlashCommand(user, twoSlackHere, command, text)
	if err != nil {
		p.t.Fatal(err)
	}
	var answer struct {
		Text   string
		Blocks []any
	}
	json.Unmarshal(p.sl.WaitAck(p.t, env).Payload, &answer)
	if answer.Text == "" && len(answer.Blocks) == 0 {
		// A public card goes to the channel instead of the ack, paced.
		var ms []slackfake.Message
		p.sl.Wait(10*time.Second, func() bool { ms = p.sl.Messages(twoSlackHere); return len(ms) > before })
		if len(ms) > before {
			return ms[len(ms)-1].Text
		}
	}
	return answer.Text
}

// interact runs a slash command on Discord as user and returns its
// answer's text with its embeds' titles.
func (p *twoPlatforms) interact(user, command string, sub discordfake.Opt) string {
	p.t.Helper()
	id, err := p.dc.Interact(discordfake.Interaction{Type: 2, UserID: user, ChannelID: twoDiscordHere, Data: discordfake.Command(command, sub)})
	if err != nil {
		p.t.Fatal(err)
	}
	var m discordfake.Message
	if !p.dc.Await(10*time.Second, func() bool { var ok bool; m, ok = p.dc.Original(id); return ok }) {
		p.t.Fatalf("no answer to /%s", command)
	}
	for _, e := range m.Embeds {
		m.Content += "\n" + e.Title
	}
	return m.Content
}

// syncWriter is a log sink written by the program's goroutines and read
// by the test.
type syncWriter struct {
	mu  sync.Mutex
	buf *bytes.Buffer
}

func (w *syncWriter) Write(b []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.buf.Write(b)
}

func (w *syncWriter) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.buf.String()
}
