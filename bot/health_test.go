package bot

import (
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/atelier-bot/atelier/bot/slack/slackfake"
)

// /healthz of the whole program follows the real Slack link: 503 naming
// Slack while the fake Slack keeps the bot out, 200 once it is back in.
func TestHealthFollowsSlackLink(t *testing.T) {
	fake := slackfake.New(t, slackfake.Options{PingInterval: 100 * time.Millisecond})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	dir := t.TempDir()
	cfg := filepath.Join(dir, "atelier.yaml")
	writeFile(t, cfg, `database:
  path: `+filepath.Join(dir, "atelier.db")+`
slack:
  enabled: true
  bot_token: `+fake.Options().BotToken+`
  app_token: `+fake.Options().AppToken+`
  api_url: `+fake.APIURL()+`
http:
  listen: `+addr+`
`)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	var out, errOut bytes.Buffer
	go func() {
		done <- Run(ctx, []string{"-config", cfg}, func(string) string { return "" }, strings.NewReader(""), &out, &errOut)
	}()
	defer func() {
		cancel()
		select {
		case <-done:
		case <-time.After(15 * time.Second):
			t.Error("Run did not stop")
		}
	}()
	health := func() (int, string) {
		resp, err := http.Get("http://" + addr + "/healthz")
		if err != nil {
			return 0, err.Error()
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	waitFor := func(what string, code int, body string) {
		t.Helper()
		deadline := time.Now().Add(15 * time.Second)
		for {
			c, b := health()
			if c == code && strings.Contains(b, body) {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("%s: /healthz %d %s\nlogs:\n%s", what, c, b, errOut.String())
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	fake.WaitConnections(t, 1)
	waitFor("connected", 200, `"slack":"ok"`)

	// The link drops and Slack refuses new ones for a while.
	fake.RateLimit("apps.connections.open", 1000, 1)
	fake.Drop()
	waitFor("dropped", 503, `"slack":"down"`)
	if _, b := health(); !strings.Contains(b, `"database":"ok"`) {
		t.Errorf("database reported down: %s", b)
	}

	// Slack lets the bot back in.
	fake.ClearLimits()
	waitFor("back", 200, `"status":"ok"`)
}
