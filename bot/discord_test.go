package bot

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/atelier-bot/atelier/bot/discord/discordfake"
)

// The whole program with Discord enabled, as `go run . -config
// atelier.yaml` runs it, against a fake Discord: it registers the
// commands, connects to the gateway, answers a command as staff, posts the
// card, and stops cleanly.
func TestRunDiscordConnected(t *testing.T) {
	fake := discordfake.New()
	t.Cleanup(fake.Close)
	const staff = "1700000000000000001"
	dir := t.TempDir()
	cfg := filepath.Join(dir, "atelier.yaml")
	writeFile(t, cfg, `database:
  path: `+filepath.Join(dir, "atelier.db")+`
staff:
  discord: ["`+staff+`"]
discord:
  enabled: true
  token: ${DISCORD_TOKEN}
  application_id: "`+discordfake.AppID+`"
  guild_id: "`+discordfake.GuildID+`"
  api_url: `+fake.URL+`/
`)
	// A token pasted with its "Bot " prefix works too.
	env := map[string]string{"DISCORD_TOKEN": "Bot " + discordfake.Token}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out, errOut bytes.Buffer
	done := make(chan error, 1)
	go func() {
		done <- Run(ctx, []string{"-config", cfg}, func(k string) string { return env[k] }, strings.NewReader(""), &out, &errOut)
	}()
	if !fake.Await(10*time.Second, func() bool { return len(fake.Identifies()) == 1 && len(fake.Dispatches()) == 1 }) {
		t.Fatalf("no gateway session; logs:\n%s", errOut.String())
	}
	if len(fake.Commands()) == 0 {
		t.Error("no commands registered")
	}
	id, err := fake.Interact(discordfake.Interaction{Type: 2, UserID: staff,
		Data: discordfake.Command("workshop", discordfake.Sub("create", discordfake.Str("title", "Imputation clinic")))})
	if err != nil {
		t.Fatal(err)
	}
	var card discordfake.Message
	if !fake.Await(10*time.Second, func() bool {
		var ok bool
		card, ok = fake.Original(id)
		return ok
	}) {
		t.Fatalf("no card; logs:\n%s", errOut.String())
	}
	if !strings.HasPrefix(card.Content, "Workshop #1 created.") || len(card.Embeds) != 1 || card.Embeds[0].Title != "#1 · Imputation clinic" {
		t.Errorf("card = %+v", card)
	}

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Run: %v", err)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("Run did not stop")
	}
	logs := errOut.String()
	if !strings.Contains(logs, "discord: connected") || !strings.Contains(logs, "https://discord.com/oauth2/authorize?") || strings.Contains(logs, discordfake.Token) {
		t.Errorf("logs (connected, invite URL, and no token):\n%s", logs)
	}
}

// A Discord section without the server's id stops the start, naming the
// key.
func TestRunDiscordNeedsGuild(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "atelier.yaml")
	writeFile(t, cfg, `database:
  path: `+filepath.Join(dir, "atelier.db")+`
discord:
  enabled: true
  token: t
  application_id: "1"
`)
	var out, errOut bytes.Buffer
	err := Run(context.Background(), []string{"-config", cfg}, func(string) string { return "" }, strings.NewReader(""), &out, &errOut)
	if err == nil || !strings.Contains(err.Error(), "discord.guild_id is required") {
		t.Errorf("Run = %v", err)
	}
}
